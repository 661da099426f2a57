//! The Identities screen and the identity banner: keys and clicks as pure functions (no
//! terminal, no AWS: identity answers are fed as the task runner would send them), and
//! the snapshots are in `ui_identities_snapshots.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::Side;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::live::{Effect, LiveEvent, Loadable, identity_key};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{Action, App};
use ui_support::identities::*;
use ui_support::*;

#[test]
fn s_and_the_arrows_switch_the_active_side() {
    let mut app = identities();
    assert_eq!(app.parties.active, Side::DataOwner);
    press(&mut app, &[ch('s')]);
    assert_eq!(app.parties.active, Side::ModelOwner);
    assert_eq!(form(&app).selected_id(), Some(FieldId::ModelAccount));
    select(&mut app, FieldId::ModelProfile);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(app.parties.active, Side::DataOwner);
    assert_eq!(
        form(&app).selected_id(),
        Some(FieldId::DataProfile),
        "the same field on the other side"
    );
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(app.parties.active, Side::ModelOwner);
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(app.parties.active, Side::ModelOwner, "→ stays on the right");
    // ↑/↓ walk every field in reading order; the active side follows.
    select(&mut app, FieldId::DataAdmins);
    assert_eq!(app.parties.active, Side::DataOwner);
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(form(&app).selected_id(), Some(FieldId::ModelAccount));
    assert_eq!(app.parties.active, Side::ModelOwner);
    // The active pane is marked and said in words; the footer names the key.
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("▶ Model owner · active"), "{text}");
    assert!(text.contains("Data owner · s switches"), "{text}");
    assert!(text.contains("s/←/→ side"), "{text}");
    assert_eq!(app.screen, Screen::Parties, "no key left the screen");
}

#[test]
fn picking_a_profile_sets_the_blueprint_and_resolves_again() {
    let mut app = identities();
    app.update(Action::SetField(
        FieldId::ModelRole,
        "arn:aws:iam::222222222222:role/Deployer".into(),
    ));
    app.take_effects();
    select(&mut app, FieldId::DataProfile);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.parties.picker.is_some(), "Enter opens the picker");
    assert!(screen(&mut app, 80, 24).contains("↑/↓ select  Enter pick  Esc cancel"));
    // Keys type into the filter, not the global bindings.
    type_str(&mut app, "c");
    assert!(!app.quit && app.screen == Screen::Parties);
    press(&mut app, &[key(KeyCode::Backspace)]);
    type_str(&mut app, "ci");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.parties.picker.is_none());
    assert_eq!(app.bp.data_owner.profile.as_deref(), Some("ci"));
    // The model owner assumes its role with the data owner's credentials: both change.
    assert_eq!(
        app.take_effects(),
        [
            Effect::Resolve(Side::DataOwner),
            Effect::Resolve(Side::ModelOwner)
        ]
    );
    assert!(app.live.identity(Side::DataOwner).is_loading());
    let text = screen(&mut app, 160, 48);
    assert!(text.contains("ci  · keys"), "{text}");
    // The default chain is the first entry; Esc keeps the value.
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Esc)]);
    assert_eq!(app.bp.data_owner.profile.as_deref(), Some("ci"));
    assert!(app.take_effects().is_empty());
    press(
        &mut app,
        &[key(KeyCode::Enter), key(KeyCode::Up), key(KeyCode::Up)],
    );
    press(&mut app, &[key(KeyCode::Up), key(KeyCode::Enter)]);
    assert_eq!(app.bp.data_owner.profile, None, "(default chain)");
}

#[test]
fn a_typed_profile_not_in_the_files_is_allowed_and_marked() {
    let mut app = identities();
    select(&mut app, FieldId::ModelProfile);
    press(&mut app, &[key(KeyCode::Enter)]);
    type_str(&mut app, "elsewhere");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("use “elsewhere”"), "{text}");
    assert!(text.contains("⚠ not in your config files"), "{text}");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.bp.model_owner.profile.as_deref(), Some("elsewhere"));
    assert_eq!(app.take_effects(), [Effect::Resolve(Side::ModelOwner)]);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("elsewhere  ⚠ not in your config files"),
        "{text}"
    );
}

#[test]
fn stale_identity_answers_are_dropped() {
    let mut app = identities();
    let old_key = identity_key(&app.bp, Side::DataOwner);
    app.update(Action::SetField(FieldId::DataProfile, "ci".into()));
    assert_eq!(app.take_effects(), [Effect::Resolve(Side::DataOwner)]);
    // The answer for the profile before the change arrives late: dropped.
    app.update(Action::Live(Box::new(LiveEvent::Identity {
        side: Side::DataOwner,
        key: old_key,
        result: Ok(view("999999999999", "Old", "profile data-owner")),
    })));
    assert_eq!(*app.live.identity(Side::DataOwner), Loadable::Loading);
    answer(
        &mut app,
        Side::DataOwner,
        Ok(view("111111111111", "Ci", "profile ci")),
    );
    assert!(app.live.identity(Side::DataOwner).ready().is_some());
}

