//! The apply run as the wizard shows it: one row per step of the catalogue (the rows of
//! `engine::plan::offline`, the same as the live plan's), each with its state from the engine's
//! progress events. The task's events are applied in `run/events.rs`; the Apply screen's keys
//! and questions are in `run/keys.rs`.

mod events;
mod keys;

pub use keys::RunAction;

use std::time::{Duration, Instant};

use crate::blueprint::Side;
use crate::engine::plan::PlanStep;
use crate::engine::progress::{Progress, StepState};
use crate::policy::overrides::Overrides;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRequest {
    /// Resolve and check both identities, then apply the blueprint as it is now, with these
    /// policies in place of the generated ones (the wizard's edits).
    Apply(Overrides),
    /// Stop safely: no new step starts; running calls finish; the journal keeps what is done.
    Stop,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEvent {
    /// Both parties checked, the journal open: the engine runs.
    Started {
        journal: String,
    },
    Progress(Progress),
    /// The run could not start (identities, journal).
    Refused(String),
    /// The run is over.
    Finished(RunResult),
}

/// How a run ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunResult {
    /// Every step failure, one line each (the steps a stop kept from starting are not here).
    pub failures: Vec<String>,
    /// Stopped (Ctrl-C) before every step ran.
    pub interrupted: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Where a run is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    /// No run yet (the plan is shown), or the last one was refused.
    #[default]
    Idle,
    /// Asked for: identities and journal being checked.
    Starting,
    Running,
    Finished,
}

/// One message of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub state: StepState,
    pub elapsed: Duration,
    pub message: String,
}

/// One step in a pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    pub id: String,
    pub side: Side,
    pub label: String,
    /// The last state reported; `None` before any news.
    pub state: Option<StepState>,
    /// When its `Running` news came (`app.live.now` then).
    pub since: Option<Instant>,
    /// How long it took, once over.
    pub elapsed: Option<Duration>,
    pub log: Vec<LogLine>,
}

/// What a step's row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Pending,
    Running,
    Done,
    Exists,
    Failed,
    NotStarted,
}

impl Mark {
    /// The symbol (the spinner frame for a running step) and the word.
    pub fn symbol(self, spinner: usize) -> char {
        match self {
            Self::Pending => '·',
            Self::Running => super::spinner_frame(spinner),
            Self::Done => '✓',
            Self::Exists => '=',
            Self::Failed => '✗',
            Self::NotStarted => '○',
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Exists => "exists",
            Self::Failed => "failed",
            Self::NotStarted => "not started",
        }
    }
}

impl StepView {
    fn new(id: &str, side: Side, label: &str) -> Self {
        Self {
            id: id.to_string(),
            side,
            label: label.to_string(),
            state: None,
            since: None,
            elapsed: None,
            log: Vec::new(),
        }
    }

    /// The row's mark; `over`: the run is over (a step never reported did not start).
    pub fn mark(&self, over: bool) -> Mark {
        match self.state {
            None if over => Mark::NotStarted,
            None => Mark::Pending,
            Some(StepState::Pending) => Mark::NotStarted,
            Some(StepState::Running) => Mark::Running,
            Some(StepState::Done) => Mark::Done,
            Some(StepState::Skipped) => Mark::Exists,
            Some(StepState::Failed) => Mark::Failed,
        }
    }

