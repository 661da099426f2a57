//! The policy editor: a text area with live JSON validation and live findings. It checks the
//! wizard's own keys (Esc, Ctrl-S) before handing the rest to the text area.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui_textarea::TextArea;

use crate::policy::analyze::Report;
use crate::policy::overrides::PolicyKind;
use crate::policy::{ParseError, PolicyDocument};
use crate::ui::action::Action;
use crate::ui::derive::{severity_label, summary};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::truncate;

pub struct Editor {
    pub kind: PolicyKind,
    pub textarea: TextArea<'static>,
    /// The text parsed as a policy (updated on every change by `App::update`).
    pub parsed: Result<PolicyDocument, ParseError>,
    /// Findings with the edited policy in place; from the last text that parsed.
    pub report: Option<Report>,
    /// The text the editor opened with.
    pub original: String,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("kind", &self.kind)
            .field("text", &self.text())
            .finish_non_exhaustive()
    }
}

impl Editor {
    pub fn new(kind: PolicyKind, text: &str, theme: Theme) -> Self {
        let mut textarea = TextArea::new(text.lines().map(String::from).collect());
        textarea.set_line_number_style(theme.muted());
        textarea.set_cursor_line_style(ratatui::style::Style::new());
        textarea.set_selection_style(theme.selected());
        textarea.set_placeholder_style(theme.muted());
        textarea.set_tab_length(2);
        Self {
            parsed: PolicyDocument::from_json(text),
            kind,
            textarea,
            report: None,
            original: text.to_string(),
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    /// Whether the text differs from what the editor opened with.
    pub fn changed(&self) -> bool {
        self.text() != self.original.trim_end_matches('\n')
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        match keymap::lookup(KeyCtx::Editor, &key) {
            Some(Cmd::Cancel) => return Some(Action::LeaveEditor),
            Some(Cmd::Save) => return Some(Action::Save),
            _ => {}
        }
        if self.textarea.input(key) {
            Some(Action::EditorChanged)
        } else {
            Some(Action::Render)
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let findings = self.report.as_ref().map_or(0, |r| r.findings.len());
        let panel_h = u16::try_from(findings + 4)
            .unwrap_or(u16::MAX)
            .clamp(7, (area.height / 3).max(7));
        let [text_area, panel] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(panel_h)]).areas(area);

        let block = Block::bordered()
            .border_style(theme.title())
            .title(Span::styled(
                format!(" editing: {} ", self.kind.label()),
                theme.title(),
            ));
        frame.render_widget(&self.textarea, block.inner(text_area));
        frame.render_widget(block, text_area);

        let width = usize::from(panel.width.saturating_sub(2));
        let mut lines = vec![match &self.parsed {
            Ok(_) => Line::from(Span::styled("✓ valid policy", theme.ok())),
            Err(e) => Line::from(Span::styled(
                truncate(
                    &format!("✗ line {}, column {}: {}", e.line, e.column, e.message),
                    width,
                ),
                theme.error(),
            )),
        }];
        match &self.report {
            Some(report) => {
                let stale = if self.parsed.is_err() {
                    " (from the last valid text)"
                } else {
                    ""
                };
                let head = format!("findings: {}{stale}", summary(report));
                lines.extend(
                    crate::ui::text::wrap(&head, width, 2)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.muted())),
                );
                for f in &report.findings {
                    let sev = severity_label(f.severity);
                    let style = match f.severity {
                        crate::policy::analyze::Severity::Critical => theme.error(),
                        crate::policy::analyze::Severity::Warning => theme.warning(),
                        crate::policy::analyze::Severity::Info => theme.muted(),
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{sev:<10} "), style),
                        Span::raw(truncate(
                            &format!("{:<4}{}", format!("{:?}", f.id), f.title),
                            width.saturating_sub(11),
                        )),
                    ]));
                }
            }
            None => lines.push(Line::styled(
                "findings appear once the policy parses",
                theme.muted(),
            )),
        }
        let block = Block::bordered()
            .border_style(theme.muted())
            .title(" validation and findings ");
        frame.render_widget(Paragraph::new(lines).block(block), panel);
    }
}
