//! Review's plan: every step in working order, with the account it runs in and, when the
//! journal was read, what it records: `✓ exists` (with the resource's ID), `+ create` or
//! `+ adopt` (not recorded yet), or `—` (a step the journal does not record: checks and
//! settings applied on every run). The marks come from the journal, not from AWS, and the
//! screen says so.

use ratatui::text::{Line, Span};

use super::review::side_label;
use crate::blueprint::Side;
use crate::engine::catalogue;
use crate::engine::notes::Mark;
use crate::engine::plan::PlanStep;
use crate::ui::app::App;
use crate::ui::text::wrap;

/// A step's mark, as symbol and word.
fn mark(s: &PlanStep) -> &'static str {
    match s.mark {
        Some(Mark::Exists) => "✓ exists",
        Some(Mark::Adopt) => "+ adopt",
        Some(Mark::Create) => "+ create",
        Some(Mark::Change) => "~ change",
        Some(Mark::Run) => "↻ run",
        None => "  —",
    }
}

/// `data owner 111111111111: 3 exist, 9 to create or adopt, 2 run every time`.
fn account_summary(app: &App, side: Side) -> Option<String> {
    let steps: Vec<&PlanStep> = app.derived.plan.iter().filter(|s| s.side == side).collect();
    let account = &steps.first()?.account;
    let n = |f: fn(&PlanStep) -> bool| steps.iter().filter(|s| f(s)).count();
    let exist = n(|s| s.mark == Some(Mark::Exists));
    Some(format!(
        "{} {account}: {exist} {}, {} to create or adopt, {} run every time",
        side_label(side),
        if exist == 1 { "exists" } else { "exist" },
        n(|s| matches!(s.mark, Some(Mark::Create | Mark::Adopt))),
        n(|s| s.mark == Some(Mark::Run)),
    ))
}

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let rec = &app.recorded;
    let marked = rec.known();
    let mut out = vec![Line::styled(
        if marked {
            "Plan (DESIGN.md step numbers; marks from the journal)"
        } else {
            "Plan (offline; DESIGN.md step numbers)"
        },
        t.title(),
    )];
    let note = |out: &mut Vec<Line<'static>>, text: &str, style| {
        out.extend(
            wrap(text, width, 2)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    };
    match (&rec.path, &rec.error) {
        (Some(path), None) => {
            note(
                &mut out,
                &format!(
                    "The marks come from the journal {} ({} resource(s) recorded), not from \
                     AWS: apply looks at every resource again.",
                    path.display(),
                    rec.ids.len()
                ),
                t.muted(),
            );
            for side in [Side::DataOwner, Side::ModelOwner] {
                if let Some(s) = account_summary(app, side) {
                    note(&mut out, &s, t.text());
                }
            }
        }
        (_, Some(e)) => note(&mut out, &format!("✗ no marks: {e}"), t.error()),
        (None, None) => note(&mut out, "No journal read: no marks.", t.muted()),
    }
    let prefix = if marked { 40 } else { 29 };
    // Narrow: the step, side, account (and mark) on one line, what and where under it.
    let stacked = width < prefix + 40;
    let mut head = " # side        account     ".to_string();
    if marked {
        head.push_str("  state    ");
    }
    let pad = if stacked {
        "    ".to_string()
    } else {
        head.push_str("  action → resource");
        " ".repeat(prefix)
    };
    out.push(Line::styled(head.trim_end().to_string(), t.muted()));
    let rest = width.saturating_sub(pad.len());
    for s in &app.derived.plan {
        // Steps of both sides name both accounts: the side column says so already.
        let account = if s.side == Side::Both {
            "(both)"
        } else {
            s.account.as_str()
        };
        let mut who = vec![Span::raw(format!(
            "{:>2} {:<11} {account:<12}",
            s.step,
            side_label(s.side),
        ))];
        if marked {
            let style = match s.mark {
                Some(Mark::Exists) => t.ok(),
                Some(Mark::Run) | None => t.muted(),
                Some(_) => t.text(),
            };
            who.push(Span::styled(format!("  {:<9}", mark(s)), style));
        }
        let recorded = catalogue::step(&s.id)
            .and_then(|step| rec.ids.iter().find(|(k, _)| (step.owns)(k)))
            .map(|(_, id)| id)
            .filter(|_| s.mark == Some(Mark::Exists));
        let what = match recorded {
            // "new (… placeholder until then)": it is not new any more.
            Some(id) if s.resource.starts_with("new ") => format!("{} → {id}", s.action),
            Some(id) if s.resource.contains(id.as_str()) => {
                format!("{} → {}", s.action, s.resource)
            }
            Some(id) => format!("{} → {} ({id})", s.action, s.resource),
            None => format!("{} → {}", s.action, s.resource),
        };
        let mut body = wrap(&what, rest, 2).into_iter();
        if !stacked {
            who.push(Span::raw(format!("  {}", body.next().unwrap_or_default())));
        }
        out.push(Line::from(who));
        out.extend(body.map(|l| Line::raw(format!("{pad}{l}"))));
    }
    out
}
