//! apply: every step of the catalogue, each as soon as the steps it needs have gone through,
//! independent ones concurrently.
//!
//! A step whose needs failed does not start (it says so); the others go on to the end of their
//! own work, so one run does as much as it can and a re-run (discover-first steps) converges.
//! After a stop (Ctrl-C) no new step starts; the running calls finish.

use futures::future::join_all;
use tokio::sync::watch;

use super::catalogue::{CATALOGUE, Step};
use super::ctx::{Ctx, StepError};
use super::progress::{Outcome, StepState};

/// The result of a run: every step's outcome in catalogue order, and every failure.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<(String, Outcome)>,
    pub failures: Vec<StepError>,
    /// Every AWS call the run made, as `service:Operation` (filled by [`super::run`]).
    pub calls: Vec<String>,
}

/// A summary as both the CLI and the wizard count it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Failures, stops not counted.
    pub failed: usize,
}

impl Summary {
    pub fn interrupted(&self) -> bool {
        self.failures
            .iter()
            .any(|f| matches!(f, StepError::Interrupted(_)))
    }

    /// How many steps' outcomes `pick` chooses.
    pub fn count(&self, pick: fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| pick(o)).count()
    }

    /// Created, updated (destroy: removed), unchanged (destroy: kept or gone), failed.
    pub fn counts(&self) -> Counts {
        Counts {
            created: self.count(|o| matches!(o, Outcome::Created(_))),
            updated: self.count(|o| matches!(o, Outcome::Updated(_))),
            unchanged: self.count(|o| matches!(o, Outcome::Exists(_))),
            failed: self.failure_lines().len(),
        }
    }

    /// How many of the run's AWS calls only read, and how many wrote.
    pub fn reads_and_writes(&self) -> (usize, usize) {
        let reads = self
            .calls
            .iter()
            .filter(|c| crate::aws::calls::is_read(c.split(':').nth(1).unwrap_or_default()))
            .count();
        (reads, self.calls.len() - reads)
    }

    /// Every failure, one line each, leaving out the steps a stop kept from starting.
    pub fn failure_lines(&self) -> Vec<String> {
        self.failures
            .iter()
            .filter(|f| !matches!(f, StepError::Interrupted(_)))
            .map(ToString::to_string)
            .collect()
    }
}

/// Apply the blueprint: every step of the catalogue.
pub async fn apply(ctx: &Ctx) -> Summary {
    run_steps(ctx, CATALOGUE).await
}

/// Run `steps`, each once the steps it needs (among them) have gone through.
pub async fn run_steps(ctx: &Ctx, steps: &[Step]) -> Summary {
    let channels: Vec<_> = steps.iter().map(|_| watch::channel(None::<bool>)).collect();
    let runs = steps.iter().zip(&channels).map(|(step, (done, _))| {
        let needs: Vec<(&str, watch::Receiver<Option<bool>>)> = step
            .after
            .iter()
            .filter_map(|dep| {
                let i = steps.iter().position(|s| s.id == *dep)?;
                Some((*dep, channels[i].1.clone()))
            })
            .collect();
        async move {
            for (dep, rx) in needs {
                if !went_through(rx).await {
                    let _ = done.send(Some(false));
                    ctx.emit(
                        step.id,
                        step.side,
                        StepState::Pending,
                        format!("not started: {dep} did not go through"),
                        std::time::Instant::now(),
                    );
                    return None;
                }
            }
            let result = ctx.step(step.id, step.side, (step.ensure)(ctx)).await;
            let _ = done.send(Some(result.is_ok()));
            Some((step.id, result))
        }
    });
    let mut summary = Summary::default();
    for (id, result) in join_all(runs).await.into_iter().flatten() {
        match result {
            Ok(outcome) => summary.outcomes.push((id.to_string(), outcome)),
            Err(e) => summary.failures.push(e),
        }
    }
    summary
}

/// Wait until a step is over; whether it went through.
async fn went_through(mut rx: watch::Receiver<Option<bool>>) -> bool {
    match rx.wait_for(Option::is_some).await {
        Ok(v) => v.unwrap_or(false),
        Err(_) => false,
    }
}
