//! The profile picker: the profiles of the user's AWS config files, filtered by typing, with
//! "(default chain)" first and, when the typed name is not in the files, that name itself
//! (allowed, and said to be not in the config files).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::aws::profiles::{Profile, ProfileList};
use crate::blueprint::Partition;
use crate::ui::fieldmap::{self, FieldId};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::layout::centered;
use crate::ui::text::wrap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::truncate;
use crate::ui::widgets::input::Input;

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry<'a> {
    /// No profile: the SDK's default credential chain.
    Default,
    Profile(&'a Profile),
    /// The filter text, not a profile of the files.
    Typed(String),
}

impl Entry<'_> {
    /// The profile field's new text (empty: the default chain).
    fn value(&self) -> String {
        match self {
            Self::Default => String::new(),
            Self::Profile(p) => p.name.clone(),
            Self::Typed(t) => t.trim().to_string(),
        }
    }
}

/// What a key or click did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Consumed; only the picker changed.
    Render,
    Close,
    /// The profile field's new text (empty: the default chain).
    Pick(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// `DataProfile` or `ModelProfile`.
    pub field: FieldId,
    pub filter: Input,
    pub selected: usize,
}

/// Lines of the box that are not entries or the text under them: the borders, the filter line
/// and the blank lines under it and under the entries.
const CHROME: usize = 5;

/// Where the box goes in the screen's `area` and how many entries it shows, for `entries`
/// entries and `foot` lines under them (wrapped to the box's inner width).
struct Place {
    rect: Rect,
    shown: usize,
}

fn place(area: Rect, entries: usize, foot: &dyn Fn(usize) -> usize) -> Place {
    let inner = Block::bordered().inner(area);
    let width = inner.width.min(72);
    let foot = foot(usize::from(width.saturating_sub(2)));
    let want = u16::try_from(entries + foot + CHROME).unwrap_or(u16::MAX);
    let rect = centered(inner, width, want.min(inner.height));
    let shown = usize::from(rect.height)
        .saturating_sub(CHROME + foot)
        .max(1);
    Place { rect, shown }
}

/// What the box says under the list: where the profiles come from, and read problems.
fn foot(profiles: &ProfileList, width: usize) -> Vec<(String, bool)> {
    let files = &profiles.shown;
    let text = match (profiles.profiles.is_empty(), files.is_empty()) {
        (true, true) => "no profiles: no AWS config files were read".to_string(),
        (true, false) => format!("no profiles in {files}: type a name, or use the default chain"),
        (false, true) => format!("{} profile(s)", profiles.profiles.len()),
        (false, false) => format!("{} profile(s) from {files}", profiles.profiles.len()),
    };
    let mut out: Vec<(String, bool)> = wrap(&text, width, 2)
        .into_iter()
        .map(|l| (l, false))
        .collect();
    for p in &profiles.problems {
        out.extend(
            wrap(&format!("✗ {p}"), width, 2)
                .into_iter()
                .map(|l| (l, true)),
        );
    }
    out
}

impl Picker {
    /// Open on `field`, with the current value selected.
    pub fn open(field: FieldId, current: Option<&str>, profiles: &ProfileList) -> Self {
        let mut p = Self {
            field,
            filter: Input::default(),
            selected: 0,
        };
        if let Some(name) = current {
            p.selected = p
                .entries(profiles)
                .iter()
                .position(|e| matches!(e, Entry::Profile(x) if x.name == name))
                .unwrap_or(0);
        }
        p
    }

