//! What the wizard shows but does not own: problems, generated policies, findings and the
//! plan, recomputed from the blueprint and the policy overrides after every change.

use std::collections::BTreeSet;

use crate::blueprint::{Blueprint, Problem};
use crate::engine::plan::{self, PlanStep};
use crate::policy::PolicyDocument;
use crate::policy::analyze::{CheckId, Report, Severity};
use crate::policy::effective;
use crate::policy::generate::{self, GeneratedPolicies};
use crate::policy::overrides::{Override, Overrides, PolicyKind};
use crate::ui::recorded::Recorded;
use crate::ui::screen::Screen;

#[derive(Debug, Clone)]
pub struct Derived {
    /// `Blueprint::validate`: problems across fields (each field alone is always valid).
    pub problems: Vec<Problem>,
    pub generated: GeneratedPolicies,
    /// The analyzer on the effective set (what apply puts: the generated policies with the
    /// overrides in their place, see [`effective`]).
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

/// The policies on the Policies screen, in order: every generated one, and every override
/// apply puts where nothing is generated (an enabled endpoint such as `sts`).
pub fn kinds(
    bp: &Blueprint,
    generated: &GeneratedPolicies,
    overrides: &Overrides,
) -> Vec<PolicyKind> {
    let mut out = BTreeSet::from([PolicyKind::Bucket, PolicyKind::S3Endpoint, PolicyKind::Scp]);
    out.extend(
        generated
            .interface_endpoints
            .keys()
            .map(|svc| PolicyKind::Endpoint(svc.clone())),
    );
    out.extend(overrides.keys().filter(|k| k.applies_to(bp)).cloned());
    out.into_iter().collect()
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
    let mut overrides = overrides.clone();
    if let Some((kind, doc)) = edited {
        let o = Override {
            text: String::new(),
            doc: doc.clone(),
        };
        overrides.insert(kind.clone(), o);
    }
    effective::analyze(bp, &effective::with_overrides(bp, g.clone(), &overrides))
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
