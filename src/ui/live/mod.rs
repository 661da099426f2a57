//! What the wizard knows about the live accounts. Values arrive as [`LiveEvent`]s from the
//! background tasks of `ui::tasks`; the wizard asks for work by pushing [`Effect`]s, which the
//! event loop hands to the task runner. Nothing here awaits anything.

pub mod monitor;
pub mod net;
pub mod plan;
pub mod run;
mod update;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::blueprint::Side;
use crate::ui::recorded::Recorded;

/// The tick while a spinner turns.
pub const SPINNER: Duration = Duration::from_millis(100);

/// A value that comes from AWS: not asked yet, on its way, here, or an error to show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Loadable<T> {
    #[default]
    Idle,
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(v) => Some(v),
            _ => None,
        }
    }

    pub fn from_result(r: Result<T, String>) -> Self {
        match r {
            Ok(v) => Self::Ready(v),
            Err(e) => Self::Failed(e),
        }
    }
}

/// A live caller identity as the screens show it (never a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityView {
    pub account: String,
    pub arn: String,
    pub region: String,
    /// `profile data-owner`, `role arn:…`, `default credentials`.
    pub source: String,
}

/// What a background task sends back: owned data only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// GetCallerIdentity of one side; `key` says which request it answers (see
    /// [`identity_key`]), so an answer for a profile since changed is dropped.
    Identity {
        side: Side,
        key: String,
        result: Result<IdentityView, String>,
    },
    Net(net::NetEvent),
    Run(run::RunEvent),
    Monitor(monitor::MonitorEvent),
    Plan(plan::PlanEvent),
    /// The journal of blueprint `name` in `dir`, as read (see `ui::recorded`).
    Journal {
        dir: PathBuf,
        name: String,
        recorded: Recorded,
    },
}

/// Work the wizard asks for. The event loop takes them from [`App::effects`] after each update.
///
/// [`App::effects`]: crate::ui::App
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Resolve one side's identity with the blueprint as it is now.
    Resolve(Side),
    Net(net::NetRequest),
    Run(run::RunRequest),
    Monitor(monitor::MonitorRequest),
    /// The live plan of the blueprint as it is now, with these policy edits (read-only).
    Plan(crate::policy::overrides::Overrides),
    /// Read the journal of blueprint `name` in `dir` (read-only).
    ReadJournal {
        dir: PathBuf,
        name: String,
    },
}

/// The live side of the wizard's state.
#[derive(Debug, Clone)]
pub struct Live {
    pub data_identity: Loadable<IdentityView>,
    pub model_identity: Loadable<IdentityView>,
    /// The request key each identity answers (see [`identity_key`]).
    pub identity_keys: [String; 2],
    pub net: net::NetState,
    pub run: run::RunState,
    pub plan: plan::PlanState,
    pub monitor: monitor::MonitorState,
    /// The time drawing uses (set by the event loop before each update; fixed in tests).
    pub now: Instant,
    /// Spinner frame, advanced by ticks.
    pub spinner: usize,
    /// How often the monitor refreshes.
    pub interval: Duration,
    /// Whether the journal was asked for (a renamed blueprint's is then asked for too).
    pub journal_asked: bool,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            data_identity: Loadable::Idle,
            model_identity: Loadable::Idle,
            identity_keys: [String::new(), String::new()],
            net: net::NetState::default(),
            run: run::RunState::default(),
            plan: plan::PlanState::default(),
            monitor: monitor::MonitorState::default(),
            now: Instant::now(),
            spinner: 0,
            interval: Duration::from_secs(30),
            journal_asked: false,
        }
    }
}

impl Live {
    pub fn identity(&self, side: Side) -> &Loadable<IdentityView> {
        match side {
            Side::ModelOwner => &self.model_identity,
            _ => &self.data_identity,
        }
    }

    pub fn identity_mut(&mut self, side: Side) -> &mut Loadable<IdentityView> {
        match side {
            Side::ModelOwner => &mut self.model_identity,
            _ => &mut self.data_identity,
        }
    }

    /// How often the loop ticks: while a spinner (a plan or list being read, an identity being
    /// resolved) or a running step's elapsed time shows,
    /// [`SPINNER`]; while only the monitor's countdown does, once a second; else never.
    pub fn tick_period(&self) -> Option<Duration> {
        if self.data_identity.is_loading()
            || self.model_identity.is_loading()
            || self.net.loading()
            || self.run.running()
            || self.plan.in_flight
            || self.monitor.in_flight
        {
            Some(SPINNER)
        } else if self.monitor.active() {
            Some(Duration::from_secs(1))
        } else {
            None
        }
    }
}

/// What an identity request depends on: the side's profile/role, the region, and (for a model
/// owner that assumes a role) the data owner's profile.
pub fn identity_key(bp: &crate::blueprint::Blueprint, side: Side) -> String {
    let source = crate::aws::identity::source_of(bp, side);
    match side {
        Side::ModelOwner if bp.model_owner.role_arn.is_some() => format!(
            "{source}|{}|via {}",
            bp.region,
            crate::aws::identity::source_of(bp, Side::DataOwner)
        ),
        _ => format!("{source}|{}", bp.region),
    }
}

/// The braille spinner frame for a tick count.
pub fn spinner_frame(n: usize) -> char {
    const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    FRAMES[n % FRAMES.len()]
}

/// `12s`, `3m04s`: elapsed time as the panes show it.
pub fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{}.{}s", s, d.subsec_millis() / 100)
    } else {
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_as_seconds_then_minutes() {
        assert_eq!(elapsed(Duration::from_millis(3_450)), "3.4s");
        assert_eq!(elapsed(Duration::from_secs(184)), "3m04s");
    }

    #[test]
    fn the_identity_key_follows_what_the_request_depends_on() {
        let mut bp = crate::blueprint::Blueprint::starter();
        let a = identity_key(&bp, Side::ModelOwner);
        bp.model_owner.role_arn = Some("arn:aws:iam::222222222222:role/R".into());
        let b = identity_key(&bp, Side::ModelOwner);
        assert_ne!(a, b);
        bp.data_owner.profile = Some("other".into());
        assert_ne!(b, identity_key(&bp, Side::ModelOwner));
        assert_eq!(
            identity_key(&bp, Side::DataOwner),
            "profile other|us-east-1"
        );
    }
}