#[test]
fn a_mismatch_shows_a_cross_and_fixing_the_account_asks_nothing_again() {
    let mut app = identities();
    both_match(&mut app);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("✓ matches the blueprint"), "{text}");
    assert!(
        text.contains("account 111111111111 · region us-east-1"),
        "{text}"
    );
    assert!(text.contains("data owner  ✓ 111111111111"), "{text}");
    answer(
        &mut app,
        Side::DataOwner,
        Ok(view("999999999999", "Other", "profile data-owner")),
    );
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("✗ account 999999999999 is not the blueprint's"),
        "{text}"
    );
    assert!(
        text.contains("switch the profile or fix the account"),
        "{text}"
    );
    assert!(text.contains("data owner  ✗ 111111111111"), "{text}");
    assert!(text.contains("111111111111 ≠ live 999999999999"), "{text}");
    // The blueprint was wrong: fix it. The answer in hand is judged again, with no request.
    edit(&mut app, FieldId::DataAccount, "999999999999");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.take_effects().is_empty());
    assert!(screen(&mut app, 80, 24).contains("data owner  ✓ 999999999999"));
}

#[test]
fn errors_are_shown_whole_with_a_hint() {
    let mut app = identities();
    answer(&mut app, Side::DataOwner, Err(SSO_EXPIRED.into()));
    let text: String = screen(&mut app, 80, 24)
        .lines()
        .map(|l| l.trim_matches('"').trim_end_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ");
    for word in SSO_EXPIRED.split_whitespace() {
        assert!(text.contains(word), "{word} missing from {text}");
    }
    assert!(text.contains("→ the SSO session expired"), "{text}");
    assert!(text.contains("--profile data-owner"), "{text}");
    assert!(text.contains("data owner  ✗"), "{text}");
}

#[test]
fn r_resolves_both_again_even_when_nothing_changed() {
    let mut app = identities();
    both_match(&mut app);
    answer(&mut app, Side::DataOwner, Err(SSO_EXPIRED.into()));
    // A committed field that changes nothing asks nothing.
    app.update(Action::SetField(FieldId::DataProfile, "data-owner".into()));
    assert!(app.take_effects().is_empty());
    press(&mut app, &[ch('r')]);
    assert_eq!(
        app.take_effects(),
        [
            Effect::Resolve(Side::DataOwner),
            Effect::Resolve(Side::ModelOwner)
        ]
    );
    assert!(app.live.identity(Side::DataOwner).is_loading());
    assert!(app.live.identity(Side::ModelOwner).is_loading());
    assert!(app.needs_tick(), "the spinner turns");
}

#[test]
fn committed_fields_resolve_the_sides_they_affect() {
    let mut app = identities();
    both_match(&mut app);
    edit(&mut app, FieldId::Region, "eu-west-1");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.take_effects(),
        [
            Effect::Resolve(Side::DataOwner),
            Effect::Resolve(Side::ModelOwner)
        ]
    );
    both_match(&mut app);
    edit(
        &mut app,
        FieldId::ModelRole,
        "arn:aws:iam::222222222222:role/Deployer",
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.take_effects(), [Effect::Resolve(Side::ModelOwner)]);
    let text = screen(&mut app, 160, 48);
    assert!(text.contains("role Deployer via data owner"), "{text}");
    // A profile and a role together stay a problem of the blueprint, shown at the field.
    assert!(
        text.contains("✗ give profile or role_arn, not both"),
        "{text}"
    );
}

#[test]
fn clicks_select_rows_focus_panes_and_a_second_click_edits() {
    let mut app = identities();
    // Wide: both panes side by side; the model owner's profile is the second "AWS profile".
    let (col, row) = find(&mut app, 160, 48, "AWS profile", 1);
    app.update(Action::Click(col, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::ModelProfile));
    assert_eq!(app.parties.active, Side::ModelOwner);
    app.update(Action::Click(col, row));
    assert!(app.parties.picker.is_some(), "second click = Enter");
    // With the picker open, a click selects an entry; a second click picks it.
    let (col, row) = find(&mut app, 160, 48, "ci ", 0);
    app.update(Action::Click(col, row));
    app.update(Action::Click(col, row));
    assert!(app.parties.picker.is_none());
    assert_eq!(app.bp.model_owner.profile.as_deref(), Some("ci"));
    // Narrow: a click on the folded pane makes it active.
    let (col, row) = find(&mut app, 80, 24, "Data owner · s switches", 0);
    app.update(Action::Click(col, row));
    assert_eq!(app.parties.active, Side::DataOwner);
    let (col, row) = find(&mut app, 80, 24, "Region", 0);
    app.update(Action::Click(col, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::Region));
    app.update(Action::Click(col, row));
    assert!(app.parties.form.editing(), "second click opens the input");
    // While editing, a click elsewhere does nothing.
    let (col, row) = find(&mut app, 80, 24, "Name", 0);
    app.update(Action::Click(col, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::Region));
}

