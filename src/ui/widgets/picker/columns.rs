//! A picker's columns: which fit in the width, and cells cut or padded to them.

use crate::ui::widgets::form::truncate;

/// A column of a picker. Columns that do not fit are left out, least important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// The widest cell (or the title).
    pub width: usize,
    /// Lower keeps the column longer when the width is short.
    pub keep: u8,
    pub right: bool,
    /// Takes what width is left (down to 8 characters), cut with `…`.
    pub flex: bool,
}

impl Column {
    pub fn new(title: &'static str, width: usize, keep: u8) -> Self {
        Self {
            title,
            width: width.max(title.chars().count()),
            keep,
            right: false,
            flex: false,
        }
    }

    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }

    pub fn flex(mut self) -> Self {
        self.flex = true;
        self
    }
}

/// The width of each column in `width` characters (`None`: left out). Each column takes its
/// width plus a space; a flex column shrinks to what is left, down to 8.
pub fn fit(columns: &[Column], width: usize) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|i| (columns[*i].keep, *i));
    let mut out = vec![None; columns.len()];
    let mut used = 0;
    for i in &order {
        let c = &columns[*i];
        let min = if c.flex { c.width.min(8) } else { c.width };
        if used + min < width {
            out[*i] = Some(min);
            used += min + 1;
        }
    }
    // The flex columns grow into what is left.
    for (i, c) in columns.iter().enumerate() {
        if let (true, Some(w)) = (c.flex, out[i]) {
            let grow = (c.width - w).min(width.saturating_sub(used));
            out[i] = Some(w + grow);
            used += grow;
        }
    }
    out
}

/// `text` cut or padded to `width` characters.
pub(super) fn cell(text: &str, width: usize, right: bool) -> String {
    let t = truncate(text, width);
    if right {
        format!("{t:>width$}")
    } else {
        format!("{t:<width$}")
    }
}

/// `5,000`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
