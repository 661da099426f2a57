//! The Network screen's keys as pure functions: key in, action out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn items(p: &mut Picker, keys: &[&str]) {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    p.set_items(keys.clone(), keys);
    p.fit(10);
}

fn existing() -> NetworkScreen {
    let mut s = NetworkScreen::default();
    s.sync(&Blueprint::starter());
    s.want_existing = true;
    items(&mut s.vpcs, &["vpc-0000000a", "vpc-0000000b"]);
    items(&mut s.subnets, &["subnet-0000000a", "subnet-0000000b"]);
    items(&mut s.endpoints, &["vpce-0000000a"]);
    s
}

#[test]
fn in_create_mode_the_form_has_the_keys_and_v_switches() {
    let mut s = NetworkScreen::default();
    s.sync(&Blueprint::starter());
    assert!(!s.existing());
    assert_eq!(
        s.handle_key(ch('v')),
        Some(Action::Net(NetAction::UseExistingVpc))
    );
    assert_eq!(s.handle_key(ch('a')), Some(Action::AddSubnet));
    assert_eq!(s.handle_key(key(KeyCode::Down)), Some(Action::Render));
    assert_eq!(
        s.key_contexts(),
        [
            KeyCtx::Form,
            KeyCtx::Subnets,
            KeyCtx::NetMode,
            KeyCtx::Global
        ]
    );
}

#[test]
fn panes_ask_for_their_list_and_r_lists_again() {
    let mut s = existing();
    assert_eq!(s.tab, Tab::Vpcs);
    assert_eq!(
        s.handle_key(ch('r')),
        Some(Action::Net(NetAction::Refresh(NetList::Vpcs)))
    );
    assert_eq!(
        s.handle_key(key(KeyCode::Right)),
        Some(Action::Net(NetAction::Load(NetList::Subnets)))
    );
    assert_eq!(s.tab, Tab::Subnets);
    s.handle_key(key(KeyCode::Right));
    assert_eq!(s.handle_key(key(KeyCode::Right)), Some(Action::Render));
    assert_eq!(s.tab, Tab::Fields);
    assert_eq!(s.handle_key(key(KeyCode::Right)), Some(Action::Render));
    assert_eq!(s.tab, Tab::Fields, "the last pane stays");
    assert_eq!(
        s.key_contexts(),
        [
            KeyCtx::Form,
            KeyCtx::Subnets,
            KeyCtx::Panes,
            KeyCtx::NetMode,
            KeyCtx::Global
        ]
    );
    assert_eq!(
        s.handle_key(ch('v')),
        Some(Action::Net(NetAction::CreateNewVpc))
    );
}

#[test]
fn enter_picks_a_vpc_uses_the_chosen_subnets_or_an_endpoint() {
    let mut s = existing();
    s.handle_key(key(KeyCode::Down));
    assert_eq!(
        s.handle_key(key(KeyCode::Enter)),
        Some(Action::Net(NetAction::PickVpc("vpc-0000000b".into())))
    );
    s.tab = Tab::Subnets;
    assert_eq!(
        s.key_contexts(),
        [
            KeyCtx::MultiPicker,
            KeyCtx::Picker,
            KeyCtx::Panes,
            KeyCtx::NetMode,
            KeyCtx::Global
        ]
    );
    s.handle_key(key(KeyCode::Down));
    assert_eq!(s.handle_key(ch(' ')), Some(Action::Render));
    assert_eq!(
        s.handle_key(key(KeyCode::Enter)),
        Some(Action::Net(NetAction::UseSubnets(vec![
            "subnet-0000000b".into()
        ])))
    );
    s.tab = Tab::Endpoints;
    assert_eq!(
        s.handle_key(key(KeyCode::Enter)),
        Some(Action::Net(NetAction::UseS3Endpoint(
            "vpce-0000000a".into()
        )))
    );
}

#[test]
fn while_filtering_every_key_is_text() {
    let mut s = existing();
    s.tab = Tab::Subnets;
    assert_eq!(s.handle_key(ch('/')), Some(Action::Render));
    assert_eq!(s.key_contexts(), [KeyCtx::Filter]);
    for c in ['q', 'v', 'r', '2'] {
        assert_eq!(s.handle_key(ch(c)), Some(Action::Render));
    }
    assert_eq!(s.handle_key(key(KeyCode::Right)), Some(Action::Render));
    assert_eq!((s.tab, s.subnets.filter.as_str()), (Tab::Subnets, "qvr2"));
    assert_eq!(s.handle_key(key(KeyCode::Esc)), Some(Action::Render));
    assert_eq!(s.subnets.filter, "");
    assert_eq!(s.handle_key(key(KeyCode::Esc)), None, "then Esc is back");
}
