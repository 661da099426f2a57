//! Every screen drawn into a `TestBackend` at 80x24 and 160x48, snapshotted with insta, and
//! the NO_COLOR theme checked cell by cell.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::Blueprint;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::overlay::Overlay;
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{Action, App, Theme};
use ratatui::style::Color;
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn on(step: Screen) -> App {
    let mut app = app();
    app.update(Action::Goto(step));
    app
}

#[test]
fn screens() {
    for step in Screen::ALL {
        snap(
            &format!("screen_{}", step.label().to_lowercase()),
            &mut on(step),
        );
    }
}

#[test]
fn field_with_an_error() {
    let mut app = app();
    edit(&mut app, FieldId::ModelAccount, "22222222222x");
    snap("field_error", &mut app);
}

#[test]
fn network_scrolled_to_the_end_with_a_problem() {
    let mut app = on(Screen::Network);
    edit(&mut app, FieldId::SubnetSource(1), "10.99.0.0/20");
    press(&mut app, &[key(KeyCode::Enter)]);
    select(&mut app, FieldId::S3EndpointId);
    snap("network_end", &mut app);
}

#[test]
fn cluster_with_public_endpoint() {
    let mut app = on(Screen::Cluster);
    app.update(Action::Toggle(FieldId::PublicAccess));
    snap("cluster_public", &mut app);
    app.update(Action::Goto(Screen::Review));
    snap("review_with_findings", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = app();
    press(&mut app, &[ch('?')]);
    snap("help", &mut app);
}

#[test]
fn quit_confirmation() {
    let mut app = app();
    edit(&mut app, FieldId::Name, "changed");
    press(&mut app, &[key(KeyCode::Enter), ch('q')]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    snap("quit_confirm", &mut app);
}

#[test]
fn editor_with_a_json_error() {
    let mut app = on(Screen::Policies);
    press(&mut app, &[ch('e'), key(KeyCode::Down), key(KeyCode::End)]);
    press(&mut app, &[key(KeyCode::Backspace)]);
    snap("editor_json_error", &mut app);
}

#[test]
fn editor_with_findings() {
    let mut app = on(Screen::Policies);
    // The S3 endpoint policy, opened to every bucket.
    press(&mut app, &[key(KeyCode::Down), ch('e')]);
    let editor = app.policies.editor.as_mut().unwrap();
    editor.textarea.select_all();
    editor.textarea.cut();
    editor.textarea.insert_str(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
    );
    app.update(Action::EditorChanged);
    snap("editor_findings", &mut app);
}

#[test]
fn save_prompt() {
    let mut app = App::new(Blueprint::starter(), None, Theme::COLOR);
    press(&mut app, &[ctrl('s')]);
    snap("save_prompt", &mut app);
}

#[test]
fn load_error() {
    let problems = Blueprint::parse(
        "name = \"bad name\"\nregion = \"mars-1\"\n[data_owner]\naccount_id = \"12\"\n",
    )
    .unwrap_err()
    .0
    .iter()
    .map(ToString::to_string)
    .collect();
    let mut app = App::new(Blueprint::starter(), None, Theme::COLOR);
    app.overlay = Some(Overlay::LoadError {
        path: "bad.toml".into(),
        problems,
        scroll: 0,
    });
    snap("load_error", &mut app);
}

#[test]
fn too_small() {
    let mut app = app();
    let t = terminal(&mut app, 79, 24);
    insta::assert_snapshot!("too_small_79x24", t.backend());
    let t = terminal(&mut app, 100, 12);
    insta::assert_snapshot!("too_small_100x12", t.backend());
}

/// Every state worth drawing, for the colour checks.
fn all_states(theme: Theme) -> Vec<App> {
    let mut out = Vec::new();
    for step in Screen::ALL {
        let mut app = app_with(theme);
        app.update(Action::Goto(step));
        out.push(app);
    }
    let mut editing = app_with(theme);
    edit(&mut editing, FieldId::DataAccount, "1x");
    out.push(editing);
    let mut public = app_with(theme);
    public.update(Action::Toggle(FieldId::PublicAccess));
    public.update(Action::Goto(Screen::Review));
    out.push(public);
    let mut editor = app_with(theme);
    press(&mut editor, &[ch('5'), ch('e'), ch('x')]);
    out.push(editor);
    let mut help = app_with(theme);
    press(&mut help, &[ch('?')]);
    out.push(help);
    let mut quit = app_with(theme);
    edit(&mut quit, FieldId::Name, "other");
    press(&mut quit, &[key(KeyCode::Enter), ch('q')]);
    out.push(quit);
    out
}

#[test]
fn no_color_means_no_colour_at_all() {
    for mut app in all_states(Theme::NO_COLOR) {
        for (w, h) in SIZES {
            let t = terminal(&mut app, w, h);
            for (i, cell) in t.backend().buffer().content().iter().enumerate() {
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "{:?} at {w}x{h}: cell {i} {:?} has colour {:?}/{:?}",
                    app.screen,
                    cell.symbol(),
                    cell.fg,
                    cell.bg
                );
            }
        }
    }
}

#[test]
fn colour_is_used_when_allowed() {
    let mut app = app_with(Theme::COLOR);
    let t = terminal(&mut app, 80, 24);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}
