//! A list picker for long live lists (VPCs, thousands of subnets, buckets): one cursor, an
//! optional multi-selection by row key, and a type-to-filter whose matches are a cached index
//! list (recomputed when the filter or the rows change, never while drawing). Drawing builds
//! lines only for the rows on screen.
//!
//! The picker knows each row by a key (an ID) and a lowercase search text; the screen that owns
//! it renders the cells of the rows it is asked for.

mod columns;

use columns::cell;
pub use columns::{Column, fit, thousands};

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::theme::Theme;

/// Lines above the rows: the title, then the column header.
pub const HEAD: u16 = 2;
/// Columns before the cells: the cursor mark, the chosen mark, a space.
const PREFIX: usize = 3;

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Only the picker's view changed (cursor, filter, selection).
    Changed,
    /// Enter on the list: the caller acts on [`Picker::current_key`] or [`Picker::chosen`].
    Accept,
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    keys: Vec<String>,
    haystack: Vec<String>,
    /// Rows matching the filter, in row order.
    visible: Vec<usize>,
    /// Position of the cursor in `visible`.
    pub cursor: usize,
    /// First position of `visible` on screen.
    pub offset: usize,
    /// Rows on screen (from the layout; see [`Picker::fit`]).
    pub height: usize,
    pub filter: String,
    /// Keys go to the filter.
    pub filtering: bool,
    /// Space toggles rows in and out of [`Picker::chosen`].
    pub multi: bool,
    pub chosen: BTreeSet<String>,
    /// The matches of each shorter filter typed on the way to this one, so Backspace
    /// restores them instead of searching every row again.
    trail: Vec<(String, Vec<usize>)>,
}

impl Picker {
    pub fn multi() -> Self {
        Self {
            multi: true,
            ..Self::default()
        }
    }

    /// Replace the rows: `keys` identify them, `haystack` is what the filter searches (any case).
    /// The cursor stays on the same key when it is still there.
    pub fn set_items(&mut self, keys: Vec<String>, haystack: Vec<String>) {
        let current = self.current_key().map(str::to_string);
        self.keys = keys;
        self.haystack = haystack.into_iter().map(|h| h.to_lowercase()).collect();
        self.trail.clear();
        self.refilter(None);
        if let Some(key) = current {
            self.select_key(&key);
        }
    }

