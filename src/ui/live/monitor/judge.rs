//! One refresh's picture, from a live report and the state it judged: every THREATS.md check
//! with its verdict, and the resources' states. Pure.

use crate::blueprint::Blueprint;
use crate::policy::analyze::{CheckId, PASS_TRIED, Report, Severity};
use crate::verify::LiveState;
use crate::verify::state::ScpLevel;

/// A check's verdict as the checklist shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Critical,
    Warning,
    Info,
    Undecided,
}

impl Verdict {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Pass => "✓",
            Self::Critical => "✗",
            Self::Warning => "⚠",
            Self::Info => "ℹ",
            Self::Undecided => "?",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Critical => "critical",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Undecided => "undecided",
        }
    }

    /// A finding that matters: critical or warning.
    pub fn failing(self) -> bool {
        matches!(self, Self::Critical | Self::Warning)
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub id: CheckId,
    pub title: &'static str,
    pub verdict: Verdict,
    /// The findings' details with their evidence, or why it is undecided; for a pass, what a
    /// policy check tried (empty for the others).
    pub detail: String,
}

/// How a status line reads (always with a symbol, never colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warn,
    Bad,
    Unknown,
}

impl Tone {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Ok => "✓",
            Self::Warn => "⚠",
            Self::Bad => "✗",
            Self::Unknown => "?",
        }
    }
}

/// One line of the status panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub tone: Tone,
    pub label: String,
    pub value: String,
    /// A detail line (one endpoint): shown when there is room.
    pub detail: bool,
}

/// What one refresh saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub checks: Vec<CheckRow>,
    pub status: Vec<StatusRow>,
    /// When one party ran alone: which, and why the other party's checks are undecided.
    pub alone: Option<String>,
}

impl Snapshot {
    pub fn new(bp: &Blueprint, state: &LiveState, report: &Report) -> Self {
        Self {
            checks: checklist(report),
            status: status(bp, state),
            alone: None,
        }
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.checks.iter().filter(|c| c.verdict == verdict).count()
    }
}

/// Every check of the catalog, in order, with its verdict.
pub fn checklist(report: &Report) -> Vec<CheckRow> {
    CheckId::ALL
        .iter()
        .map(|&id| {
            let findings: Vec<_> = report.findings.iter().filter(|f| f.id == id).collect();
            let (verdict, detail) = if let Some(worst) = findings.iter().map(|f| f.severity).min() {
                let verdict = match worst {
                    Severity::Critical => Verdict::Critical,
                    Severity::Warning => Verdict::Warning,
                    Severity::Info => Verdict::Info,
                };
                let details: Vec<String> = findings
                    .iter()
                    .map(|f| match &f.evidence {
                        Some(e) => format!("{} — {}", f.detail, e.one_line()),
                        None => f.detail.clone(),
                    })
                    .collect();
                (verdict, details.join("; "))
            } else if let Some(u) = report.undecided.iter().find(|u| u.id == id) {
                (Verdict::Undecided, u.reason.clone())
            } else if report.checked.contains(&id) {
                // A policy check says what it tried; the others judged what was read.
                let how = if let Some(lines) = report.passes.get(&id) {
                    lines.join("; ")
                } else if crate::verify::POLICY_CHECKS.contains(&id) {
                    PASS_TRIED.to_string()
                } else {
                    String::new()
                };
                (Verdict::Pass, how)
            } else {
                (Verdict::Undecided, "not judged by the live audit".into())
            };
            CheckRow {
                id,
                title: id.title(),
                verdict,
                detail,
            }
        })
        .collect()
}

fn row(tone: Tone, label: impl Into<String>, value: impl Into<String>) -> StatusRow {
    StatusRow {
        tone,
        label: label.into(),
        value: value.into(),
        detail: false,
    }
}

/// A resource status word: ACTIVE/available are fine, FAILED/DELETING are not, anything
/// else is on its way.
fn tone_of(status: &str) -> Tone {
    match status.to_ascii_lowercase().as_str() {
        "active" | "available" | "associated" => Tone::Ok,
        s if s.contains("fail") || s.contains("delet") || s.contains("reject") => Tone::Bad,
        _ => Tone::Warn,
    }
}

