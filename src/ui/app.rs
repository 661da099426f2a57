//! The wizard's state, and where keys go. [`App::update`] (in `update.rs`) is the only place
//! that changes it; drawing reads it.

use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;

use super::action::Action;
use super::derive::{self, Derived};
use super::keymap::{self, Cmd, KeyCtx};
use super::live::{Effect, Live};
use super::overlay::Overlay;
use super::screen::Screen;
use super::screens::{
    apply::ApplyScreen, cluster::ClusterScreen, data::DataScreen, monitor::MonitorScreen,
    network::NetworkScreen, parties::PartiesScreen, policies::PoliciesScreen, problem_screen,
    review::ReviewScreen,
};
use super::theme::Theme;
use crate::blueprint::{Blueprint, LoadError};
use crate::policy::analyze::Severity;
use crate::policy::overrides::Overrides;

/// A one-line message under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

#[derive(Debug)]
pub struct App {
    pub bp: Blueprint,
    /// Policies the user edited, in place of the generated ones.
    pub overrides: Overrides,
    pub derived: Derived,
    /// Where the blueprint is saved; `None` until a path is chosen.
    pub config: Option<PathBuf>,
    /// What is on disk (or what was opened): `dirty` compares against it.
    pub(super) saved: (Blueprint, Overrides),
    pub screen: Screen,
    pub parties: PartiesScreen,
    pub network: NetworkScreen,
    pub data: DataScreen,
    pub cluster: ClusterScreen,
    pub policies: PoliciesScreen,
    pub review: ReviewScreen,
    pub apply: ApplyScreen,
    pub monitor: MonitorScreen,
    /// What is known of the live accounts.
    pub live: Live,
    /// Work asked for and not yet handed to the task runner (the event loop takes it).
    pub effects: Vec<Effect>,
    /// Where apply keeps its journal.
    pub state_dir: PathBuf,
    /// What the journal records (read-only; see `recorded.rs`).
    pub recorded: super::recorded::Recorded,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub theme: Theme,
    /// The terminal size (for scroll limits).
    pub size: (u16, u16),
    /// The path offered when asking where to save, if not `./<name>.toml`.
    pub(super) suggested_path: Option<PathBuf>,
    pub quit: bool,
}

impl App {
    /// A wizard on `bp`, saving to `config`. No terminal needed.
    pub fn new(bp: Blueprint, config: Option<PathBuf>, theme: Theme) -> Self {
        let overrides = Overrides::new();
        let recorded = super::recorded::Recorded::default();
        let derived = Derived::compute(&bp, &overrides, &recorded);
        let mut app = Self {
            saved: (bp.clone(), overrides.clone()),
            bp,
            overrides,
            derived,
            config,
            screen: Screen::Parties,
            parties: PartiesScreen::default(),
            network: NetworkScreen::default(),
            data: DataScreen::default(),
            cluster: ClusterScreen::default(),
            policies: PoliciesScreen::default(),
            review: ReviewScreen::default(),
            apply: ApplyScreen::default(),
            monitor: MonitorScreen::default(),
            live: Live::default(),
            effects: Vec::new(),
            state_dir: crate::engine::journal::default_state_dir(),
            recorded,
            overlay: None,
            status: None,
            theme,
            size: (100, 30),
            suggested_path: None,
            quit: false,
        };
        app.sync_screens();
        app.live.run = super::live::run::RunState::rows(&app.derived.plan);
        app.resolve_identities();
        app
    }

    /// Ask for both identities again (the blueprint's profiles, role or region changed).
    pub fn resolve_identities(&mut self) {
        for side in [
            crate::blueprint::Side::DataOwner,
            crate::blueprint::Side::ModelOwner,
        ] {
            self.resolve_identity(side);
        }
    }

    /// Ask for one side's identity, unless the answer in hand (or on its way) is for the
    /// blueprint as it is now.
    pub fn resolve_identity(&mut self, side: crate::blueprint::Side) {
        let key = super::live::identity_key(&self.bp, side);
        let slot = usize::from(side == crate::blueprint::Side::ModelOwner);
        if self.live.identity_keys[slot] == key
            && *self.live.identity(side) != super::live::Loadable::Idle
        {
            return;
        }
        self.live.identity_keys[slot] = key;
        *self.live.identity_mut(side) = super::live::Loadable::Loading;
        self.effects.push(Effect::Resolve(side));
    }

