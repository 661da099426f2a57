//! Helpers shared by the wizard's tests: keys, an app on the starter blueprint, rendering.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod big_vpc;
pub mod pty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::widgets::form::Form;
use eks_isolation::ui::{self, Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub mod identities;

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Feed keys to the app.
pub fn press(app: &mut App, keys: &[KeyEvent]) {
    for k in keys {
        app.on_key(*k);
    }
}

/// Type a string, one key per character.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.on_key(ch(c));
    }
}

/// The starter blueprint, saving to a fixed relative path (nothing is written unless a test
/// saves).
pub fn app() -> App {
    app_with(Theme::COLOR)
}

pub fn app_with(theme: Theme) -> App {
    let mut app = App::new(Blueprint::starter(), Some("bp.toml".into()), theme);
    // A journal directory that does not exist: nothing of the user's is read, and screens
    // that read the journal show the same path on every machine.
    app.state_dir = "no-state".into();
    app.update(Action::Resize(100, 30));
    app
}

pub fn terminal(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(app, f)).unwrap();
    t
}

/// The rendered screen as text, one line per row.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    terminal(app, w, h).backend().to_string()
}

pub fn form(app: &App) -> &Form {
    match app.screen {
        Screen::Parties => &app.parties.form,
        Screen::Network => &app.network.form,
        Screen::Data => &app.data.form,
        Screen::Cluster => &app.cluster.form,
        other => panic!("{other:?} has no form"),
    }
}

/// Move the selection of the current form to `id`, with arrow keys.
pub fn select(app: &mut App, id: FieldId) {
    for _ in 0..60 {
        app.on_key(key(KeyCode::Up));
    }
    for _ in 0..60 {
        if form(app).selected_id() == Some(id) {
            return;
        }
        app.on_key(key(KeyCode::Down));
    }
    panic!("no row {id:?} on {:?}", app.screen);
}

/// Select `id`, open its input, clear it and type `text` (not committed).
pub fn edit(app: &mut App, id: FieldId, text: &str) {
    select(app, id);
    press(app, &[key(KeyCode::Enter), ctrl('u')]);
    type_str(app, text);
}

/// Feed a background task's answer, as the event loop does.
pub fn live(app: &mut App, event: eks_isolation::ui::live::LiveEvent) {
    app.update(Action::Live(Box::new(event)));
}

/// Both identities resolved as the starter blueprint's accounts (profiles data-owner and
/// model-owner, us-east-1).
pub fn resolved(app: &mut App) {
    use eks_isolation::blueprint::Side;
    use eks_isolation::ui::live::{IdentityView, LiveEvent, identity_key};
    for (side, account, profile) in [
        (Side::DataOwner, "111111111111", "data-owner"),
        (Side::ModelOwner, "222222222222", "model-owner"),
    ] {
        let key = identity_key(&app.bp, side);
        live(
            app,
            LiveEvent::Identity {
                side,
                key,
                result: Ok(IdentityView {
                    account: account.into(),
                    arn: format!("arn:aws:sts::{account}:assumed-role/admin/op"),
                    region: "us-east-1".into(),
                    source: format!("profile {profile}"),
                }),
            },
        );
    }
}

/// Ask for the journal, and answer the read as the task runner would.
pub fn read_journal(app: &mut App) {
    app.read_journal();
    answer_journal(app);
}

/// Answer the journal reads the app asked for, as the task runner would (other effects are
/// dropped).
pub fn answer_journal(app: &mut App) {
    use eks_isolation::ui::live::Effect;
    for effect in app.take_effects() {
        if let Effect::ReadJournal { dir, name } = effect {
            live(app, eks_isolation::ui::tasks::journal::read(&dir, &name));
        }
    }
}
