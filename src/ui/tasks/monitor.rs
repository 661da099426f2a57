//! One monitor refresh: both parties, every live check, and the resources' states.

use super::Runner;
use crate::blueprint::Blueprint;
use crate::ui::live::monitor::MonitorRequest;

pub fn spawn(_runner: &mut Runner, _req: MonitorRequest, _bp: &Blueprint) {}
