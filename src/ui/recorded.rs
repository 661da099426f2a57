//! What the journal records for the blueprint, read-only: the real IDs the Policies screen
//! puts in place of placeholders (the S3 endpoint). Read by a background task
//! ([`Effect::ReadJournal`], answered by [`LiveEvent::Journal`]) when the wizard opens, when the
//! blueprint's name changes (the journal is per name), when Apply is shown and after an apply;
//! never inside `update` or while drawing.
//!
//! [`Effect::ReadJournal`]: super::live::Effect::ReadJournal
//! [`LiveEvent::Journal`]: super::live::LiveEvent::Journal

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::engine::journal::Journal;
use crate::ui::app::App;
use crate::ui::live::Effect;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The journal read; `None` until one is (tests, and before the first answer).
    pub path: Option<PathBuf>,
    /// Journal key → the ID of the resource it records.
    pub ids: BTreeMap<String, String>,
    /// Why the journal could not be read.
    pub error: Option<String>,
}

impl Recorded {
    pub fn from_journal(journal: &Journal) -> Self {
        Self {
            path: Some(journal.path().to_path_buf()),
            ids: journal
                .records()
                .iter()
                .map(|r| (r.key.clone(), r.id.clone()))
                .collect(),
            error: None,
        }
    }

    /// Whether the journal was read, so its silence means "not made yet".
    pub fn known(&self) -> bool {
        self.path.is_some() && self.error.is_none()
    }

    /// The S3 gateway endpoint apply made or adopted.
    pub fn s3_endpoint_id(&self) -> Option<&str> {
        self.ids.get("endpoint.s3").map(String::as_str)
    }
}

impl App {
    /// Ask for the journal of the blueprint as it is named now; the answer replaces
    /// [`App::recorded`] (see [`App::on_journal`]).
    pub fn read_journal(&mut self) {
        self.live.journal_asked = true;
        self.effects.push(Effect::ReadJournal {
            dir: self.state_dir.clone(),
            name: self.bp.name.clone(),
        });
    }

    /// The journal of `name` in `dir` as read: kept (and what depends on it recomputed) when
    /// it is the blueprint's journal now; an answer for a name or directory since changed is
    /// dropped.
    pub(crate) fn on_journal(&mut self, dir: &std::path::Path, name: &str, recorded: Recorded) {
        if dir != self.state_dir || name != self.bp.name {
            return;
        }
        if self.recorded != recorded {
            self.recorded = recorded;
            self.refresh();
        }
    }

    /// The blueprint was renamed: its journal is another file (only once one was asked for).
    /// What the old one recorded is forgotten at once.
    pub(crate) fn journal_follows_name(&mut self) {
        if self.live.journal_asked {
            self.recorded = Recorded::default();
            self.refresh();
            self.read_journal();
        }
    }
}
