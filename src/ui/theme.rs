//! Styles. Colour is an addition, never the only signal: every state also has a symbol or a
//! word. With `NO_COLOR` set (any non-empty value) no colour is used at all, only modifiers.

use ratatui::style::{Color, Modifier, Style};

/// The wizard's styles. Injected into the app (never read from the environment while drawing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub const COLOR: Self = Self { color: true };
    pub const NO_COLOR: Self = Self { color: false };

    /// `NO_COLOR` with any non-empty value turns colour off (<https://no-color.org>).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::NO_COLOR,
            _ => Self::COLOR,
        }
    }

    fn fg(self, color: Color, modifier: Modifier) -> Style {
        let style = Style::new().add_modifier(modifier);
        if self.color { style.fg(color) } else { style }
    }

    /// Plain text.
    pub fn text(self) -> Style {
        Style::new()
    }

    /// Titles and the current screen's party.
    pub fn title(self) -> Style {
        self.fg(Color::Cyan, Modifier::BOLD)
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Field labels and secondary text.
    pub fn muted(self) -> Style {
        if self.color {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    /// Key names in hints.
    pub fn key(self) -> Style {
        self.fg(Color::Yellow, Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green, Modifier::empty())
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red, Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow, Modifier::BOLD)
    }

    /// The inline input while a field is being edited.
    pub fn input(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Overlay borders.
    pub fn overlay(self) -> Style {
        self.fg(Color::Cyan, Modifier::BOLD)
    }
}
