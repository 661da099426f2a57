//! Policy overrides: a policy the operator wrote in place of a generated one, edited in the
//! wizard or kept as `<blueprint-stem>.<kind>.json` beside the blueprint.
//!
//! Pure except [`load`], which only reads the files beside the blueprint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::PolicyDocument;
use crate::blueprint::Blueprint;

/// Which policy. Orders as the Policies screen lists them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyKind {
    Bucket,
    S3Endpoint,
    /// An interface endpoint, by service short name (`ecr.api`).
    Endpoint(String),
    Scp,
}

impl PolicyKind {
    /// The `<kind>` of the override file `<blueprint-stem>.<kind>.json`.
    pub fn file_kind(&self) -> String {
        match self {
            Self::Bucket => "bucket".into(),
            Self::S3Endpoint => "s3-endpoint".into(),
            Self::Endpoint(svc) => format!("endpoint-{svc}"),
            Self::Scp => "scp".into(),
        }
    }

    pub fn from_file_kind(s: &str) -> Option<Self> {
        match s {
            "bucket" => Some(Self::Bucket),
            "s3-endpoint" => Some(Self::S3Endpoint),
            "scp" => Some(Self::Scp),
            _ => s
                .strip_prefix("endpoint-")
                .filter(|svc| !svc.is_empty())
                .map(|svc| Self::Endpoint(svc.to_string())),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::Bucket => "bucket policy".into(),
            Self::S3Endpoint => "S3 gateway endpoint policy".into(),
            Self::Endpoint(svc) => format!("{svc} endpoint policy"),
            Self::Scp => "isolation SCP".into(),
        }
    }

    /// Whether apply puts a policy of this kind for `bp`: an interface endpoint's only when the
    /// blueprint enables that endpoint.
    pub fn applies_to(&self, bp: &Blueprint) -> bool {
        match self {
            Self::Endpoint(svc) => bp.network.interface_endpoints.iter().any(|s| s == svc),
            _ => true,
        }
    }
}

/// A policy written in place of the generated one. Always parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// As written (the editor's text, or the file's without trailing blank lines).
    pub text: String,
    pub doc: PolicyDocument,
}

pub type Overrides = BTreeMap<PolicyKind, Override>;

/// Every kind apply puts a policy of for `bp`, in order: the bucket, the S3 gateway endpoint,
/// each enabled interface endpoint, the SCP.
pub fn kinds(bp: &Blueprint) -> Vec<PolicyKind> {
    let mut out = vec![PolicyKind::Bucket, PolicyKind::S3Endpoint];
    out.extend(
        bp.network
            .interface_endpoints
            .iter()
            .map(|svc| PolicyKind::Endpoint(svc.clone())),
    );
    out.push(PolicyKind::Scp);
    out.sort();
    out.dedup();
    out
}

/// `<dir>/<stem>.<kind>.json` beside the blueprint.
pub fn override_path(config: &Path, kind: &PolicyKind) -> PathBuf {
    config.with_file_name(format!("{}.{}.json", stem(config), kind.file_kind()))
}

fn stem(config: &Path) -> String {
    config
        .file_stem()
        .map_or_else(|| "blueprint".into(), |s| s.to_string_lossy().into_owned())
}

/// What [`load`] found beside a blueprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub overrides: Overrides,
    /// Override files left out because apply puts no policy of their kind (an interface
    /// endpoint the blueprint does not enable): one line each, naming the file.
    pub ignored: Vec<String>,
    /// Files that cannot be read or do not parse, left out: one line each, naming the file
    /// and, for bad JSON, the line and column.
    pub errors: Vec<String>,
}

