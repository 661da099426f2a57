//! D2, D4, D5 and S4: what the VPC endpoints let a request from the subnets reach (D12, what
//! they let it store, is in [`super::d12`]).

use std::collections::BTreeSet;

use super::bucket_checks::{callers, describe, s3_resource};
use super::probe::{self, OTHER};
use super::{CheckId, Evidence, Finding, Leaks, Scene};
use crate::policy::generate::{LOGS_WRITE_ACTIONS, ecr_layer_bucket};
use crate::policy::{
    ActionSpec, Decision, Effect, PolicyDocument, Principal, PrincipalSpec, Request, ResourceSpec,
    Statement,
};

/// S3 actions tried against foreign buckets: reads, and the writes that are copy paths.
const FOREIGN_BUCKET_ACTIONS: [&str; 10] = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:DeleteObject",
    "s3:CreateBucket",
    "s3:PutBucketPolicy",
    "s3:ReplicateObject",
    "s3:RestoreObject",
];

/// ECR actions that put an image somewhere (THREATS.md D4).
pub const ECR_PUSH_ACTIONS: [&str; 6] = [
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:BatchDeleteImage",
    "ecr:PutReplicationConfiguration",
];

/// AWS's policy for an endpoint created without one: everything, for everyone.
pub fn default_endpoint_policy() -> PolicyDocument {
    PolicyDocument {
        version: None,
        id: None,
        statements: vec![Statement {
            sid: None,
            effect: Effect::Allow,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(vec!["*".into()]),
            resource: Some(ResourceSpec::Resource(vec!["*".into()])),
            condition: Vec::new(),
        }],
    }
}

/// Whether some request context lets `who` do `action` on `resource` through `doc` (called
/// `policy`). The first such request becomes `proof`, when it holds none yet (evidence is
/// built once a finding, not for every request that gets through).
fn allows_somehow(
    s: &Scene<'_>,
    (doc, policy): (&PolicyDocument, &str),
    who: &crate::policy::RequestPrincipal,
    (action, resource, resource_account): (&str, &str, &str),
    proof: &mut Option<Evidence>,
) -> bool {
    let mut base = s.base_context(who);
    base.set("aws:SourceVpce", vec![s.inputs.s3_endpoint_id.to_string()]);
    base.set("aws:ResourceAccount", vec![resource_account.to_string()]);
    probe::contexts(&[doc], &base).into_iter().any(|trial| {
        let req = Request {
            principal: who,
            action,
            resource,
            context: &trial.context,
        };
        let allowed = doc.evaluate(&req) == Decision::Allow;
        if allowed && proof.is_none() {
            *proof = Some(Evidence::of(doc, policy, &req));
        }
        allowed
    })
}

/// Bucket names a document's resources mention (`arn:*:s3:::NAME[/...]`), wildcards made
/// concrete.
fn named_buckets(doc: &PolicyDocument) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for st in &doc.statements {
        if let Some(ResourceSpec::Resource(list) | ResourceSpec::NotResource(list)) = &st.resource {
            for r in list {
                if let Some(rest) = r.split(":::").nth(1).filter(|_| r.contains(":s3:")) {
                    let name = rest.split('/').next().unwrap_or_default();
                    // A bare wildcard names no bucket: the fresh "other" bucket stands for it.
                    if !name.is_empty() && !name.chars().all(|c| c == '*' || c == '?') {
                        out.insert(probe::instantiate(name));
                    }
                }
            }
        }
    }
    out
}

pub(super) fn d2_foreign_buckets(s: &Scene<'_>) -> Vec<Finding> {
    let doc = s.inputs.s3_endpoint_policy;
    let layer_bucket = ecr_layer_bucket(&s.bp.region);
    let fresh_bucket = format!("{OTHER}-bucket");
    let mut buckets = named_buckets(doc);
    buckets.insert(fresh_bucket.clone());
    buckets.insert(layer_bucket.clone());
    buckets.remove(&s.bp.data.bucket);
    let mut leaks = Leaks::default();
    let mut proof = None;
    for who in callers(s, &[doc]) {
        for bucket in &buckets {
            let owners: Vec<&str> = if *bucket == layer_bucket {
                vec![s.stranger.as_str()]
            } else {
                vec![s.data_owner, s.model_owner, s.stranger.as_str()]
            };
            for owner in owners {
                let target = if *bucket == layer_bucket {
                    format!("the ECR layer bucket {layer_bucket}")
                } else if *bucket == fresh_bucket {
                    format!("any bucket of {}", account_label(s, owner))
                } else {
                    format!("bucket {bucket} (if of {})", account_label(s, owner))
                };
                for action in FOREIGN_BUCKET_ACTIONS {
                    if *bucket == layer_bucket && action == "s3:GetObject" {
                        continue;
                    }
                    let resource = s3_resource(s.partition, bucket, action);
                    let policy = (doc, "S3 endpoint policy");
                    if allows_somehow(s, policy, &who, (action, &resource, owner), &mut proof) {
                        leaks.add(describe(&who), action, target.clone());
                    }
                }
            }
        }
    }
    if leaks.is_empty() {
        return Vec::new();
    }
    vec![
        Finding::new(
            CheckId::D2,
            format!(
                "the S3 endpoint policy lets requests from the subnets reach buckets other \
                 than {}: {}",
                s.bp.data.bucket,
                leaks.describe()
            ),
        )
        .with_evidence(proof),
    ]
}

