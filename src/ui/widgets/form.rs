//! A form: rows of fields built from the blueprint, one selected, at most one being edited in
//! an inline input. Used by the Identities, Network, Data and Cluster screens.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::input::Input;
use crate::blueprint::{Partition, Problem};
use crate::ui::action::Action;
use crate::ui::fieldmap::{self, FieldId};
use crate::ui::keymap::{self, Cmd, Ctx};
use crate::ui::text::wrap;
use crate::ui::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A section title; never selected.
    Heading,
    Text,
    /// On/off. `warning`: shown next to the value while it is on.
    Toggle {
        on: bool,
        warning: Option<&'static str>,
    },
    /// A row that does something when Enter is pressed (e.g. "add subnet").
    Button,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: Option<FieldId>,
    pub label: String,
    pub value: String,
    pub kind: RowKind,
    /// What the field takes; shown under it while editing.
    pub hint: &'static str,
    /// Shown in place of an empty text value.
    pub placeholder: &'static str,
    /// Shown after the value: (text, whether it is a warning).
    pub note: Option<(String, bool)>,
}

impl Row {
    pub fn heading(label: &str) -> Self {
        Self {
            id: None,
            label: label.into(),
            value: String::new(),
            kind: RowKind::Heading,
            hint: "",
            placeholder: "(none)",
            note: None,
        }
    }

    pub fn text(id: FieldId, label: impl Into<String>, value: String, hint: &'static str) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value,
            kind: RowKind::Text,
            hint,
            placeholder: "(none)",
            note: None,
        }
    }

    pub fn toggle(id: FieldId, label: impl Into<String>, on: bool) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value: String::new(),
            kind: RowKind::Toggle { on, warning: None },
            hint: "",
            placeholder: "(none)",
            note: None,
        }
    }

    pub fn button(id: FieldId, label: &str) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value: String::new(),
            kind: RowKind::Button,
            hint: "",
            placeholder: "(none)",
            note: None,
        }
    }

    /// Show `text` in place of an empty value.
    pub fn placeholder(mut self, text: &'static str) -> Self {
        self.placeholder = text;
        self
    }

    /// Show `text` after the value (`warn`: as a warning, with ⚠).
    pub fn note(mut self, text: impl Into<String>, warn: bool) -> Self {
        self.note = Some((text.into(), warn));
        self
    }

    fn selectable(&self) -> bool {
        self.kind != RowKind::Heading
    }
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// The field being edited and its input.
    pub input: Option<(FieldId, Input)>,
    pub partition: Option<Partition>,
}

impl Form {
    /// Replace the rows (after the blueprint changed); keeps the selection in range.
    pub fn sync(&mut self, rows: Vec<Row>, partition: Partition) {
        self.rows = rows;
        self.partition = Some(partition);
        if let Some((id, _)) = &self.input
            && !self.rows.iter().any(|r| r.id == Some(*id))
        {
            self.input = None;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        if !self.rows.get(self.selected).is_some_and(Row::selectable) {
            self.move_by(1);
        }
    }

    pub fn selected_id(&self) -> Option<FieldId> {
        self.rows.get(self.selected).and_then(|r| r.id)
    }

    pub fn select(&mut self, id: FieldId) {
        if let Some(i) = self.rows.iter().position(|r| r.id == Some(id)) {
            self.selected = i;
        }
    }

    pub fn editing(&self) -> bool {
        self.input.is_some()
    }

    /// The validation result of the text being edited.
    pub fn input_check(&self) -> Option<Result<(), String>> {
        let (id, input) = self.input.as_ref()?;
        Some(fieldmap::check(
            *id,
            &input.text,
            self.partition.unwrap_or(Partition::Aws),
        ))
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.rows.len();
        let mut i = self.selected;
        for _ in 0..n {
            let next = i.checked_add_signed(delta).filter(|j| *j < n);
            match next {
                Some(j) => {
                    i = j;
                    if self.rows[j].selectable() {
                        self.selected = j;
                        return;
                    }
                }
                None => break,
            }
        }
        if !self.rows.get(self.selected).is_some_and(Row::selectable)
            && let Some(j) = self.rows.iter().position(Row::selectable)
        {
            self.selected = j;
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        if self.input.is_some() {
            return self.handle_input_key(key);
        }
        let row = self.rows.get(self.selected)?;
        let id = row.id?;
        match keymap::lookup(Ctx::Form, key)? {
            Cmd::Up => self.move_by(-1),
            Cmd::Down => self.move_by(1),
            Cmd::Edit => match row.kind {
                RowKind::Text => self.input = Some((id, Input::new(row.value.clone()))),
                RowKind::Toggle { .. } => return Some(Action::Toggle(id)),
                RowKind::Button if id == FieldId::AddSubnet => return Some(Action::AddSubnet),
                RowKind::Button | RowKind::Heading => return None,
            },
            Cmd::Toggle if matches!(row.kind, RowKind::Toggle { .. }) => {
                return Some(Action::Toggle(id));
            }
            _ => return None,
        }
        Some(Action::Render)
    }

    fn handle_input_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let check = self.input_check();
        let (id, input) = self.input.as_mut()?;
        match keymap::lookup(Ctx::Input, key) {
            Some(Cmd::Commit) => match check {
                Some(Ok(())) => Some(Action::SetField(*id, input.text.clone())),
                // Invalid: keep the text and the error on screen, commit nothing.
                _ => Some(Action::Render),
            },
            Some(Cmd::Cancel) => {
                self.input = None;
                Some(Action::Render)
            }
            _ if input.handle(key) => Some(Action::Render),
            // Keys that would move focus away from an open input do nothing.
            _ if matches!(
                key.code,
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down
            ) =>
            {
                Some(Action::Render)
            }
            _ => None,
        }
    }

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
            let marker = if selected { "▶ " } else { "  " };
            let label = format!("{:<label_w$} ", truncate(&row.label, label_w));
            let label_style = if selected {
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

    /// A click on row `i`: select it; a click on the selected row is Enter. While a field is
    /// being edited, clicks elsewhere do nothing (as the arrow keys do).
    pub fn click(&mut self, i: usize) -> Option<Action> {
        if self.input.is_some() || !self.rows.get(i).is_some_and(Row::selectable) {
            return None;
        }
        if i == self.selected {
            return self.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        }
        self.selected = i;
        Some(Action::Render)
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

/// Cut `s` to `width` characters, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
