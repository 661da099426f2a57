//! The apply run: resolve and check both parties, open the journal, run the engine, forward
//! its progress. One run at a time; a stop asks the engine to start no new step.

use tokio::sync::watch;

use super::{Runner, Tx};
use crate::blueprint::Blueprint;
use crate::engine::apply::Summary;
use crate::engine::ctx::Options;
use crate::engine::journal::Journal;
use crate::engine::run::{self, Work};
use crate::policy::overrides::Overrides;
use crate::ui::live::LiveEvent;
use crate::ui::live::run::{RunEvent, RunRequest, RunResult};

fn send(tx: &Tx, event: RunEvent) {
    let _ = tx.send(LiveEvent::Run(event));
}

pub fn handle(runner: &mut Runner, req: RunRequest, bp: &Blueprint) {
    match req {
        RunRequest::Apply(overrides) => start(runner, bp, overrides),
        RunRequest::Stop => {
            if let Some(stop) = &runner.stop {
                let _ = stop.send(true);
            }
        }
    }
}

/// Whether a run's engine is still going: its context (which holds the stop receiver) lives.
fn busy(runner: &Runner) -> bool {
    runner.stop.as_ref().is_some_and(|s| !s.is_closed())
}

fn start(runner: &mut Runner, bp: &Blueprint, overrides: Overrides) {
    if busy(runner) {
        send(
            &runner.tx,
            RunEvent::Refused("an apply is running already".into()),
        );
        return;
    }
    // Held until the engine's stop switch exists; a stop asked before then stops it at once.
    let (stop_tx, mut stop_rx) = watch::channel(false);
    runner.stop = Some(stop_tx);
    let tx = runner.tx.clone();
    let dir = runner.state_dir.clone();
    let configs = runner.configs.clone();
    let bp = bp.clone();
    tokio::spawn(async move {
        let (data, model) = match super::parties(&bp, &configs).await {
            Ok(p) => p,
            Err(e) => return send(&tx, RunEvent::Refused(e)),
        };
        let journal = match Journal::open(&dir, &bp.name) {
            Ok(j) => j,
            Err(e) => return send(&tx, RunEvent::Refused(e.to_string())),
        };
        send(
            &tx,
            RunEvent::Started {
                journal: journal.path().display().to_string(),
            },
        );
        // Stopped before the engine exists: it does not start (the engine would run its first
        // steps before the relay below could tell it).
        if *stop_rx.borrow() {
            let stopped = RunResult {
                interrupted: true,
                ..RunResult::default()
            };
            return send(&tx, RunEvent::Finished(stopped));
        }
        let run = run::start(
            Work::Apply,
            bp,
            (data, model),
            journal,
            Options::default(),
            overrides,
        );
        let engine_stop = run.stop.clone();
        let relay = tokio::spawn(async move {
            if stop_rx.wait_for(|s| *s).await.is_ok() {
                let _ = engine_stop.send(true);
            }
        });
        // Every progress event is sent before the end is.
        let forward_tx = tx.clone();
        let summary = run
            .follow(|p| send(&forward_tx, RunEvent::Progress(p)))
            .await;
        relay.abort();
        send(&tx, RunEvent::Finished(result(&summary)));
    });
}

/// A summary as the wizard shows it.
pub fn result(summary: &Summary) -> RunResult {
    let counts = summary.counts();
    RunResult {
        failures: summary.failure_lines(),
        interrupted: summary.interrupted(),
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::StepError;
    use crate::engine::progress::Outcome;

    #[test]
    fn a_summary_counts_outcomes_and_keeps_stops_out_of_the_failures() {
        let summary = Summary {
            outcomes: vec![
                ("vpc".into(), Outcome::Created("vpc-1".into())),
                ("org".into(), Outcome::Exists("o-1".into())),
                ("scp".into(), Outcome::Updated("attached".into())),
            ],
            failures: vec![
                StepError::Interrupted("eks.cluster".into()),
                StepError::Blocked {
                    step: "bucket.policy".into(),
                    reason: "no bucket".into(),
                },
            ],
            calls: Vec::new(),
        };
        let r = result(&summary);
        assert_eq!((r.created, r.updated, r.unchanged), (1, 1, 1));
        assert!(r.interrupted);
        assert_eq!(r.failures, ["step bucket.policy: no bucket"]);
    }
}
