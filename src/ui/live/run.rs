//! The apply run as the wizard shows it: every step's state from the engine's progress events.

use crate::engine::progress::Progress;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRequest {
    /// Resolve and check both identities, then apply the blueprint as it is now.
    Apply,
    /// Stop safely: no new step starts; running calls finish; the journal keeps what is done.
    Stop,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEvent {
    Progress(Progress),
    /// The run could not start (identities, journal).
    Refused(String),
    /// The run is over.
    Finished {
        failures: Vec<String>,
        interrupted: bool,
    },
}

#[derive(Debug, Clone, Default)]
pub struct RunState {
    pub started: bool,
    pub finished: bool,
}

impl RunState {
    pub fn running(&self) -> bool {
        self.started && !self.finished
    }
}

impl crate::ui::App {
    pub(crate) fn on_run(&mut self, _event: RunEvent) {}
}
