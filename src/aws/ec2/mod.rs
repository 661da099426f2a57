//! EC2: VPCs, subnets, route tables, VPC endpoints and security groups. Async functions over an
//! `aws_sdk_ec2::Client`, domain types and [`AwsError`] out. Lookups by ID answer `None` when
//! AWS says the resource does not exist.

mod endpoints;
mod groups;
mod lists;
mod routes;

pub use endpoints::*;
pub use groups::*;
pub use lists::*;
pub use routes::*;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, Filter, ResourceType, Tag, TagSpecification, VpcAttributeName,
};

use super::AwsError;

/// An EC2 client for a party's configuration.
pub fn client(config: &aws_config::SdkConfig) -> Client {
    Client::new(config)
}

/// `(key, value)` tags, e.g. `[("eks-isolation:blueprint", "demo")]`.
pub type Tags<'a> = &'a [(&'a str, &'a str)];

/// Tags to put on a resource at creation.
pub(crate) fn tag_spec(kind: ResourceType, tags: Tags<'_>) -> TagSpecification {
    let mut spec = TagSpecification::builder().resource_type(kind);
    for (k, v) in tags {
        spec = spec.tags(Tag::builder().key(*k).value(*v).build());
    }
    spec.build()
}

/// One `tag:<key> = value` filter per tag.
pub(crate) fn tag_filters(tags: Tags<'_>) -> Vec<Filter> {
    tags.iter()
        .map(|(k, v)| {
            Filter::builder()
                .name(format!("tag:{k}"))
                .values(*v)
                .build()
        })
        .collect()
}

pub(crate) fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// `Ok(None)` for a NotFound answer.
pub(crate) fn none_if_missing<T>(result: Result<T, AwsError>) -> Result<Option<T>, AwsError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The `Name` tag, when it says something.
pub(crate) fn name_tag(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    /// The `Name` tag.
    pub name: Option<String>,
    pub cidr: String,
}

fn vpc_of(v: &aws_sdk_ec2::types::Vpc) -> Vpc {
    Vpc {
        id: v.vpc_id().unwrap_or_default().to_string(),
        name: name_tag(v.tags()),
        cidr: v.cidr_block().unwrap_or_default().to_string(),
    }
}

/// The VPC of an ID, if it exists.
pub async fn vpc(ec2: &Client, id: &str) -> Result<Option<Vpc>, AwsError> {
    let out = ec2.describe_vpcs().vpc_ids(id).send().await;
    let out = none_if_missing(out.map_err(|e| AwsError::from_sdk("ec2:DescribeVpcs", e)))?;
    Ok(out.and_then(|o| o.vpcs().first().map(vpc_of)))
}

/// Every VPC carrying all of `tags` (no tags: every VPC of the account), to the last page.
pub async fn vpcs_tagged(ec2: &Client, tags: Tags<'_>) -> Result<Vec<Vpc>, AwsError> {
    let vpcs: Vec<aws_sdk_ec2::types::Vpc> = ec2
        .describe_vpcs()
        .set_filters(Some(tag_filters(tags)))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcs", e))?;
    Ok(vpcs.iter().map(vpc_of).collect())
}

pub async fn create_vpc(ec2: &Client, cidr: &str, tags: Tags<'_>) -> Result<Vpc, AwsError> {
    let out = ec2
        .create_vpc()
        .cidr_block(cidr)
        .tag_specifications(tag_spec(ResourceType::Vpc, tags))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:CreateVpc", e))?;
    out.vpc()
        .map(vpc_of)
        .ok_or_else(|| AwsError::answer("ec2:CreateVpc", "no VPC in the answer"))
}

/// DNS support (`hostnames == false`) or DNS hostnames of a VPC, one attribute per call;
/// `None` when AWS does not say.
pub async fn vpc_dns_attribute(
    ec2: &Client,
    id: &str,
    hostnames: bool,
) -> Result<Option<bool>, AwsError> {
    let attr = if hostnames {
        VpcAttributeName::EnableDnsHostnames
    } else {
        VpcAttributeName::EnableDnsSupport
    };
    let out = ec2
        .describe_vpc_attribute()
        .vpc_id(id)
        .attribute(attr)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcAttribute", e))?;
    let value = if hostnames {
        out.enable_dns_hostnames()
    } else {
        out.enable_dns_support()
    };
    Ok(value.and_then(AttributeBooleanValue::value))
}