/// "the data owner 111…", "the model owner 222…", or "another account".
fn account_label(s: &Scene<'_>, account: &str) -> String {
    if account == s.data_owner {
        format!("the data owner {account}")
    } else if account == s.model_owner {
        format!("the model owner {account}")
    } else {
        "another account".to_string()
    }
}

/// The policy in force on an interface endpoint: the given one, or AWS's default.
pub(super) fn endpoint_policy(s: &Scene<'_>, service: &str) -> (PolicyDocument, bool) {
    match s.inputs.endpoint_policies.get(service) {
        Some(doc) => (doc.clone(), false),
        None => (default_endpoint_policy(), true),
    }
}

fn enabled<'b>(s: &'b Scene<'_>, services: &'b [&str]) -> impl Iterator<Item = &'b str> {
    services
        .iter()
        .copied()
        .filter(|svc| s.bp.network.interface_endpoints.iter().any(|e| e == svc))
}

pub(super) fn d4_ecr_push(s: &Scene<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for service in enabled(s, &["ecr.api", "ecr.dkr"]) {
        let (doc, default) = endpoint_policy(s, service);
        let label = format!("{service} endpoint policy");
        let mut leaks = Leaks::default();
        let mut proof = None;
        for who in callers(s, &[&doc]) {
            for owner in [s.model_owner, s.data_owner, s.stranger.as_str()] {
                let mut repos = probe::named_resources(&[&doc], "ecr", owner, &s.bp.region);
                repos.insert(format!(
                    "arn:{}:ecr:{}:{owner}:repository/{OTHER}",
                    s.partition, s.bp.region
                ));
                for (repo, action) in repos
                    .iter()
                    .flat_map(|r| ECR_PUSH_ACTIONS.iter().map(move |a| (r, *a)))
                {
                    let policy = (&doc, label.as_str());
                    if allows_somehow(s, policy, &who, (action, repo, owner), &mut proof) {
                        leaks.add(
                            describe(&who),
                            action,
                            format!("repositories of {}", account_label(s, owner)),
                        );
                    }
                }
            }
        }
        if !leaks.is_empty() {
            findings.push(
                Finding::new(
                    CheckId::D4,
                    format!(
                        "the {service} endpoint allows push{}: {}",
                        default_note(default),
                        leaks.describe()
                    ),
                )
                .with_evidence(proof),
            );
        }
    }
    findings
}

pub(super) fn d5_foreign_logs(s: &Scene<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for service in enabled(s, &["logs"]) {
        let (doc, default) = endpoint_policy(s, service);
        let label = format!("{service} endpoint policy");
        let mut leaks = Leaks::default();
        let mut proof = None;
        for who in callers(s, &[&doc]) {
            for owner in [s.model_owner, s.stranger.as_str()] {
                // The fresh group, and every group the policy names, as the owner's.
                let mut groups: BTreeSet<String> =
                    probe::named_resources(&[&doc], "logs", owner, &s.bp.region)
                        .into_iter()
                        .map(|r| match r.find(":log-stream:") {
                            Some(i) => r[..i].to_string(),
                            None => r,
                        })
                        .collect();
                groups.insert(format!(
                    "arn:{}:logs:{}:{owner}:log-group:{OTHER}",
                    s.partition, s.bp.region
                ));
                for (group, action) in groups
                    .iter()
                    .flat_map(|g| LOGS_WRITE_ACTIONS.iter().map(move |a| (g, *a)))
                {
                    let stream = format!("{group}:log-stream:{OTHER}");
                    let resource = if action == "logs:PutLogEvents" {
                        &stream
                    } else {
                        group
                    };
                    let policy = (&doc, label.as_str());
                    if allows_somehow(s, policy, &who, (action, resource, owner), &mut proof) {
                        leaks.add(
                            describe(&who),
                            action,
                            format!("log groups of {}", account_label(s, owner)),
                        );
                    }
                }
            }
        }
        if !leaks.is_empty() {
            findings.push(Finding::new(
                CheckId::D5,
                format!(
                    "the logs endpoint lets the subnets write outside the data-owner account{}: {}",
                    default_note(default),
                    leaks.describe()
                ),
            )
            .with_evidence(proof));
        }
    }
    findings
}

fn default_note(default: bool) -> &'static str {
    if default {
        " (no endpoint policy: AWS's default allows everything)"
    } else {
        ""
    }
}

pub(super) fn s4_ecr_layers(s: &Scene<'_>) -> Vec<Finding> {
    let doc = s.inputs.s3_endpoint_policy;
    let node = probe::fresh_role(s.partition, s.model_owner);
    let layer = format!(
        "arn:{}:s3:::{}/{OTHER}",
        s.partition,
        ecr_layer_bucket(&s.bp.region)
    );
    let mut ctx = s.base_context(&node);
    ctx.set("aws:SourceVpce", vec![s.inputs.s3_endpoint_id.to_string()]);
    ctx.set("aws:ResourceAccount", vec![s.stranger.clone()]);
    let req = Request {
        principal: &node,
        action: "s3:GetObject",
        resource: &layer,
        context: &ctx,
    };
    match doc.evaluate(&req) {
        Decision::Allow => Vec::new(),
        verdict => vec![Finding::new(
            CheckId::S4,
            format!(
                "the S3 endpoint policy {} s3:GetObject on {layer} for the model owner's nodes: \
                 image pulls will fail",
                if verdict == Decision::ExplicitDeny {
                    "denies"
                } else {
                    "does not allow"
                }
            ),
        )],
    }
}