/// Parse one override file's text; the error is one line naming the file, line and column.
pub fn parse(path: &Path, text: &str) -> Result<Override, String> {
    match PolicyDocument::from_json(text) {
        Ok(doc) => Ok(Override {
            text: text.trim_end().to_string(),
            doc,
        }),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Read every `<stem>.<kind>.json` beside the blueprint at `config`. A missing directory or
/// no such files is no override; names that are not `<stem>.<kind>.json` are not looked at.
pub fn load(config: &Path, bp: &Blueprint) -> Loaded {
    let mut loaded = Loaded::default();
    let dir = match config.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return loaded;
    };
    let prefix = format!("{}.", stem(config));
    let mut found: Vec<(PolicyKind, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".json"))
                .and_then(PolicyKind::from_file_kind)?;
            Some((kind, config.with_file_name(&name)))
        })
        .collect();
    found.sort();
    for (kind, path) in found {
        if let PolicyKind::Endpoint(svc) = &kind
            && !kind.applies_to(bp)
        {
            loaded.ignored.push(format!(
                "{}: ignored, {svc} is not in network.interface_endpoints",
                path.display()
            ));
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                loaded
                    .errors
                    .push(format!("{}: cannot read: {e}", path.display()));
                continue;
            }
        };
        match parse(&path, &text) {
            Ok(o) => {
                loaded.overrides.insert(kind, o);
            }
            Err(e) => loaded.errors.push(e),
        }
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

    #[test]
    fn override_files_sit_beside_the_blueprint_and_name_their_kind() {
        let p = Path::new("/x/y/bp.toml");
        let e = PolicyKind::Endpoint("ecr.api".into());
        assert_eq!(
            override_path(p, &e),
            Path::new("/x/y/bp.endpoint-ecr.api.json")
        );
        assert_eq!(
            override_path(p, &PolicyKind::S3Endpoint),
            Path::new("/x/y/bp.s3-endpoint.json")
        );
        for kind in [
            PolicyKind::Bucket,
            PolicyKind::S3Endpoint,
            e,
            PolicyKind::Scp,
        ] {
            assert_eq!(PolicyKind::from_file_kind(&kind.file_kind()), Some(kind));
        }
        assert_eq!(PolicyKind::from_file_kind("endpoint-"), None);
        assert_eq!(PolicyKind::from_file_kind("bucket-policy"), None);
    }

    #[test]
    fn only_enabled_interface_endpoints_take_an_override() {
        let bp = Blueprint::starter();
        assert!(PolicyKind::Endpoint("eks-auth".into()).applies_to(&bp));
        assert!(!PolicyKind::Endpoint("ssm".into()).applies_to(&bp));
        assert!(PolicyKind::Scp.applies_to(&bp));
        let all = kinds(&bp);
        assert_eq!(all.len(), 2 + bp.network.interface_endpoints.len() + 1);
        assert!(all.iter().all(|k| k.applies_to(&bp)));
        assert_eq!(all.first(), Some(&PolicyKind::Bucket));
        assert_eq!(all.last(), Some(&PolicyKind::Scp));
    }

    #[test]
    fn load_reads_each_kind_and_reports_bad_json_with_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("bp.toml");
        std::fs::write(dir.path().join("bp.bucket.json"), format!("{POLICY}\n\n")).unwrap();
        std::fs::write(dir.path().join("bp.endpoint-eks-auth.json"), POLICY).unwrap();
        let bad = dir.path().join("bp.scp.json");
        std::fs::write(
            &bad,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}",
        )
        .unwrap();
        // Another blueprint's files, and names that are no kind, are not looked at.
        std::fs::write(dir.path().join("other.bucket.json"), "not json").unwrap();
        std::fs::write(dir.path().join("bp.prod.bucket.json"), "not json").unwrap();
        std::fs::write(dir.path().join("bp.notes.json"), "not json").unwrap();
        let loaded = load(&config, &Blueprint::starter());
        assert_eq!(
            loaded.overrides.keys().collect::<Vec<_>>(),
            [
                &PolicyKind::Bucket,
                &PolicyKind::Endpoint("eks-auth".into())
            ]
        );
        assert_eq!(loaded.overrides[&PolicyKind::Bucket].text, POLICY);
        assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
        let err = &loaded.errors[0];
        assert!(
            err.starts_with(&format!("{}: line 4, column 1: ", bad.display())),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
        assert!(loaded.ignored.is_empty());
    }

    #[test]
    fn an_endpoint_the_blueprint_does_not_enable_is_ignored_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("bp.toml");
        let file = dir.path().join("bp.endpoint-ssm.json");
        std::fs::write(&file, POLICY).unwrap();
        let loaded = load(&config, &Blueprint::starter());
        assert!(loaded.overrides.is_empty());
        assert_eq!(
            loaded.ignored,
            [format!(
                "{}: ignored, ssm is not in network.interface_endpoints",
                file.display()
            )]
        );
    }

    #[test]
    fn no_directory_means_no_overrides() {
        let loaded = load(
            Path::new("/nonexistent/eks-isolation/bp.toml"),
            &Blueprint::starter(),
        );
        assert_eq!(loaded, Loaded::default());
    }
}
