//! The background work of the wizard. The event loop hands every [`Effect`] to [`Runner::run`],
//! which spawns a task with owned inputs (a blueprint snapshot, cloned SDK configurations) and
//! a sender; the task sends owned results back as [`LiveEvent`]s. The UI never awaits AWS.

mod identity;
pub mod journal;
mod monitor;
mod net;
mod plan;
mod run;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aws_config::SdkConfig;
use tokio::sync::{mpsc, watch};

use super::live::{Effect, LiveEvent};
use crate::aws::Party;
use crate::blueprint::Blueprint;
use crate::blueprint::Side;

/// Where results go.
pub type Tx = mpsc::UnboundedSender<LiveEvent>;

/// Spawns the wizard's background tasks and keeps what they share: SDK configurations per
/// credential source (so an assumed role's credentials are reused), the resolved parties, and
/// the stop signal of a running apply.
pub struct Runner {
    tx: Tx,
    state_dir: PathBuf,
    configs: Configs,
    stop: Option<watch::Sender<bool>>,
    /// Whose credentials the monitor reads with (`Both`: both, or the one that resolves).
    pub monitor_side: Side,
}

impl Runner {
    pub fn new(tx: Tx, state_dir: PathBuf) -> Self {
        Self {
            tx,
            state_dir,
            configs: Configs::default(),
            stop: None,
            monitor_side: Side::Both,
        }
    }

    /// Start the work each effect asks for, with the blueprint as it is now.
    pub fn run(&mut self, effects: Vec<Effect>, bp: &Blueprint) {
        for effect in effects {
            match effect {
                Effect::Resolve(side) => self.resolve(side, bp),
                Effect::Net(req) => net::spawn(self, req, bp),
                Effect::Run(req) => run::handle(self, req, bp),
                Effect::Monitor(req) => monitor::spawn(self, req, bp),
                Effect::ReadJournal { dir, name } => journal::spawn(self, dir, name),
                Effect::Plan(overrides) => plan::spawn(self, bp, overrides),
            }
        }
    }

    /// Ask a running apply to stop (the wizard is quitting): no new step starts.
    pub fn shutdown(&mut self) {
        if let Some(stop) = &self.stop {
            let _ = stop.send(true);
        }
    }

    fn resolve(&mut self, side: Side, bp: &Blueprint) {
        let tx = self.tx.clone();
        let bp = bp.clone();
        let key = super::live::identity_key(&bp, side);
        let configs = self.configs.clone();
        tokio::spawn(async move {
            // Built again: the config files or the SSO token may have changed since.
            let config = configs.fresh(&bp, side).await;
            let event = identity::resolve(&bp, side, key, &config).await;
            let _ = tx.send(event);
        });
    }
}

/// SDK configurations by credential source (see [`identity_key`]), shared with the tasks: a
/// profile's files are read, and a role's provider made, once; providers cache credentials.
///
/// [`identity_key`]: super::live::identity_key
#[derive(Clone, Default)]
pub struct Configs(Arc<Mutex<HashMap<String, SdkConfig>>>);

impl Configs {
    /// The SDK configuration of a side of `bp`, built on first use.
    pub async fn get(&self, bp: &Blueprint, side: Side) -> SdkConfig {
        let key = super::live::identity_key(bp, side);
        if let Some(c) = self.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        self.fresh(bp, side).await
    }

    /// Build a side's SDK configuration again and keep it for later use.
    pub async fn fresh(&self, bp: &Blueprint, side: Side) -> SdkConfig {
        let key = super::live::identity_key(bp, side);
        // The data owner's configuration only where it is needed: a one-party monitor of the
        // model owner never looks up the data owner's profile.
        let config = match side {
            Side::ModelOwner if bp.model_owner.role_arn.is_none() => {
                crate::aws::identity::model_owner_own_config(bp).await
            }
            Side::ModelOwner => {
                let data = crate::aws::identity::data_owner_config(bp).await;
                crate::aws::identity::model_owner_config(bp, &data).await
            }
            _ => crate::aws::identity::data_owner_config(bp).await,
        };
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, config.clone());
        }
        config
    }
}

/// Both parties with the blueprint as it is now: each side's configuration (cached), then
/// GetCallerIdentity of both, concurrently, checked against the blueprint's account IDs. Asked
/// again before every apply and every monitor refresh, so a switched profile is never missed.
pub async fn parties(bp: &Blueprint, configs: &Configs) -> Result<(Party, Party), String> {
    let (data_config, model_config) = tokio::join!(
        configs.get(bp, Side::DataOwner),
        configs.get(bp, Side::ModelOwner)
    );
    let (data, model) = tokio::join!(
        crate::aws::identity::resolve(bp, Side::DataOwner, data_config),
        crate::aws::identity::resolve(bp, Side::ModelOwner, model_config)
    );
    Ok((
        data.map_err(|e| e.to_string())?,
        model.map_err(|e| e.to_string())?,
    ))
}
