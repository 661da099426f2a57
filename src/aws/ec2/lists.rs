//! Whole listings for the wizard's pickers and `verify`: every VPC of the account (with its DNS
//! settings), and one VPC's subnets, route tables and endpoints. Paginated; read-only.

use aws_sdk_ec2::Client;
use futures::StreamExt;

use super::{
    Endpoint, RouteTable, Tags, endpoints_in_vpc, filter, name_tag, route_tables_in_vpc,
    tag_filters, vpc_dns, vpcs_tagged,
};
use crate::aws::AwsError;

/// How many VPCs have their DNS attributes read at once (two calls each).
const DNS_READS_AT_ONCE: usize = 4;

/// A VPC with its Name tag and DNS settings, as the pickers list it and `verify` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcSummary {
    pub id: String,
    /// The `Name` tag.
    pub name: Option<String>,
    pub cidr: String,
    /// `None` when DescribeVpcAttribute was refused (or did not answer).
    pub dns_support: Option<bool>,
    pub dns_hostnames: Option<bool>,
}

/// A subnet as the pickers and `verify` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetSummary {
    pub id: String,
    pub vpc_id: String,
    pub name: Option<String>,
    /// The AZ name, e.g. `us-east-1a` (differs between accounts for the same AZ ID).
    pub az: String,
    /// The AZ ID, e.g. `use1-az1`.
    pub az_id: String,
    pub cidr: String,
    /// Free IPv4 addresses.
    pub available_ips: Option<u32>,
}

/// One VPC's network as the subnet picker needs it. Route tables and endpoints (those not gone)
/// are read beside the subnets; either may fail alone (their error is kept, the subnets still
/// shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcNetwork {
    pub vpc_id: String,
    pub subnets: Vec<SubnetSummary>,
    pub route_tables: Result<Vec<RouteTable>, AwsError>,
    pub endpoints: Result<Vec<Endpoint>, AwsError>,
}

/// Every VPC of the client's account and region, with its Name tag and both DNS attributes.
///
/// DNS settings are read for every VPC (the picker shows them in each row), a few VPCs at a
/// time; a refused attribute read leaves that setting unknown rather than failing the list.
pub async fn list_vpcs(ec2: &Client) -> Result<Vec<VpcSummary>, AwsError> {
    let vpcs = vpcs_tagged(ec2, &[]).await?;
    let mut out: Vec<VpcSummary> = futures::stream::iter(vpcs)
        .map(|v| async move {
            let dns = vpc_dns(ec2, &v.id).await.ok();
            VpcSummary {
                name: v.name,
                cidr: v.cidr,
                dns_support: dns.map(|d| d.0),
                dns_hostnames: dns.map(|d| d.1),
                id: v.id,
            }
        })
        .buffered(DNS_READS_AT_ONCE)
        .collect()
        .await;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn subnet_summary(s: &aws_sdk_ec2::types::Subnet) -> SubnetSummary {
    SubnetSummary {
        id: s.subnet_id().unwrap_or_default().to_string(),
        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
        name: name_tag(s.tags()),
        az: s.availability_zone().unwrap_or_default().to_string(),
        az_id: s.availability_zone_id().unwrap_or_default().to_string(),
        cidr: s.cidr_block().unwrap_or_default().to_string(),
        available_ips: s
            .available_ip_address_count()
            .and_then(|n| u32::try_from(n).ok()),
    }
}

/// Which subnets [`list_subnets`] reads.
#[derive(Debug, Clone, Copy)]
pub enum SubnetQuery<'a> {
    /// Every subnet of a VPC.
    Vpc(&'a str),
    /// These subnets; an unknown ID is an error (`InvalidSubnetID.NotFound`).
    Ids(&'a [String]),
    /// The subnets of a VPC carrying all of `tags`.
    Tagged { vpc_id: &'a str, tags: Tags<'a> },
}

/// The subnets a query names, to the last page, by ID. Without MaxResults the paginator sends
/// no page size, so IDs may be given (EC2 refuses MaxResults together with IDs).
pub async fn list_subnets(
    ec2: &Client,
    query: SubnetQuery<'_>,
) -> Result<Vec<SubnetSummary>, AwsError> {
    let req = ec2.describe_subnets();
    let req = match query {
        SubnetQuery::Vpc(vpc_id) => req.filters(filter("vpc-id", vpc_id)),
        SubnetQuery::Ids(ids) => req.set_subnet_ids(Some(ids.to_vec())),
        SubnetQuery::Tagged { vpc_id, tags } => req.set_filters(Some(
            std::iter::once(filter("vpc-id", vpc_id))
                .chain(tag_filters(tags))
                .collect(),
        )),
    };
    let subnets: Vec<aws_sdk_ec2::types::Subnet> = req
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSubnets", e))?;
    let mut out: Vec<SubnetSummary> = subnets.iter().map(subnet_summary).collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// A VPC's subnets, route tables and endpoints, read concurrently. `Err` only when the
/// subnets could not be listed.
pub async fn vpc_network(ec2: &Client, vpc_id: &str) -> Result<VpcNetwork, AwsError> {
    let (subnets, route_tables, endpoints) = tokio::join!(
        list_subnets(ec2, SubnetQuery::Vpc(vpc_id)),
        route_tables_in_vpc(ec2, vpc_id),
        endpoints_in_vpc(ec2, vpc_id)
    );
    Ok(VpcNetwork {
        vpc_id: vpc_id.to_string(),
        subnets: subnets?,
        route_tables,
        endpoints: endpoints.map(|eps| eps.into_iter().filter(|e| !e.is_gone()).collect()),
    })
}
