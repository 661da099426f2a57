//! The catalogue's words: what each step does to which resource, from the blueprint.

use crate::blueprint::{Blueprint, PodCredentials, Side, SubnetSource, VpcSource};
use crate::policy::generate::S3_ENDPOINT_PLACEHOLDER;

pub(super) fn none(_: &str) -> bool {
    false
}

pub(super) fn data_identity(bp: &Blueprint) -> String {
    crate::aws::identity::source_of(bp, Side::DataOwner)
}

pub(super) fn model_identity(bp: &Blueprint) -> String {
    crate::aws::identity::source_of(bp, Side::ModelOwner)
}

pub(super) fn vpc_action(bp: &Blueprint) -> String {
    match &bp.network.vpc {
        VpcSource::Create { cidr } => {
            format!("create the VPC {cidr}, DNS support and hostnames on")
        }
        VpcSource::Existing { .. } => "adopt the VPC, DNS support and hostnames on".into(),
    }
}

pub(super) fn vpc_resource(bp: &Blueprint) -> String {
    match &bp.network.vpc {
        VpcSource::Create { cidr } => cidr.clone(),
        VpcSource::Existing { vpc_id } => vpc_id.clone(),
    }
}

pub(super) fn subnets_resource(bp: &Blueprint) -> String {
    let each: Vec<String> = bp
        .network
        .subnets
        .iter()
        .map(|s| match &s.source {
            SubnetSource::Create { cidr } => format!("{cidr} in {}", s.az_id),
            SubnetSource::Existing { subnet_id } => format!("{subnet_id} in {}", s.az_id),
        })
        .collect();
    each.join(", ")
}

pub(super) fn s3_endpoint_resource(bp: &Blueprint) -> String {
    bp.network.s3_endpoint_id.clone().map_or_else(
        || format!("new (bucket policy uses {S3_ENDPOINT_PLACEHOLDER} until then)"),
        |id| format!("adopt {id}"),
    )
}

pub(super) fn cluster_action(bp: &Blueprint) -> String {
    let access = if bp.cluster.endpoint_public_access {
        "PUBLIC endpoint (D7)"
    } else {
        "private endpoint only"
    };
    format!(
        "EKS cluster {} in the shared subnets, {access}; wait until ACTIVE",
        bp.cluster.kubernetes_version
    )
}

pub(super) fn is_interface_endpoint(key: &str) -> bool {
    key.starts_with("endpoint.") && key != "endpoint.s3" && key != "endpoint.security_group"
}

pub(super) fn pod_identity_action(bp: &Blueprint) -> String {
    match bp.cluster.pod_credentials {
        PodCredentials::PodIdentity => {
            "EKS add-on for Pod Identity (EKS API); wait until ACTIVE".into()
        }
        PodCredentials::Irsa => "not needed: pod_credentials = \"irsa\"".into(),
    }
}
