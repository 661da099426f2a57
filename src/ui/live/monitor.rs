//! The monitor: every THREATS.md check, refreshed on an interval, and what changed.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorRequest {
    /// Read both accounts once and judge every check.
    Refresh,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorEvent {
    Refreshed(Result<String, String>),
}

#[derive(Debug, Clone, Default)]
pub struct MonitorState {
    pub on: bool,
    pub in_flight: bool,
}

impl MonitorState {
    /// Whether the monitor's countdown is on screen (ticks needed).
    pub fn active(&self) -> bool {
        self.on
    }
}

impl crate::ui::App {
    /// A tick: refresh when the interval is over and no refresh is on its way.
    pub(crate) fn monitor_tick(&mut self) {}
}

impl crate::ui::App {
    pub(crate) fn on_monitor(&mut self, _event: MonitorEvent) {}
}
