//! Files: the blueprint and the policy overrides beside it (`<stem>.<kind>.json`, read back by
//! [`crate::policy::overrides::load`]).

use std::io;
use std::path::{Path, PathBuf};

use super::app::App;
use crate::blueprint::Blueprint;
use crate::policy::overrides::{Overrides, PolicyKind, override_path};

/// Write `contents` to `path` through a temporary file in the same directory and a rename, so a
/// crash never leaves half a file.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What a save wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub policy_files: Vec<PathBuf>,
    /// Override files of policies that are generated again now (reset), removed.
    pub removed: Vec<PathBuf>,
}

/// Save the blueprint to `path` and each override of `kinds` beside it. An override file of a
/// kind without an override (it was reset) is removed, so the next open does not bring it back.
pub fn save_all(
    path: &Path,
    bp: &Blueprint,
    overrides: &Overrides,
    kinds: &[PolicyKind],
) -> io::Result<SaveReport> {
    write_atomic(path, &bp.to_toml())?;
    let mut report = SaveReport::default();
    for kind in kinds {
        let file = override_path(path, kind);
        match overrides.get(kind) {
            Some(o) => {
                let mut text = o.text.clone();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                write_atomic(&file, &text)?;
                report.policy_files.push(file);
            }
            None if file.is_file() => {
                std::fs::remove_file(&file)?;
                report.removed.push(file);
            }
            None => {}
        }
    }
    Ok(report)
}

/// Quote a path for a POSIX shell when it needs it.
fn shell(path: &Path) -> String {
    let s = path.display().to_string();
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c));
    if plain && !s.is_empty() {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `eks-isolation check` command line that judges the same policies as the Review screen,
/// and a note when the files it names are not written yet.
pub fn check_command(app: &App) -> (String, Option<String>) {
    let config = app.config.clone().unwrap_or_else(|| app.default_path());
    let mut cmd = format!("eks-isolation check --config {}", shell(&config));
    for kind in app
        .overrides
        .keys()
        .filter(|k| app.policies.kinds.contains(k))
    {
        let file = shell(&override_path(&config, kind));
        let arg = match kind {
            PolicyKind::Bucket => format!(" --bucket-policy {file}"),
            PolicyKind::S3Endpoint => format!(" --s3-endpoint-policy {file}"),
            PolicyKind::Endpoint(svc) => format!(" --endpoint-policy {svc}={file}"),
            PolicyKind::Scp => format!(" --scp {file}"),
        };
        cmd.push_str(&arg);
    }
    // The endpoint apply recorded, which the wizard's policies use (see `Derived::compute`).
    if app.bp.network.s3_endpoint_id.is_none()
        && let Some(id) = app.recorded.s3_endpoint_id()
    {
        cmd.push_str(&format!(" --s3-endpoint-id {}", shell(Path::new(id))));
    }
    let what = if app.overrides.is_empty() {
        "the blueprint"
    } else {
        "the blueprint and these policy files"
    };
    let note = if app.config.is_none() {
        Some(format!("(not saved yet: Ctrl-S writes {what})"))
    } else if app.dirty() {
        Some(format!("(unsaved changes: Ctrl-S writes {what})"))
    } else {
        None
    };
    (cmd, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_when_needed() {
        assert_eq!(shell(Path::new("./a/bp.toml")), "./a/bp.toml");
        assert_eq!(
            shell(Path::new("my dir/it's.toml")),
            r"'my dir/it'\''s.toml'"
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.toml");
        write_atomic(&p, "one").unwrap();
        write_atomic(&p, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
