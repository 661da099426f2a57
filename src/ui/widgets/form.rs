//! A form: rows of fields built from the blueprint, one selected, at most one being edited in
//! an inline input. Used by the Parties, Network, Data and Cluster screens.

use crossterm::event::{KeyCode, KeyEvent};
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
}

impl Row {
    pub fn heading(label: &str) -> Self {
        Self {
            id: None,
            label: label.into(),
            value: String::new(),
            kind: RowKind::Heading,
            hint: "",
        }
    }

    pub fn text(id: FieldId, label: impl Into<String>, value: String, hint: &'static str) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value,
            kind: RowKind::Text,
            hint,
        }
    }

    pub fn toggle(id: FieldId, label: impl Into<String>, on: bool) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value: String::new(),
            kind: RowKind::Toggle { on, warning: None },
            hint: "",
        }
    }

    pub fn button(id: FieldId, label: &str) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value: String::new(),
            kind: RowKind::Button,
            hint: "",
        }
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
    /// Another pane of the screen has the keys: the selection is not marked.
    pub unfocused: bool,
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
        let label_w = self
            .rows
            .iter()
            .filter(|r| r.kind != RowKind::Heading)
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0)
            .min(26);
        let value_x = 2 + label_w + 1;
        let value_w = usize::from(inner.width).saturating_sub(value_x);
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_line = 0;
        let mut selected_end = 0;
        let mut cursor: Option<(usize, usize)> = None;
        for (i, row) in self.rows.iter().enumerate() {
            let selected = i == self.selected;
            let marked = selected && !self.unfocused;
            if selected {
                selected_line = lines.len();
            }
            if row.kind == RowKind::Heading {
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                lines.push(Line::styled(row.label.clone(), theme.title()));
                continue;
            }
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
                cursor = Some((lines.len(), value_x + col));
                spans.push(Span::styled(
                    format!("{shown:<w$}", w = value_w.saturating_sub(1)),
                    theme.input(),
                ));
            } else {
                spans.extend(value_spans(row, value_w, theme));
            }
            lines.push(Line::from(spans));
            let width = usize::from(inner.width);
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
            if selected {
                // One line more: the next row shows too.
                selected_end = lines.len() + 1;
            }
        }
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
            lines.push(Line::default());
            for p in orphans {
                let text = format!("✗ {}: {}", p.key, p.message);
                lines.extend(note(0, usize::from(inner.width), &text, theme.error()));
            }
        }
        // Scroll so that the selected row and its notes are visible, with the line above it
        // (often its heading) when there is room.
        let height = usize::from(inner.height);
        let offset = selected_end
            .saturating_sub(height)
            .min(selected_line.saturating_sub(1));
        if let Some((line, col)) = cursor
            && line >= offset
            && line - offset < height
        {
            frame.set_cursor_position(Position::new(
                inner.x + u16::try_from(col).unwrap_or(0),
                inner.y + u16::try_from(line - offset).unwrap_or(0),
            ));
        }
        let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
        frame.render_widget(Paragraph::new(visible), inner);
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
        RowKind::Text if row.value.is_empty() => vec![Span::styled("(none)", theme.muted())],
        _ => vec![Span::raw(truncate(&row.value, width))],
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
