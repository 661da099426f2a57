//! What the live plan says on the Apply screen: a step's mark until the run reports on it, the
//! selected step's plan (what it does, and what it would change), and the plan's summary line.

use ratatui::style::Style;
use ratatui::text::Line;

use crate::engine::plan::PlanStep;
use crate::ui::app::App;
use crate::ui::live::plan::{mark_style, mark_view};
use crate::ui::live::{Loadable, spinner_frame};
use crate::ui::text::wrap;

/// The live plan's row of step `id`, when a live plan is in hand.
fn live_row<'a>(app: &'a App, id: &str) -> Option<&'a PlanStep> {
    app.live.plan.plan.ready()?.row(id)
}

/// A step's plan mark: symbol, word and style; `None` without a live plan.
pub(super) fn mark(app: &App, id: &str) -> Option<(char, &'static str, Style)> {
    let row = live_row(app, id)?;
    let (symbol, word) = mark_view(row);
    Some((symbol, word, mark_style(row, app.theme)))
}

/// What the plan says of step `id`: what it does to what, then (live) what it would change or
/// why it could not be planned.
pub(super) fn detail_lines(app: &App, id: &str, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let live = live_row(app, id);
    let Some(row) = live.or_else(|| app.derived.plan.iter().find(|r| r.id == id)) else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = wrap(&format!("{} → {}", row.action, row.resource), width, 2)
        .into_iter()
        .map(|l| Line::styled(l, t.text()))
        .collect();
    let mut add = |text: String, style: Style| {
        lines.extend(
            wrap(&text, width, 2)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    };
    match live {
        Some(row) => {
            for change in &row.changes {
                add(format!("- {change}"), mark_style(row, t));
            }
            if let Some(e) = &row.error {
                add(format!("✗ not planned: {e}"), t.error());
            } else if row.changes.is_empty() {
                add("found as wanted: nothing to do".into(), t.muted());
            }
        }
        None if app.live.plan.plan.is_loading() => {
            add("the live plan is being read".into(), t.muted());
        }
        None => {}
    }
    lines
}

/// The live plan's summary line: being read, its counts, why there is none.
pub(super) fn status(app: &App) -> (String, Style) {
    let t = app.theme;
    let p = &app.live.plan;
    let spin = spinner_frame(app.live.spinner);
    match &p.plan {
        Loadable::Loading => (
            format!("{spin} reading both accounts for the live plan (read-only)"),
            t.text(),
        ),
        Loadable::Ready(plan) => {
            let again = if p.in_flight {
                format!("{spin} reading again · ")
            } else {
                String::new()
            };
            (
                format!(
                    "{again}live plan at {}: {} ({} AWS calls, all reads)",
                    plan.at,
                    plan.summary(None),
                    plan.calls
                ),
                if plan.errors() > 0 {
                    t.error()
                } else {
                    t.text()
                },
            )
        }
        Loadable::Failed(e) => (format!("✗ no live plan: {e}"), t.error()),
        Loadable::Idle if !app.derived.problems.is_empty() => (
            format!(
                "no live plan: the blueprint has {} problem(s) (see Review)",
                app.derived.problems.len()
            ),
            t.muted(),
        ),
        Loadable::Idle if app.live.run.running() => (
            "the live plan is read again when the run ends".into(),
            t.muted(),
        ),
        Loadable::Idle => ("no live plan yet: r reads it".into(), t.muted()),
    }
}
