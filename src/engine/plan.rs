//! The ordered steps of the flow, per account, from a blueprint.

use serde::Serialize;

use crate::blueprint::Blueprint;

/// Which account a step runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    DataOwner,
    ModelOwner,
    Both,
}

/// One planned step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// DESIGN.md step number (1–10).
    pub step: u8,
    pub id: String,
    pub side: Side,
    pub account: String,
    pub action: String,
    pub resource: String,
    /// `None` offline (not known); `Some(true)` when discovered live.
    pub exists: Option<bool>,
}

/// The plan without looking at AWS.
pub fn offline(bp: &Blueprint) -> Vec<PlanStep> {
    let _ = bp;
    todo!("plan")
}
