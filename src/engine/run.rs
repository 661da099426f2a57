//! One way to start a run, for the CLI and the wizard alike: the context, the progress channel
//! and the stop switch, the work spawned on the runtime, and its summary at the end.

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::apply::{Summary, apply};
use super::ctx::{Ctx, Options};
use super::destroy::destroy;
use super::journal::Journal;
use super::progress::Progress;
use crate::aws::Party;
use crate::blueprint::Blueprint;
use crate::policy::overrides::Overrides;

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Apply,
    Destroy,
}

/// A run under way.
pub struct Run {
    /// Every step's news, in order; closed when the run is over.
    pub progress: mpsc::UnboundedReceiver<Progress>,
    /// Send `true` to stop: no new step starts, the running calls finish.
    pub stop: watch::Sender<bool>,
    /// The summary, once every step is over.
    pub done: JoinHandle<Summary>,
}

/// Start `work` on the current runtime with both parties (already resolved and checked).
pub fn start(
    work: Work,
    bp: Blueprint,
    parties: (Party, Party),
    journal: Journal,
    options: Options,
    overrides: Overrides,
) -> Run {
    let (progress_tx, progress) = mpsc::unbounded_channel();
    let (stop, stop_rx) = watch::channel(false);
    let ctx = Ctx::new(bp, parties.0, parties.1, journal, progress_tx, stop_rx)
        .with_options(options)
        .with_overrides(overrides);
    let done = tokio::spawn(async move {
        let mut summary = match work {
            Work::Apply => apply(&ctx).await,
            Work::Destroy => destroy(&ctx).await,
        };
        summary.calls = ctx.calls();
        summary
    });
    Run {
        progress,
        stop,
        done,
    }
}

impl Run {
    /// Hand every progress event to `each` until the run is over; then its summary.
    pub async fn follow(mut self, mut each: impl FnMut(Progress)) -> Summary {
        while let Some(p) = self.progress.recv().await {
            each(p);
        }
        self.done.await.unwrap_or_default()
    }
}
