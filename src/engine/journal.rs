//! The state journal: every resource this tool made or adopted for a blueprint, recorded the
//! moment it exists. JSON, one file per blueprint name, written atomically (temp file, fsync,
//! rename) with mode 0600. Never holds a credential: IDs, ARNs and account IDs only.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::blueprint::Side;

/// One resource in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The step key that owns it, e.g. `vpc`, `subnet.0`, `endpoint.ecr.api`, `scp`.
    pub key: String,
    /// What it is, e.g. `ec2:vpc`, `organizations:policy`.
    pub kind: String,
    /// Its ID or ARN.
    pub id: String,
    pub side: Side,
    pub account: String,
    /// `true` when this tool created it (destroy removes it); `false` when adopted.
    pub created: bool,
    /// Seconds since the Unix epoch when it was recorded.
    pub recorded_at: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct File {
    version: u32,
    blueprint: String,
    resources: Vec<Record>,
}

/// Why the journal could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("journal {path} is not a journal of this tool: {message}")]
    Corrupt { path: String, message: String },
}

/// The journal of one blueprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
    blueprint: String,
    resources: Vec<Record>,
    /// `false` for a plan's copy: changes stay in memory, the file is never written.
    persist: bool,
}

/// `$XDG_STATE_HOME/eks-isolation`, else `~/.local/state/eks-isolation`, else `./.eks-isolation`.
pub fn default_state_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("eks-isolation");
    }
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(home) => PathBuf::from(home).join(".local/state/eks-isolation"),
        None => PathBuf::from(".eks-isolation"),
    }
}

impl Journal {
    /// Open the journal of `blueprint` in `dir` (an empty one when the file does not exist yet).
    pub fn open(dir: &Path, blueprint: &str) -> Result<Self, JournalError> {
        let path = dir.join(format!("{blueprint}.json"));
        let io = |source| JournalError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: File =
                    serde_json::from_str(&text).map_err(|e| JournalError::Corrupt {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    })?;
                Ok(Self {
                    path,
                    blueprint: file.blueprint,
                    resources: file.resources,
                    persist: true,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self {
                path,
                blueprint: blueprint.to_string(),
                resources: Vec::new(),
                persist: true,
            }),
            Err(e) => Err(io(e)),
        }
    }

    /// This journal as a plan sees it: the same records, kept in memory only (a plan records
    /// what it discovers so later steps can build on it, and never writes the file).
    #[must_use]
    pub fn detached(mut self) -> Self {
        self.persist = false;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.resources.iter().find(|r| r.key == key)
    }

    pub fn records(&self) -> &[Record] {
        &self.resources
    }

    /// Add or replace the record of `record.key`, and save at once.
    pub fn record(&mut self, mut record: Record) -> Result<(), JournalError> {
        if record.recorded_at == 0 {
            record.recorded_at = now();
        }
        match self.resources.iter_mut().find(|r| r.key == record.key) {
            Some(existing) => *existing = record,
            None => self.resources.push(record),
        }
        self.save()
    }

    /// Forget a resource (after destroy removed it), and save at once.
    pub fn remove(&mut self, key: &str) -> Result<(), JournalError> {
        self.resources.retain(|r| r.key != key);
        self.save()
    }

    /// Write atomically: a temp file beside it (mode 0600), fsync, rename, fsync the folder.
    fn save(&self) -> Result<(), JournalError> {
        if !self.persist {
            return Ok(());
        }
        let io = |source| JournalError::Io {
            path: self.path.display().to_string(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let file = File {
            version: 1,
            blueprint: self.blueprint.clone(),
            resources: self.resources.clone(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| io(std::io::Error::other(e)))?;
        let tmp = self
            .path
            .with_extension(format!("json.tmp{}", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.write_all(b"\n").map_err(io)?;
        f.sync_all().map_err(io)?;
        drop(f);
        std::fs::rename(&tmp, &self.path).map_err(io)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: &str, id: &str) -> Record {
        Record {
            key: key.into(),
            kind: "ec2:vpc".into(),
            id: id.into(),
            side: Side::DataOwner,
            account: "111111111111".into(),
            created: true,
            recorded_at: 0,
        }
    }

    #[test]
    fn records_survive_a_reopen_and_replace_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), "demo").unwrap();
        assert!(j.records().is_empty());
        j.record(rec("vpc", "vpc-1")).unwrap();
        j.record(rec("subnet.0", "subnet-1")).unwrap();
        j.record(rec("vpc", "vpc-2")).unwrap();
        let again = Journal::open(dir.path(), "demo").unwrap();
        assert_eq!(again.records().len(), 2);
        assert_eq!(again.get("vpc").unwrap().id, "vpc-2");
        assert!(again.get("vpc").unwrap().recorded_at > 0);
        let mut again = again;
        again.remove("vpc").unwrap();
        assert!(
            Journal::open(dir.path(), "demo")
                .unwrap()
                .get("vpc")
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_no_temp_file_is_left() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), "demo").unwrap();
        j.record(rec("vpc", "vpc-1")).unwrap();
        let mode = std::fs::metadata(j.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["demo.json"]);
    }

    #[test]
    fn a_detached_journal_keeps_records_in_memory_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), "demo").unwrap().detached();
        j.record(rec("vpc", "vpc-1")).unwrap();
        assert_eq!(j.get("vpc").unwrap().id, "vpc-1");
        assert!(!j.path().exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_corrupt_journal_is_an_error_not_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("demo.json"), "{not json").unwrap();
        assert!(matches!(
            Journal::open(dir.path(), "demo"),
            Err(JournalError::Corrupt { .. })
        ));
    }
}