/// Whether DNS support and DNS hostnames are on (off when AWS does not say).
pub async fn vpc_dns(ec2: &Client, id: &str) -> Result<(bool, bool), AwsError> {
    // Both attributes at once.
    let (support, hostnames) = tokio::try_join!(
        vpc_dns_attribute(ec2, id, false),
        vpc_dns_attribute(ec2, id, true)
    )?;
    Ok((support.unwrap_or(false), hostnames.unwrap_or(false)))
}

/// Turn DNS support (`hostnames == false`) or DNS hostnames on. One attribute per call.
pub async fn enable_vpc_dns(ec2: &Client, id: &str, hostnames: bool) -> Result<(), AwsError> {
    let on = AttributeBooleanValue::builder().value(true).build();
    let call = ec2.modify_vpc_attribute().vpc_id(id);
    let call = if hostnames {
        call.enable_dns_hostnames(on)
    } else {
        call.enable_dns_support(on)
    };
    call.send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:ModifyVpcAttribute", e))?;
    Ok(())
}

pub async fn delete_vpc(ec2: &Client, id: &str) -> Result<(), AwsError> {
    ec2.delete_vpc()
        .vpc_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteVpc", e))?;
    Ok(())
}

/// A subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: String,
    pub az_id: String,
}

fn subnet_of(s: &aws_sdk_ec2::types::Subnet) -> Subnet {
    Subnet {
        id: s.subnet_id().unwrap_or_default().to_string(),
        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
        cidr: s.cidr_block().unwrap_or_default().to_string(),
        az_id: s.availability_zone_id().unwrap_or_default().to_string(),
    }
}

/// The subnet of an ID, if it exists.
pub async fn subnet(ec2: &Client, id: &str) -> Result<Option<Subnet>, AwsError> {
    let out = ec2.describe_subnets().subnet_ids(id).send().await;
    let out = none_if_missing(out.map_err(|e| AwsError::from_sdk("ec2:DescribeSubnets", e)))?;
    Ok(out.and_then(|o| o.subnets().first().map(subnet_of)))
}

/// The subnets of these IDs that exist, to the last page (a `subnet-id` filter, so a missing
/// one is simply absent from the answer; `SubnetIds` would fail the whole call on it).
pub async fn subnets_by_id(ec2: &Client, ids: &[String]) -> Result<Vec<Subnet>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let by_id = Filter::builder()
        .name("subnet-id")
        .set_values(Some(ids.to_vec()))
        .build();
    subnets_filtered(ec2, vec![by_id]).await
}

/// Every subnet carrying all of `tags`, to the last page.
pub async fn subnets_tagged(ec2: &Client, tags: Tags<'_>) -> Result<Vec<Subnet>, AwsError> {
    subnets_filtered(ec2, tag_filters(tags)).await
}

/// DescribeSubnets with these filters, every page.
async fn subnets_filtered(ec2: &Client, filters: Vec<Filter>) -> Result<Vec<Subnet>, AwsError> {
    let subnets: Vec<aws_sdk_ec2::types::Subnet> = ec2
        .describe_subnets()
        .set_filters(Some(filters))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSubnets", e))?;
    Ok(subnets.iter().map(subnet_of).collect())
}

/// A subnet in the AZ of ID `az_id` (AZ names differ between accounts; IDs do not).
pub async fn create_subnet(
    ec2: &Client,
    vpc_id: &str,
    cidr: &str,
    az_id: &str,
    tags: Tags<'_>,
) -> Result<Subnet, AwsError> {
    let out = ec2
        .create_subnet()
        .vpc_id(vpc_id)
        .cidr_block(cidr)
        .availability_zone_id(az_id)
        .tag_specifications(tag_spec(ResourceType::Subnet, tags))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:CreateSubnet", e))?;
    out.subnet()
        .map(subnet_of)
        .ok_or_else(|| AwsError::answer("ec2:CreateSubnet", "no subnet in the answer"))
}

pub async fn delete_subnet(ec2: &Client, id: &str) -> Result<(), AwsError> {
    ec2.delete_subnet()
        .subnet_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteSubnet", e))?;
    Ok(())
}
