//! The steps on screen: data-owner steps | model-owner steps, each with its plan mark until the
//! run reports on it, the selected step under them (its plan, or its messages), and a summary.
//! Pure: times come from `app.live.now`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{ApplyScreen, planned, summary::summary_lines};
use crate::blueprint::Side;
use crate::engine::progress::StepState;
use crate::ui::app::App;
use crate::ui::live::elapsed;
use crate::ui::live::run::{Mark, Phase, StepView};
use crate::ui::text::wrap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::truncate;

/// Where the parts of a run go inside the screen's body (under the banner).
struct Areas {
    data: Rect,
    model: Rect,
    log: Rect,
    summary: Rect,
}

fn areas(body: Rect, app: &App) -> Areas {
    let run = &app.live.run;
    let summary = u16::try_from(summary_lines(app, body.width).len()).unwrap_or(1);
    let avail = body.height.saturating_sub(summary);
    let longest = run
        .pane(Side::DataOwner)
        .len()
        .max(run.pane(Side::ModelOwner).len());
    let longest = u16::try_from(longest).unwrap_or(u16::MAX);
    let mut panes_h = longest
        .saturating_add(1)
        .min((avail * 3 / 5).max(4))
        .min(avail);
    // The selected step's messages in full (a failure's above all) before more pane rows.
    let log_need = u16::try_from(log_lines(app, usize::from(body.width)).len() + 1).unwrap_or(1);
    if avail.saturating_sub(panes_h) < log_need {
        panes_h = avail.saturating_sub(log_need).max(4).min(panes_h);
    }
    let [panes, log, summary] = Layout::vertical([
        Constraint::Length(panes_h),
        Constraint::Min(0),
        Constraint::Length(summary),
    ])
    .areas(body);
    let model_w = (body.width * 2 / 5).max(24).min(body.width);
    let [data, model] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(model_w)]).areas(panes);
    Areas {
        data,
        model,
        log,
        summary,
    }
}

fn pane_block(side: Side) -> Block<'static> {
    match side {
        Side::ModelOwner => Block::new().borders(Borders::TOP | Borders::LEFT),
        _ => Block::new().borders(Borders::TOP),
    }
}

/// The first row a pane shows: the selected step stays in view; a pane without it shows its
/// latest news.
fn offset(app: &App, pane: &[usize], height: usize) -> usize {
    let steps = &app.live.run.steps;
    let focus = pane
        .iter()
        .position(|i| *i == app.apply.selected)
        .or_else(|| pane.iter().rposition(|i| steps[*i].state.is_some()))
        .unwrap_or(0);
    focus
        .saturating_sub(height.saturating_sub(1))
        .min(pane.len().saturating_sub(height))
}

/// The step under a click at (`col`, `row`) in the main `area`, if any.
pub fn step_at(app: &App, area: Rect, col: u16, row: u16) -> Option<usize> {
    let inner = Block::bordered().inner(area);
    let [_, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let a = areas(body, app);
    for (side, rect) in [(Side::DataOwner, a.data), (Side::ModelOwner, a.model)] {
        let inner = pane_block(side).inner(rect);
        if col < inner.x || col >= inner.x + inner.width || row < inner.y {
            continue;
        }
        let pane = app.live.run.pane(side);
        let line = usize::from(row - inner.y);
        if line >= usize::from(inner.height) {
            continue;
        }
        let skip = offset(app, &pane, usize::from(inner.height));
        return pane.get(skip + line).copied();
    }
    None
}

fn mark_style(t: Theme, mark: Mark) -> Style {
    match mark {
        Mark::Done => t.ok(),
        Mark::Failed => t.error(),
        Mark::Running => t.title(),
        Mark::Pending | Mark::Exists | Mark::NotStarted => t.muted(),
    }
}

/// What a step shows: symbol, word, style, and whether it is the run's state (else the plan's
/// mark). The run's state once the run reported on the step (or is over); before that, the
/// live plan's mark; without either, `·` (and `pending` during a run).
fn shown(app: &App, step: &StepView) -> (String, &'static str, Style, bool) {
    let phase = app.live.run.phase;
    let over = phase == Phase::Finished;
    if step.state.is_none() && !over {
        if let Some((symbol, word, style)) = planned::mark(app, &step.id) {
            return (symbol.to_string(), word, style, false);
        }
        if phase == Phase::Idle {
            return ("·".into(), "", app.theme.muted(), false);
        }
    }
    let mark = step.mark(over);
    (
        mark.symbol(app.live.spinner).to_string(),
        mark.word(),
        mark_style(app.theme, mark),
        true,
    )
}

/// One step's row: symbol, id, label when there is room, and at the right its elapsed time
/// (the run's state) or its plan mark's word.
fn row(app: &App, step: &StepView, id_w: usize, width: usize, selected: bool) -> Line<'static> {
    let t = app.theme;
    let (symbol, word, mark_style, ran) = shown(app, step);
    let took = if ran {
        step.shown_elapsed(app.live.now)
            .map(elapsed)
            .unwrap_or_default()
    } else {
        word.to_string()
    };
    let room = width.saturating_sub(2 + 7);
    let id_w = id_w.min(room);
    let mut text = format!("{:<id_w$}", truncate(&step.id, id_w));
    let label_room = room.saturating_sub(id_w + 1);
    if label_room >= 6 && !step.label.is_empty() {
        text.push(' ');
        text.push_str(&truncate(&step.label, label_room));
    }
    let text = format!("{text:<room$} {took:>6}");
    let style = if selected { t.selected() } else { mark_style };
    Line::from(vec![
        Span::styled(format!("{symbol} "), style),
        Span::styled(text, if selected { style } else { t.text() }),
    ])
}

