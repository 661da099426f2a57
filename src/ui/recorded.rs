//! What the journal records for the blueprint, read-only: the real IDs the Policies screen
//! puts in place of placeholders (the S3 endpoint), and which plan steps' resources exist, for
//! Review's marks. Read when the wizard opens, when the blueprint's name changes (the journal
//! is per name), and after an apply ([`App::load_journal`]); never while drawing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::engine::journal::Journal;
use crate::ui::app::App;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The journal read; `None` until one is (tests, and before the first read).
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

    /// The journal of blueprint `name` in `dir` (an empty one when there is no file yet).
    pub fn read(dir: &Path, name: &str) -> Self {
        match Journal::open(dir, name) {
            Ok(j) => Self::from_journal(&j),
            Err(e) => Self {
                path: Some(dir.join(format!("{name}.json"))),
                ids: BTreeMap::new(),
                error: Some(e.to_string()),
            },
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
    /// Read the journal of the blueprint (as it is named now) and recompute what depends on it.
    pub fn load_journal(&mut self) {
        self.recorded = Recorded::read(&self.state_dir, &self.bp.name);
        self.refresh();
    }

    /// The blueprint was renamed: its journal is another file (only once one was read).
    pub(crate) fn journal_follows_name(&mut self) {
        if self.recorded.path.is_some() {
            self.load_journal();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::Side;
    use crate::engine::journal::Record;

    #[test]
    fn records_are_read_by_key_and_a_missing_journal_is_known_and_empty() {
        let dir = tempfile::tempdir().unwrap();
        let empty = Recorded::read(dir.path(), "demo");
        assert!(empty.known() && empty.ids.is_empty());
        let mut j = Journal::open(dir.path(), "demo").unwrap();
        j.record(Record {
            key: "endpoint.s3".into(),
            kind: "ec2:vpc-endpoint".into(),
            id: "vpce-0abc".into(),
            side: Side::DataOwner,
            account: "111111111111".into(),
            created: true,
            recorded_at: 1,
        })
        .unwrap();
        let r = Recorded::read(dir.path(), "demo");
        assert_eq!(r.s3_endpoint_id(), Some("vpce-0abc"));
        std::fs::write(dir.path().join("bad.json"), "{").unwrap();
        let bad = Recorded::read(dir.path(), "bad");
        assert!(!bad.known());
        assert!(bad.error.unwrap().contains("bad.json"));
        assert!(!Recorded::default().known());
    }
}
