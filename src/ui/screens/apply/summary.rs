//! The Apply screen's summary under the panes: before a run the live plan's counts and the
//! keys; during a run its counts; once it is over, how it ended, what to do next, and the plan
//! read again.

use ratatui::style::Style;
use ratatui::text::Line;

use super::planned;
use crate::ui::app::App;
use crate::ui::live::run::{Mark, Phase};
use crate::ui::live::spinner_frame;
use crate::ui::text::wrap;

/// The summary: counts, the journal, and what to do next once it is over.
pub(super) fn summary_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let t = app.theme;
    let run = &app.live.run;
    let width = usize::from(width);
    let spin = spinner_frame(app.live.spinner);
    let mut parts: Vec<(String, Style)> = Vec::new();
    match (run.phase, &run.result) {
        (Phase::Finished, Some(r)) => {
            let (symbol, style) = if r.interrupted {
                ("○ stopped:", t.warning())
            } else if r.failures.is_empty() {
                ("✓ applied:", t.ok())
            } else {
                ("✗ failed:", t.error())
            };
            parts.push((
                format!(
                    "{symbol} {} created, {} updated, {} unchanged, {} failed",
                    r.created,
                    r.updated,
                    r.unchanged,
                    r.failures.len()
                ),
                style,
            ));
            let next = if r.interrupted {
                format!("to resume: {}", app.resume_hint())
            } else if !r.failures.is_empty() {
                "fix the cause, then a: apply again (the journal keeps the finished steps)"
                    .to_string()
            } else {
                "a: apply again (finds everything in place) · 8: monitor".to_string()
            };
            parts.push((next, t.text()));
            // The plan read again after the run: what is left to do.
            parts.push(planned::status(app));
        }
        (Phase::Idle, _) => {
            if let Some(reason) = &run.refused {
                parts.push((format!("✗ not applied: {reason}"), t.error()));
            }
            parts.push(planned::status(app));
            parts.push((
                "a: apply (asks first) · r: read the plan again".into(),
                t.text(),
            ));
        }
        (Phase::Starting, _) => parts.push((
            format!("{spin} checking both identities and opening the journal"),
            t.text(),
        )),
        _ => {
            let verb = if run.stopping {
                "stopping: running calls finish, no new step starts"
            } else {
                "applying"
            };
            parts.push((
                format!(
                    "{spin} {verb} · {} done, {} unchanged, {} failed, {} running",
                    run.count(Mark::Done),
                    run.count(Mark::Exists),
                    run.count(Mark::Failed),
                    run.count(Mark::Running)
                ),
                if run.stopping { t.warning() } else { t.text() },
            ));
        }
    }
    // The journal path after the first part when it fits, else on a line of its own (its
    // end kept: the file name).
    if let (Some(path), Some(first)) = (&run.journal_path, parts.first_mut()) {
        let joined = format!("{} · journal {path}", first.0);
        if joined.chars().count() <= width {
            first.0 = joined;
        } else {
            let line = format!("journal {}", truncate_left(path, width.saturating_sub(8)));
            parts.insert(1, (line, t.muted()));
        }
    }
    parts
        .into_iter()
        .flat_map(|(text, style)| {
            wrap(&text, width, 2)
                .into_iter()
                .map(move |l| Line::styled(l, style))
        })
        .collect()
}

/// Keep the end of `s` in `width` characters.
fn truncate_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    let tail: String = s.chars().skip(n + 1 - width.max(1)).collect();
    format!("…{tail}")
}