fn draw_pane(frame: &mut Frame, rect: Rect, app: &App, side: Side) {
    let t = app.theme;
    let run = &app.live.run;
    let pane = run.pane(side);
    let account = match side {
        Side::ModelOwner => &app.bp.model_owner.account_id,
        _ => &app.bp.data_owner.account_id,
    };
    let over = run.phase == Phase::Finished;
    let finished = pane
        .iter()
        .filter(|i| {
            matches!(
                run.steps[**i].mark(over),
                Mark::Done | Mark::Exists | Mark::Failed
            )
        })
        .count();
    let count = if run.phase == Phase::Idle {
        format!("{} steps", pane.len())
    } else {
        format!("{finished}/{}", pane.len())
    };
    let mut title = format!(" {} {account} · {count} ", side.as_str());
    if title.chars().count() + 2 > usize::from(rect.width) {
        title = format!(" {} · {count} ", side.as_str());
    }
    let block = pane_block(side)
        .border_style(t.muted())
        .title(Span::styled(title, t.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let height = usize::from(inner.height);
    let id_w = pane
        .iter()
        .map(|i| run.steps[*i].id.chars().count())
        .max()
        .unwrap_or(0);
    let skip = offset(app, &pane, height);
    let lines: Vec<Line> = pane
        .iter()
        .skip(skip)
        .take(height)
        .map(|i| {
            row(
                app,
                &run.steps[*i],
                id_w,
                usize::from(inner.width),
                *i == app.apply.selected,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The selected step's messages, wrapped to `width`.
fn log_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let run = &app.live.run;
    let Some(step) = run.steps.get(app.apply.selected) else {
        return Vec::new();
    };
    let mark = step.mark(run.phase == Phase::Finished);
    let running = mark == Mark::Running;
    let mut lines: Vec<Line> = Vec::new();
    // "started as …" says something only while it runs.
    for l in step
        .log
        .iter()
        .filter(|l| running || l.state != StepState::Running)
    {
        let (symbol, style) = match l.state {
            StepState::Running => ("▶", t.text()),
            StepState::Done => ("✓", t.ok()),
            StepState::Skipped => ("=", t.text()),
            StepState::Failed => ("✗", t.error()),
            StepState::Pending => ("○", t.muted()),
        };
        let text = if l.state == StepState::Running {
            format!("{symbol} {}", l.message)
        } else {
            format!("{symbol} {} {}", elapsed(l.elapsed), l.message)
        };
        lines.extend(
            wrap(&text, width, 2)
                .into_iter()
                .map(|w| Line::styled(w, style)),
        );
    }
    // Before the run reports on it: what the plan says of it.
    if lines.is_empty() && (run.phase == Phase::Idle || mark == Mark::Pending) {
        lines = planned::detail_lines(app, &step.id, width);
    }
    if lines.is_empty() || mark == Mark::Pending && run.phase != Phase::Idle {
        let why = match mark {
            _ if run.phase == Phase::Idle => "no live plan",
            Mark::Pending => "waits for the steps it needs",
            Mark::NotStarted => {
                "not started: a step it needs failed or did not run, or the apply was stopped"
            }
            _ => "no message",
        };
        lines.extend(
            wrap(why, width, 2)
                .into_iter()
                .map(|w| Line::styled(w, t.muted())),
        );
    }
    lines
}

/// The selected step's messages, wrapped in full; the latest ones when they do not all fit.
fn draw_log(frame: &mut Frame, rect: Rect, app: &App) {
    let t = app.theme;
    let run = &app.live.run;
    let Some(step) = run.steps.get(app.apply.selected) else {
        return;
    };
    let (symbol, word, style, _) = shown(app, step);
    let mut title = format!(" {symbol} {}", step.id);
    if !step.label.is_empty() {
        title.push_str(&format!(" · {}", step.label));
    }
    if !word.is_empty() {
        title.push_str(&format!(" · {word}"));
    }
    title.push(' ');
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(t.muted())
        .title(Span::styled(title, style));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = log_lines(app, usize::from(inner.width));
    let skip = lines.len().saturating_sub(usize::from(inner.height));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}

pub(super) fn draw(_screen: &ApplyScreen, frame: &mut Frame, body: Rect, app: &App) {
    let a = areas(body, app);
    draw_pane(frame, a.data, app, Side::DataOwner);
    draw_pane(frame, a.model, app, Side::ModelOwner);
    draw_log(frame, a.log, app);
    frame.render_widget(Paragraph::new(summary_lines(app, body.width)), a.summary);
}
