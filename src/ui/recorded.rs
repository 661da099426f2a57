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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::live::LiveEvent;
    use crate::ui::{Action, Theme};

    fn answer(dir: &str, name: &str, endpoint: &str) -> LiveEvent {
        LiveEvent::Journal {
            dir: dir.into(),
            name: name.into(),
            recorded: Recorded {
                path: Some(format!("{dir}/{name}.json").into()),
                ids: [("endpoint.s3".to_string(), endpoint.to_string())].into(),
                error: None,
            },
        }
    }

    #[test]
    fn reading_the_journal_is_an_effect_and_a_stale_answer_is_dropped() {
        let mut app = App::new(
            crate::blueprint::Blueprint::starter(),
            None,
            Theme::NO_COLOR,
        );
        app.state_dir = "state".into();
        app.take_effects();
        app.read_journal();
        assert_eq!(
            app.take_effects(),
            [Effect::ReadJournal {
                dir: "state".into(),
                name: "inference-demo".into()
            }]
        );
        assert!(!app.recorded.known(), "nothing read inside update");
        // An answer for another name or directory is not this blueprint's journal.
        app.update(Action::Live(Box::new(answer(
            "state",
            "other",
            "vpce-0other",
        ))));
        app.update(Action::Live(Box::new(answer(
            "elsewhere",
            "inference-demo",
            "vpce-0x",
        ))));
        assert!(!app.recorded.known());
        app.update(Action::Live(Box::new(answer(
            "state",
            "inference-demo",
            "vpce-0abc",
        ))));
        assert_eq!(app.recorded.s3_endpoint_id(), Some("vpce-0abc"));
        assert_eq!(app.derived.generated.s3_endpoint_id, "vpce-0abc");
        // Renamed: the old journal's IDs are forgotten at once, the new one is asked for.
        app.bp.name = "renamed".into();
        app.journal_follows_name();
        assert!(!app.recorded.known());
        assert!(app.derived.generated.placeholder);
        assert_eq!(
            app.take_effects(),
            [Effect::ReadJournal {
                dir: "state".into(),
                name: "renamed".into()
            }]
        );
    }
}
