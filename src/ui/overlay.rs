//! Modal overlays: help, questions, the save-path prompt and the load-error list. While one is
//! open it gets every key.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::action::Action;
use super::keymap::{self, Cmd, KeyCtx};
use super::layout::centered;
use super::text::wrap;
use super::theme::Theme;
use super::widgets::{footer, help, input::Input};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// `q` with unsaved changes.
    ConfirmQuit,
    /// Where to save (no `--config` given). `error`: why the last try failed.
    SavePrompt {
        input: Input,
        then_quit: bool,
        error: Option<String>,
    },
    /// The blueprint has problems; saving writes a file that will not load until fixed.
    ConfirmSave {
        path: PathBuf,
        then_quit: bool,
        problems: usize,
    },
    /// `--config FILE` exists but did not load.
    LoadError {
        path: PathBuf,
        problems: Vec<String>,
        scroll: usize,
    },
    /// Esc in the editor while the text does not parse.
    DiscardEdit {
        error: String,
    },
    /// A yes/no question: `y` does `yes`, `n`/Esc closes it. `warnings` are shown with ⚠.
    Question {
        title: String,
        lines: Vec<String>,
        warnings: Vec<String>,
        yes: Box<Action>,
    },
}

impl Overlay {
    /// The keymap context of this overlay.
    pub fn ctx(&self) -> KeyCtx {
        match self {
            Self::Help { .. } => KeyCtx::Overlay,
            Self::ConfirmQuit => KeyCtx::ConfirmQuit,
            Self::SavePrompt { .. } => KeyCtx::Input,
            Self::ConfirmSave { .. } | Self::DiscardEdit { .. } | Self::Question { .. } => {
                KeyCtx::Confirm
            }
            Self::LoadError { .. } => KeyCtx::LoadError,
        }
    }

