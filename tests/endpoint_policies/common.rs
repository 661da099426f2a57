//! What the endpoint-policy tests share: the accounts, a blueprint with every EKS endpoint,
//! one request's decision, the analyzer on a generated set.
#![allow(dead_code)]

use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::analyze::{Inputs, Report, check};
use eks_isolation::policy::generate::GeneratedPolicies;
use eks_isolation::policy::{Context, Decision, PolicyDocument, Request, RequestPrincipal};

pub const DATA: &str = "111111111111";
pub const MODEL: &str = "222222222222";
pub const STRANGER: &str = "999999999999";

/// Every EKS endpoint enabled, so each managed-policy action has its endpoint.
pub fn blueprint() -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.network.interface_endpoints = [
        "ec2",
        "ecr.api",
        "ecr.dkr",
        "eks",
        "eks-auth",
        "logs",
        "elasticloadbalancing",
        "autoscaling",
    ]
    .map(String::from)
    .to_vec();
    bp
}

pub fn decision(
    doc: &PolicyDocument,
    who: &RequestPrincipal,
    action: &str,
    resource: &str,
    ctx: &Context,
) -> Decision {
    doc.evaluate(&Request {
        principal: who,
        action,
        resource,
        context: ctx,
    })
}

pub fn analyze(bp: &Blueprint, set: &GeneratedPolicies) -> Report {
    check(&Inputs {
        blueprint: bp,
        s3_endpoint_id: &set.s3_endpoint_id,
        bucket_policy: &set.bucket,
        s3_endpoint_policy: &set.s3_endpoint,
        endpoint_policies: &set.interface_endpoints,
        scps: std::slice::from_ref(&set.scp),
    })
}