    /// Open `config` as `eks-isolation wizard --config FILE` does: load it when it exists (with
    /// the policy overrides beside it), start a new blueprint that saves there when it does not,
    /// and show the problems when it does not load.
    pub fn open(config: Option<PathBuf>, theme: Theme) -> Self {
        let Some(path) = config else {
            return Self::new(Blueprint::starter(), None, theme);
        };
        if !path.exists() {
            let mut app = Self::new(Blueprint::starter(), Some(path.clone()), theme);
            app.status = Some(Status::Info(format!(
                "new blueprint: Ctrl-S saves it to {}",
                path.display()
            )));
            return app;
        }
        match Blueprint::load_lenient(&path) {
            Ok((bp, problems)) => {
                let mut app = Self::new(bp, Some(path.clone()), theme);
                let loaded = crate::policy::overrides::load(&path, &app.bp);
                if !loaded.overrides.is_empty() {
                    app.status = Some(Status::Info(format!(
                        "opened {} with {} edited policy file(s)",
                        path.display(),
                        loaded.overrides.len()
                    )));
                    app.overrides = loaded.overrides;
                    app.saved.1 = app.overrides.clone();
                    app.refresh();
                }
                if !problems.is_empty() {
                    app.status = Some(Status::Error(format!(
                        "opened {} with {} problem(s): see the ✗ steps and Review",
                        path.display(),
                        problems.len()
                    )));
                }
                let notes: Vec<String> = (loaded.errors.iter())
                    .map(|e| format!("{e} (ignored)"))
                    .chain(loaded.ignored)
                    .collect();
                if !notes.is_empty() {
                    app.status = Some(Status::Error(notes.join("; ")));
                }
                app
            }
            Err(e) => {
                let problems = match e {
                    LoadError::Invalid(p) => p.0.iter().map(ToString::to_string).collect(),
                    other => vec![other.to_string()],
                };
                let mut app = Self::new(Blueprint::starter(), None, theme);
                app.suggested_path = Some(path.clone());
                app.overlay = Some(Overlay::LoadError {
                    path: path.to_path_buf(),
                    problems,
                    scroll: 0,
                });
                app
            }
        }
    }

    /// Whether anything changed since the blueprint was opened or last saved.
    pub fn dirty(&self) -> bool {
        self.bp != self.saved.0 || self.overrides != self.saved.1
    }

    /// Changes that would be lost by quitting now: unsaved ones, or an edit not committed yet
    /// (a field's input or the policy editor).
    pub fn unsaved(&self) -> bool {
        let form_edit = |form: &super::widgets::form::Form| {
            form.input.as_ref().is_some_and(|(id, input)| {
                form.rows
                    .iter()
                    .any(|r| r.id == Some(*id) && r.value != input.text)
            })
        };
        self.dirty()
            || self.policies.editor.as_ref().is_some_and(|e| e.changed())
            || [
                &self.parties.form,
                &self.network.form,
                &self.data.form,
                &self.cluster.form,
            ]
            .into_iter()
            .any(form_edit)
    }

    /// `./<name>.toml`, or the path of a file that did not load.
    pub fn default_path(&self) -> PathBuf {
        self.suggested_path
            .clone()
            .unwrap_or_else(|| Path::new(".").join(format!("{}.toml", self.bp.name)))
    }

    /// Recompute everything derived from the blueprint and overrides, and the screens' rows.
    pub(super) fn refresh(&mut self) {
        self.derived = Derived::compute(&self.bp, &self.overrides, &self.recorded);
        self.forget_stale_plan();
        self.sync_screens();
    }

    pub(super) fn sync_screens(&mut self) {
        self.parties.sync(&self.bp);
        self.network.sync(&self.bp);
        self.data.sync(&self.bp);
        self.cluster.sync(&self.bp);
        self.policies.sync(derive::kinds(
            &self.bp,
            &self.derived.generated,
            &self.overrides,
        ));
    }