    /// Overlays are modal: every key is consumed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Action {
        let cmd = keymap::lookup(self.ctx(), key);
        match self {
            Self::Help { scroll } | Self::LoadError { scroll, .. } => match cmd {
                Some(Cmd::Up) => *scroll = scroll.saturating_sub(1),
                Some(Cmd::Down) => *scroll = scroll.saturating_add(1),
                Some(Cmd::Cancel) => return Action::CloseOverlay,
                Some(Cmd::StartFresh) => return Action::StartFresh,
                Some(Cmd::Quit) => return Action::QuitNow,
                _ => {}
            },
            Self::ConfirmQuit => match cmd {
                Some(Cmd::Yes) => return Action::QuitNow,
                Some(Cmd::SaveAndQuit) => return Action::SaveAndQuit,
                Some(Cmd::No) => return Action::CloseOverlay,
                _ => {}
            },
            Self::SavePrompt {
                input,
                then_quit,
                error,
            } => match cmd {
                Some(Cmd::Commit) if !input.text.trim().is_empty() => {
                    return Action::SaveTo {
                        path: PathBuf::from(input.text.trim()),
                        then_quit: *then_quit,
                        force: false,
                    };
                }
                Some(Cmd::Cancel) => return Action::CloseOverlay,
                _ => {
                    if input.handle(key) {
                        *error = None;
                    }
                }
            },
            Self::ConfirmSave {
                path, then_quit, ..
            } => match cmd {
                Some(Cmd::Yes) => {
                    return Action::SaveTo {
                        path: path.clone(),
                        then_quit: *then_quit,
                        force: true,
                    };
                }
                Some(Cmd::No) => return Action::CloseOverlay,
                _ => {}
            },
            Self::DiscardEdit { .. } => match cmd {
                Some(Cmd::Yes) => return Action::DiscardEdit,
                Some(Cmd::No) => return Action::CloseOverlay,
                _ => {}
            },
            Self::Question { yes, .. } => match cmd {
                Some(Cmd::Yes) => return (**yes).clone(),
                Some(Cmd::No) => return Action::CloseOverlay,
                _ => {}
            },
        }
        Action::Render
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let hints = footer::line(&[self.ctx()], usize::from(area.width), theme);
        // The text cursor, as (line, column) inside the box.
        let mut cursor: Option<(u16, usize)> = None;
        let (title, width, mut lines, scroll): (&str, u16, Vec<Line>, usize) = match self {
            Self::Help { scroll } => (" Keys ", 76, help::lines(theme), *scroll),
            Self::ConfirmQuit => (
                " Quit? ",
                56,
                vec![
                    Line::styled("⚠ Some changes are not saved yet.", theme.warning()),
                    Line::default(),
                    hints,
                ],
                0,
            ),
            Self::SavePrompt { input, error, .. } => {
                let (shown, col) = input.visible(58);
                cursor = Some((1, col));
                let mut lines = vec![
                    Line::raw("Save the blueprint to:"),
                    Line::styled(format!("{shown:<59}"), theme.input()),
                ];
                lines.push(match error {
                    Some(e) => Line::styled(format!("✗ {e}"), theme.error()),
                    None => Line::styled(
                        "edited policies are saved beside it as <name>.<kind>.json",
                        theme.muted(),
                    ),
                });
                lines.push(footer::line(&[KeyCtx::Input], 60, theme));
                (" Save ", 64, lines, 0)
            }
            Self::ConfirmSave { path, problems, .. } => (
                " Save with problems? ",
                64,
                vec![
                    Line::styled(
                        format!("⚠ The blueprint has {problems} problem(s) (see ✗ in Steps)."),
                        theme.warning(),
                    ),
                    Line::raw(format!(
                        "{} will not load until they are fixed. Save anyway?",
                        path.display()
                    )),
                    Line::default(),
                    hints,
                ],
                0,
            ),
            Self::LoadError {
                path,
                problems,
                scroll,
            } => {
                let mut lines = vec![
                    Line::styled(format!("✗ {} did not load:", path.display()), theme.error()),
                    Line::default(),
                ];
                for p in problems {
                    lines.extend(
                        wrap(p, 72, 2)
                            .into_iter()
                            .map(|l| Line::raw(format!("  {l}"))),
                    );
                }
                lines.push(Line::default());
                lines.push(hints);
                (" Blueprint problems ", 78, lines, *scroll)
            }
            Self::DiscardEdit { error } => (
                " Policy does not parse ",
                64,
                vec![
                    Line::styled(format!("✗ {error}"), theme.error()),
                    Line::raw("Discard this edit? (n keeps editing)"),
                    Line::default(),
                    hints,
                ],
                0,
            ),
            Self::Question {
                title,
                lines,
                warnings,
                ..
            } => {
                let mut out: Vec<Line> = lines.iter().map(|l| Line::raw(l.clone())).collect();
                out.extend(
                    warnings
                        .iter()
                        .map(|w| Line::styled(format!("⚠ {w}"), theme.warning())),
                );
                out.push(Line::default());
                out.push(hints);
                (title.as_str(), 68, out, 0)
            }
        };
        // Rows once wrapped to the box's inner width.
        let inner_w = usize::from(width.min(area.width).saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(inner_w).max(1))
            .sum();
        let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
        let rect = centered(area, width, height.min(area.height.saturating_sub(2)));
        if let Some((line, col)) = cursor {
            frame.set_cursor_position((
                rect.x + 1 + u16::try_from(col).unwrap_or(0),
                rect.y + 1 + line,
            ));
        }
        let inner_h = usize::from(rect.height.saturating_sub(2));
        let max = lines.len().saturating_sub(inner_h);
        let scroll = scroll.min(max);
        if max > 0 {
            let pos = format!(" {}/{} ↑↓ ", scroll + inner_h, lines.len());
            lines = lines.into_iter().skip(scroll).collect();
            frame.render_widget(Clear, rect);
            let block = Block::bordered()
                .border_style(theme.overlay())
                .title(Span::styled(title, theme.overlay()))
                .title_bottom(Line::from(pos).right_aligned());
            frame.render_widget(Paragraph::new(lines).block(block), rect);
            return;
        }
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme.overlay())
            .title(Span::styled(title, theme.overlay()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            rect,
        );
    }
}
