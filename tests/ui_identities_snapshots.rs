//! The Identities screen at 80x24 and 160x48 in every state an identity can be in: resolving,
//! resolved and matching, another account, an expired SSO token, no profiles in the files, and
//! the profile picker.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::Side;
use eks_isolation::ui::App;
use eks_isolation::ui::fieldmap::FieldId;
use ui_support::identities::*;
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn snapshot_resolving() {
    let mut app = identities();
    app.live.spinner = 3;
    snap("identities_resolving", &mut app);
}

#[test]
fn snapshot_resolved_and_matching() {
    let mut app = identities();
    both_match(&mut app);
    snap("identities_matching", &mut app);
}

#[test]
fn snapshot_mismatch_on_the_model_owner() {
    let mut app = identities();
    both_match(&mut app);
    answer(
        &mut app,
        Side::ModelOwner,
        Ok(view("999999999999", "Other", "profile model-owner")),
    );
    press(&mut app, &[ch('s')]);
    snap("identities_mismatch", &mut app);
}

#[test]
fn snapshot_sso_expired() {
    let mut app = identities();
    both_match(&mut app);
    answer(&mut app, Side::DataOwner, Err(SSO_EXPIRED.into()));
    snap("identities_sso_expired", &mut app);
}

#[test]
fn snapshot_no_profiles_found() {
    let mut app = identities();
    app.set_profiles(profiles("", ""));
    select(&mut app, FieldId::DataProfile);
    press(&mut app, &[key(KeyCode::Enter)]);
    snap("identities_no_profiles", &mut app);
}

#[test]
fn snapshot_picker_open() {
    let mut app = identities();
    both_match(&mut app);
    select(&mut app, FieldId::ModelProfile);
    press(&mut app, &[key(KeyCode::Enter)]);
    type_str(&mut app, "o");
    snap("identities_picker", &mut app);
}
