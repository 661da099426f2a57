//! The engine: the catalogue of DESIGN.md's steps as idempotent ensure-steps, the live plan
//! (the same steps, only looking), apply, destroy, the journal, and progress events. Talks to AWS only through `crate::aws`.

pub mod apply;
pub mod catalogue;
pub mod ctx;
pub mod destroy;
pub mod journal;
pub mod notes;
pub mod plan;
pub mod progress;
pub mod run;
pub mod steps;
