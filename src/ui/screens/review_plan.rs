//! Review's plan: every step of the catalogue in working order, with the account it runs in and,
//! once the live plan is read (both accounts, read-only), what apply would do to it: `= exists`
//! (with the resource's ID), `+ create`, `+ adopt`, `~ change`, `↻ run` (a check or a wait that
//! runs every time) or `✗ error`, and under the row what it would change or why it could not
//! be planned. While it is read, or when it could not be, the rows are the offline plan.

use ratatui::text::{Line, Span};

use super::review::side_label;
use crate::blueprint::Side;
use crate::engine::catalogue;
use crate::engine::notes::Mark;
use crate::engine::plan::PlanStep;
use crate::ui::app::App;
use crate::ui::live::Loadable;
use crate::ui::live::plan::{LivePlan, mark_style, mark_view};
use crate::ui::live::spinner_frame;
use crate::ui::text::wrap;

/// The title line and what is said under it: how the plan was read, or why it was not.
fn heading(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let p = &app.live.plan;
    let spin = spinner_frame(app.live.spinner);
    let title = match &p.plan {
        Loadable::Ready(plan) => format!(
            "Plan (live, read at {}: {} AWS calls, all reads)",
            plan.at, plan.calls
        ),
        _ => "Plan (offline; DESIGN.md step numbers)".to_string(),
    };
    let mut out: Vec<Line<'static>> = wrap(&title, width, 2)
        .into_iter()
        .map(|l| Line::styled(l, t.title()))
        .collect();
    let mut note = |text: &str, style| {
        out.extend(
            wrap(text, width, 2)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    };
    match &p.plan {
        Loadable::Ready(plan) => {
            if p.in_flight {
                note(&format!("{spin} reading both accounts again"), t.muted());
            }
            for side in [Side::DataOwner, Side::ModelOwner] {
                if let Some(account) = app.derived.plan.iter().find(|s| s.side == side) {
                    note(
                        &format!(
                            "{} {}: {}",
                            side_label(side),
                            account.account,
                            plan.summary(Some(side))
                        ),
                        t.text(),
                    );
                }
            }
        }
        Loadable::Loading => note(
            &format!("{spin} reading both accounts for the live plan (read-only)"),
            t.muted(),
        ),
        Loadable::Failed(e) => note(&format!("✗ no live plan: {e} (r: read again)"), t.error()),
        Loadable::Idle if !app.derived.problems.is_empty() => note(
            "No live plan while the blueprint has problems: fix them, then come back.",
            t.muted(),
        ),
        Loadable::Idle => note("No live plan yet: r reads it.", t.muted()),
    }
    out
}

/// The ID discovery found for the resource of a step that found it (exists, or changes), if
/// one.
fn found_id<'a>(plan: &'a LivePlan, s: &PlanStep) -> Option<&'a str> {
    if !matches!(s.mark, Some(Mark::Exists | Mark::Change)) {
        return None;
    }
    let step = catalogue::step(&s.id)?;
    plan.ids
        .iter()
        .find(|(k, _)| (step.owns)(k))
        .map(|(_, id)| id.as_str())
}

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out = heading(app, width);
    let live = app.live.plan.plan.ready();
    let prefix = if live.is_some() { 40 } else { 29 };
    // Narrow: the step, side, account (and mark) on one line, what and where under it.
    let stacked = width < prefix + 40;
    let mut head = " # side        account     ".to_string();
    if live.is_some() {
        head.push_str("  mark     ");
    }
    let pad = if stacked {
        "    ".to_string()
    } else {
        head.push_str("  action → resource");
        " ".repeat(prefix)
    };
    out.push(Line::styled(head.trim_end().to_string(), t.muted()));
    let rest = width.saturating_sub(pad.len());
    for offline in &app.derived.plan {
        let row = live.and_then(|p| p.row(&offline.id));
        let s = row.unwrap_or(offline);
        let mut who = vec![Span::raw(format!(
            "{:>2} {:<11} {:<12}",
            s.step,
            side_label(s.side),
            s.account
        ))];
        if let Some(row) = row {
            let (symbol, word) = mark_view(row);
            who.push(Span::styled(
                format!("  {:<9}", format!("{symbol} {word}")),
                mark_style(row, t),
            ));
        } else if live.is_some() {
            who.push(Span::raw(format!("  {:<9}", "")));
        }
        let found = live.and_then(|p| found_id(p, s));
        let what = match found {
            // "new (… placeholder until then)": it is not new any more.
            Some(id) if s.resource.starts_with("new ") => format!("{} → {id}", s.action),
            Some(id) if s.resource.contains(id) => format!("{} → {}", s.action, s.resource),
            Some(id) => format!("{} → {} ({id})", s.action, s.resource),
            None => format!("{} → {}", s.action, s.resource),
        };
        let mut body = wrap(&what, rest, 2).into_iter();
        if !stacked {
            who.push(Span::raw(format!("  {}", body.next().unwrap_or_default())));
        }
        out.push(Line::from(who));
        out.extend(body.map(|l| Line::raw(format!("{pad}{l}"))));
        // Under the row: what it would change, or why it could not be planned.
        let Some(row) = row else { continue };
        let under = |text: &str| wrap(text, rest.saturating_sub(2), 2);
        for change in &row.changes {
            out.extend(
                under(&format!("- {change}"))
                    .into_iter()
                    .map(|l| Line::styled(format!("{pad}  {l}"), mark_style(row, t))),
            );
        }
        if let Some(e) = &row.error {
            out.extend(
                under(&format!("✗ {e}"))
                    .into_iter()
                    .map(|l| Line::styled(format!("{pad}  {l}"), t.error())),
            );
        }
    }
    out
}
