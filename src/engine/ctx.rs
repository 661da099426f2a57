//! What every step gets: the blueprint, both parties, the journal, the progress channel and the
//! stop signal. A step runs with its own side's clients only.

use std::future::Future;
use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::{mpsc, watch};

use super::journal::{Journal, JournalError, Record};
pub use super::notes::Note;
use super::progress::{Outcome, Progress, StepState};
use crate::aws::{AwsError, CallLog, Clients, Party};
use crate::blueprint::Blueprint;
use crate::blueprint::Side;
use crate::policy::effective::effective;
use crate::policy::generate::GeneratedPolicies;
use crate::policy::overrides::Overrides;

/// Why a step did not finish.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("step {step} ({side} {account}): {error}; {hint}")]
    Aws {
        step: String,
        side: &'static str,
        account: String,
        error: Box<AwsError>,
        hint: String,
    },
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("step {step}: {reason}")]
    Blocked { step: String, reason: String },
    #[error("stopped before step {0}")]
    Interrupted(String),
    /// Planning only: the step needs `on`, which this run would create first.
    #[error("step {step} waits for {on}, which this run creates first")]
    Waits { step: String, on: String },
}

/// What to do about an AWS error, in one clause.
pub fn hint(error: &AwsError, side: &str) -> String {
    let code = error.code.as_deref().unwrap_or_default();
    if error.is_access_denied() {
        format!("give the {side} identity permission for {}", error.call)
    } else if code.contains("DependencyViolation") || code.contains("InUse") {
        "something else still uses it: remove that first, then run again".to_string()
    } else if code.contains("LimitExceeded") || code.contains("QuotaExceeded") {
        "a service quota is reached: raise it or free one, then run again".to_string()
    } else if code.contains("Throttl") {
        "AWS is throttling: run again later (the journal keeps what is done)".to_string()
    } else {
        "fix the cause and run again: finished steps are kept in the journal".to_string()
    }
}

/// Read-only answers several steps of one run need: asked once, then shared.
#[derive(Default)]
pub struct RunCache {
    /// DescribeVpcEndpointServices of the data owner's region.
    pub endpoint_services: tokio::sync::OnceCell<Vec<crate::aws::ec2::EndpointService>>,
}

/// Whether a run changes the accounts (apply, destroy) or only looks (the live plan, and
/// destroy's search by tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    Plan,
}

/// What destroy may do beyond the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Delete the data bucket even when it still holds objects (`destroy --delete-data`).
    pub delete_data: bool,
}

pub struct Ctx {
    pub bp: Blueprint,
    /// Policies written in place of generated ones (see [`Ctx::policies`]).
    overrides: Overrides,
    pub cache: RunCache,
    pub data: Party,
    pub model: Party,
    pub options: Options,
    mode: Mode,
    /// What planning noticed a step would do (taken after each step).
    notes: Mutex<Vec<Note>>,
    /// Journal keys a plan would create: a step that needs one waits for it.
    planned: Mutex<Vec<String>>,
    calls: CallLog,
    journal: Mutex<Journal>,
    progress: mpsc::UnboundedSender<Progress>,
    stop: watch::Receiver<bool>,
}

impl Ctx {
    pub fn new(
        bp: Blueprint,
        data: Party,
        model: Party,
        journal: Journal,
        progress: mpsc::UnboundedSender<Progress>,
        stop: watch::Receiver<bool>,
    ) -> Self {
        Self {
            bp,
            overrides: Overrides::new(),
            cache: RunCache::default(),
            data,
            model,
            options: Options::default(),
            mode: Mode::Apply,
            notes: Mutex::default(),
            planned: Mutex::default(),
            calls: CallLog::new(),
            journal: Mutex::new(journal),
            progress,
            stop,
        }
    }

    /// The same context, planning: every client refuses writes, the journal is kept in memory,
    /// and steps note what they would do instead of doing it.
    #[must_use]
    pub fn planning(mut self) -> Self {
        self.mode = Mode::Plan;
        self.calls = self.calls.to_read_only();
        let journal = self
            .journal
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.journal = Mutex::new(journal.detached());
        self
    }

    /// The same context, its clients built with this call log (tests: one carrying mocked
    /// answers, [`CallLog::with_interceptor`]).
    #[must_use]
    pub fn with_calls(mut self, calls: CallLog) -> Self {
        self.calls = calls;
        self
    }

