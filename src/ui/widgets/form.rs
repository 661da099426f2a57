//! A form: rows of fields built from the blueprint, one selected, at most one being edited in
//! an inline input. Used by the Identities, Network, Data and Cluster screens.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::form_view::FormView;
use super::input::Input;
use crate::blueprint::Partition;
use crate::ui::action::Action;
use crate::ui::fieldmap::{self, FieldId};
use crate::ui::keymap::{self, Cmd, KeyCtx};

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
    /// One of a few values (the row's `value`), each with a one-line hint; Enter or Space
    /// picks the next.
    Choice {
        options: &'static [(&'static str, &'static str)],
    },
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

    /// One of `options` (value, hint), `value` the current one.
    pub fn choice(
        id: FieldId,
        label: impl Into<String>,
        value: String,
        options: &'static [(&'static str, &'static str)],
    ) -> Self {
        Self {
            id: Some(id),
            label: label.into(),
            value,
            kind: RowKind::Choice { options },
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

    pub(crate) fn selectable(&self) -> bool {
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
        match keymap::lookup(KeyCtx::Form, key)? {
            Cmd::Up => self.move_by(-1),
            Cmd::Down => self.move_by(1),
            Cmd::Edit => match row.kind {
                RowKind::Text => self.input = Some((id, Input::new(row.value.clone()))),
                RowKind::Toggle { .. } | RowKind::Choice { .. } => {
                    return Some(Action::Toggle(id));
                }
                RowKind::Button if id == FieldId::AddSubnet => return Some(Action::AddSubnet),
                RowKind::Button | RowKind::Heading => return None,
            },
            Cmd::Toggle if matches!(row.kind, RowKind::Toggle { .. } | RowKind::Choice { .. }) => {
                return Some(Action::Toggle(id));
            }
            _ => return None,
        }
        Some(Action::Render)
    }

    fn handle_input_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let check = self.input_check();
        let (id, input) = self.input.as_mut()?;
        match keymap::lookup(KeyCtx::Input, key) {
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

/// Cut `s` to `width` characters, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