    /// The elapsed time shown: since it started while running, else what the engine said.
    pub fn shown_elapsed(&self, now: Instant) -> Option<Duration> {
        match self.state {
            Some(StepState::Running) => self.since.map(|s| now.saturating_duration_since(s)),
            Some(StepState::Pending) | None => None,
            _ => self.elapsed,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RunState {
    pub phase: Phase,
    /// A stop was asked for and the run is not over yet.
    pub stopping: bool,
    /// Every step of the catalogue, in its order (see [`RunState::rows`]).
    pub steps: Vec<StepView>,
    /// The journal the run writes.
    pub journal_path: Option<String>,
    /// Why the last run did not start.
    pub refused: Option<String>,
    pub result: Option<RunResult>,
}

impl RunState {
    pub fn running(&self) -> bool {
        matches!(self.phase, Phase::Starting | Phase::Running)
    }

    /// The panes' rows before any run: one per row of the plan (`engine::plan::offline`).
    pub fn rows(plan: &[PlanStep]) -> Self {
        Self {
            steps: plan
                .iter()
                .map(|s| StepView::new(&s.id, s.side, &s.label))
                .collect(),
            ..Self::default()
        }
    }

    /// A fresh run of `plan`'s steps: every step pending.
    pub fn start(&mut self, plan: &[PlanStep]) {
        *self = Self {
            phase: Phase::Starting,
            ..Self::rows(plan)
        };
    }

    /// The indices of one side's steps, in order.
    pub fn pane(&self, side: Side) -> Vec<usize> {
        (0..self.steps.len())
            .filter(|i| self.steps[*i].side == side)
            .collect()
    }

    /// Steps in pane order (data owner's, then model owner's): what ↑/↓ walk through.
    pub fn order(&self) -> Vec<usize> {
        let mut out = self.pane(Side::DataOwner);
        out.extend(self.pane(Side::ModelOwner));
        out
    }

    /// How many steps show each mark.
    pub fn count(&self, mark: Mark) -> usize {
        let over = self.phase == Phase::Finished;
        self.steps.iter().filter(|s| s.mark(over) == mark).count()
    }

    /// Apply one progress event; `now` is when it arrived.
    pub(super) fn progress(&mut self, p: Progress, now: Instant) {
        let i = match self.steps.iter().position(|s| s.id == p.step) {
            Some(i) => i,
            None => {
                let side = match p.side {
                    Side::ModelOwner => Side::ModelOwner,
                    _ => Side::DataOwner,
                };
                self.steps.push(StepView::new(&p.step, side, ""));
                self.steps.len() - 1
            }
        };
        let step = &mut self.steps[i];
        step.state = Some(p.state);
        if p.state == StepState::Running {
            step.since = Some(now);
            step.elapsed = None;
        } else {
            step.elapsed = Some(p.elapsed);
        }
        let message = match (p.state, p.message.is_empty()) {
            (StepState::Running, true) => format!("started as {}", p.account),
            (_, true) => String::new(),
            (_, false) => p.message,
        };
        if !message.is_empty() {
            step.log.push(LogLine {
                state: p.state,
                elapsed: p.elapsed,
                message,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(step: &str, state: StepState, ms: u64, message: &str) -> Progress {
        Progress {
            step: step.into(),
            side: Side::DataOwner,
            account: "111111111111".into(),
            state,
            message: message.into(),
            elapsed: Duration::from_millis(ms),
        }
    }

    fn plan() -> Vec<PlanStep> {
        crate::engine::plan::offline(&crate::blueprint::Blueprint::starter())
    }

    #[test]
    fn a_step_goes_pending_running_done_and_keeps_its_messages() {
        let mut run = RunState::default();
        run.start(&plan());
        assert_eq!(run.steps.len(), crate::engine::catalogue::CATALOGUE.len());
        assert!(run.steps.iter().all(|s| s.mark(false) == Mark::Pending));
        let t0 = Instant::now();
        let at = run.steps.iter().position(|s| s.id == "vpc").unwrap();
        assert_eq!(run.steps[at].label, "VPC, DNS on");
        run.progress(progress("vpc", StepState::Running, 0, ""), t0);
        let vpc = &run.steps[at];
        assert_eq!(vpc.mark(false), Mark::Running);
        assert_eq!(
            vpc.shown_elapsed(t0 + Duration::from_secs(2)),
            Some(Duration::from_secs(2))
        );
        run.progress(
            progress("vpc", StepState::Done, 1_500, "vpc-1 (10.0.0.0/16)"),
            t0,
        );
        let vpc = &run.steps[at];
        assert_eq!(vpc.mark(false), Mark::Done);
        assert_eq!(
            vpc.shown_elapsed(t0 + Duration::from_secs(9)),
            Some(Duration::from_millis(1_500))
        );
        assert_eq!(vpc.log.len(), 2);
        assert_eq!(vpc.log[0].message, "started as 111111111111");
        // Not reported by the end: not started.
        assert_eq!(run.steps[0].mark(true), Mark::NotStarted);
        run.progress(
            progress("org", StepState::Pending, 0, "not started: stopping"),
            t0,
        );
        assert_eq!(run.steps[2].id, "org");
        assert_eq!(run.steps[2].mark(false), Mark::NotStarted);
    }

    #[test]
    fn the_panes_are_the_plan_rows_and_an_unknown_step_is_added_to_its_pane() {
        let mut run = RunState::rows(&plan());
        assert_eq!(run.phase, Phase::Idle);
        let ids: Vec<&str> = run
            .pane(Side::ModelOwner)
            .iter()
            .map(|i| run.steps[*i].id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "identity.model_owner",
                "iam.roles",
                "eks.cluster",
                "eks.addon.pod_identity",
                "eks.nodegroup"
            ]
        );
        let data = run.pane(Side::DataOwner).len();
        run.start(&plan());
        run.progress(
            progress("new.step", StepState::Running, 0, ""),
            Instant::now(),
        );
        assert_eq!(
            run.steps.len(),
            crate::engine::catalogue::CATALOGUE.len() + 1
        );
        assert_eq!(run.pane(Side::DataOwner).len(), data + 1);
        assert_eq!(run.order().len(), run.steps.len());
        // The model owner's steps come last in ↑/↓ order.
        assert_eq!(run.steps[run.order()[data + 1]].id, "identity.model_owner");
    }
}
