//! What the Apply screen's keys ask for: the checks and the question before applying, the
//! question before stopping, and moving through the steps.

use ratatui::layout::Rect;

use super::RunRequest;
use crate::blueprint::Side;
use crate::engine::progress::StepState;
use crate::policy::analyze::Severity;
use crate::policy::overrides::PolicyKind;
use crate::ui::action::Action;
use crate::ui::app::{App, Status};
use crate::ui::live::{Effect, Loadable, identity_key};
use crate::ui::overlay::Overlay;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunAction {
    /// `a`: check the blueprint and both identities, then ask.
    Ask,
    /// The answer was yes: save the blueprint (when it has a file), then apply.
    Start,
    /// Ctrl-C or `q` during a run: ask whether to stop it.
    AskStop,
    /// The answer was yes: stop safely.
    Stop,
    Up,
    Down,
    /// ←/→: the other pane.
    OtherPane,
    /// A left click in the main area: (the area, column, row).
    Click(Rect, u16, u16),
}

impl App {
    pub(crate) fn on_run_action(&mut self, action: RunAction) {
        match action {
            RunAction::Ask => match self.apply_refusal() {
                Some(reason) => self.status = Some(Status::Error(format!("not applied: {reason}"))),
                None => self.overlay = Some(self.apply_question()),
            },
            RunAction::Start => self.start_apply(),
            RunAction::AskStop => {
                self.stop_instead_of_quit();
            }
            RunAction::Stop => {
                self.overlay = None;
                if self.live.run.running() && !self.live.run.stopping {
                    self.live.run.stopping = true;
                    self.effects.push(Effect::Run(RunRequest::Stop));
                    self.status = Some(Status::Info(
                        "stopping: the running calls finish, no new step starts (Ctrl-C again \
                         quits at once)"
                            .into(),
                    ));
                }
            }
            RunAction::Up | RunAction::Down => {
                let down = action == RunAction::Down;
                let order = self.live.run.order();
                let Some(pos) = order.iter().position(|i| *i == self.apply.selected) else {
                    self.apply.selected = order.first().copied().unwrap_or(0);
                    return;
                };
                let pos = if down {
                    (pos + 1).min(order.len().saturating_sub(1))
                } else {
                    pos.saturating_sub(1)
                };
                self.select_step(order[pos]);
            }
            RunAction::OtherPane => {
                let run = &self.live.run;
                let side = match run.steps.get(self.apply.selected).map(|s| s.side) {
                    Some(Side::ModelOwner) => Side::DataOwner,
                    _ => Side::ModelOwner,
                };
                if let Some(first) = run.pane(side).first().copied() {
                    self.select_step(first);
                }
            }
            RunAction::Click(area, col, row) => {
                if let Some(i) = crate::ui::screens::apply::step_at(self, area, col, row) {
                    self.select_step(i);
                }
            }
        }
    }

    fn select_step(&mut self, i: usize) {
        self.apply.selected = i;
        self.apply.follow = false;
    }

    /// A step just changed: a failure is selected (its error shows in the log pane) until the
    /// user selects a step.
    pub(super) fn follow_step(&mut self, id: &str, state: StepState) {
        if self.apply.follow
            && state == StepState::Failed
            && let Some(i) = self.live.run.steps.iter().position(|s| s.id == id)
        {
            self.apply.selected = i;
            self.apply.follow = false;
        }
    }

    /// Quit (q, Ctrl-C) while an apply runs and no stop was asked yet: ask whether to stop it
    /// instead. `true` when the question is open.
    pub(crate) fn stop_instead_of_quit(&mut self) -> bool {
        if !self.live.run.running() || self.live.run.stopping {
            return false;
        }
        self.overlay = Some(Overlay::Question {
            title: " Stop the apply? ".into(),
            lines: vec![
                "stop the apply? running calls finish, no new step starts; the journal keeps \
                 what is done"
                    .into(),
            ],
            warnings: Vec::new(),
            yes: Box::new(Action::Run(RunAction::Stop)),
        });
        true
    }

    /// The Apply screen is shown: ask for the journal and the live plan again (a headless
    /// apply may have changed them).
    pub(crate) fn on_apply_shown(&mut self) {
        if !self.live.run.running() {
            self.read_journal();
            self.ask_plan();
        }
    }

