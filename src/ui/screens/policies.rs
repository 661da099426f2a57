//! Policies (data owner; the SCP binds the model owner): every generated policy, a preview of
//! its JSON, and the editor for overriding one.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::editor::Editor;
use crate::policy::generate::S3_ENDPOINT_PLACEHOLDER;
use crate::policy::overrides::PolicyKind;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::derive;
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::screen::Screen;

#[derive(Debug, Default)]
pub struct PoliciesScreen {
    pub kinds: Vec<PolicyKind>,
    pub selected: usize,
    /// Preview scroll, in lines.
    pub scroll: u16,
    pub editor: Option<Editor>,
}

impl PoliciesScreen {
    pub fn sync(&mut self, kinds: Vec<PolicyKind>) {
        let current = self.selected_kind().cloned();
        self.kinds = kinds;
        if let Some(k) = current
            && let Some(i) = self.kinds.iter().position(|x| *x == k)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.kinds.len().saturating_sub(1));
    }

    pub fn selected_kind(&self) -> Option<&PolicyKind> {
        self.kinds.get(self.selected)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(editor) = &mut self.editor {
            return editor.handle_key(key);
        }
        match keymap::lookup(KeyCtx::Policies, &key)? {
            Cmd::Up => {
                self.selected = self.selected.saturating_sub(1);
                self.scroll = 0;
            }
            Cmd::Down => {
                self.selected = (self.selected + 1).min(self.kinds.len().saturating_sub(1));
                self.scroll = 0;
            }
            Cmd::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Cmd::PageDown => self.scroll = self.scroll.saturating_add(10),
            Cmd::EditPolicy => return Some(Action::EditPolicy),
            Cmd::ResetPolicy => return Some(Action::ResetPolicy),
            _ => return None,
        }
        Some(Action::Render)
    }

    /// The text of a policy as it stands: the override, else the generated JSON.
    pub fn text_of(app: &App, kind: &PolicyKind) -> String {
        match app.overrides.get(kind) {
            Some(o) => o.text.clone(),
            None => derive::generated_doc(&app.derived.generated, kind)
                .map(crate::policy::PolicyDocument::to_json_pretty)
                .unwrap_or_default(),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let theme = app.theme;
        if let Some(editor) = &self.editor {
            editor.draw(frame, area, theme);
            return;
        }
        let list_h = u16::try_from(self.kinds.len() + 2).unwrap_or(u16::MAX);
        let [list_area, preview_area] =
            Layout::vertical([Constraint::Length(list_h), Constraint::Min(3)]).areas(area);
        let label_w = self
            .kinds
            .iter()
            .map(|k| k.label().chars().count())
            .max()
            .unwrap_or(0);
        let lines: Vec<Line> = self
            .kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let selected = i == self.selected;
                let state = if app.overrides.contains_key(kind) {
                    Span::styled("✎ edited", theme.warning())
                } else {
                    Span::styled("generated", theme.muted())
                };
                let label = format!("{:<label_w$}", kind.label());
                Line::from(vec![
                    Span::raw(if selected { "▶ " } else { "  " }),
                    Span::styled(
                        label,
                        if selected {
                            theme.selected()
                        } else {
                            theme.text()
                        },
                    ),
                    Span::raw("  "),
                    state,
                ])
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(super::screen_block(app, Screen::Policies)),
            list_area,
        );

        let Some(kind) = self.selected_kind() else {
            return;
        };
        let mut preview: Vec<Line> = Vec::new();
        let g = &app.derived.generated;
        if matches!(kind, PolicyKind::Bucket | PolicyKind::S3Endpoint) {
            preview.push(if g.placeholder {
                let journal = match &app.recorded.error {
                    Some(e) => format!("; the journal could not be read: {e}"),
                    None => String::new(),
                };
                Line::styled(
                    format!(
                        "ℹ endpoint ID not known yet: placeholder {S3_ENDPOINT_PLACEHOLDER} \
                         (neither the blueprint nor the journal names one{journal})"
                    ),
                    theme.warning(),
                )
            } else if app.bp.network.s3_endpoint_id.is_some() {
                Line::styled(
                    format!("ℹ S3 endpoint {}: named by the blueprint", g.s3_endpoint_id),
                    theme.muted(),
                )
            } else {
                Line::styled(
                    format!(
                        "ℹ S3 endpoint {}: recorded in the journal by apply",
                        g.s3_endpoint_id
                    ),
                    theme.ok(),
                )
            });
        }
        if *kind == PolicyKind::Scp {
            preview.push(Line::styled(
                "ℹ attached to the model-owner account: it binds the model owner",
                theme.muted(),
            ));
        }
        preview.extend(
            Self::text_of(app, kind)
                .lines()
                .map(|l| Line::raw(l.to_string())),
        );
        let source = if app.overrides.contains_key(kind) {
            "edited"
        } else {
            "generated"
        };
        let block = Block::bordered()
            .border_style(theme.muted())
            .title(format!(" {} ({source}) ", kind.label()));
        frame.render_widget(
            Paragraph::new(preview)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            preview_area,
        );
    }
}
