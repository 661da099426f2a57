//! Progress events: what the engine tells the UI (panes) and headless mode (lines or JSON).

use std::time::Duration;

use serde::Serialize;

use crate::blueprint::Side;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Pending,
    Running,
    Done,
    Skipped,
    Failed,
}

/// One step's news.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub step: String,
    pub side: Side,
    pub account: String,
    pub state: StepState,
    pub message: String,
    #[serde(rename = "elapsed_ms", serialize_with = "millis")]
    pub elapsed: Duration,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// What an ensure-step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Made something new (the message names it).
    Created(String),
    /// Found it as wanted; nothing to do.
    Exists(String),
    /// Found it, and corrected what drifted.
    Updated(String),
}

impl Outcome {
    pub fn message(&self) -> &str {
        match self {
            Self::Created(m) | Self::Exists(m) | Self::Updated(m) => m,
        }
    }

    pub fn state(&self) -> StepState {
        match self {
            Self::Exists(_) => StepState::Skipped,
            _ => StepState::Done,
        }
    }
}
