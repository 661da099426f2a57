//! D13's evidence, read as the VPC owner (the data owner): only the VPC owner can associate
//! firewall rule groups and resolver rules with the VPC, so its view is the whole of them. The
//! names the cluster needs come from the endpoint services of the VPC's interface endpoints.

use std::collections::BTreeMap;

use crate::aws::ec2::{Endpoint, EndpointKind, endpoint_services_named};
use crate::aws::{AwsError, resolver};
use crate::blueprint::Blueprint;
use crate::policy::dns_firewall::needed_names;

use super::super::state::Dns;

/// The VPC's rule groups with their rules and domain lists, its fail-open setting, its
/// resolver rules and the names the cluster needs. A domain list that cannot be listed is kept
/// as the reason (the judge decides whether it matters); any other failed read fails it all.
pub(super) async fn dns(
    c: &aws_sdk_route53resolver::Client,
    ec2: &aws_sdk_ec2::Client,
    bp: &Blueprint,
    vpc_id: &str,
    endpoints: Option<&[Endpoint]>,
) -> Result<Dns, AwsError> {
    let services: Vec<String> = endpoints
        .unwrap_or_default()
        .iter()
        .filter(|e| e.kind == Some(EndpointKind::Interface) && !e.is_gone())
        .map(|e| e.service_name.clone())
        .collect();
    let (associations, fail_open, resolver_rules, services) = tokio::join!(
        resolver::associations(c, vpc_id),
        resolver::fail_open(c, vpc_id),
        resolver::vpc_resolver_rules(c, vpc_id),
        endpoint_services_named(ec2, &services),
    );
    let mut groups = Vec::new();
    let mut domains = BTreeMap::new();
    for association in associations? {
        let rules = resolver::rules(c, &association.group_id).await?;
        for list in rules.iter().filter_map(|r| r.domain_list_id.as_ref()) {
            if !domains.contains_key(list) {
                let read = resolver::domains(c, list).await.map_err(|e| e.to_string());
                domains.insert(list.clone(), read);
            }
        }
        groups.push((association, rules));
    }
    Ok(Dns {
        groups,
        domains,
        fail_open: fail_open?,
        resolver_rules: resolver_rules?,
        needed: needed_names(bp, &services?),
    })
}
