//! The live plan: both parties resolved and checked as the apply task does, the journal opened
//! (read-only), then every step's own discovery (`engine::plan::look`), which refuses writes.

use std::path::Path;
use std::time::SystemTime;

use super::{Configs, Runner};
use crate::blueprint::Blueprint;
use crate::engine::journal::Journal;
use crate::engine::plan;
use crate::policy::overrides::Overrides;
use crate::ui::live::LiveEvent;
use crate::ui::live::monitor::clock;
use crate::ui::live::plan::{LivePlan, PlanEvent, plan_key};

pub fn spawn(runner: &Runner, bp: &Blueprint, overrides: Overrides) {
    let tx = runner.tx.clone();
    let configs = runner.configs.clone();
    let dir = runner.state_dir.clone();
    let bp = bp.clone();
    tokio::spawn(async move {
        let key = plan_key(&bp, &overrides);
        let result = look(&bp, &configs, &dir, overrides).await;
        let _ = tx.send(LiveEvent::Plan(PlanEvent { key, result }));
    });
}

async fn look(
    bp: &Blueprint,
    configs: &Configs,
    dir: &Path,
    overrides: Overrides,
) -> Result<LivePlan, String> {
    let (data, model) = super::parties(bp, configs).await?;
    let journal = Journal::open(dir, &bp.name).map_err(|e| e.to_string())?;
    let looked = plan::look(bp, &data, &model, journal, overrides).await;
    Ok(LivePlan {
        rows: looked.rows,
        ids: looked.records.into_iter().map(|r| (r.key, r.id)).collect(),
        calls: looked.calls.len(),
        at: clock(SystemTime::now()),
    })
}
