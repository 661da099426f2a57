//! The static analyzer behind `check`: every THREATS.md check decidable from the blueprint and
//! the policy documents, each judged by evaluating requests (see [`probe`]).

mod bucket_checks;
mod catalog;
mod d12;
mod endpoint_checks;
mod fragment;
mod passes;
mod probe;
mod scp_checks;
mod setup_checks;
pub mod writers;

pub use catalog::{CheckId, Severity};
pub use endpoint_checks::default_endpoint_policy;
pub use setup_checks::{
    EKS_ENDPOINTS, EKS_REJECTED_AZ_IDS, REQUIRED_ENDPOINTS, required_endpoints,
};

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::PolicyDocument;
use crate::blueprint::Blueprint;

/// One finding, reported with its THREATS.md ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: CheckId,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    /// A concrete request that gets through, where the check evaluated one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// A request the policies decide, and the statements that decide it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// The request's condition keys (lower-case) and values; absent keys are not listed.
    pub context: BTreeMap<String, Vec<String>>,
    /// Which document decided it (`bucket policy`, `S3 endpoint policy`, ...).
    pub policy: String,
    /// The statements that allow it (Sid, or `#N` for the N-th statement without one).
    pub statements: Vec<String>,
}

impl Evidence {
    /// The evidence of `req` as `doc` (called `policy`) decides it.
    pub fn of(doc: &PolicyDocument, policy: &str, req: &crate::policy::Request<'_>) -> Self {
        let (_, statements) = doc.explain(req);
        Self {
            principal: if req.principal.is_anonymous() {
                "anonymous".to_string()
            } else {
                req.principal.arn.clone()
            },
            action: req.action.to_string(),
            resource: req.resource.to_string(),
            context: req
                .context
                .entries()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect(),
            policy: policy.to_string(),
            statements,
        }
    }

    /// The evidence on one line: `e.g. P can A on R (the bucket policy: statement S)`.
    pub fn one_line(&self) -> String {
        let by = if self.statements.is_empty() {
            "no statement needed: same-account identity policy".to_string()
        } else {
            format!("statement {}", self.statements.join(", "))
        };
        let context: Vec<String> = self
            .context
            .iter()
            .filter(|(k, _)| !k.starts_with("aws:principal") && *k != "aws:resourceaccount")
            .map(|(k, v)| format!("{k}={}", v.join(",")))
            .collect();
        let with = if context.is_empty() {
            String::new()
        } else {
            format!(" with {}", context.join(" "))
        };
        format!(
            "e.g. {} can {} on {}{with} ({}: {by})",
            self.principal, self.action, self.resource, self.policy
        )
    }

    /// The evidence for people, one fact a line.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            format!("principal: {}", self.principal),
            format!("action:    {}", self.action),
            format!("resource:  {}", self.resource),
        ];
        if self.context.is_empty() {
            out.push("context:   (none)".to_string());
        }
        for (i, (k, v)) in self.context.iter().enumerate() {
            let label = if i == 0 { "context:  " } else { "          " };
            out.push(format!("{label} {k} = {}", v.join(", ")));
        }
        out.push(format!(
            "allowed by {} of the {}",
            if self.statements.is_empty() {
                "no statement (same-account identity policy)".to_string()
            } else {
                format!("statement {}", self.statements.join(", "))
            },
            self.policy
        ));
        out
    }
}

impl Finding {
    /// A finding with the catalog's severity and title.
    pub fn new(id: CheckId, detail: impl Into<String>) -> Self {
        Self {
            id,
            severity: id.severity(),
            title: id.title().to_string(),
            detail: detail.into(),
            evidence: None,
        }
    }

    /// The same finding with the request that proves it.
    #[must_use]
    pub fn with_evidence(mut self, evidence: Option<Evidence>) -> Self {
        self.evidence = evidence;
        self
    }
}

/// The analyzer's answer: the findings, which checks were run, and (live audit only) which
/// could not be decided and why. An undecided check is never in `checked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub checked: Vec<CheckId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<Undecided>,
    /// Why a check passed, where the analyzer can say: per class of caller, the statement
    /// that stops its request.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub passes: BTreeMap<CheckId, Vec<String>>,
}

/// A check the live audit could not decide: the data it needs could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undecided {
    pub id: CheckId,
    pub reason: String,
}

impl Report {
    pub fn has_critical(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Critical)
    }

    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether a check of this ID has any finding.
    pub fn has(&self, id: CheckId) -> bool {
        self.findings.iter().any(|f| f.id == id)
    }
}

/// What the analyzer judges: the blueprint, and the policy of each kind (generated, or given
/// by the user in its place).
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    pub blueprint: &'a Blueprint,
    /// The S3 gateway endpoint ID the bucket policy must name (a placeholder before apply).
    pub s3_endpoint_id: &'a str,
    pub bucket_policy: &'a PolicyDocument,
    pub s3_endpoint_policy: &'a PolicyDocument,
    /// Interface endpoint policies by service short name (`ec2`, `ecr.api`, `sts`, ...).
    /// An endpoint in the blueprint without an entry here has AWS's default full-access policy.
    pub endpoint_policies: &'a BTreeMap<String, PolicyDocument>,
    /// Every SCP in force above the model-owner account.
    pub scps: &'a [PolicyDocument],
}

/// What a pass of a check [`check`] judges means: the classes of request it tried.
pub const PASS_TRIED: &str = "no request of the classes tried gets through (every principal \
     the policies name, in each party's account where a pattern leaves the account open; the \
     anonymous caller; a fresh principal of each party and of a stranger; every value the \
     policies name for each condition key, and one they do not)";

