//! Forms drawn as lines ([`FormView`]): each row with its notes (the input's hint or error, a
//! toggle's warning, the problems of its field). Drawing and clicks use the same view, so a
//! click lands on the row drawn under it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::form::{Form, Row, RowKind, truncate};
use crate::blueprint::Problem;
use crate::ui::text::wrap;
use crate::ui::theme::Theme;

impl Form {
    /// The widest label (at most 26 columns): where values start.
    pub fn label_width(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.kind != RowKind::Heading)
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0)
            .min(26)
    }

    /// The rows `include` keeps, as lines `width` wide with labels `label_w` wide: each with
    /// its notes (the input's hint or error, a toggle's warning, the problems of its field),
    /// then (`orphans`) the problems no row owns. Drawing and clicks both use it, so a click
    /// lands on the row that is drawn there.
    pub fn view(
        &self,
        include: &dyn Fn(&Row) -> bool,
        width: usize,
        label_w: usize,
        theme: Theme,
        problems: &[Problem],
        orphans: bool,
    ) -> FormView {
        let value_x = 2 + label_w + 1;
        let value_w = width.saturating_sub(value_x);
        let mut v = FormView::default();
        for (i, row) in self.rows.iter().enumerate().filter(|(_, r)| include(r)) {
            let selected = i == self.selected;
            let start = v.lines.len();
            if selected {
                v.selected_line = start;
            }
            if row.kind == RowKind::Heading {
                if !v.lines.is_empty() {
                    v.push(Line::default(), None);
                }
                v.push(Line::styled(row.label.clone(), theme.title()), None);
                continue;
            }
            // An unfocused form (another pane has the keys) shows no cursor.
            let marked = selected && !self.unfocused;
            let marker = if marked { "▶ " } else { "  " };
            let label = format!("{:<label_w$} ", truncate(&row.label, label_w));
            let label_style = if marked {
                theme.selected()
            } else {
                theme.muted()
            };
            let mut spans = vec![Span::raw(marker), Span::styled(label, label_style)];
            let editing = self.input.as_ref().filter(|(id, _)| Some(*id) == row.id);
            if let Some((_, input)) = editing {
                let (shown, col) = input.visible(value_w.saturating_sub(1));
                v.cursor = Some((start, value_x + col));
                spans.push(Span::styled(
                    format!("{shown:<w$}", w = value_w.saturating_sub(1)),
                    theme.input(),
                ));
            } else {
                spans.extend(value_spans(row, value_w, theme));
            }
            let mut lines = vec![Line::from(spans)];
            if editing.is_some() {
                lines.extend(match self.input_check() {
                    Some(Err(e)) => note(value_x, width, &format!("✗ {e}"), theme.error()),
                    _ => note(value_x, width, &format!("✓ {}", row.hint), theme.muted()),
                });
            }
            if let RowKind::Toggle {
                on: true,
                warning: Some(w),
            } = &row.kind
            {
                lines.extend(note(value_x, width, &format!("⚠ {w}"), theme.warning()));
            }
            if let RowKind::Choice { options } = &row.kind {
                for (value, hint) in *options {
                    let mark = if *value == row.value { "●" } else { "○" };
                    let text = format!("{mark} {value}: {hint}");
                    lines.extend(note(value_x, width, &text, theme.muted()));
                }
            }
            for p in problems
                .iter()
                .filter(|p| row.id.is_some_and(|id| id.owns(&p.key)))
            {
                lines.extend(note(
                    value_x,
                    width,
                    &format!("✗ {}", p.message),
                    theme.error(),
                ));
            }
            for line in lines {
                v.push(line, Some(i));
            }
            if selected {
                // One line more: the next row shows too.
                v.selected_end = v.lines.len() + 1;
            }
        }
        if orphans {
            let orphans: Vec<&Problem> = problems
                .iter()
                .filter(|p| {
                    !self
                        .rows
                        .iter()
                        .any(|r| r.id.is_some_and(|id| id.owns(&p.key)))
                })
                .collect();
            if !orphans.is_empty() {
                v.push(Line::default(), None);
                for p in orphans {
                    let text = format!("✗ {}: {}", p.key, p.message);
                    for line in note(0, width, &text, theme.error()) {
                        v.push(line, None);
                    }
                }
            }
        }
        v
    }

    /// Draw the form in `area` (inside `block`). `problems`: those of this screen; each is
    /// shown under the field it belongs to, the rest at the end.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        theme: Theme,
        problems: &[Problem],
    ) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let view = self.view(
            &|_| true,
            usize::from(inner.width),
            self.label_width(),
            theme,
            problems,
            true,
        );
        view.render(frame, inner);
    }

    /// The row drawn at (`col`, `row`) when the form is drawn in `inner` (inside its block).
    pub fn row_at(
        &self,
        inner: Rect,
        col: u16,
        row: u16,
        theme: Theme,
        problems: &[Problem],
    ) -> Option<usize> {
        if !inner.contains(Position::new(col, row)) {
            return None;
        }
        let view = self.view(
            &|_| true,
            usize::from(inner.width),
            self.label_width(),
            theme,
            problems,
            true,
        );
        view.row_at(usize::from(inner.height), usize::from(row - inner.y))
    }
}

