//! VPC endpoints, the endpoint services they connect to, and security groups.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, ResourceType, ServiceDetail, ServiceType, VpcEndpointType};

use super::{Tags, none_if_missing, tag_filters, tag_spec};
use crate::aws::AwsError;

/// Gateway or interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    Gateway,
    Interface,
}

impl EndpointKind {
    fn sdk(self) -> VpcEndpointType {
        match self {
            Self::Gateway => VpcEndpointType::Gateway,
            Self::Interface => VpcEndpointType::Interface,
        }
    }

    fn service_type(self) -> ServiceType {
        match self {
            Self::Gateway => ServiceType::Gateway,
            Self::Interface => ServiceType::Interface,
        }
    }
}

/// Every AWS endpoint service of the client's region with the kinds it offers, to the last page
/// (DescribeVpcEndpointServices is slow: a run asks once and shares the answer).
///
/// The SDK has no paginator for this operation, so the pages are followed here, as its
/// paginators do: until the token is absent or empty, or repeats the one just sent.
pub async fn all_endpoint_services(ec2: &Client) -> Result<Vec<EndpointService>, AwsError> {
    describe_services(ec2, None).await
}

/// The endpoint services named (full names), to the last page.
pub async fn endpoint_services_named(
    ec2: &Client,
    names: &[String],
) -> Result<Vec<EndpointService>, AwsError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    describe_services(ec2, Some(names.to_vec())).await
}

async fn describe_services(
    ec2: &Client,
    names: Option<Vec<String>>,
) -> Result<Vec<EndpointService>, AwsError> {
    let mut services = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ec2
            .describe_vpc_endpoint_services()
            .set_service_names(names.clone())
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcEndpointServices", e))?;
        services.extend(out.service_details().iter().filter_map(service_of));
        match out.next_token() {
            Some(next) if !next.is_empty() && token.as_deref() != Some(next) => {
                token = Some(next.to_string());
            }
            _ => return Ok(services),
        }
    }
}

/// An AWS endpoint service of the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointService {
    /// The full name, e.g. `com.amazonaws.us-east-1.ecr.api`.
    pub name: String,
    /// The endpoint kinds it offers.
    pub kinds: Vec<EndpointKind>,
    /// The names its private DNS answers for inside the VPC (e.g. `ec2.us-east-1.amazonaws.com`,
    /// `*.dkr.ecr.us-east-1.amazonaws.com`): ServiceDetail's PrivateDnsName and PrivateDnsNames.
    pub private_dns: Vec<String>,
}

/// An AWS service's name, kinds and private DNS names; `None` for another owner's service.
fn service_of(detail: &ServiceDetail) -> Option<EndpointService> {
    if detail.owner().is_some_and(|o| o != "amazon") {
        return None;
    }
    let kinds = [EndpointKind::Gateway, EndpointKind::Interface]
        .into_iter()
        .filter(|k| {
            detail
                .service_type()
                .iter()
                .any(|t| t.service_type() == Some(&k.service_type()))
        })
        .collect();
    let mut private_dns: Vec<String> = detail
        .private_dns_name()
        .into_iter()
        .chain(
            detail
                .private_dns_names()
                .iter()
                .filter_map(|d| d.private_dns_name()),
        )
        .map(str::to_string)
        .collect();
    private_dns.sort();
    private_dns.dedup();
    Some(EndpointService {
        name: detail.service_name()?.to_string(),
        kinds,
        private_dns,
    })
}

/// The full name of `service` (e.g. `ecr.api`) among `names`: the one ending `.<region>.<service>`.
pub fn service_name<'a>(names: &'a [String], region: &str, service: &str) -> Option<&'a str> {
    let suffix = format!(".{region}.{service}");
    names
        .iter()
        .map(String::as_str)
        .find(|n| n.ends_with(&suffix))
}

/// A VPC endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoint {
    pub id: String,
    pub vpc_id: String,
    /// The full service name, e.g. `com.amazonaws.us-east-1.ecr.api`.
    pub service_name: String,
    /// The short name, e.g. `ecr.api`, `s3` (see [`short_service_name`]).
    pub service: String,
    /// `None` for a kind other than gateway or interface (e.g. a load balancer endpoint).
    pub kind: Option<EndpointKind>,
    /// `available`, `pending`, `deleting`, `deleted`, …
    pub state: String,
    /// The policy text; `None` when AWS reports none (the default: full access).
    pub policy: Option<String>,
    /// `None` when AWS does not say (it says for interface endpoints).
    pub private_dns: Option<bool>,
    pub route_table_ids: Vec<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

