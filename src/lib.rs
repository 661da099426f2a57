//! eks-isolation: set up, prove and watch data-and-model isolation on EKS between two AWS
//! accounts. The binary is a thin shell over this library.

pub mod aws;
pub mod blueprint;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod policy;
pub mod ui;
pub mod verify;