/// A form as lines (see [`Form::view`]).
#[derive(Debug, Clone, Default)]
pub struct FormView {
    pub lines: Vec<Line<'static>>,
    /// The row each line belongs to (a note belongs to its field's row).
    pub owners: Vec<Option<usize>>,
    selected_line: usize,
    selected_end: usize,
    /// The input's cursor: (line, column).
    pub cursor: Option<(usize, usize)>,
}

impl FormView {
    fn push(&mut self, line: Line<'static>, owner: Option<usize>) {
        self.lines.push(line);
        self.owners.push(owner);
    }

    /// Lines after the form's (they belong to no row).
    pub fn extend(&mut self, lines: Vec<Line<'static>>) {
        for line in lines {
            self.push(line, None);
        }
    }

    /// The first line shown in `height` lines: the selected row and its notes visible, with the
    /// line above it (often its heading) when there is room.
    pub fn offset(&self, height: usize) -> usize {
        self.selected_end
            .saturating_sub(height)
            .min(self.selected_line.saturating_sub(1))
    }

    /// The row at line `y` of `height` shown lines.
    pub fn row_at(&self, height: usize, y: usize) -> Option<usize> {
        if y >= height {
            return None;
        }
        self.owners.get(self.offset(height) + y).copied().flatten()
    }

    /// Draw the visible lines in `area`, and the input's cursor when it shows.
    pub fn render(self, frame: &mut Frame, area: Rect) {
        let height = usize::from(area.height);
        let offset = self.offset(height);
        if let Some((line, col)) = self.cursor
            && line >= offset
            && line - offset < height
        {
            frame.set_cursor_position(Position::new(
                area.x + u16::try_from(col).unwrap_or(0),
                area.y + u16::try_from(line - offset).unwrap_or(0),
            ));
        }
        let visible: Vec<Line> = self.lines.into_iter().skip(offset).take(height).collect();
        frame.render_widget(Paragraph::new(visible), area);
    }
}

/// A note under a field: wrapped to `width`, every line starting at column `indent`.
fn note(indent: usize, width: usize, text: &str, style: Style) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    wrap(text, width.saturating_sub(indent), 2)
        .into_iter()
        .map(|l| Line::styled(format!("{pad}{l}"), style))
        .collect()
}

fn value_spans(row: &Row, width: usize, theme: Theme) -> Vec<Span<'static>> {
    match &row.kind {
        RowKind::Toggle { on, warning } => {
            let mut spans = vec![Span::raw(if *on { "[x] on" } else { "[ ] off" })];
            if *on && warning.is_some() {
                spans.push(Span::styled("  ⚠", theme.warning()));
            }
            spans
        }
        RowKind::Button => vec![Span::styled("(Enter)", theme.muted())],
        RowKind::Choice { options } => {
            let others = options
                .iter()
                .filter(|(v, _)| *v != row.value)
                .map(|(v, _)| *v)
                .collect::<Vec<_>>()
                .join(", ");
            let next = format!("  (Enter: {others})");
            let value_w = row.value.chars().count().min(width);
            vec![
                Span::raw(truncate(&row.value, value_w)),
                Span::styled(truncate(&next, width - value_w), theme.muted()),
            ]
        }
        RowKind::Text => {
            let value = if row.value.is_empty() {
                Span::styled(row.placeholder, theme.muted())
            } else {
                Span::raw(row.value.clone())
            };
            let Some((note, warn)) = &row.note else {
                return vec![Span::raw(truncate(&value.content, width)).style(value.style)];
            };
            let note = if *warn {
                format!("  ⚠ {note}")
            } else {
                format!("  · {note}")
            };
            // The value first; the note keeps at least its symbol and a word.
            let note_w = note.chars().count();
            let value_w = value.content.chars().count();
            let value_room = if value_w + note_w <= width {
                value_w
            } else {
                value_w.min(width.saturating_sub(note_w.min(14)))
            };
            let style = if *warn {
                theme.warning()
            } else {
                theme.muted()
            };
            vec![
                Span::raw(truncate(&value.content, value_room)).style(value.style),
                Span::styled(truncate(&note, width.saturating_sub(value_room)), style),
            ]
        }
        RowKind::Heading => vec![Span::raw(truncate(&row.value, width))],
    }
}
