//! Planning: what a step notices it would do, in place of doing it. A step asks
//! [`Ctx::go`](super::ctx::Ctx::go) before each write; when planning, the answer is no and the
//! write becomes a [`Note`]; the plan's mark for the step is the strongest of its notes.

use serde::Serialize;

use super::ctx::{Ctx, Mode};

/// One thing a step would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Create(String),
    Adopt(String),
    Change(String),
    Run(String),
}

/// What the live plan says of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Found as wanted: nothing to do.
    Exists,
    /// Runs every time (a check, a wait).
    Run,
    /// Found, and something differs: the changes say what.
    Change,
    /// The blueprint names something that exists, not yet in the journal: apply adopts it.
    Adopt,
    /// Missing: apply creates it.
    Create,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exists => "exists",
            Self::Run => "run",
            Self::Change => "change",
            Self::Adopt => "adopt",
            Self::Create => "create",
        }
    }

    /// Whether apply would change something in an account.
    pub fn changes_something(self) -> bool {
        matches!(self, Self::Change | Self::Adopt | Self::Create)
    }
}

impl Note {
    pub fn mark(&self) -> Mark {
        match self {
            Self::Create(_) => Mark::Create,
            Self::Adopt(_) => Mark::Adopt,
            Self::Change(_) => Mark::Change,
            Self::Run(_) => Mark::Run,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Self::Create(t) | Self::Adopt(t) | Self::Change(t) | Self::Run(t) => t,
        }
    }
}

/// A step's mark from its notes: the strongest one, `exists` when there is none.
pub fn mark_of(notes: &[Note]) -> Mark {
    notes.iter().map(Note::mark).max().unwrap_or(Mark::Exists)
}

impl Ctx {
    /// Before a write: `true` to go ahead (applying); when planning, note it and say no.
    pub fn go(&self, note: Note) -> bool {
        if self.mode() == Mode::Apply {
            return true;
        }
        self.note(note);
        false
    }

    /// Before a create that later steps build on: as [`Ctx::go`], and when planning, the
    /// journal keys it would record count as planned (a step that needs one waits for it).
    pub fn go_create(&self, keys: &[&str], what: impl Into<String>) -> bool {
        if self.go(Note::Create(what.into())) {
            return true;
        }
        if let Ok(mut planned) = self.planned_keys().lock() {
            planned.extend(keys.iter().map(ToString::to_string));
        }
        false
    }

    /// Whether this run would create the record `key` first.
    pub fn is_planned(&self, key: &str) -> bool {
        self.planned_keys()
            .lock()
            .is_ok_and(|p| p.iter().any(|k| k == key))
    }

    pub(super) fn note(&self, note: Note) {
        if let Ok(mut notes) = self.notes_list().lock() {
            notes.push(note);
        }
    }

    /// The notes since the last call (the plan takes them after each step).
    pub fn take_notes(&self) -> Vec<Note> {
        self.notes_list()
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_note_marks_the_step() {
        assert_eq!(mark_of(&[]), Mark::Exists);
        assert_eq!(mark_of(&[Note::Run("wait".into())]), Mark::Run);
        let notes = [
            Note::Change("policy".into()),
            Note::Adopt("adopt vpc-1".into()),
            Note::Run("wait".into()),
        ];
        assert_eq!(mark_of(&notes), Mark::Adopt);
        assert_eq!(
            mark_of(&[Note::Create("vpc".into()), Note::Change("x".into())]),
            Mark::Create
        );
        assert!(Mark::Change.changes_something());
        assert!(!Mark::Run.changes_something());
        assert!(!Mark::Exists.changes_something());
    }
}