/// The resources' states: cluster, node groups, endpoints, share, SCP.
pub fn status(bp: &Blueprint, state: &LiveState) -> Vec<StatusRow> {
    let mut out = Vec::new();
    let cluster = format!("EKS cluster {}", bp.cluster.name);
    match &state.model.cluster {
        Some(Some(c)) => {
            let access = if c.public_access {
                "PUBLIC endpoint (D7)"
            } else {
                "private endpoint only"
            };
            let tone = if c.public_access {
                Tone::Bad
            } else {
                tone_of(&c.status)
            };
            out.push(row(tone, cluster, format!("{} · {access}", c.status)));
        }
        Some(None) => out.push(row(Tone::Bad, cluster, "not found")),
        None => out.push(row(Tone::Unknown, cluster, state.reason(CheckId::D7))),
    }
    match (&state.model.nodegroups, &state.model.cluster) {
        (Some(groups), _) if groups.is_empty() => out.push(row(Tone::Warn, "node groups", "none")),
        (Some(groups), _) => out.extend(groups.iter().map(|g| {
            row(
                tone_of(&g.status),
                format!("node group {}", g.name),
                &g.status,
            )
        })),
        (None, Some(Some(_))) => {
            out.push(row(Tone::Unknown, "node groups", state.reason(CheckId::M4)));
        }
        (None, _) => {}
    }
    let share = crate::blueprint::names::share(bp);
    match &state.ram {
        Some(ram) => match ram.shares.iter().find(|s| s.name == share) {
            Some(s) => out.push(row(
                tone_of(&s.status),
                format!("RAM share {share}"),
                format!(
                    "{} · {} resource(s) with {}",
                    s.status,
                    s.resources.len(),
                    if s.principals.is_empty() {
                        "no one".to_string()
                    } else {
                        s.principals.join(", ")
                    }
                ),
            )),
            None => out.push(row(Tone::Bad, format!("RAM share {share}"), "not found")),
        },
        None => out.push(row(
            Tone::Unknown,
            format!("RAM share {share}"),
            state.reason(CheckId::S6),
        )),
    }
    let scp = crate::blueprint::names::scp(bp);
    match &state.scps {
        Some(scps) => match scps.iter().find(|s| s.name == scp) {
            Some(s) => {
                let level = match s.level {
                    ScpLevel::Root => "the organization root",
                    ScpLevel::Ou => "OU",
                    ScpLevel::Account => "the model-owner account",
                };
                out.push(row(
                    Tone::Ok,
                    format!("SCP {scp}"),
                    format!("attached to {level} {}", s.target),
                ));
            }
            None => out.push(row(
                Tone::Bad,
                format!("SCP {scp}"),
                "not attached above the model owner",
            )),
        },
        None => out.push(row(
            Tone::Unknown,
            format!("SCP {scp}"),
            state.reason(CheckId::D6),
        )),
    }
    match &state.endpoints {
        Some(eps) => {
            let up = eps.iter().filter(|e| tone_of(&e.state) == Tone::Ok).count();
            let tone = match (eps.len(), up == eps.len()) {
                (0, _) => Tone::Bad,
                (_, true) => Tone::Ok,
                _ => Tone::Warn,
            };
            out.push(row(
                tone,
                "VPC endpoints",
                format!("{up} of {} available", eps.len()),
            ));
            out.extend(eps.iter().map(|e| StatusRow {
                detail: true,
                ..row(
                    tone_of(&e.state),
                    format!("  {} {}", e.service, e.id),
                    &e.state,
                )
            }));
        }
        None => out.push(row(
            Tone::Unknown,
            "VPC endpoints",
            state.reason(CheckId::D8),
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ec2::{Endpoint, EndpointKind};
    use crate::aws::eks::ClusterInfo;
    use crate::policy::analyze::{Finding, Undecided};
    use crate::verify::state::{Ram, Scp, Share};

    #[test]
    fn a_finding_shows_its_request_and_a_policy_pass_what_was_tried() {
        let evidence = crate::policy::analyze::Evidence {
            principal: "arn:aws:iam::222222222222:role/Readerprobe".into(),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::data/x".into(),
            context: [("aws:sourcevpce".to_string(), vec!["vpce-other".to_string()])].into(),
            policy: "bucket policy".into(),
            statements: vec!["AllowReaders".into()],
        };
        let report = Report {
            findings: vec![Finding::new(CheckId::D1, "leaks").with_evidence(Some(evidence))],
            checked: vec![CheckId::D1, CheckId::D2, CheckId::D3, CheckId::D10],
            undecided: Vec::new(),
            passes: [(
                CheckId::D10,
                vec!["denied by statement X of the bucket policy: role/a".to_string()],
            )]
            .into(),
        };
        let rows = checklist(&report);
        let row = |id| rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            row(CheckId::D1).detail,
            "leaks — e.g. arn:aws:iam::222222222222:role/Readerprobe can s3:GetObject on \
             arn:aws:s3:::data/x with aws:sourcevpce=vpce-other (bucket policy: statement \
             AllowReaders)"
        );
        assert_eq!(row(CheckId::D2).detail, PASS_TRIED);
        assert_eq!(
            row(CheckId::D10).detail,
            "denied by statement X of the bucket policy: role/a"
        );
        assert_eq!(row(CheckId::D3).detail, "", "judged on what was read");
    }

    #[test]
    fn every_check_gets_one_verdict_worst_finding_first() {
        let report = Report {
            findings: vec![
                Finding::new(CheckId::S7, "subnet-1 has 4 free"),
                Finding {
                    severity: Severity::Critical,
                    ..Finding::new(CheckId::S7, "subnet-2 has 2 free")
                },
                Finding::new(CheckId::M5, "flow logs"),
                Finding::new(CheckId::D11, "block off"),
            ],
            checked: CheckId::ALL
                .iter()
                .copied()
                .filter(|c| *c != CheckId::M3)
                .collect(),
            undecided: vec![Undecided {
                id: CheckId::M3,
                reason: "eks:ListAccessEntries: unsupported".into(),
            }],
            ..Report::default()
        };
        let rows = checklist(&report);
        assert_eq!(rows.len(), CheckId::ALL.len(), "one row a check");
        let get = |id| rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(get(CheckId::S7).verdict, Verdict::Critical);
        assert!(
            get(CheckId::S7).detail.contains("subnet-1")
                && get(CheckId::S7).detail.contains("subnet-2")
        );
        assert_eq!(get(CheckId::M5).verdict, Verdict::Info);
        assert_eq!(get(CheckId::D11).verdict, Verdict::Warning);
        assert_eq!(get(CheckId::M3).verdict, Verdict::Undecided);
        assert_eq!(
            get(CheckId::M3).detail,
            "eks:ListAccessEntries: unsupported"
        );
        assert_eq!(get(CheckId::D1).verdict, Verdict::Pass);
    }

    #[test]
    fn the_status_panel_names_each_resource_and_its_state() {
        let bp = Blueprint::starter();
        let mut state = LiveState::default();
        state.model.cluster = Some(Some(ClusterInfo {
            name: "inference".into(),
            status: "ACTIVE".into(),
            ..ClusterInfo::default()
        }));
        state.ram = Some(Ram {
            shares: vec![Share {
                name: crate::blueprint::names::share(&bp),
                status: "ACTIVE".into(),
                principals: vec!["222222222222".into()],
                resources: vec!["a".into(), "b".into()],
                ..Share::default()
            }],
        });
        state.scps = Some(vec![Scp {
            level: ScpLevel::Account,
            target: "222222222222".into(),
            name: crate::blueprint::names::scp(&bp),
            content: String::new(),
        }]);
        state.endpoints = Some(vec![Endpoint {
            id: "vpce-1".into(),
            service_name: "com.amazonaws.us-east-1.s3".into(),
            service: "s3".into(),
            kind: Some(EndpointKind::Gateway),
            state: "pending".into(),
            ..Endpoint::default()
        }]);
        state
            .unreadable
            .push((CheckId::M4, "eks:ListNodegroups: denied".into()));
        let rows = status(&bp, &state);
        let text: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {}: {}", r.tone.symbol(), r.label, r.value))
            .collect();
        assert_eq!(
            text,
            [
                "✓ EKS cluster inference: ACTIVE · private endpoint only",
                "? node groups: eks:ListNodegroups: denied",
                "✓ RAM share eks-isolation-inference-demo: ACTIVE · 2 resource(s) with 222222222222",
                "✓ SCP eks-isolation-inference-demo: attached to the model-owner account 222222222222",
                "⚠ VPC endpoints: 0 of 1 available",
                "⚠   s3 vpce-1: pending",
            ]
        );
        assert!(rows[5].detail);
    }
}