/// The checks [`check`] runs, in catalog order.
pub const STATIC_CHECKS: [CheckId; 13] = [
    CheckId::D1,
    CheckId::D2,
    CheckId::D4,
    CheckId::D5,
    CheckId::D6,
    CheckId::D7,
    CheckId::D8,
    CheckId::D9,
    CheckId::D10,
    CheckId::D12,
    CheckId::S1,
    CheckId::S3,
    CheckId::S4,
];

/// Run every static check.
pub fn check(inputs: &Inputs<'_>) -> Report {
    let scene = Scene::new(inputs);
    let mut findings = Vec::new();
    findings.extend(bucket_checks::d1_off_endpoint_reads(&scene));
    findings.extend(endpoint_checks::d2_foreign_buckets(&scene));
    findings.extend(endpoint_checks::d4_ecr_push(&scene));
    findings.extend(endpoint_checks::d5_foreign_logs(&scene));
    findings.extend(scp_checks::d6_copy_paths(&scene));
    findings.extend(setup_checks::d7_public_endpoint(&scene));
    findings.extend(setup_checks::d8_data_carrying_endpoints(&scene));
    findings.extend(scp_checks::d9_escape(&scene));
    findings.extend(bucket_checks::d10_access_control(&scene));
    findings.extend(d12::d12_endpoint_writes(&scene));
    findings.extend(setup_checks::s1_subnets(&scene));
    findings.extend(setup_checks::s3_missing_endpoints(&scene));
    findings.extend(endpoint_checks::s4_ecr_layers(&scene));
    findings.sort_by_key(|f| f.id);
    // A check whose policies leave the fragment is undecided; one that found a way through
    // all the same keeps its findings (a finding is never hidden).
    let undecided: Vec<Undecided> = fragment::outside(inputs)
        .into_iter()
        .filter(|u| !findings.iter().any(|f| f.id == u.id))
        .collect();
    let mut passes = BTreeMap::new();
    for (id, why) in [
        (CheckId::D1, passes::d1 as fn(&Scene<'_>) -> Vec<String>),
        (CheckId::D10, passes::d10),
    ] {
        let decided = !undecided.iter().any(|u| u.id == id);
        if decided && !findings.iter().any(|f| f.id == id) {
            passes.insert(id, why(&scene));
        }
    }
    Report {
        findings,
        checked: STATIC_CHECKS
            .into_iter()
            .filter(|id| !undecided.iter().any(|u| u.id == *id))
            .collect(),
        undecided,
        passes,
    }
}

/// The facts every check shares, derived once from the inputs.
pub(crate) struct Scene<'a> {
    pub inputs: &'a Inputs<'a>,
    pub bp: &'a Blueprint,
    pub partition: &'static str,
    pub data_owner: &'a str,
    pub model_owner: &'a str,
    /// An account that is neither party.
    pub stranger: String,
    /// Organization IDs the policies name (both parties are members).
    pub org_ids: BTreeSet<String>,
}

impl<'a> Scene<'a> {
    fn new(inputs: &'a Inputs<'a>) -> Self {
        let bp = inputs.blueprint;
        let data_owner = bp.data_owner.account_id.as_str();
        let model_owner = bp.model_owner.account_id.as_str();
        let mut docs = vec![inputs.bucket_policy, inputs.s3_endpoint_policy];
        docs.extend(inputs.endpoint_policies.values());
        Self {
            inputs,
            bp,
            partition: bp.partition().as_str(),
            data_owner,
            model_owner,
            stranger: probe::other_account(&[data_owner, model_owner]),
            org_ids: probe::named_values(&docs, "aws:PrincipalOrgID"),
        }
    }

    /// The base request context for a principal (ARN, account, organization).
    pub fn base_context(&self, who: &crate::policy::RequestPrincipal) -> crate::policy::Context {
        probe::base_context(who, &[self.data_owner, self.model_owner], &self.org_ids)
    }
}

/// Join up to `max` examples, then "and N more".
pub(crate) fn examples(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let mut out = shown.join("; ");
    if items.len() > max {
        out.push_str(&format!("; and {} more", items.len() - max));
    }
    out
}

/// Allowed requests a check found, grouped for a readable detail: the actions per target, and
/// the callers (in the order found, worst first).
#[derive(Default)]
pub(crate) struct Leaks {
    targets: Vec<(String, Vec<String>)>,
    callers: Vec<String>,
}

impl Leaks {
    pub fn add(&mut self, caller: String, action: &str, target: String) {
        if !self.callers.contains(&caller) {
            self.callers.push(caller);
        }
        let idx = match self.targets.iter().position(|(t, _)| *t == target) {
            Some(i) => i,
            None => {
                self.targets.push((target, Vec::new()));
                self.targets.len() - 1
            }
        };
        let actions = &mut self.targets[idx].1;
        if !actions.iter().any(|a| a == action) {
            actions.push(action.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.callers.is_empty()
    }

    /// `A, B on X; C on Y; callers: P, Q and 2 more`.
    pub fn describe(&self) -> String {
        // Targets that allow the same actions are named together.
        let mut groups: Vec<(&[String], Vec<&str>)> = Vec::new();
        for (target, actions) in &self.targets {
            match groups.iter_mut().find(|(a, _)| *a == actions.as_slice()) {
                Some((_, targets)) => targets.push(target),
                None => groups.push((actions, vec![target])),
            }
        }
        let targets: Vec<String> = groups
            .iter()
            .map(|(actions, targets)| format!("{} on {}", actions.join(", "), targets.join(", ")))
            .collect();
        format!(
            "{}; callers: {}",
            examples(&targets, 4),
            examples(&self.callers, 3)
        )
    }
}