impl Endpoint {
    /// Gone or on its way out.
    pub fn is_gone(&self) -> bool {
        matches!(
            self.state.to_ascii_lowercase().as_str(),
            "deleting" | "deleted" | "rejected" | "failed" | "expired"
        )
    }
}

/// `com.amazonaws.us-east-1.ecr.api` → `ecr.api` (also `cn.com.amazonaws.<region>.<svc>`); the
/// last part of the name when the region is not in it.
pub fn short_service_name(service_name: &str, region: &str) -> String {
    let marker = format!(".{region}.");
    match service_name.find(&marker) {
        Some(i) if !region.is_empty() => service_name[i + marker.len()..].to_string(),
        _ => service_name
            .rsplit('.')
            .next()
            .unwrap_or(service_name)
            .to_string(),
    }
}

/// The region a client talks to (endpoint service names carry it).
fn region_of(ec2: &Client) -> &str {
    ec2.config().region().map_or("", |r| r.as_ref())
}

fn endpoint_of(e: &aws_sdk_ec2::types::VpcEndpoint, region: &str) -> Endpoint {
    let service_name = e.service_name().unwrap_or_default().to_string();
    Endpoint {
        id: e.vpc_endpoint_id().unwrap_or_default().to_string(),
        vpc_id: e.vpc_id().unwrap_or_default().to_string(),
        service: short_service_name(&service_name, region),
        service_name,
        kind: match e.vpc_endpoint_type() {
            Some(VpcEndpointType::Gateway) => Some(EndpointKind::Gateway),
            Some(VpcEndpointType::Interface) => Some(EndpointKind::Interface),
            _ => None,
        },
        state: e
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        policy: e
            .policy_document()
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        private_dns: e.private_dns_enabled(),
        route_table_ids: e.route_table_ids().to_vec(),
        subnet_ids: e.subnet_ids().to_vec(),
        security_group_ids: e
            .groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
    }
}

/// The endpoint of an ID, if it exists and is not gone.
pub async fn endpoint(ec2: &Client, id: &str) -> Result<Option<Endpoint>, AwsError> {
    let out = ec2
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(id)
        .send()
        .await;
    let out = none_if_missing(out.map_err(|e| AwsError::from_sdk("ec2:DescribeVpcEndpoints", e)))?;
    Ok(out
        .and_then(|o| {
            o.vpc_endpoints()
                .first()
                .map(|e| endpoint_of(e, region_of(ec2)))
        })
        .filter(|e| !e.is_gone()))
}

/// Every endpoint carrying all of `tags` that is not gone, to the last page.
pub async fn endpoints_tagged(ec2: &Client, tags: Tags<'_>) -> Result<Vec<Endpoint>, AwsError> {
    let mut found = endpoints_filtered(ec2, tag_filters(tags)).await?;
    found.retain(|e| !e.is_gone());
    Ok(found)
}

/// Every endpoint of a VPC, gone ones included (their state says so), by service name and ID.
pub async fn endpoints_in_vpc(ec2: &Client, vpc_id: &str) -> Result<Vec<Endpoint>, AwsError> {
    let mut out = endpoints_filtered(ec2, vec![super::filter("vpc-id", vpc_id)]).await?;
    out.sort_by(|a, b| (&a.service_name, &a.id).cmp(&(&b.service_name, &b.id)));
    Ok(out)
}

/// DescribeVpcEndpoints with these filters, every page.
async fn endpoints_filtered(ec2: &Client, filters: Vec<Filter>) -> Result<Vec<Endpoint>, AwsError> {
    let eps: Vec<aws_sdk_ec2::types::VpcEndpoint> = ec2
        .describe_vpc_endpoints()
        .set_filters(Some(filters))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcEndpoints", e))?;
    let region = region_of(ec2);
    Ok(eps.iter().map(|e| endpoint_of(e, region)).collect())
}

/// What a new endpoint is made of.
#[derive(Debug, Clone, Default)]
pub struct NewEndpoint<'a> {
    pub vpc_id: &'a str,
    pub service_name: &'a str,
    pub policy: Option<String>,
    /// Gateway endpoints.
    pub route_table_ids: Vec<String>,
    /// Interface endpoints.
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

pub async fn create_endpoint(
    ec2: &Client,
    kind: EndpointKind,
    new: NewEndpoint<'_>,
    tags: Tags<'_>,
) -> Result<Endpoint, AwsError> {
    let mut call = ec2
        .create_vpc_endpoint()
        .vpc_endpoint_type(kind.sdk())
        .vpc_id(new.vpc_id)
        .service_name(new.service_name)
        .set_policy_document(new.policy)
        .tag_specifications(tag_spec(ResourceType::VpcEndpoint, tags));
    call = match kind {
        EndpointKind::Gateway => call.set_route_table_ids(Some(new.route_table_ids)),
        EndpointKind::Interface => call
            .set_subnet_ids(Some(new.subnet_ids))
            .set_security_group_ids(Some(new.security_group_ids))
            .private_dns_enabled(true),
    };
    let out = call
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:CreateVpcEndpoint", e))?;
    out.vpc_endpoint()
        .map(|e| endpoint_of(e, region_of(ec2)))
        .ok_or_else(|| AwsError::answer("ec2:CreateVpcEndpoint", "no endpoint in the answer"))
}

