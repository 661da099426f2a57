//! The monitor: every THREATS.md check, refreshed on an interval, and what changed. A check
//! going from pass to failing raises an alert (shown on top until it passes again); every
//! change is kept in the event list with its wall-clock time.

mod judge;

pub use judge::{CheckRow, Snapshot, StatusRow, Tone, Verdict, checklist, status};

use std::time::{Instant, SystemTime};

use ratatui::layout::Rect;

use crate::blueprint::Side;
use crate::policy::analyze::CheckId;
use crate::ui::live::Effect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorRequest {
    /// Read both accounts once and judge every check.
    Refresh,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorEvent {
    /// One refresh's answer; `at`: when it came (UTC `HH:MM:SS`).
    Refreshed {
        at: String,
        result: Result<Snapshot, String>,
    },
}

/// What the Monitor screen's keys ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorAction {
    Refresh,
    Up,
    Down,
    /// A left click in the main area: (the area, column, row).
    Click(Rect, u16, u16),
}

/// A check that went from pass to failing, and still fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: CheckId,
    pub verdict: Verdict,
    pub since: String,
    pub detail: String,
}

/// One entry of the event list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorLog {
    pub at: String,
    /// A symbol of what it says (✗ ⚠ ✓ ? ℹ).
    pub symbol: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct MonitorState {
    pub on: bool,
    pub in_flight: bool,
    /// When the next refresh is due.
    pub next_at: Option<Instant>,
    /// The last refresh that read both accounts.
    pub snapshot: Option<Snapshot>,
    /// When it came.
    pub refreshed_at: Option<String>,
    /// The last refresh, when it failed: (when, why).
    pub error: Option<(String, String)>,
    /// The party `watch --side` fixed (`None`: both, or the one that resolves).
    pub side: Option<Side>,
    /// Checks that went from pass to failing and fail still, latest last.
    pub alerts: Vec<Alert>,
    /// Every change seen, oldest first.
    pub events: Vec<MonitorLog>,
}

impl MonitorState {
    /// Whether the monitor's countdown is on screen (ticks needed).
    pub fn active(&self) -> bool {
        self.on
    }

    /// Compare a refresh with the one before: log every change, raise and clear alerts.
    fn compare(&mut self, at: &str, new: &Snapshot) {
        let Some(old) = &self.snapshot else {
            self.events.push(MonitorLog {
                at: at.to_string(),
                symbol: "ℹ",
                text: format!(
                    "first reading: {} pass, {} failing, {} undecided",
                    new.count(Verdict::Pass),
                    new.checks.iter().filter(|c| c.verdict.failing()).count(),
                    new.count(Verdict::Undecided)
                ),
            });
            return;
        };
        for row in &new.checks {
            let Some(before) = old.checks.iter().find(|c| c.id == row.id) else {
                continue;
            };
            if before.verdict == row.verdict {
                continue;
            }
            let mut text = format!(
                "{} {} → {}",
                row.id,
                before.verdict.word(),
                row.verdict.word()
            );
            if !row.detail.is_empty() {
                text.push_str(&format!(": {}", row.detail));
            }
            self.events.push(MonitorLog {
                at: at.to_string(),
                symbol: row.verdict.symbol(),
                text,
            });
            if row.verdict.failing() && !before.verdict.failing() {
                if before.verdict == Verdict::Pass {
                    self.alerts.retain(|a| a.id != row.id);
                    self.alerts.push(Alert {
                        id: row.id,
                        verdict: row.verdict,
                        since: at.to_string(),
                        detail: row.detail.clone(),
                    });
                }
            } else if !row.verdict.failing() {
                self.alerts.retain(|a| a.id != row.id);
            }
        }
    }
}

/// What the Monitor says of a one-party refresh: which party ran, and why the other party's
/// checks are undecided.
pub fn alone_note(ran: Side, why: &str) -> String {
    let other = match ran {
        Side::ModelOwner => Side::DataOwner,
        _ => Side::ModelOwner,
    };
    format!(
        "{} alone; the {}'s checks are undecided: {why}",
        ran.as_str(),
        other.as_str()
    )
}