    /// The list as filtered now: the default chain, the profiles whose name contains the
    /// filter (any case), and the filter itself when no profile has exactly that name.
    pub fn entries<'a>(&self, profiles: &'a ProfileList) -> Vec<Entry<'a>> {
        let filter = self.filter.text.trim();
        let lower = filter.to_lowercase();
        let mut out = vec![Entry::Default];
        out.extend(
            profiles
                .profiles
                .iter()
                .filter(|p| p.name.to_lowercase().contains(&lower))
                .map(Entry::Profile),
        );
        if !filter.is_empty() && !profiles.contains(filter) {
            out.push(Entry::Typed(filter.to_string()));
        }
        out
    }

    /// Whether the entry can be picked (a typed name must be a usable profile name).
    fn check(entry: &Entry, partition: Partition) -> Result<(), String> {
        match entry {
            Entry::Typed(t) => fieldmap::check(FieldId::DataProfile, t, partition),
            _ => Ok(()),
        }
    }

    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        profiles: &ProfileList,
        partition: Partition,
    ) -> Outcome {
        let n = self.entries(profiles).len();
        match keymap::lookup(KeyCtx::ProfilePicker, key) {
            Some(Cmd::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Cmd::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Cmd::Cancel) => return Outcome::Close,
            Some(Cmd::Commit) => return self.pick(profiles, partition),
            _ => {
                if self.filter.handle(key) {
                    // The best match: the first profile, else the typed name.
                    let entries = self.entries(profiles);
                    self.selected = usize::from(entries.len() > 1 && !self.filter.text.is_empty());
                }
            }
        }
        Outcome::Render
    }

    fn pick(&self, profiles: &ProfileList, partition: Partition) -> Outcome {
        match self.entries(profiles).get(self.selected) {
            Some(e) if Self::check(e, partition).is_ok() => Outcome::Pick(e.value()),
            _ => Outcome::Render,
        }
    }

    /// Where the box goes in the screen's `area`, and how many entries it shows.
    fn place(area: Rect, n: usize, profiles: &ProfileList) -> Place {
        place(area, n, &|w| foot(profiles, w).len())
    }

    /// The first entry shown when `shown` show.
    fn first(&self, shown: usize) -> usize {
        (self.selected + 1).saturating_sub(shown)
    }

    /// A click in the screen's `area`: select an entry; clicking the selected one picks it.
    pub fn click(
        &mut self,
        area: Rect,
        (col, row): (u16, u16),
        profiles: &ProfileList,
        partition: Partition,
    ) -> Outcome {
        let n = self.entries(profiles).len();
        let Place { rect, shown } = Self::place(area, n, profiles);
        let first = self.first(shown);
        let top = rect.y + 3;
        if !rect.contains(Position::new(col, row)) || row < top {
            return Outcome::Render;
        }
        let i = first + usize::from(row - top);
        if usize::from(row - top) >= shown || i >= n {
            return Outcome::Render;
        }
        if i == self.selected {
            return self.pick(profiles, partition);
        }
        self.selected = i;
        Outcome::Render
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        profiles: &ProfileList,
        partition: Partition,
        theme: Theme,
    ) {
        let entries = self.entries(profiles);
        let Place { rect, shown } = Self::place(area, entries.len(), profiles);
        let whose = if self.field == FieldId::ModelProfile {
            "model owner"
        } else {
            "data owner"
        };
        let block = Block::bordered()
            .border_style(theme.overlay())
            .title(Span::styled(
                format!(" AWS profile for the {whose} "),
                theme.overlay(),
            ));
        let inner = block.inner(rect);
        frame.render_widget(Clear, rect);
        frame.render_widget(block, rect);
        let width = usize::from(inner.width);
        let first = self.first(shown);
        let (text, col) = self.filter.visible(width.saturating_sub(10));
        frame.set_cursor_position(Position::new(
            inner.x + 8 + u16::try_from(col).unwrap_or(0),
            inner.y,
        ));
        let mut lines = vec![
            Line::from(vec![
                Span::styled("filter  ", theme.muted()),
                Span::styled(
                    format!("{text:<w$}", w = width.saturating_sub(9)),
                    theme.input(),
                ),
            ]),
            Line::default(),
        ];
        let name_w = entries
            .iter()
            .map(|e| match e {
                Entry::Profile(p) => p.name.chars().count(),
                _ => 15,
            })
            .max()
            .unwrap_or(0)
            .min(width / 2);
        for (i, e) in entries.iter().enumerate().skip(first).take(shown) {
            let selected = i == self.selected;
            let marker = Span::raw(if selected { "▶ " } else { "  " });
            let style = if selected {
                theme.selected()
            } else {
                theme.text()
            };
            let (name, note, note_style) = match e {
                Entry::Default => (
                    "(default chain)".to_string(),
                    "AWS_PROFILE, AWS_* variables, [default], instance role".to_string(),
                    theme.muted(),
                ),
                Entry::Profile(p) => {
                    let mut note = p.kind.map_or("", |k| k.label()).to_string();
                    if p.mfa {
                        note.push_str(" · MFA");
                    }
                    (p.name.clone(), note, theme.muted())
                }
                Entry::Typed(t) => match Self::check(e, partition) {
                    Ok(()) => (
                        format!("use “{t}”"),
                        "⚠ not in your config files".to_string(),
                        theme.warning(),
                    ),
                    Err(err) => (format!("“{t}”"), format!("✗ {err}"), theme.error()),
                },
            };
            let name = format!("{:<name_w$}", truncate(&name, name_w.max(15)));
            let room = width.saturating_sub(2 + name.chars().count() + 2);
            lines.push(Line::from(vec![
                marker,
                Span::styled(name, style),
                Span::raw("  "),
                Span::styled(truncate(&note, room), note_style),
            ]));
        }
        lines.push(Line::default());
        for (line, problem) in foot(profiles, width) {
            let style = if problem {
                theme.error()
            } else {
                theme.muted()
            };
            lines.push(Line::styled(line, style));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn list() -> ProfileList {
        ProfileList::from_texts(
            "[profile data-owner]\nsso_session = x\n[profile model-owner]\nrole_arn = r\n",
            "[ci]\naws_access_key_id = A\n",
        )
    }

    #[test]
    fn typing_filters_and_selects_the_best_match() {
        let profiles = list();
        let mut p = Picker::open(FieldId::DataProfile, Some("model-owner"), &profiles);
        assert_eq!(p.entries(&profiles).len(), 4);
        assert_eq!(p.selected, 3, "the current profile is selected");
        for c in "OWN".chars() {
            p.handle_key(&key(KeyCode::Char(c)), &profiles, Partition::Aws);
        }
        let names: Vec<String> = p.entries(&profiles).iter().map(Entry::value).collect();
        assert_eq!(names, ["", "data-owner", "model-owner", "OWN"]);
        assert_eq!(p.selected, 1);
        let out = p.handle_key(&key(KeyCode::Enter), &profiles, Partition::Aws);
        assert_eq!(out, Outcome::Pick("data-owner".into()));
    }

    #[test]
    fn a_name_not_in_the_files_can_be_picked_and_the_default_chain_is_empty() {
        let profiles = list();
        let mut p = Picker::open(FieldId::ModelProfile, None, &profiles);
        assert_eq!(
            p.handle_key(&key(KeyCode::Enter), &profiles, Partition::Aws),
            Outcome::Pick(String::new())
        );
        for c in "elsewhere".chars() {
            p.handle_key(&key(KeyCode::Char(c)), &profiles, Partition::Aws);
        }
        assert_eq!(p.entries(&profiles).len(), 2);
        assert_eq!(
            p.handle_key(&key(KeyCode::Enter), &profiles, Partition::Aws),
            Outcome::Pick("elsewhere".into())
        );
        assert_eq!(
            p.handle_key(&key(KeyCode::Esc), &profiles, Partition::Aws),
            Outcome::Close
        );
    }
}
