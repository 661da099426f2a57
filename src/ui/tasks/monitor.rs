//! One monitor refresh: the parties, every live check, and the resources' states. An identity
//! that is not the blueprint's account is this refresh's error; the monitor tries again at the
//! next interval. When only one party's credentials can be had (the other's give none), the
//! refresh runs with that party alone and says so: the other party's checks are undecided.
//! `watch --side` fixes the party: the other one's credentials are then never asked.

use std::path::Path;
use std::time::SystemTime;

use super::{Configs, Runner};
use crate::aws::Party;
use crate::aws::identity::{IdentityError, resolve};
use crate::blueprint::{Blueprint, Side};
use crate::engine::journal::Journal;
use crate::ui::live::LiveEvent;
use crate::ui::live::monitor::{
    MonitorEvent, MonitorRequest, Snapshot, StatusRow, Tone, alone_note, clock,
};
use crate::verify::{KnownIds, live_checks, read_state};

pub fn spawn(runner: &mut Runner, req: MonitorRequest, bp: &Blueprint) {
    match req {
        MonitorRequest::Refresh => {
            let tx = runner.tx.clone();
            let configs = runner.configs.clone();
            let dir = runner.state_dir.clone();
            let side = runner.monitor_side;
            let bp = bp.clone();
            tokio::spawn(async move {
                let result = refresh(&bp, &configs, &dir, side).await;
                let at = clock(SystemTime::now());
                let _ = tx.send(LiveEvent::Monitor(MonitorEvent::Refreshed { at, result }));
            });
        }
    }
}

/// The parties a refresh reads with, and why one is left out (when one is).
pub(crate) struct Parties {
    pub data: Option<Party>,
    pub model: Option<Party>,
    pub why_alone: Option<String>,
}

/// One party's identity; `alone`: in a run without the other party, so a model owner reached
/// through a role assumed with the data owner's credentials is refused.
async fn one(
    bp: &Blueprint,
    configs: &Configs,
    side: Side,
    alone: bool,
) -> Result<Party, IdentityError> {
    if alone
        && side == Side::ModelOwner
        && let Some(role) = &bp.model_owner.role_arn
    {
        return Err(IdentityError::RoleNeedsDataOwner { role: role.clone() });
    }
    resolve(bp, side, configs.get(bp, side).await).await
}

/// `side`'s party alone, or (`Both`) both; with `Both`, a party whose credentials give no
/// identity is left out when the other resolves. A wrong account is always an error.
async fn parties(bp: &Blueprint, configs: &Configs, side: Side) -> Result<Parties, String> {
    let alone = |side: Side| {
        let flag = if side == Side::ModelOwner {
            "model-owner"
        } else {
            "data-owner"
        };
        format!("watch --side {flag} runs with that party's credentials only")
    };
    match side {
        Side::DataOwner => Ok(Parties {
            data: Some(
                one(bp, configs, side, true)
                    .await
                    .map_err(|e| e.to_string())?,
            ),
            model: None,
            why_alone: Some(alone(side)),
        }),
        Side::ModelOwner => Ok(Parties {
            data: None,
            model: Some(
                one(bp, configs, side, true)
                    .await
                    .map_err(|e| e.to_string())?,
            ),
            why_alone: Some(alone(side)),
        }),
        Side::Both => {
            let (data, model) = tokio::join!(
                one(bp, configs, Side::DataOwner, false),
                one(bp, configs, Side::ModelOwner, false)
            );
            match (data, model) {
                (Ok(d), Ok(m)) => Ok(Parties {
                    data: Some(d),
                    model: Some(m),
                    why_alone: None,
                }),
                (Ok(d), Err(e @ IdentityError::Credentials { .. })) => Ok(Parties {
                    data: Some(d),
                    model: None,
                    why_alone: Some(e.to_string()),
                }),
                (Err(e @ IdentityError::Credentials { .. }), Ok(m)) => Ok(Parties {
                    data: None,
                    model: Some(m),
                    why_alone: Some(e.to_string()),
                }),
                (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
            }
        }
    }
}

async fn refresh(
    bp: &Blueprint,
    configs: &Configs,
    dir: &Path,
    side: Side,
) -> Result<Snapshot, String> {
    let p = parties(bp, configs, side).await?;
    let (ids, journal_error) = match Journal::open(dir, &bp.name) {
        Ok(j) => (KnownIds::from_journal(bp, &j), None),
        Err(e) => (KnownIds::from_blueprint(bp), Some(e.to_string())),
    };
    let state = read_state(bp, p.data.as_ref(), p.model.as_ref(), &ids).await;
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
    if let Some(why) = &p.why_alone {
        let ran = if p.data.is_some() {
            Side::DataOwner
        } else {
            Side::ModelOwner
        };
        snapshot.alone = Some(alone_note(ran, why));
    }
    Ok(snapshot)
}
