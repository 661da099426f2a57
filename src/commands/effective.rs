//! The effective policy set as the commands read it: the override files beside the blueprint
//! (`<stem>.<kind>.json`, as the wizard saves them), where each policy comes from, and the
//! question `apply` asks before putting a set with critical findings.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CliError, exit};
use crate::blueprint::Blueprint;
use crate::policy::analyze::{CheckId, Finding, Report, Severity};
use crate::policy::generate::GeneratedPolicies;
use crate::policy::overrides::{self, Overrides, PolicyKind, override_path};

/// The overrides beside `config`. A file that cannot be read or does not parse stops the
/// command (exit 2, one line per file with line and column); one left out is said on stderr.
pub fn load(config: &Path, bp: &Blueprint) -> Result<Overrides, CliError> {
    let loaded = overrides::load(config, bp);
    if !loaded.errors.is_empty() {
        return Err(CliError {
            lines: loaded.errors,
            code: exit::USAGE,
        });
    }
    for line in &loaded.ignored {
        eprintln!("eks-isolation: {line}");
    }
    Ok(loaded.overrides)
}

/// One policy of a set, for `plan`: its kind, where it comes from, and the document.
#[derive(Debug, Serialize)]
pub struct PolicyEntry {
    /// The `<kind>` of `<stem>.<kind>.json` (`bucket`, `endpoint-ecr.api`, ...).
    pub kind: String,
    pub label: String,
    /// The override file in use, or `None` for the generated policy.
    pub file: Option<PathBuf>,
    pub document: serde_json::Value,
}

/// Every policy of `set` in the Policies screen's order, each with its override file if any.
pub fn entries(config: &Path, set: &GeneratedPolicies, overrides: &Overrides) -> Vec<PolicyEntry> {
    let mut kinds = vec![PolicyKind::Bucket, PolicyKind::S3Endpoint];
    kinds.extend(
        set.interface_endpoints
            .keys()
            .map(|svc| PolicyKind::Endpoint(svc.clone())),
    );
    kinds.push(PolicyKind::Scp);
    kinds
        .into_iter()
        .filter_map(|kind| {
            let doc = match &kind {
                PolicyKind::Bucket => &set.bucket,
                PolicyKind::S3Endpoint => &set.s3_endpoint,
                PolicyKind::Endpoint(svc) => set.interface_endpoints.get(svc)?,
                PolicyKind::Scp => &set.scp,
            };
            Some(PolicyEntry {
                kind: kind.file_kind(),
                label: kind.label(),
                file: overrides
                    .contains_key(&kind)
                    .then(|| override_path(config, &kind)),
                document: serde_json::from_str(&doc.to_json_pretty())
                    .unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}

/// The policies as a table: label, then `generated` or the file.
pub fn render_entries(entries: &[PolicyEntry]) -> String {
    let width = entries.iter().map(|e| e.label.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in entries {
        let source = e.file.as_ref().map_or_else(
            || "generated".to_string(),
            |f| format!("edited: {}", f.display()),
        );
        out.push_str(&format!("  {:<width$}  {source}\n", e.label));
    }
    out
}

/// The critical findings' IDs, in catalog order.
pub fn critical(report: &Report) -> Vec<CheckId> {
    let mut ids: Vec<CheckId> = (report.findings.iter())
        .filter(|f| f.severity == Severity::Critical)
        .map(|f| f.id)
        .collect();
    ids.dedup();
    ids
}

/// `--accept-findings D1,D6`: check IDs, any case.
pub fn parse_accepted(values: &[String]) -> Result<Vec<CheckId>, CliError> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| {
            CheckId::ALL
                .into_iter()
                .find(|id| id.to_string().eq_ignore_ascii_case(v))
                .ok_or_else(|| {
                    CliError::usage(format!(
                        "--accept-findings {v}: not a check ID (D1…D13, M1…M6, S1…S7)"
                    ))
                })
        })
        .collect()
}

/// Why `apply --yes` will not put a set with these critical findings, or `None` when every
/// one is accepted.
pub fn refusal(critical: &[CheckId], accepted: &[CheckId], config: &Path) -> Option<String> {
    let missing: Vec<String> = (critical.iter())
        .filter(|id| !accepted.contains(id))
        .map(ToString::to_string)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let all: Vec<String> = critical.iter().map(ToString::to_string).collect();
    Some(format!(
        "not applied: what apply would put has critical finding(s) {} (see `eks-isolation check \
         --config {}`); fix them, or pass --accept-findings {} to apply them anyway",
        missing.join(", "),
        config.display(),
        all.join(",")
    ))
}

/// The critical findings, one block each (ID, title, detail), for the text before asking.
pub fn render_critical(findings: &[Finding]) -> String {
    let mut out = String::from("critical findings in what apply would put:\n");
    for f in findings.iter().filter(|f| f.severity == Severity::Critical) {
        out.push_str(&format!("  {:<4} {}\n", f.id.to_string(), f.title));
        for line in super::check::wrap(&f.detail, 88) {
            out.push_str(&format!("       {line}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_ids_parse_in_any_case_and_unknown_ones_are_bad_input() {
        let ids = parse_accepted(&["d1".into(), " D10".into(), String::new()]).unwrap();
        assert_eq!(ids, [CheckId::D1, CheckId::D10]);
        let e = parse_accepted(&["D99".into()]).unwrap_err();
        assert_eq!(e.code, exit::USAGE);
        assert!(e.lines[0].starts_with("--accept-findings D99: not a check ID"));
    }

    #[test]
    fn apply_yes_is_refused_until_every_critical_finding_is_named() {
        let config = Path::new("bp.toml");
        let critical = [CheckId::D1, CheckId::D6];
        assert_eq!(refusal(&[], &[], config), None);
        let r = refusal(&critical, &[CheckId::D1], config).unwrap();
        assert!(r.contains("critical finding(s) D6 "), "{r}");
        assert!(r.contains("--accept-findings D1,D6"), "{r}");
        assert!(!r.contains('\n'));
        assert_eq!(
            refusal(&critical, &[CheckId::D6, CheckId::D1], config),
            None
        );
    }
}