    #[must_use]
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The clients of a side; every call they make is in [`Ctx::calls`].
    pub fn clients(&self, side: Side) -> Clients<'_> {
        Clients {
            config: &self.party(side).config,
            log: &self.calls,
        }
    }

    /// Every AWS call this run made, as `service:Operation`.
    pub fn calls(&self) -> Vec<String> {
        self.calls.calls()
    }

    /// Put these policies in place of the generated ones (the wizard's edits, the files beside
    /// the blueprint).
    #[must_use]
    pub fn with_overrides(mut self, overrides: Overrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// The policies to put: generated, with the overrides in their place, naming the S3
    /// gateway endpoint `s3_endpoint_id` once it is known (else the blueprint's, else the
    /// placeholder). What `check`, `plan` and the wizard judged.
    pub fn policies(&self, s3_endpoint_id: Option<&str>) -> GeneratedPolicies {
        effective(&self.bp, &self.overrides, s3_endpoint_id)
    }

    pub fn party(&self, side: Side) -> &Party {
        match side {
            Side::ModelOwner => &self.model,
            _ => &self.data,
        }
    }

    /// The tag every created resource carries: `eks-isolation:blueprint = <name>`.
    pub fn tag(&self) -> (&'static str, &str) {
        crate::blueprint::names::tag(&self.bp)
    }

    /// The journal's record for a key.
    pub fn recorded(&self, key: &str) -> Option<Record> {
        self.journal.lock().ok().and_then(|j| j.get(key).cloned())
    }

    /// The record a step depends on; when planning and this run would create it first, the
    /// step waits for it ([`StepError::Waits`]); else it is blocked until its step has run.
    pub fn need(&self, step: &str, key: &str) -> Result<Record, StepError> {
        if let Some(r) = self.recorded(key) {
            return Ok(r);
        }
        if self.is_planned(key) {
            return Err(StepError::Waits {
                step: step.to_string(),
                on: key.to_string(),
            });
        }
        Err(StepError::Blocked {
            step: step.to_string(),
            reason: format!("no `{key}` in the journal yet: run its step first"),
        })
    }

    /// Every record (for destroy).
    pub fn records(&self) -> Vec<Record> {
        self.journal
            .lock()
            .map(|j| j.records().to_vec())
            .unwrap_or_default()
    }

    /// Record a resource the moment it exists.
    pub fn record(
        &self,
        key: &str,
        kind: &str,
        id: &str,
        side: Side,
        created: bool,
    ) -> Result<(), StepError> {
        let account = self.party(side).identity.account.clone();
        let mut journal = self.journal.lock().map_err(|_| poisoned())?;
        if self.mode == Mode::Plan && !created && journal.get(key).is_none_or(|r| r.id != id) {
            self.note(Note::Adopt(format!("adopt {id}")));
        }
        journal.record(Record {
            key: key.to_string(),
            kind: kind.to_string(),
            id: id.to_string(),
            side,
            account,
            created,
            recorded_at: 0,
        })?;
        Ok(())
    }

    /// Forget a resource that is gone.
    pub fn forget(&self, key: &str) -> Result<(), StepError> {
        let mut journal = self.journal.lock().map_err(|_| poisoned())?;
        journal.remove(key)?;
        Ok(())
    }

    pub(super) fn notes_list(&self) -> &Mutex<Vec<Note>> {
        &self.notes
    }

    pub(super) fn planned_keys(&self) -> &Mutex<Vec<String>> {
        &self.planned
    }

    /// Whether a stop was asked for (Ctrl-C): no new step starts after it.
    pub fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Tell the listeners about a step.
    pub fn emit(
        &self,
        step: &str,
        side: Side,
        state: StepState,
        message: impl Into<String>,
        started: Instant,
    ) {
        let _ = self.progress.send(Progress {
            step: step.to_string(),
            side,
            account: self.party(side).identity.account.clone(),
            state,
            message: message.into(),
            elapsed: started.elapsed(),
        });
    }

    /// Run one step: refuse to start when stopping, report running, then its outcome.
    pub async fn step<Fut>(&self, id: &str, side: Side, work: Fut) -> Result<Outcome, StepError>
    where
        Fut: Future<Output = Result<Outcome, StepError>>,
    {
        let started = Instant::now();
        if self.stopping() {
            self.emit(
                id,
                side,
                StepState::Pending,
                "not started: stopping",
                started,
            );
            return Err(StepError::Interrupted(id.to_string()));
        }
        self.emit(id, side, StepState::Running, "", started);
        let result = work.await;
        match &result {
            Ok(outcome) => self.emit(id, side, outcome.state(), outcome.message(), started),
            Err(e) => self.emit(id, side, StepState::Failed, e.to_string(), started),
        }
        result
    }

    /// An AWS error inside step `step` of `side`, with what to do about it.
    pub fn aws_error(&self, step: &str, side: Side, error: AwsError) -> StepError {
        let side_name = side.as_str();
        StepError::Aws {
            step: step.to_string(),
            side: side_name,
            account: self.party(side).identity.account.clone(),
            hint: hint(&error, side_name),
            error: Box::new(error),
        }
    }
}

fn poisoned() -> StepError {
    StepError::Blocked {
        step: "journal".into(),
        reason: "the journal lock was poisoned by a failed step".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aws_failure_is_one_line_naming_step_side_call_and_what_to_do() {
        let e = StepError::Aws {
            step: "vpc.ensure".into(),
            side: "data owner",
            account: "111111111111".into(),
            hint: hint(
                &AwsError {
                    call: "ec2:CreateVpc",
                    code: Some("UnauthorizedOperation".into()),
                    message: "You are not authorized".into(),
                },
                "data owner",
            ),
            error: Box::new(AwsError {
                call: "ec2:CreateVpc",
                code: Some("UnauthorizedOperation".into()),
                message: "You are not authorized".into(),
            }),
        };
        assert_eq!(
            e.to_string(),
            "step vpc.ensure (data owner 111111111111): ec2:CreateVpc: UnauthorizedOperation: \
             You are not authorized; give the data owner identity permission for ec2:CreateVpc"
        );
    }

    #[test]
    fn hints_follow_the_error_code() {
        let e = |code: &str| AwsError {
            call: "ec2:DeleteVpc",
            code: Some(code.into()),
            message: String::new(),
        };
        assert!(
            hint(&e("DependencyViolation"), "data owner")
                .starts_with("something else still uses it")
        );
        assert!(hint(&e("VpcLimitExceeded"), "data owner").starts_with("a service quota"));
        assert!(hint(&e("Throttling"), "data owner").contains("journal"));
        assert!(hint(&e("InternalError"), "data owner").contains("journal"));
    }
}
