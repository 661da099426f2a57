//! One monitor refresh: both parties, every live check, and the resources' states. An identity
//! that does not resolve (or is not the blueprint's account) is this refresh's error; the
//! monitor tries again at the next interval.

use std::path::Path;
use std::time::SystemTime;

use super::{Configs, Runner};
use crate::blueprint::Blueprint;
use crate::engine::journal::Journal;
use crate::ui::live::LiveEvent;
use crate::ui::live::monitor::{MonitorEvent, MonitorRequest, Snapshot, StatusRow, Tone, clock};
use crate::verify::{KnownIds, live_checks, read_state};

pub fn spawn(runner: &mut Runner, req: MonitorRequest, bp: &Blueprint) {
    match req {
        MonitorRequest::Refresh => {
            let tx = runner.tx.clone();
            let configs = runner.configs.clone();
            let dir = runner.state_dir.clone();
            let bp = bp.clone();
            tokio::spawn(async move {
                let result = refresh(&bp, &configs, &dir).await;
                let at = clock(SystemTime::now());
                let _ = tx.send(LiveEvent::Monitor(MonitorEvent::Refreshed { at, result }));
            });
        }
    }
}

async fn refresh(bp: &Blueprint, configs: &Configs, dir: &Path) -> Result<Snapshot, String> {
    let (data, model) = super::parties(bp, configs).await?;
    let (ids, journal_error) = match Journal::open(dir, &bp.name) {
        Ok(j) => (KnownIds::from_journal(bp, &j), None),
        Err(e) => (KnownIds::from_blueprint(bp), Some(e.to_string())),
    };
    let state = read_state(bp, &data, &model, &ids).await;
    let report = live_checks(bp, &state);
    let mut snapshot = Snapshot::new(bp, &state, &report);
    if let Some(e) = journal_error {
        // Read by the blueprint's IDs and tags only.
        snapshot.status.insert(
            0,
            StatusRow {
                tone: Tone::Unknown,
                label: "journal".into(),
                value: e,
                detail: false,
            },
        );
    }
    Ok(snapshot)
}
