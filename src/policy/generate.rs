//! Generators: the policies a blueprint implies.

use std::collections::BTreeMap;

use super::model::PolicyDocument;
use crate::blueprint::Blueprint;

/// Stands in for the S3 gateway endpoint ID until apply creates (or the blueprint names) it.
pub const S3_ENDPOINT_PLACEHOLDER: &str = "vpce-s3-gateway-placeholder";

/// Every policy the blueprint implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedPolicies {
    /// The endpoint ID the bucket policy names, and whether it is the placeholder.
    pub s3_endpoint_id: String,
    pub placeholder: bool,
    pub bucket: PolicyDocument,
    pub s3_endpoint: PolicyDocument,
    /// `ecr.api`, `ecr.dkr`, `logs` (only those the blueprint enables).
    pub interface_endpoints: BTreeMap<String, PolicyDocument>,
    pub scp: PolicyDocument,
}

/// Generate every policy. `s3_endpoint_id` overrides the blueprint's `network.s3_endpoint_id`.
pub fn generate(bp: &Blueprint, s3_endpoint_id: Option<&str>) -> GeneratedPolicies {
    let _ = (bp, s3_endpoint_id);
    todo!("generators")
}
