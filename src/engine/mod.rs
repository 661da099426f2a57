//! The engine: the ordered steps of DESIGN.md as idempotent ensure-steps, the journal, and
//! progress events. Talks to AWS only through `crate::aws`.

pub mod apply;
pub mod ctx;
pub mod destroy;
pub mod journal;
pub mod plan;
pub mod progress;
pub mod steps;