/// A correction to an endpoint: only the `Some`/non-empty parts are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointFix {
    pub policy: Option<String>,
    pub add_route_table_ids: Vec<String>,
    pub add_subnet_ids: Vec<String>,
    pub add_security_group_ids: Vec<String>,
    pub private_dns: bool,
}

impl EndpointFix {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

pub async fn modify_endpoint(ec2: &Client, id: &str, fix: EndpointFix) -> Result<(), AwsError> {
    let nonempty = |v: Vec<String>| (!v.is_empty()).then_some(v);
    ec2.modify_vpc_endpoint()
        .vpc_endpoint_id(id)
        .set_policy_document(fix.policy)
        .set_add_route_table_ids(nonempty(fix.add_route_table_ids))
        .set_add_subnet_ids(nonempty(fix.add_subnet_ids))
        .set_add_security_group_ids(nonempty(fix.add_security_group_ids))
        .set_private_dns_enabled(fix.private_dns.then_some(true))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:ModifyVpcEndpoint", e))?;
    Ok(())
}

/// Ask for deletion; an endpoint already gone is not an error.
pub async fn delete_endpoint(ec2: &Client, id: &str) -> Result<(), AwsError> {
    let out = ec2
        .delete_vpc_endpoints()
        .vpc_endpoint_ids(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteVpcEndpoints", e))?;
    match out.unsuccessful().first().and_then(|u| u.error()) {
        Some(err) => Err(AwsError {
            call: "ec2:DeleteVpcEndpoints",
            code: err.code().map(str::to_string),
            message: err.message().unwrap_or_default().to_string(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn service_names_match_region_and_whole_service() {
        let list = names(&[
            "com.amazonaws.s3-global.accesspoint",
            "com.amazonaws.us-east-1.ecr.dkr",
            "com.amazonaws.us-east-1.ecr.api",
            "com.amazonaws.us-east-1.s3",
            "com.amazonaws.us-east-1.eks-auth",
            "com.amazonaws.us-east-1.eks",
        ]);
        let find = |s| service_name(&list, "us-east-1", s);
        assert_eq!(find("ecr.api"), Some("com.amazonaws.us-east-1.ecr.api"));
        assert_eq!(find("s3"), Some("com.amazonaws.us-east-1.s3"));
        assert_eq!(find("eks"), Some("com.amazonaws.us-east-1.eks"));
        assert_eq!(find("api"), None, "a part of a name is not a service");
        assert_eq!(service_name(&list, "us-west-2", "s3"), None);
    }

    #[test]
    fn china_names_are_taken_as_aws_gives_them() {
        let list = names(&[
            "cn.com.amazonaws.cn-north-1.ecr.api",
            "com.amazonaws.cn-north-1.s3",
        ]);
        assert_eq!(
            service_name(&list, "cn-north-1", "ecr.api"),
            Some("cn.com.amazonaws.cn-north-1.ecr.api")
        );
        assert_eq!(
            service_name(&list, "cn-north-1", "s3"),
            Some("com.amazonaws.cn-north-1.s3")
        );
    }

    #[test]
    fn deleted_endpoints_count_as_gone() {
        let e = |state: &str| Endpoint {
            id: "vpce-1".into(),
            vpc_id: "vpc-1".into(),
            service_name: "s".into(),
            service: "s".into(),
            kind: None,
            state: state.into(),
            policy: None,
            private_dns: None,
            route_table_ids: vec![],
            subnet_ids: vec![],
            security_group_ids: vec![],
        };
        assert!(e("deleted").is_gone() && e("Deleting").is_gone());
        assert!(!e("available").is_gone() && !e("pending").is_gone());
    }

    #[test]
    fn short_service_names_strip_the_prefix_and_region() {
        assert_eq!(
            short_service_name("com.amazonaws.us-east-1.ecr.api", "us-east-1"),
            "ecr.api"
        );
        assert_eq!(
            short_service_name("cn.com.amazonaws.cn-north-1.ecr.dkr", "cn-north-1"),
            "ecr.dkr"
        );
        assert_eq!(short_service_name("com.amazonaws.us-east-1.s3", ""), "s3");
    }
}
