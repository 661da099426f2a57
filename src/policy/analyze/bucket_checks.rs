//! D1 and D10: who can read the data off the endpoint, and who can change who reads it.

use super::probe::{self, OTHER};
use super::{CheckId, Evidence, Finding, Scene, examples};
use crate::policy::generate::{ACCESS_CONTROL_ACTIONS, bucket_arns};
use crate::policy::{Decision, PolicyDocument, Request, RequestPrincipal};

/// The actions that read the data (THREATS.md D1).
pub const READ_ACTIONS: [&str; 7] = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:GetObjectAttributes",
    "s3:RestoreObject",
    "s3:SelectObjectContent",
];

/// The ARN an S3 action acts on: the bucket itself, or an object in it.
pub fn s3_resource(partition: &str, bucket: &str, action: &str) -> String {
    let name = action.to_ascii_lowercase();
    if name.contains("object") || name.contains("replicate") || name.contains("multipart") {
        format!("arn:{partition}:s3:::{bucket}/{OTHER}")
    } else {
        format!("arn:{partition}:s3:::{bucket}")
    }
}

/// A bucket policy's verdict for one caller: inside the bucket's own account an identity
/// policy alone can grant access, so only an explicit Deny keeps it off; any other account needs
/// the bucket policy's Allow.
fn bucket_grants(decision: Decision, caller: &RequestPrincipal, bucket_account: &str) -> bool {
    match decision {
        Decision::ExplicitDeny => false,
        Decision::Allow => true,
        Decision::NotApplicable => caller.account == bucket_account,
    }
}

/// Who a probe stands for, in words.
pub fn describe(who: &RequestPrincipal) -> String {
    if who.account.is_empty() {
        "an anonymous caller".into()
    } else {
        who.arn.clone()
    }
}

/// The callers worth trying against `docs`: the anonymous caller, a fresh principal of a
/// stranger and of each party, and every principal the documents name.
pub(super) fn callers(s: &Scene<'_>, docs: &[&PolicyDocument]) -> Vec<RequestPrincipal> {
    // Worst first: a finding's examples then lead with the most alarming caller.
    let mut who = vec![
        probe::anonymous(),
        probe::fresh_role(s.partition, &s.stranger),
        probe::fresh_role(s.partition, s.model_owner),
        probe::fresh_role(s.partition, s.data_owner),
    ];
    let accounts = [s.data_owner, s.model_owner, s.stranger.as_str()];
    for doc in docs {
        who.extend(probe::named_principals(doc, s.partition, &accounts));
    }
    let mut seen = std::collections::BTreeSet::new();
    who.retain(|w| seen.insert(w.arn.clone()));
    who
}

pub(super) fn d1_off_endpoint_reads(s: &Scene<'_>) -> Vec<Finding> {
    let doc = s.inputs.bucket_policy;
    let endpoint = s.inputs.s3_endpoint_id;
    let bucket = &s.bp.data.bucket;
    let mut off_endpoint: Vec<Option<String>> = vec![None, Some(format!("vpce-{OTHER}"))];
    for named in probe::named_values(&[doc], "aws:SourceVpce") {
        if named != endpoint {
            off_endpoint.push(Some(named));
        }
    }
    let admins = &s.bp.data_owner.admin_principals;
    let mut leaks = Vec::new();
    let (mut evidence, mut own) = (None, None);
    for who in callers(s, &[doc]) {
        if admins.contains(&who.arn) {
            continue;
        }
        for action in READ_ACTIONS {
            let resource = s3_resource(s.partition, bucket, action);
            let found = off_endpoint.iter().find_map(|vpce| {
                let mut base = s.base_context(&who);
                base.set("aws:ResourceAccount", vec![s.data_owner.to_string()]);
                if let Some(v) = vpce {
                    base.set("aws:SourceVpce", vec![v.clone()]);
                }
                probe::contexts(&[doc], &base)
                    .into_iter()
                    .find_map(|trial| {
                        let req = Request {
                            principal: &who,
                            action,
                            resource: &resource,
                            context: &trial.context,
                        };
                        bucket_grants(doc.evaluate(&req), &who, s.data_owner).then(|| {
                            let via = vpce.as_deref().map_or_else(
                                || "with no endpoint".to_string(),
                                |v| format!("through {v}"),
                            );
                            let evidence = Evidence::of(doc, "bucket policy", &req);
                            (
                                format!("{} can {action} {via}{}", describe(&who), trial.note),
                                evidence,
                            )
                        })
                    })
            });
            if let Some((leak, proof)) = found {
                leaks.push(leak);
                // Another account's request is the stronger proof: the data owner's own
                // principals read through their identity policies anyway.
                let slot = if who.account == s.data_owner {
                    &mut own
                } else {
                    &mut evidence
                };
                slot.get_or_insert(proof);
                break;
            }
        }
    }
    if leaks.is_empty() {
        return Vec::new();
    }
    vec![
        Finding::new(
            CheckId::D1,
            format!(
                "the bucket policy of {bucket} lets a caller other than the declared admins \
                 read off the endpoint {endpoint}: {}",
                examples(&leaks, 3)
            ),
        )
        .with_evidence(evidence.or(own)),
    ]
}

pub(super) fn d10_access_control(s: &Scene<'_>) -> Vec<Finding> {
    let bucket_doc = s.inputs.bucket_policy;
    let endpoint_doc = s.inputs.s3_endpoint_policy;
    let docs = [bucket_doc, endpoint_doc];
    let bucket = &s.bp.data.bucket;
    let model_callers: Vec<RequestPrincipal> = callers(s, &docs)
        .into_iter()
        .filter(|w| w.account == s.model_owner)
        .collect();
    let mut leaks = Vec::new();
    let mut evidence = None;
    for who in &model_callers {
        for action in ACCESS_CONTROL_ACTIONS {
            let resource = s3_resource(s.partition, bucket, action);
            let mut base = s.base_context(who);
            base.set("aws:SourceVpce", vec![s.inputs.s3_endpoint_id.to_string()]);
            base.set("aws:ResourceAccount", vec![s.data_owner.to_string()]);
            let hit = probe::contexts(&docs, &base).into_iter().find(|trial| {
                let req = Request {
                    principal: who,
                    action,
                    resource: &resource,
                    context: &trial.context,
                };
                endpoint_doc.evaluate(&req) == Decision::Allow
                    && bucket_grants(bucket_doc.evaluate(&req), who, s.data_owner)
            });
            if let Some(trial) = hit {
                leaks.push(format!("{} can {action}{}", who.arn, trial.note));
                let req = Request {
                    principal: who,
                    action,
                    resource: &resource,
                    context: &trial.context,
                };
                evidence
                    .get_or_insert_with(|| Evidence::of(endpoint_doc, "S3 endpoint policy", &req));
            }
        }
    }
    if leaks.is_empty() {
        return Vec::new();
    }
    let [bucket_arn, _] = bucket_arns(s.bp, bucket);
    vec![
        Finding::new(
            CheckId::D10,
            format!(
                "through the S3 endpoint, a model-owner principal can change access to \
                 {bucket_arn}: {}",
                examples(&leaks, 3)
            ),
        )
        .with_evidence(evidence),
    ]
}
