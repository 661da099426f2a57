//! A single-line text input: the text, a cursor, and the validation error of the text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Input {
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
}

impl Input {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Apply an editing key. Returns whether the key was an editing key (consumed); every
    /// printable character is, so `q` and `?` type themselves.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return false,
            KeyCode::Char(ch) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, ch);
                self.cursor += 1;
            }
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_at(self.cursor);
                    self.text.remove(at);
                }
            }
            KeyCode::Delete => {
                if self.cursor < len {
                    let at = self.byte_at(self.cursor);
                    self.text.remove(at);
                }
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => return false,
        }
        true
    }

    /// The part of the text to show in `width` columns so that the cursor stays visible, and
    /// the cursor's column within it.
    pub fn visible(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let start = (self.cursor + 1).saturating_sub(width);
        let shown: String = self.text.chars().skip(start).take(width).collect();
        (shown, self.cursor - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn types_edits_and_moves() {
        let mut i = Input::new("ab");
        assert!(i.handle(&key(KeyCode::Char('q'))));
        assert_eq!(i.text, "abq");
        i.handle(&key(KeyCode::Left));
        i.handle(&key(KeyCode::Backspace));
        assert_eq!(i.text, "aq");
        assert_eq!(i.cursor, 1);
        i.handle(&key(KeyCode::Home));
        i.handle(&key(KeyCode::Delete));
        assert_eq!(i.text, "q");
        assert!(!i.handle(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    }

    #[test]
    fn visible_window_follows_the_cursor() {
        let i = Input::new("0123456789");
        assert_eq!(i.visible(5), ("6789".to_string(), 4));
        let mut j = i.clone();
        j.cursor = 2;
        assert_eq!(j.visible(5), ("01234".to_string(), 2));
    }
}