    /// All rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The rows that match the filter, in order (row indices).
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.cursor).copied()
    }

    pub fn current_key(&self) -> Option<&str> {
        self.current().map(|i| self.keys[i].as_str())
    }

    pub fn key(&self, row: usize) -> Option<&str> {
        self.keys.get(row).map(String::as_str)
    }

    pub fn is_chosen(&self, row: usize) -> bool {
        self.keys.get(row).is_some_and(|k| self.chosen.contains(k))
    }

    /// Put the cursor on a key (when it matches the filter).
    pub fn select_key(&mut self, key: &str) {
        if let Some(pos) = self.visible.iter().position(|i| self.keys[*i] == key) {
            self.cursor = pos;
            self.scroll_to_cursor();
        }
    }

    /// The chosen keys in row order.
    pub fn chosen_in_order(&self) -> Vec<String> {
        self.keys
            .iter()
            .filter(|k| self.chosen.contains(*k))
            .cloned()
            .collect()
    }

    /// Recompute the matches, from `base` (a superset of them) or from every row.
    fn refilter(&mut self, base: Option<Vec<usize>>) {
        let current = self.current();
        let filter = self.filter.to_lowercase();
        let terms: Vec<&str> = filter.split_whitespace().collect();
        let hay = &self.haystack;
        let matches = |i: &usize| terms.iter().all(|t| hay[*i].contains(t));
        let visible = match base {
            Some(base) => base.into_iter().filter(matches).collect(),
            None => (0..self.keys.len()).filter(matches).collect(),
        };
        self.show(current, visible);
    }

    /// Show these matches, the cursor on row `current` when it is among them.
    fn show(&mut self, current: Option<usize>, visible: Vec<usize>) {
        self.visible = visible;
        self.cursor = current
            .and_then(|c| self.visible.iter().position(|i| *i == c))
            .unwrap_or(0);
        self.offset = 0;
        self.scroll_to_cursor();
    }

    fn set_filter(&mut self, filter: String) {
        if filter == self.filter {
            return;
        }
        // Text added at the end only narrows: every row matching the new filter matches the
        // old one. Keep the old matches for Backspace.
        if filter.starts_with(&self.filter) {
            let old = std::mem::replace(&mut self.filter, filter);
            let base = self.visible.clone();
            self.trail.push((old, base.clone()));
            self.refilter(Some(base));
            return;
        }
        // Shorter or different: start from the longest filter typed before that this one
        // extends (its matches are a superset), else from every row.
        while let Some((f, _)) = self.trail.last() {
            if filter.starts_with(f.as_str()) {
                break;
            }
            self.trail.pop();
        }
        self.filter = filter;
        let current = self.current();
        match self.trail.last() {
            Some((f, visible)) if *f == self.filter => {
                let visible = visible.clone();
                self.trail.pop();
                self.show(current, visible);
            }
            Some((_, visible)) => {
                let base = visible.clone();
                self.refilter(Some(base));
            }
            None => self.refilter(None),
        }
    }

    /// Size the picker for `height` rows on screen and keep the cursor among them.
    pub fn fit(&mut self, height: usize) {
        self.height = height.max(1);
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
        self.scroll_to_cursor();
    }

    fn scroll_to_cursor(&mut self) {
        let h = self.height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + h {
            self.offset = self.cursor + 1 - h;
        }
        let max = self.visible.len().saturating_sub(h);
        self.offset = self.offset.min(max);
    }

    fn move_to(&mut self, pos: usize) {
        self.cursor = pos.min(self.visible.len().saturating_sub(1));
        self.scroll_to_cursor();
    }

    /// Handle a key. `None`: not the picker's (the screen or the global bindings may use it).
    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        if self.filtering {
            return self.filter_key(key);
        }
        if self.multi
            && let Some(Cmd::Toggle) = keymap::lookup(KeyCtx::MultiPicker, key)
        {
            let k = self.current_key()?.to_string();
            if !self.chosen.remove(&k) {
                self.chosen.insert(k);
            }
            return Some(Outcome::Changed);
        }
        let page = self.height.max(1);
        match keymap::lookup(KeyCtx::Picker, key)? {
            Cmd::Up => self.move_to(self.cursor.saturating_sub(1)),
            Cmd::Down => self.move_to(self.cursor + 1),
            Cmd::PageUp => self.move_to(self.cursor.saturating_sub(page)),
            Cmd::PageDown => self.move_to(self.cursor + page),
            Cmd::Top => self.move_to(0),
            Cmd::Bottom => self.move_to(usize::MAX),
            Cmd::Filter => self.filtering = true,
            Cmd::Commit => return self.current().map(|_| Outcome::Accept),
            Cmd::Cancel if !self.filter.is_empty() => self.set_filter(String::new()),
            _ => return None,
        }
        Some(Outcome::Changed)
    }

    fn filter_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        match keymap::lookup(KeyCtx::Filter, key) {
            Some(Cmd::Commit) => self.filtering = false,
            Some(Cmd::Cancel) => {
                self.filtering = false;
                self.set_filter(String::new());
            }
            Some(Cmd::Up) => self.move_to(self.cursor.saturating_sub(1)),
            Some(Cmd::Down) => self.move_to(self.cursor + 1),
            _ => match key.code {
                KeyCode::Backspace => {
                    let mut f = self.filter.clone();
                    f.pop();
                    self.set_filter(f);
                }
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.set_filter(String::new());
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    let mut f = self.filter.clone();
                    f.push(c);
                    self.set_filter(f);
                }
                // Everything else is swallowed while typing (no screen change by accident).
                _ => {}
            },
        }
        Some(Outcome::Changed)
    }

    /// The first row on screen for a view `height` rows high: the stored offset, moved just
    /// enough to show the cursor.
    pub fn window_start(&self, height: usize) -> usize {
        let h = height.max(1);
        let mut start = self.offset.min(self.visible.len().saturating_sub(h));
        if self.cursor < start {
            start = self.cursor;
        } else if self.cursor >= start + h {
            start = self.cursor + 1 - h;
        }
        start
    }

    /// A left click `rel` rows below the first row on screen (in a view `height` high): the
    /// cursor goes there. Whether it landed on a row.
    pub fn click(&mut self, rel: usize, height: usize) -> bool {
        let pos = self.window_start(height) + rel;
        if rel < height && pos < self.visible.len() {
            self.cursor = pos;
            self.scroll_to_cursor();
            true
        } else {
            false
        }
    }

    /// `12 of 5,000 match "az1"`, `5,000 subnets`, and the selection count.
    pub fn summary(&self, noun: &str) -> String {
        let mut out = if self.filter.is_empty() {
            format!("{} {noun}", thousands(self.len()))
        } else {
            format!(
                "{} of {} {noun} match \"{}\"",
                thousands(self.visible.len()),
                thousands(self.len()),
                self.filter
            )
        };
        if self.multi {
            out.push_str(&format!(", {} ✓ selected", self.chosen.len()));
        }
        out
    }

    /// Draw `title`, the column header, the rows on screen (cells from `cells(row)`, one span
    /// per column) and `detail` (lines about the cursor row) in `area`. `focused`: the cursor
    /// row is highlighted.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: Line<'static>,
        columns: &[Column],
        cells: &dyn Fn(usize) -> Vec<Span<'static>>,
        detail: Vec<Line<'static>>,
        focused: bool,
        theme: Theme,
    ) {
        if area.height < HEAD || usize::from(area.width) <= PREFIX {
            return;
        }
        let width = usize::from(area.width);
        let detail_h = detail.len();
        let rows_h = usize::from(area.height)
            .saturating_sub(usize::from(HEAD))
            .saturating_sub(detail_h);
        let mut title = title;
        if self.filtering || !self.filter.is_empty() {
            // First, so a long title never hides what is typed.
            let cursor = if self.filtering { "▏" } else { "" };
            let text = format!("/{}{cursor} ", self.filter);
            title.spans.insert(0, Span::styled(text, theme.key()));
        }
        let fitted = fit(columns, width.saturating_sub(PREFIX));
        // Straight into the buffer, one cell at a time: no line is built for a row off screen,
        // and none is laid out twice.
        let buf = frame.buffer_mut();
        buf.set_line(area.x, area.y, &title, area.width);
        let row_y = area.y + HEAD;
        let header_y = row_y - 1;
        let prefix = u16::try_from(PREFIX).unwrap_or(0);
        let mut x = area.x + prefix;
        for (col, w) in columns.iter().zip(&fitted) {
            if let Some(w) = *w {
                put(buf, x, header_y, col.title, w, col.right, theme.muted());
                x += u16::try_from(w + 1).unwrap_or(0);
            }
        }
        let start = self.window_start(rows_h);
        let end = (start + rows_h).min(self.visible.len());
        for (pos, y) in (start..end).zip(row_y..) {
            let row = self.visible[pos];
            let here = pos == self.cursor && focused;
            if here {
                buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected());
            }
            let mark = if here { "▶" } else { " " };
            let chosen = if self.is_chosen(row) { "✓" } else { " " };
            buf.set_stringn(area.x, y, mark, 1, theme.text());
            buf.set_stringn(area.x + 1, y, chosen, 1, theme.text());
            let mut x = area.x + prefix;
            for (span, (col, w)) in cells(row).iter().zip(columns.iter().zip(&fitted)) {
                if let Some(w) = *w {
                    put(buf, x, y, &span.content, w, col.right, span.style);
                    x += u16::try_from(w + 1).unwrap_or(0);
                }
            }
        }
        let detail_y = row_y + u16::try_from(rows_h).unwrap_or(0);
        for (line, y) in detail.iter().zip(detail_y..area.y + area.height) {
            buf.set_line(area.x, y, line, area.width);
        }
    }
}

/// Write `text` in a cell `w` wide at (`x`, `y`): cut with `…` when longer, right-aligned
/// when `right`.
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, w: usize, right: bool, style: Style) {
    let n = text.chars().count();
    if n > w {
        buf.set_stringn(x, y, cell(text, w, false), w, style);
    } else {
        let pad = if right { w - n } else { 0 };
        let x = x + u16::try_from(pad).unwrap_or(0);
        buf.set_stringn(x, y, text, w - pad, style);
    }
}

#[cfg(test)]
mod tests;
