//! Why a check passed: for each class of caller, the statement that stops its request. Run only
//! for checks without findings; each line names the callers and what stops them.

use std::collections::BTreeMap;

use super::Scene;
use super::bucket_checks::{callers, describe, s3_resource};
use crate::policy::generate::ACCESS_CONTROL_ACTIONS;
use crate::policy::{Decision, PolicyDocument, Request};

/// `reason → callers`, as lines `reason: caller, caller`.
fn lines(groups: BTreeMap<String, Vec<String>>) -> Vec<String> {
    groups
        .into_iter()
        .map(|(why, who)| format!("{why}: {}", who.join(", ")))
        .collect()
}

/// The statements that decided, in words.
fn by(doc: &PolicyDocument, policy: &str, req: &Request<'_>) -> Option<String> {
    let (decision, statements) = doc.explain(req);
    (decision == Decision::ExplicitDeny).then(|| {
        format!(
            "denied by statement {} of the {policy}",
            statements.join(", ")
        )
    })
}

/// D1: each non-admin caller's s3:GetObject with no endpoint, and what stops it.
pub(super) fn d1(s: &Scene<'_>) -> Vec<String> {
    let doc = s.inputs.bucket_policy;
    let resource = s3_resource(s.partition, &s.bp.data.bucket, "s3:GetObject");
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for who in callers(s, &[doc]) {
        if s.bp.data_owner.admin_principals.contains(&who.arn) {
            continue;
        }
        let mut context = s.base_context(&who);
        context.set("aws:ResourceAccount", vec![s.data_owner.to_string()]);
        let req = Request {
            principal: &who,
            action: "s3:GetObject",
            resource: &resource,
            context: &context,
        };
        let why = by(doc, "bucket policy", &req).unwrap_or_else(|| {
            "not allowed: a caller of another account needs an Allow of the bucket policy, and \
             none applies off the endpoint"
                .to_string()
        });
        groups.entry(why).or_default().push(describe(&who));
    }
    lines(groups)
}

/// D10: each model-owner caller's access-control change through the endpoint, and what stops it.
pub(super) fn d10(s: &Scene<'_>) -> Vec<String> {
    let bucket_doc = s.inputs.bucket_policy;
    let endpoint_doc = s.inputs.s3_endpoint_policy;
    let action = ACCESS_CONTROL_ACTIONS[0];
    let resource = s3_resource(s.partition, &s.bp.data.bucket, action);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for who in callers(s, &[bucket_doc, endpoint_doc])
        .into_iter()
        .filter(|w| w.account == s.model_owner)
    {
        let mut context = s.base_context(&who);
        context.set("aws:SourceVpce", vec![s.inputs.s3_endpoint_id.to_string()]);
        context.set("aws:ResourceAccount", vec![s.data_owner.to_string()]);
        let req = Request {
            principal: &who,
            action,
            resource: &resource,
            context: &context,
        };
        let why = if endpoint_doc.evaluate(&req) != Decision::Allow {
            by(endpoint_doc, "S3 endpoint policy", &req)
                .unwrap_or_else(|| format!("{action}: the S3 endpoint policy allows it to no one"))
        } else {
            by(bucket_doc, "bucket policy", &req).unwrap_or_else(|| {
                format!("{action}: the bucket policy allows it to no other account")
            })
        };
        groups.entry(why).or_default().push(who.arn.clone());
    }
    lines(groups)
}