/// `HH:MM:SS` in UTC of a wall-clock time.
pub fn clock(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

impl crate::ui::App {
    /// A tick: refresh when the interval is over and no refresh is on its way.
    pub(crate) fn monitor_tick(&mut self) {
        let m = &self.live.monitor;
        if m.on && !m.in_flight && m.next_at.is_none_or(|t| self.live.now >= t) {
            self.monitor_refresh();
        }
    }

    /// Ask for a refresh now (unless one is on its way).
    fn monitor_refresh(&mut self) {
        if !self.live.monitor.in_flight {
            self.live.monitor.in_flight = true;
            self.effects.push(Effect::Monitor(MonitorRequest::Refresh));
        }
    }

    /// The Monitor screen is shown: the monitor turns on (and stays on).
    pub(crate) fn on_monitor_shown(&mut self) {
        if !self.live.monitor.on {
            self.live.monitor.on = true;
            self.monitor_refresh();
        }
    }

    pub(crate) fn on_monitor_action(&mut self, action: MonitorAction) {
        let len = CheckId::ALL.len();
        let selected = &mut self.monitor.selected;
        match action {
            MonitorAction::Refresh => {
                self.live.monitor.on = true;
                self.monitor_refresh();
            }
            MonitorAction::Up => *selected = selected.saturating_sub(1),
            MonitorAction::Down => *selected = (*selected + 1).min(len - 1),
            MonitorAction::Click(area, col, row) => {
                if let Some(i) = crate::ui::screens::monitor::check_at(self, area, col, row) {
                    self.monitor.selected = i;
                }
            }
        }
    }

    pub(crate) fn on_monitor(&mut self, event: MonitorEvent) {
        let MonitorEvent::Refreshed { at, result } = event;
        let m = &mut self.live.monitor;
        m.in_flight = false;
        m.next_at = Some(self.live.now + self.live.interval);
        match result {
            Ok(snapshot) => {
                m.compare(&at, &snapshot);
                m.snapshot = Some(snapshot);
                m.refreshed_at = Some(at);
                m.error = None;
            }
            Err(e) => {
                if m.error.as_ref().is_none_or(|(_, old)| *old != e) {
                    m.events.push(MonitorLog {
                        at: at.clone(),
                        symbol: "✗",
                        text: format!("not refreshed: {e}"),
                    });
                }
                m.error = Some((at, e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn snap(verdicts: &[(CheckId, Verdict)]) -> Snapshot {
        Snapshot {
            checks: CheckId::ALL
                .iter()
                .map(|&id| {
                    let verdict = verdicts
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map_or(Verdict::Pass, |(_, v)| *v);
                    CheckRow {
                        id,
                        title: id.title(),
                        verdict,
                        detail: if verdict == Verdict::Pass {
                            String::new()
                        } else {
                            format!("{id} detail")
                        },
                    }
                })
                .collect(),
            status: Vec::new(),
            alone: None,
        }
    }

    #[test]
    fn utc_clock_of_a_fixed_time() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(clock(t), "22:13:20");
    }

    #[test]
    fn pass_to_fail_raises_an_alert_and_fail_to_pass_clears_it() {
        let mut m = MonitorState::default();
        m.compare("12:00:00", &snap(&[]));
        m.snapshot = Some(snap(&[]));
        assert_eq!(m.events.len(), 1);
        let all = format!("first reading: {} pass", CheckId::ALL.len());
        assert!(m.events[0].text.starts_with(&all), "{}", m.events[0].text);
        let failing = snap(&[
            (CheckId::D3, Verdict::Critical),
            (CheckId::M3, Verdict::Undecided),
        ]);
        m.compare("12:00:30", &failing);
        m.snapshot = Some(failing);
        assert_eq!(m.alerts.len(), 1);
        assert_eq!(m.alerts[0].id, CheckId::D3);
        assert_eq!(m.alerts[0].since, "12:00:30");
        assert_eq!(m.events[1].text, "D3 pass → critical: D3 detail");
        assert_eq!(m.events[2].text, "M3 pass → undecided: M3 detail");
        let back = snap(&[(CheckId::M3, Verdict::Undecided)]);
        m.compare("12:01:00", &back);
        assert!(m.alerts.is_empty());
        assert_eq!(m.events[3].text, "D3 critical → pass");
        assert_eq!(m.events[3].symbol, "✓");
    }
}
