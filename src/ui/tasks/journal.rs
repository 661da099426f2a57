//! Reading the journal of the blueprint (a small local file) off the event loop.

use std::path::{Path, PathBuf};

use super::Runner;
use crate::engine::journal::Journal;
use crate::ui::live::LiveEvent;
use crate::ui::recorded::Recorded;

pub fn spawn(runner: &Runner, dir: PathBuf, name: String) {
    let tx = runner.tx.clone();
    tokio::task::spawn_blocking(move || {
        let _ = tx.send(read(&dir, &name));
    });
}

/// The journal of blueprint `name` in `dir` (an empty one when there is no file yet), as the
/// event that answers [`Effect::ReadJournal`](crate::ui::live::Effect::ReadJournal).
pub fn read(dir: &Path, name: &str) -> LiveEvent {
    let recorded = match Journal::open(dir, name) {
        Ok(j) => Recorded::from_journal(&j),
        Err(e) => Recorded {
            path: Some(dir.join(format!("{name}.json"))),
            ids: std::collections::BTreeMap::new(),
            error: Some(e.to_string()),
        },
    };
    LiveEvent::Journal {
        dir: dir.to_path_buf(),
        name: name.to_string(),
        recorded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::Side;
    use crate::engine::journal::Record;

    fn recorded(event: LiveEvent) -> Recorded {
        match event {
            LiveEvent::Journal { recorded, .. } => recorded,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn records_are_read_by_key_and_a_missing_journal_is_known_and_empty() {
        let dir = tempfile::tempdir().unwrap();
        let empty = recorded(read(dir.path(), "demo"));
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
        let r = recorded(read(dir.path(), "demo"));
        assert_eq!(r.s3_endpoint_id(), Some("vpce-0abc"));
        std::fs::write(dir.path().join("bad.json"), "{").unwrap();
        let bad = recorded(read(dir.path(), "bad"));
        assert!(!bad.known());
        assert!(bad.error.unwrap().contains("bad.json"));
        assert!(!Recorded::default().known());
    }
}
