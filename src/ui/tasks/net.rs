//! Live lists for the pickers.

use super::Runner;
use crate::blueprint::Blueprint;
use crate::ui::live::net::NetRequest;

pub fn spawn(_runner: &mut Runner, _req: NetRequest, _bp: &Blueprint) {}
