//! The engine: the ordered steps of DESIGN.md. Offline planning for now.

pub mod plan;
