//! Review (both parties): the offline plan, every finding and problem, and the `check` command
//! that judges the same policies from the command line.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::engine::plan::Side;
use crate::policy::analyze::Severity;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::derive::{severity_label, summary};
use crate::ui::keymap::{self, Cmd, Ctx};
use crate::ui::save;
use crate::ui::step::Step;

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

/// Word-wrap `text` into lines of `width`, every line after the first indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let limit = if out.is_empty() {
            width
        } else {
            width - indent
        };
        let mut word = word.to_string();
        loop {
            let len = line.chars().count();
            let wl = word.chars().count();
            let extra = usize::from(len > 0);
            if len + extra + wl <= limit {
                if len > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // A single word longer than the line: cut it.
            let head: String = word.chars().take(limit).collect();
            word = word.chars().skip(limit).collect();
            out.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    let pad = " ".repeat(indent);
    out.into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

fn wrapped(text: &str, width: usize, indent: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width, indent)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// The scrollable content, for a given width.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out: Vec<Line> = vec![Line::styled(
        "Plan (offline; DESIGN.md step numbers)",
        t.title(),
    )];
    const PREFIX: usize = 29;
    out.push(Line::styled(
        format!("{:<PREFIX$}action → resource", " # side        account"),
        t.muted(),
    ));
    let rest = width.saturating_sub(PREFIX);
    let pad = " ".repeat(PREFIX);
    for s in &app.derived.plan {
        let joined = format!("{} → {}", s.action, s.resource);
        let one_line = joined.chars().count() <= rest;
        let first = if one_line { joined } else { s.action.clone() };
        let mut action = wrap(&first, rest, 0).into_iter();
        out.push(Line::raw(format!(
            "{:>2} {:<11} {:<12}  {}",
            s.step,
            side_label(s.side),
            s.account,
            action.next().unwrap_or_default()
        )));
        out.extend(action.map(|l| Line::raw(format!("{pad}{l}"))));
        if !one_line {
            out.extend(
                wrap(&format!("→ {}", s.resource), rest, 2)
                    .into_iter()
                    .map(|l| Line::styled(format!("{pad}{l}"), t.muted())),
            );
        }
    }
    out.push(Line::default());
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
    }
    if !app.derived.problems.is_empty() {
        out.push(Line::default());
        out.push(Line::styled("Blueprint problems", t.title()));
        for p in &app.derived.problems {
            out.extend(wrapped(
                &format!("✗ {}: {}", p.key, p.message),
                width,
                2,
                t.error(),
            ));
        }
    }
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
        match keymap::lookup(Ctx::Review, &key)? {
            Cmd::Up => self.scroll = self.scroll.saturating_sub(1),
            Cmd::Down => self.scroll = self.scroll.saturating_add(1),
            Cmd::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Cmd::PageDown => self.scroll = self.scroll.saturating_add(10),
            Cmd::Top => self.scroll = 0,
            Cmd::Bottom => self.scroll = usize::MAX,
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
        let block = super::screen_block(app, Step::Review);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, content] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let report = &app.derived.report;
        let verdict = if report.has_critical() || !app.derived.problems.is_empty() {
            Span::styled("✗ not isolated yet: ", t.error())
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