#[test]
fn clicks_select_rows_on_the_other_form_screens() {
    let mut app = identities();
    app.update(Action::Goto(Screen::Data));
    let (col, row) = find(&mut app, 80, 24, "Admin principals", 0);
    app.update(Action::Click(col + 30, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::DataAdmins));
    app.update(Action::Click(col, row));
    assert!(app.data.form.editing());
    app.update(Action::Goto(Screen::Network));
    let (col, row) = find(&mut app, 80, 24, "ecr.api", 0);
    app.update(Action::Click(col, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::Endpoint(1)));
    app.update(Action::Click(col, row));
    assert!(
        !app.bp
            .network
            .interface_endpoints
            .contains(&"ecr.api".into()),
        "a second click flips the toggle"
    );
    // Scrolled: the click lands on the row drawn there.
    select(&mut app, FieldId::S3EndpointId);
    let (col, row) = find(&mut app, 80, 24, "logs", 0);
    app.update(Action::Click(col, row));
    assert_eq!(form(&app).selected_id(), Some(FieldId::Endpoint(4)));
}

#[test]
fn the_header_marks_the_sides_each_screen_acts_as() {
    let mut app = identities();
    both_match(&mut app);
    let marks = |app: &mut App| {
        let text = screen(app, 100, 30);
        let lines: Vec<&str> = text.lines().collect();
        (
            lines[1].contains("▶ data owner  ✓"),
            lines[2].contains("▶ model owner ✓"),
        )
    };
    assert_eq!(marks(&mut app), (true, true));
    for (step, expected) in [
        (Screen::Network, (true, false)),
        (Screen::Cluster, (false, true)),
        (Screen::Apply, (true, true)),
        (Screen::Monitor, (true, true)),
    ] {
        app.update(Action::Goto(step));
        assert_eq!(marks(&mut app), expected, "{step:?}");
    }
}

#[test]
fn a_long_error_keeps_its_hint_in_view_and_says_there_is_more() {
    let mut app = identities();
    app.update(Action::SetField(FieldId::DataProfile, "nope".into()));
    // The SDK's text for a profile that is not in the files (several lines).
    let error = "sts:GetCallerIdentity: dispatch failure: other: the credential provider was \
        not enabled: no credentials found in chain. Attempted:\n  Environment: the credential \
        provider was not enabled: environment variable not set\n  Profile: the credential \
        provider was not enabled: profile `nope` was not defined: could not find source \
        profile nope referenced from the root profile\n  WebIdentityToken: the credential \
        provider was not enabled: $AWS_WEB_IDENTITY_TOKEN_FILE was not set";
    answer(&mut app, Side::DataOwner, Err(error.into()));
    let small = screen(&mut app, 80, 24);
    assert!(
        small.contains("→ nope is not a profile of your config"),
        "{small}"
    );
    assert!(small.contains("… more below"), "{small}");
    let large = screen(&mut app, 160, 48);
    assert!(
        large.contains("$AWS_WEB_IDENTITY_TOKEN_FILE was not set"),
        "{large}"
    );
    assert!(!large.contains("… more below"), "{large}");
}

#[test]
fn no_color_means_no_colour_in_any_identity_state() {
    use eks_isolation::ui::Theme;
    use ratatui::style::Color;
    let mut states = Vec::new();
    let mut matching = identities_with(Theme::NO_COLOR);
    both_match(&mut matching);
    states.push(matching);
    let mut failed = identities_with(Theme::NO_COLOR);
    answer(&mut failed, Side::DataOwner, Err(SSO_EXPIRED.into()));
    answer(
        &mut failed,
        Side::ModelOwner,
        Ok(view("999999999999", "Other", "profile model-owner")),
    );
    states.push(failed);
    let mut picker = identities_with(Theme::NO_COLOR);
    select(&mut picker, FieldId::ModelProfile);
    press(&mut picker, &[key(KeyCode::Enter)]);
    type_str(&mut picker, "x");
    states.push(picker);
    for mut app in states {
        for (w, h) in [(80, 24), (160, 48)] {
            let t = terminal(&mut app, w, h);
            for cell in t.backend().buffer().content() {
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "{:?} has colour at {w}x{h}",
                    cell.symbol()
                );
            }
        }
    }
}