    /// Why `a` cannot apply now, if it cannot.
    fn apply_refusal(&mut self) -> Option<String> {
        if self.live.run.running() {
            return Some("an apply is running: wait for it, or Ctrl-C to stop it".into());
        }
        let problems = self.derived.problems.len();
        if problems > 0 {
            return Some(format!(
                "the blueprint has {problems} problem(s): see ✗ in Steps and Review"
            ));
        }
        [Side::DataOwner, Side::ModelOwner]
            .into_iter()
            .find_map(|side| self.identity_refusal(side))
    }

    fn identity_refusal(&mut self, side: Side) -> Option<String> {
        let slot = usize::from(side == Side::ModelOwner);
        if self.live.identity_keys[slot] != identity_key(&self.bp, side) {
            self.resolve_identity(side);
        }
        let (expected, name) = match side {
            Side::ModelOwner => (&self.bp.model_owner.account_id, "model owner"),
            _ => (&self.bp.data_owner.account_id, "data owner"),
        };
        let source = crate::aws::identity::source_of(&self.bp, side);
        match self.live.identity(side) {
            Loadable::Ready(v) if &v.account == expected => None,
            Loadable::Ready(v) => Some(format!(
                "{name}: {source} is account {}, but the blueprint names {expected}",
                v.account
            )),
            Loadable::Failed(e) => Some(format!("{name}: {e}")),
            Loadable::Loading | Loadable::Idle => Some(format!(
                "{name}: the identity of {source} is not resolved yet: wait for its ✓ above"
            )),
        }
    }

    /// The question before applying: both accounts, the edited policies it puts, and the
    /// critical findings of what it puts (asked about by ID).
    fn apply_question(&self) -> Overlay {
        let who = |side: Side| {
            let account = match side {
                Side::ModelOwner => &self.bp.model_owner.account_id,
                _ => &self.bp.data_owner.account_id,
            };
            format!(
                "  {:<12}{account}  {}",
                side.as_str(),
                crate::aws::identity::source_of(&self.bp, side)
            )
        };
        // What the Review screen judged: the effective set (generated policies with the
        // edits in their place), which is what the run puts.
        let critical: Vec<_> = (self.derived.report.findings.iter())
            .filter(|f| f.severity == Severity::Critical)
            .collect();
        let mut warnings: Vec<String> = critical
            .iter()
            .map(|f| format!("critical {} {}", f.id, f.title))
            .collect();
        if !critical.is_empty() {
            let ids: Vec<String> = critical.iter().map(|f| f.id.to_string()).collect();
            warnings.push(format!(
                "The setup will not be isolated. Apply anyway, accepting {}? (details on Review)",
                ids.join(", ")
            ));
        }
        let mut lines = vec![
            format!("Apply blueprint {} to:", self.bp.name),
            who(Side::DataOwner),
            who(Side::ModelOwner),
            "Each step finds what exists first and creates only what is missing; the journal \
             records every resource the moment it exists."
                .into(),
        ];
        let kinds: Vec<String> = (self.overrides.keys())
            .filter(|k| k.applies_to(&self.bp))
            .map(PolicyKind::label)
            .collect();
        if !kinds.is_empty() {
            lines.push(format!(
                "Edited, put in place of the generated: {}.",
                kinds.join(", ")
            ));
        }
        if let Some(path) = &self.config {
            lines.push(format!(
                "The blueprint is saved to {} first.",
                path.display()
            ));
        }
        let title = if critical.is_empty() {
            " Apply? "
        } else {
            " Apply with critical findings? "
        };
        Overlay::Question {
            title: title.into(),
            lines,
            warnings,
            yes: Box::new(Action::Run(RunAction::Start)),
        }
    }

    /// Yes to the question: check again, save, start.
    fn start_apply(&mut self) {
        self.overlay = None;
        if let Some(reason) = self.apply_refusal() {
            self.status = Some(Status::Error(format!("not applied: {reason}")));
            return;
        }
        if let Some(path) = self.config.clone()
            && (self.dirty() || !path.exists())
        {
            self.update(Action::Save);
            if let Some(Status::Error(e)) = &self.status {
                self.status = Some(Status::Error(format!("not applied: {e}")));
                return;
            }
            if self.overlay.is_some() {
                return;
            }
        }
        self.live.run.start(&self.derived.plan);
        self.apply.selected = 0;
        self.apply.follow = true;
        self.effects
            .push(Effect::Run(RunRequest::Apply(self.overrides.clone())));
    }
}