    /// Problems shown next to a screen in the screen list: the blueprint problems of its fields
    /// and the critical findings fixed there; Review counts them all.
    pub fn screen_problems(&self, screen: Screen) -> usize {
        let critical = self
            .derived
            .report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Critical);
        if screen == Screen::Review {
            return critical.count() + self.derived.problems.len();
        }
        critical
            .filter(|f| derive::finding_screen(f.id) == screen)
            .count()
            + self
                .derived
                .problems
                .iter()
                .filter(|p| problem_screen(&p.key) == screen)
                .count()
    }

    /// Whether a form field or the policy editor has the keys.
    pub fn editing(&self) -> bool {
        match self.screen {
            Screen::Parties => self.parties.editing(),
            Screen::Network => self.network.form.editing(),
            Screen::Data => self.data.form.editing(),
            Screen::Cluster => self.cluster.form.editing(),
            Screen::Policies => self.policies.editor.is_some(),
            Screen::Review | Screen::Apply | Screen::Monitor => false,
        }
    }

    /// The keymap contexts that have the keys now, most specific first (for the footer).
    pub fn key_contexts(&self) -> Vec<KeyCtx> {
        if let Some(o) = &self.overlay {
            return vec![o.ctx()];
        }
        if self.editing() {
            return vec![match self.screen {
                Screen::Policies => KeyCtx::Editor,
                Screen::Parties if self.parties.picker.is_some() => KeyCtx::ProfilePicker,
                _ => KeyCtx::Input,
            }];
        }
        let screen: &[KeyCtx] = match self.screen {
            Screen::Parties => &[KeyCtx::Form, KeyCtx::Identities],
            Screen::Cluster => &[KeyCtx::Form],
            Screen::Network => return self.network.key_contexts(),
            Screen::Data => return self.data.key_contexts(),
            Screen::Policies => &[KeyCtx::Policies],
            Screen::Review => &[KeyCtx::Review],
            Screen::Apply => &[KeyCtx::Apply],
            Screen::Monitor => &[KeyCtx::Monitor],
        };
        let mut out = screen.to_vec();
        out.push(KeyCtx::Global);
        out
    }

    /// Route a key: an overlay gets it, else the screen (the first to consume wins), else the
    /// global bindings. Ctrl-C quits from everywhere, with the same question as `q`; while an
    /// apply runs, both ask whether to stop it instead (`App::stop_instead_of_quit`).
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if keymap::is_interrupt(&key) {
            return Some(match &self.overlay {
                Some(Overlay::ConfirmQuit) => Action::Render,
                Some(Overlay::LoadError { .. }) => Action::QuitNow,
                _ => Action::Quit,
            });
        }
        if let Some(overlay) = &mut self.overlay {
            return Some(overlay.handle_key(&key));
        }
        let consumed = match self.screen {
            Screen::Parties => self.parties.handle_key(key),
            Screen::Network => self.network.handle_key(key),
            Screen::Data => self.data.handle_key(key),
            Screen::Cluster => self.cluster.handle_key(key),
            Screen::Policies => self.policies.handle_key(key),
            Screen::Review => self.review.handle_key(key),
            Screen::Apply => self.apply.handle_key(key),
            Screen::Monitor => self.monitor.handle_key(key),
        };
        if consumed.is_some() {
            return consumed;
        }
        Some(match keymap::lookup(KeyCtx::Global, &key)? {
            Cmd::Quit => Action::Quit,
            Cmd::Help => Action::Help,
            Cmd::Save => Action::Save,
            Cmd::NextScreen => Action::NextScreen,
            Cmd::PrevScreen => Action::PrevScreen,
            Cmd::Back => Action::Back,
            Cmd::GoTo => match key.code {
                crossterm::event::KeyCode::Char(c) => {
                    let i = c.to_digit(10)?.checked_sub(1)?;
                    Action::Goto(Screen::from_index(usize::try_from(i).ok()?)?)
                }
                _ => return None,
            },
            _ => return None,
        })
    }

    /// Take the work asked for since the last call (the event loop hands it to the runner).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// A mouse event: the wheel scrolls what is under the keys, a left click focuses and
    /// selects (the screen list, or the screen's row under the pointer).
    pub fn on_mouse(&mut self, m: crossterm::event::MouseEvent) {
        use crossterm::event::{MouseButton, MouseEventKind};
        let action = match m.kind {
            MouseEventKind::ScrollUp => Action::Wheel(true),
            MouseEventKind::ScrollDown => Action::Wheel(false),
            MouseEventKind::Down(MouseButton::Left) => Action::Click(m.column, m.row),
            _ => return,
        };
        self.status = None;
        self.update(action);
    }

    /// A key press: route it, then apply what it asks for.
    pub fn on_key(&mut self, key: KeyEvent) {
        // A message stays until the next key.
        self.status = None;
        if let Some(action) = self.handle_key(key) {
            self.update(action);
        }
    }
}
