//! Review (both parties): every finding and problem, the live plan (see `review_plan.rs`),
//! and the `check` command that judges the same policies from the command line.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::blueprint::Side;
use crate::policy::analyze::Severity;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::derive::{severity_label, summary};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::save;
use crate::ui::screen::Screen;
use crate::ui::text::wrap;

use super::review_plan as plan;

#[derive(Debug, Clone, Default)]
pub struct ReviewScreen {
    pub scroll: usize,
}

pub fn side_label(side: Side) -> &'static str {
    match side {
        Side::DataOwner => "data owner",
        Side::ModelOwner => "model owner",
        Side::Both => "both",
    }
}

fn wrapped(text: &str, width: usize, indent: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width, indent)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// The scrollable content, for a given width: what is wrong first (blueprint problems, then
/// findings), then the plan, then the equivalent `check` command.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out: Vec<Line> = Vec::new();
    if !app.derived.problems.is_empty() {
        out.push(Line::styled("Blueprint problems", t.title()));
        for p in &app.derived.problems {
            out.extend(wrapped(
                &format!("✗ {}: {}", p.key, p.message),
                width,
                2,
                t.error(),
            ));
        }
        out.push(Line::default());
    }
    out.push(Line::styled("Findings", t.title()));
    if app.derived.report.findings.is_empty() {
        out.push(Line::styled("✓ no findings", t.ok()));
    }
    for f in &app.derived.report.findings {
        let style = match f.severity {
            Severity::Critical => t.error(),
            Severity::Warning => t.warning(),
            Severity::Info => t.muted(),
        };
        let mut title = wrap(&f.title, width.saturating_sub(16), 0).into_iter();
        out.push(Line::from(vec![
            Span::styled(format!("{:<10} ", severity_label(f.severity)), style),
            Span::styled(format!("{:<4} ", format!("{:?}", f.id)), style),
            Span::styled(title.next().unwrap_or_default(), t.title()),
        ]));
        out.extend(title.map(|l| Line::styled(format!("{}{l}", " ".repeat(16)), t.title())));
        out.extend(
            wrap(&f.detail, width.saturating_sub(16), 0)
                .into_iter()
                .map(|l| Line::raw(format!("{}{l}", " ".repeat(16)))),
        );
        if let Some(e) = &f.evidence {
            out.extend(
                wrap(&e.one_line(), width.saturating_sub(16), 0)
                    .into_iter()
                    .map(|l| Line::styled(format!("{}{l}", " ".repeat(16)), t.muted())),
            );
        }
    }
    out.push(Line::default());
    out.extend(plan::lines(app, width));
    out.push(Line::default());
    out.push(Line::styled(
        "Check the same policies from the command line",
        t.title(),
    ));
    let (cmd, note) = save::check_command(app);
    out.extend(wrapped(&cmd, width, 4, t.text()));
    if let Some(note) = note {
        out.extend(wrapped(&note, width, 0, t.muted()));
    }
    out
}

impl ReviewScreen {
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        match keymap::lookup(KeyCtx::Review, &key)? {
            Cmd::Up => self.scroll = self.scroll.saturating_sub(1),
            Cmd::Down => self.scroll = self.scroll.saturating_add(1),
            Cmd::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Cmd::PageDown => self.scroll = self.scroll.saturating_add(10),
            Cmd::Top => self.scroll = 0,
            Cmd::Bottom => self.scroll = usize::MAX,
            Cmd::Refresh => return Some(Action::RefreshPlan),
            _ => return None,
        }
        Some(Action::Render)
    }

    /// The area the scrolling content gets inside the screen's `area`.
    pub fn content_area(area: Rect) -> Rect {
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        };
        let [_, content] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        content
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let block = super::screen_block(app, Screen::Review);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, content] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let report = &app.derived.report;
        let verdict = if report.has_critical() || !app.derived.problems.is_empty() {
            Span::styled("✗ ", t.error())
        } else {
            Span::styled("✓ ", t.ok())
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    verdict,
                    Span::styled(summary(report), t.title()),
                    Span::raw(format!(
                        ", {} blueprint problems",
                        app.derived.problems.len()
                    )),
                ]),
                Line::styled("─".repeat(usize::from(top.width)), t.muted()),
            ]),
            top,
        );
        let all = lines(app, usize::from(content.width));
        let max = all.len().saturating_sub(usize::from(content.height));
        let scroll = self.scroll.min(max);
        let shown: Vec<Line> = all
            .into_iter()
            .skip(scroll)
            .take(usize::from(content.height))
            .collect();
        frame.render_widget(Paragraph::new(shown), content);
    }
}
