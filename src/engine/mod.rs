//! The engine: the ordered steps of DESIGN.md as idempotent ensure-steps, the journal, and
//! progress events. Talks to AWS only through `crate::aws`.

pub mod ctx;
pub mod journal;
pub mod plan;
pub mod progress;
pub mod steps;
