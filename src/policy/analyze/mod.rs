//! The static analyzer behind `check`: every THREATS.md check decidable from the blueprint and
//! the policy documents, each judged by evaluating requests.

mod catalog;

pub use catalog::{CheckId, Severity};

use std::collections::BTreeMap;

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
}

/// The analyzer's answer: the findings, and which checks were run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub checked: Vec<CheckId>,
}

impl Report {
    pub fn has_critical(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Critical)
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
    /// Interface endpoint policies by service short name (`ecr.api`, `ecr.dkr`, `logs`).
    /// An endpoint in the blueprint without an entry here has AWS's default full-access policy.
    pub endpoint_policies: &'a BTreeMap<String, PolicyDocument>,
    /// Every SCP in force above the model-owner account.
    pub scps: &'a [PolicyDocument],
}

/// Run every static check.
pub fn check(inputs: &Inputs<'_>) -> Report {
    let _ = inputs;
    todo!("analyzer")
}
