//! Monitor: every THREATS.md check as a live checklist, the resources' states, and the events.
//! An alert on top says which check went from pass to failing, and since when.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::blueprint::Side;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::live::monitor::{MonitorAction, Snapshot, Tone, Verdict};
use crate::ui::live::spinner_frame;
use crate::ui::screen::Screen;
use crate::ui::text::wrap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::truncate;

#[derive(Debug, Clone, Default)]
pub struct MonitorScreen {
    /// The selected check (its detail shows under the list).
    pub selected: usize,
}

/// Where the parts go inside the screen's block.
struct Areas {
    head: Rect,
    list: Rect,
    detail: Rect,
    status: Rect,
    events: Rect,
}

fn areas(inner: Rect, app: &App) -> Areas {
    let head_h = u16::try_from(head_lines(app, inner.width).len()).unwrap_or(1);
    let [head, body] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(inner);
    let status_rows = app
        .live
        .monitor
        .snapshot
        .as_ref()
        .map_or(0, |s| s.status.iter().filter(|r| !r.detail).count());
    let status_all = app
        .live
        .monitor
        .snapshot
        .as_ref()
        .map_or(0, |s| s.status.len());
    let rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    if inner.width >= 100 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Min(0)]).areas(body);
        let checks = rows(crate::policy::analyze::CheckId::ALL.len() + 1);
        let list_h = checks.min(left.height.saturating_sub(3));
        let [list, detail] =
            Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(left);
        let status_h = (rows(status_all) + 1).min(body.height / 2);
        let [status, events] =
            Layout::vertical([Constraint::Length(status_h), Constraint::Min(0)]).areas(right);
        return Areas {
            head,
            list,
            detail,
            status,
            events,
        };
    }
    let status_h = (rows(status_rows) + 1).min(5);
    let [list, detail, status, events] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(status_h),
        Constraint::Length(3),
    ])
    .areas(body);
    Areas {
        head,
        list,
        detail,
        status,
        events,
    }
}

fn verdict_style(t: Theme, v: Verdict) -> Style {
    match v {
        Verdict::Pass => t.ok(),
        Verdict::Critical => t.error(),
        Verdict::Warning => t.warning(),
        Verdict::Info | Verdict::Undecided => t.muted(),
    }
}

fn tone_style(t: Theme, tone: Tone) -> Style {
    match tone {
        Tone::Ok => t.ok(),
        Tone::Bad => t.error(),
        Tone::Warn => t.warning(),
        Tone::Unknown => t.muted(),
    }
}

/// The alert (a check now failing), the refresh line, and the last refresh's error.
fn head_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let t = app.theme;
    let m = &app.live.monitor;
    let width = usize::from(width);
    let mut out: Vec<Line> = Vec::new();
    if let Some(a) = m.alerts.last() {
        let more = match m.alerts.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        let text = format!(
            "{} {} now failing since {}{more}: {}",
            a.verdict.symbol(),
            a.id,
            a.since,
            a.detail
        );
        out.extend(
            wrap(&text, width, 2)
                .into_iter()
                .take(2)
                .map(|l| Line::styled(l, t.error())),
        );
    }
    let spin = spinner_frame(app.live.spinner);
    let mut refresh = match (&m.refreshed_at, m.in_flight) {
        (None, true) => match m.side {
            Some(side @ (Side::DataOwner | Side::ModelOwner)) => {
                format!("{spin} reading the {}'s account alone", side.as_str())
            }
            _ => format!("{spin} reading both accounts"),
        },
        (None, false) => match m.next_at {
            Some(n) => {
                let d = n.saturating_duration_since(app.live.now);
                format!(
                    "not refreshed yet · next try in {}s",
                    d.as_secs() + u64::from(d.subsec_nanos() > 0)
                )
            }
            None => "not refreshed yet".to_string(),
        },
        (Some(at), true) => format!("{spin} refreshing (last {at})"),
        (Some(at), false) => {
            let next = m.next_at.map_or(0, |n| {
                let d = n.saturating_duration_since(app.live.now);
                d.as_secs() + u64::from(d.subsec_nanos() > 0)
            });
            format!("refreshed {at} · next in {next}s")
        }
    };
    if let Some(s) = &m.snapshot {
        refresh.push_str(&format!(
            " · {} ✓ {} ✗ {} ⚠ {} ? {} ℹ",
            s.count(Verdict::Pass),
            s.count(Verdict::Critical),
            s.count(Verdict::Warning),
            s.count(Verdict::Undecided),
            s.count(Verdict::Info)
        ));
    }
    out.push(Line::styled(truncate(&refresh, width), t.title()));
    if let Some(alone) = m.snapshot.as_ref().and_then(|s| s.alone.as_ref()) {
        out.extend(
            wrap(&format!("? {alone}"), width, 2)
                .into_iter()
                .take(3)
                .map(|l| Line::styled(l, t.warning())),
        );
    }
    if let Some((at, e)) = &m.error {
        out.extend(
            wrap(&format!("✗ not refreshed at {at}: {e}"), width, 2)
                .into_iter()
                .take(3)
                .map(|l| Line::styled(l, t.error())),
        );
    }
    out
}

/// The first check row shown: the selected one stays in view.
fn offset(selected: usize, len: usize, height: usize) -> usize {
    selected
        .saturating_sub(height.saturating_sub(1))
        .min(len.saturating_sub(height))
}

