//! What the wizard shows but does not own: problems, generated policies, findings and the
//! plan, recomputed from the blueprint and the policy overrides after every change.

use std::collections::BTreeMap;

use crate::blueprint::{Blueprint, Problem};
use crate::engine::plan::{self, PlanStep};
use crate::policy::PolicyDocument;
use crate::policy::analyze::{self, CheckId, Inputs, Report, Severity};
use crate::policy::generate::{self, GeneratedPolicies};
use crate::ui::recorded::Recorded;
use crate::ui::screen::Screen;

/// Which generated policy. Orders as listed on the Policies screen.
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
}

/// A policy the user edited in place of the generated one. Always parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub text: String,
    pub doc: PolicyDocument,
}

pub type Overrides = BTreeMap<PolicyKind, Override>;

#[derive(Debug, Clone)]
pub struct Derived {
    /// `Blueprint::validate`: problems across fields (each field alone is always valid).
    pub problems: Vec<Problem>,
    pub generated: GeneratedPolicies,
    /// The analyzer on the generated policies with the overrides in their place.
    pub report: Report,
    pub plan: Vec<PlanStep>,
}

impl Derived {
    /// `recorded`: the journal, for the real S3 endpoint ID (when the blueprint names none)
    /// and the plan's marks.
    pub fn compute(bp: &Blueprint, overrides: &Overrides, recorded: &Recorded) -> Self {
        let journal_endpoint = if bp.network.s3_endpoint_id.is_none() {
            recorded.s3_endpoint_id()
        } else {
            None
        };
        let generated = generate::generate(bp, journal_endpoint);
        let report = analyze_with(bp, &generated, overrides, None);
        let plan = plan::offline(bp);
        Self {
            problems: bp.validate(),
            report,
            plan,
            generated,
        }
    }
}

/// The policies on the Policies screen, in order.
pub fn kinds(generated: &GeneratedPolicies) -> Vec<PolicyKind> {
    let mut out = vec![PolicyKind::Bucket, PolicyKind::S3Endpoint];
    out.extend(
        generated
            .interface_endpoints
            .keys()
            .map(|svc| PolicyKind::Endpoint(svc.clone())),
    );
    out.push(PolicyKind::Scp);
    out
}

pub fn generated_doc<'a>(
    g: &'a GeneratedPolicies,
    kind: &PolicyKind,
) -> Option<&'a PolicyDocument> {
    match kind {
        PolicyKind::Bucket => Some(&g.bucket),
        PolicyKind::S3Endpoint => Some(&g.s3_endpoint),
        PolicyKind::Endpoint(svc) => g.interface_endpoints.get(svc),
        PolicyKind::Scp => Some(&g.scp),
    }
}

/// Run the analyzer on the generated policies, each replaced by its override, and `edited`
/// (the policy in the editor) in place of its kind.
pub fn analyze_with(
    bp: &Blueprint,
    g: &GeneratedPolicies,
    overrides: &Overrides,
    edited: Option<(&PolicyKind, &PolicyDocument)>,
) -> Report {
    let pick = |kind: &PolicyKind, generated: &PolicyDocument| -> PolicyDocument {
        match edited {
            Some((k, doc)) if k == kind => doc.clone(),
            _ => overrides
                .get(kind)
                .map_or_else(|| generated.clone(), |o| o.doc.clone()),
        }
    };
    let bucket = pick(&PolicyKind::Bucket, &g.bucket);
    let s3_endpoint = pick(&PolicyKind::S3Endpoint, &g.s3_endpoint);
    let endpoints: BTreeMap<String, PolicyDocument> = g
        .interface_endpoints
        .iter()
        .map(|(svc, doc)| (svc.clone(), pick(&PolicyKind::Endpoint(svc.clone()), doc)))
        .collect();
    let scps = [pick(&PolicyKind::Scp, &g.scp)];
    analyze::check(&Inputs {
        blueprint: bp,
        s3_endpoint_id: &g.s3_endpoint_id,
        bucket_policy: &bucket,
        s3_endpoint_policy: &s3_endpoint,
        endpoint_policies: &endpoints,
        scps: &scps,
    })
}

/// `N critical, N warning, N info`.
pub fn summary(report: &Report) -> String {
    let n = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} critical, {} warning, {} info",
        n(Severity::Critical),
        n(Severity::Warning),
        n(Severity::Info)
    )
}

/// A severity as symbol and word (never colour alone).
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "✗ critical",
        Severity::Warning => "⚠ warning",
        Severity::Info => "· info",
    }
}

/// The screen where a finding is fixed (shown there in the screen list); `Review` when none is.
pub fn finding_screen(id: CheckId) -> Screen {
    use CheckId as C;
    match id {
        C::D7 => Screen::Cluster,
        C::S1 | C::S3 | C::D8 => Screen::Network,
        C::D1 | C::D2 | C::D4 | C::D5 | C::D6 | C::D9 | C::D10 | C::S4 => Screen::Policies,
        _ => Screen::Review,
    }
}
