//! The apply run: resolve and check both parties, open the journal, run the engine, forward
//! its progress.

use super::Runner;
use crate::blueprint::Blueprint;
use crate::ui::live::run::RunRequest;

pub fn handle(_runner: &mut Runner, _req: RunRequest, _bp: &Blueprint) {}