fn titled(title: &'static str, t: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::TOP)
        .border_style(t.muted())
        .title(Span::styled(title, t.title()))
}

/// The check under a click at (`col`, `row`) in the main `area`, if any.
pub fn check_at(app: &App, area: Rect, col: u16, row: u16) -> Option<usize> {
    let snapshot = app.live.monitor.snapshot.as_ref()?;
    let a = areas(Block::bordered().inner(area), app);
    let list = titled(" Checks ", app.theme).inner(a.list);
    if col < list.x || col >= list.x + list.width || row < list.y || row >= list.y + list.height {
        return None;
    }
    let height = usize::from(list.height);
    let skip = offset(app.monitor.selected, snapshot.checks.len(), height);
    let i = skip + usize::from(row - list.y);
    (i < snapshot.checks.len()).then_some(i)
}

impl MonitorScreen {
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let action = match keymap::lookup(KeyCtx::Monitor, &key)? {
            Cmd::Refresh => MonitorAction::Refresh,
            Cmd::Up => MonitorAction::Up,
            Cmd::Down => MonitorAction::Down,
            _ => return None,
        };
        Some(Action::Monitor(action))
    }

    /// What a left click at (`col`, `row`) inside `area` (the main area) asks for.
    pub fn click(&mut self, area: Rect, col: u16, row: u16) -> Option<Action> {
        Some(Action::Monitor(MonitorAction::Click(area, col, row)))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let block = super::screen_block(app, Screen::Monitor);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let a = areas(inner, app);
        frame.render_widget(Paragraph::new(head_lines(app, inner.width)), a.head);
        match &app.live.monitor.snapshot {
            Some(s) => {
                self.draw_checks(frame, a.list, a.detail, app, s);
                draw_status(frame, a.status, app, s);
            }
            None => {
                let text = if app.live.monitor.in_flight {
                    "every check, the cluster, the endpoints, the share and the SCP: on their way"
                } else {
                    "no reading yet: r refreshes"
                };
                frame.render_widget(
                    Paragraph::new(Line::styled(text, t.muted()))
                        .block(titled(" Checks ", t))
                        .wrap(Wrap { trim: true }),
                    a.list,
                );
            }
        }
        draw_events(frame, a.events, app);
    }

    fn draw_checks(&self, frame: &mut Frame, list: Rect, detail: Rect, app: &App, s: &Snapshot) {
        let t = app.theme;
        let block = titled(" Checks ", t);
        let inner = block.inner(list);
        frame.render_widget(block, list);
        let height = usize::from(inner.height);
        let width = usize::from(inner.width);
        let selected = self.selected.min(s.checks.len().saturating_sub(1));
        let skip = offset(selected, s.checks.len(), height);
        let lines: Vec<Line> = s
            .checks
            .iter()
            .enumerate()
            .skip(skip)
            .take(height)
            .map(|(i, c)| {
                let text = truncate(
                    &format!("{:<4} {}", c.id.to_string(), c.title),
                    width.saturating_sub(2),
                );
                let text = format!("{text:<w$}", w = width.saturating_sub(2));
                if i == selected {
                    Line::styled(format!("{} {text}", c.verdict.symbol()), t.selected())
                } else {
                    Line::from(vec![
                        Span::styled(
                            format!("{} ", c.verdict.symbol()),
                            verdict_style(t, c.verdict),
                        ),
                        Span::raw(text),
                    ])
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        let Some(c) = s.checks.get(selected) else {
            return;
        };
        let text = if c.detail.is_empty() {
            format!("{} {} {}", c.verdict.symbol(), c.id, c.verdict.word())
        } else {
            format!(
                "{} {} {}: {}",
                c.verdict.symbol(),
                c.id,
                c.verdict.word(),
                c.detail
            )
        };
        let lines: Vec<Line> = wrap(&text, usize::from(detail.width), 2)
            .into_iter()
            .take(usize::from(detail.height))
            .map(|l| Line::styled(l, verdict_style(t, c.verdict)))
            .collect();
        frame.render_widget(Paragraph::new(lines), detail);
    }
}

/// The resources' states; an endpoint each when there is room.
fn draw_status(frame: &mut Frame, area: Rect, app: &App, s: &Snapshot) {
    let t = app.theme;
    let block = titled(" Status ", t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let room = usize::from(inner.height);
    let details = s.status.len() <= room;
    let width = usize::from(inner.width);
    let lines: Vec<Line> = s
        .status
        .iter()
        .filter(|r| details || !r.detail)
        .map(|r| {
            Line::from(vec![
                Span::styled(format!("{} ", r.tone.symbol()), tone_style(t, r.tone)),
                Span::raw(truncate(
                    &format!("{}: {}", r.label, r.value),
                    width.saturating_sub(2),
                )),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The event list, newest first.
fn draw_events(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let block = titled(" Events ", t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let events = &app.live.monitor.events;
    let mut lines: Vec<Line> = events
        .iter()
        .rev()
        .take(usize::from(inner.height))
        .map(|e| {
            let style = match e.symbol {
                "✗" => t.error(),
                "⚠" => t.warning(),
                "✓" => t.ok(),
                _ => t.text(),
            };
            Line::from(vec![
                Span::styled(format!("{} ", e.at), t.muted()),
                Span::styled(
                    truncate(&format!("{} {}", e.symbol, e.text), width.saturating_sub(9)),
                    style,
                ),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "none yet: a check going from pass to failing shows here with its time",
            t.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
