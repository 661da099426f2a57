//! Checks read straight off the blueprint: D7, D8, S1, S3.

use std::collections::BTreeSet;

use super::{CheckId, Finding, Scene};

/// Availability Zone IDs where EKS does not place control-plane interfaces (THREATS.md S1).
pub const EKS_REJECTED_AZ_IDS: [&str; 3] = ["use1-az3", "usw1-az2", "cac1-az3"];

/// Interface endpoints every private EKS cluster needs (THREATS.md S3): the nodes' EC2 calls
/// and image pulls. <https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html>
pub const REQUIRED_ENDPOINTS: [&str; 3] = ["ec2", "ecr.api", "ecr.dkr"];

/// The interface endpoints the blueprint's cluster needs: [`REQUIRED_ENDPOINTS`] and the one its
/// pods get credentials from (`eks-auth` for Pod Identity, `sts` for IRSA; the same page,
/// "Pod requirements").
pub fn required_endpoints(bp: &crate::blueprint::Blueprint) -> Vec<&'static str> {
    let mut out = REQUIRED_ENDPOINTS.to_vec();
    out.push(bp.cluster.pod_credentials.endpoint());
    out
}

/// Interface endpoints a private EKS cluster may use; any other carries data out (D8).
pub const EKS_ENDPOINTS: [&str; 9] = [
    "ec2",
    "ecr.api",
    "ecr.dkr",
    "sts",
    "logs",
    "eks",
    "eks-auth",
    "elasticloadbalancing",
    "autoscaling",
];

pub(super) fn d7_public_endpoint(s: &Scene<'_>) -> Vec<Finding> {
    if !s.bp.cluster.endpoint_public_access {
        return Vec::new();
    }
    vec![Finding::new(
        CheckId::D7,
        format!(
            "cluster.endpoint_public_access = true for cluster {}: kubectl cp, exec, logs and \
             port-forward stream data out through the control plane",
            s.bp.cluster.name
        ),
    )]
}

pub(super) fn d8_data_carrying_endpoints(s: &Scene<'_>) -> Vec<Finding> {
    s.bp.network
        .interface_endpoints
        .iter()
        .filter(|e| !EKS_ENDPOINTS.contains(&e.as_str()))
        .map(|e| {
            Finding::new(
                CheckId::D8,
                format!(
                    "network.interface_endpoints has {e}: a private EKS cluster does not need \
                     it, and it can carry data out of the VPC"
                ),
            )
        })
        .collect()
}

pub(super) fn s1_subnets(s: &Scene<'_>) -> Vec<Finding> {
    let subnets = &s.bp.network.subnets;
    let mut findings = Vec::new();
    let distinct: BTreeSet<&str> = subnets.iter().map(|n| n.az_id.as_str()).collect();
    if distinct.len() < 2 {
        findings.push(Finding::new(
            CheckId::S1,
            format!(
                "{} subnet(s) in {} distinct AZ ID(s); EKS needs at least two AZ IDs",
                subnets.len(),
                distinct.len()
            ),
        ));
    }
    for az in distinct {
        if EKS_REJECTED_AZ_IDS.contains(&az) {
            findings.push(Finding::new(
                CheckId::S1,
                format!("a subnet is in {az}, an AZ ID that EKS rejects"),
            ));
        }
    }
    findings
}

pub(super) fn s3_missing_endpoints(s: &Scene<'_>) -> Vec<Finding> {
    let have = &s.bp.network.interface_endpoints;
    let missing: Vec<&str> = required_endpoints(s.bp)
        .into_iter()
        .filter(|r| !have.iter().any(|e| e == r))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        CheckId::S3,
        format!(
            "network.interface_endpoints lacks {}: nodes of a private cluster cannot join or \
             pull images without them",
            missing.join(", ")
        ),
    )]
}
