//! Route tables: their routes and subnet associations.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, ResourceType};

use super::{Tags, none_if_missing, tag_filters, tag_spec};
use crate::aws::AwsError;

/// One route. Exactly one of the destinations is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub cidr: Option<String>,
    pub ipv6_cidr: Option<String>,
    pub prefix_list: Option<String>,
    pub target: RouteTarget,
}

impl Route {
    /// The VPC's own route.
    pub fn is_local(&self) -> bool {
        self.target == RouteTarget::Local
    }

    /// A route a gateway VPC endpoint manages (removed only through the endpoint).
    pub fn is_endpoint(&self) -> bool {
        matches!(self.target, RouteTarget::GatewayEndpoint(_))
    }

    pub fn destination(&self) -> &str {
        self.cidr
            .as_deref()
            .or(self.ipv6_cidr.as_deref())
            .or(self.prefix_list.as_deref())
            .unwrap_or_default()
    }
}

/// Where a route leads, by the field AWS names its target in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    Local,
    /// A gateway endpoint (`vpce-...`): S3 or DynamoDB.
    GatewayEndpoint(String),
    InternetGateway(String),
    EgressOnlyGateway(String),
    NatGateway(String),
    TransitGateway(String),
    Peering(String),
    VirtualPrivateGateway(String),
    NetworkInterface(String),
    Instance(String),
    /// Anything else (carrier or local gateway, core network, ...): what AWS calls it and its
    /// ID or ARN (both empty when the route names no target at all).
    Other {
        kind: &'static str,
        id: String,
    },
}

impl RouteTarget {
    /// The target's ID as AWS gives it (`local`, `igw-...`, `vpce-...`).
    pub fn id(&self) -> &str {
        match self {
            Self::Local => "local",
            Self::GatewayEndpoint(id)
            | Self::InternetGateway(id)
            | Self::EgressOnlyGateway(id)
            | Self::NatGateway(id)
            | Self::TransitGateway(id)
            | Self::Peering(id)
            | Self::VirtualPrivateGateway(id)
            | Self::NetworkInterface(id)
            | Self::Instance(id)
            | Self::Other { id, .. } => id,
        }
    }
}

/// In words: `internet gateway igw-1`, `local`.
impl std::fmt::Display for RouteTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Self::Local => return f.write_str("local"),
            Self::Other { id, .. } if id.is_empty() => return f.write_str("an unknown target"),
            Self::Other { kind, .. } => kind,
            Self::GatewayEndpoint(_) => "gateway endpoint",
            Self::InternetGateway(_) => "internet gateway",
            Self::EgressOnlyGateway(_) => "egress-only gateway",
            Self::NatGateway(_) => "NAT gateway",
            Self::TransitGateway(_) => "transit gateway",
            Self::Peering(_) => "peering connection",
            Self::VirtualPrivateGateway(_) => "virtual private gateway",
            Self::NetworkInterface(_) => "network interface",
            Self::Instance(_) => "instance",
        };
        write!(f, "{kind} {}", self.id())
    }
}

/// The target of an SDK route: the first field AWS filled in (an empty string is no value).
fn target_of(r: &aws_sdk_ec2::types::Route) -> RouteTarget {
    let some = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_string);
    let other = |kind, id| RouteTarget::Other { kind, id };
    if let Some(g) = some(r.gateway_id()) {
        return match g.as_str() {
            "local" => RouteTarget::Local,
            _ if g.starts_with("vpce-") => RouteTarget::GatewayEndpoint(g),
            _ if g.starts_with("igw-") => RouteTarget::InternetGateway(g),
            _ if g.starts_with("vgw-") => RouteTarget::VirtualPrivateGateway(g),
            _ => other("gateway", g),
        };
    }
    if let Some(id) = some(r.egress_only_internet_gateway_id()) {
        RouteTarget::EgressOnlyGateway(id)
    } else if let Some(id) = some(r.nat_gateway_id()) {
        RouteTarget::NatGateway(id)
    } else if let Some(id) = some(r.transit_gateway_id()) {
        RouteTarget::TransitGateway(id)
    } else if let Some(id) = some(r.vpc_peering_connection_id()) {
        RouteTarget::Peering(id)
    } else if let Some(id) = some(r.instance_id()) {
        RouteTarget::Instance(id)
    } else if let Some(id) = some(r.network_interface_id()) {
        RouteTarget::NetworkInterface(id)
    } else if let Some(id) = some(r.local_gateway_id()).or(some(r.carrier_gateway_id())) {
        other("gateway", id)
    } else if let Some(arn) = some(r.core_network_arn()) {
        other("core network", arn)
    } else {
        other("", String::new())
    }
}

/// An explicit association of a subnet (or the main association) with a route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association {
    pub id: String,
    pub route_table_id: String,
    pub subnet_id: Option<String>,
    pub main: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    pub routes: Vec<Route>,
    pub associations: Vec<Association>,
}

fn table_of(t: &aws_sdk_ec2::types::RouteTable) -> RouteTable {
    let id = t.route_table_id().unwrap_or_default().to_string();
    let routes = t
        .routes()
        .iter()
        .map(|r| Route {
            cidr: r.destination_cidr_block().map(str::to_string),
            ipv6_cidr: r.destination_ipv6_cidr_block().map(str::to_string),
            prefix_list: r.destination_prefix_list_id().map(str::to_string),
            target: target_of(r),
        })
        .collect();
    let associations = t
        .associations()
        .iter()
        .map(|a| Association {
            id: a
                .route_table_association_id()
                .unwrap_or_default()
                .to_string(),
            route_table_id: id.clone(),
            subnet_id: a.subnet_id().map(str::to_string),
            main: a.main().unwrap_or(false),
        })
        .collect();
    RouteTable {
        vpc_id: t.vpc_id().unwrap_or_default().to_string(),
        id,
        routes,
        associations,
    }
}

pub async fn route_table(ec2: &Client, id: &str) -> Result<Option<RouteTable>, AwsError> {
    let out = ec2.describe_route_tables().route_table_ids(id).send().await;
    let out = none_if_missing(out.map_err(|e| AwsError::from_sdk("ec2:DescribeRouteTables", e)))?;
    Ok(out.and_then(|o| o.route_tables().first().map(table_of)))
}

/// Every route table carrying all of `tags`, to the last page.
pub async fn route_tables_tagged(
    ec2: &Client,
    tags: Tags<'_>,
) -> Result<Vec<RouteTable>, AwsError> {
    route_tables_filtered(ec2, tag_filters(tags)).await
}

/// Every route table of a VPC (its main table included), to the last page.
pub async fn route_tables_in_vpc(ec2: &Client, vpc_id: &str) -> Result<Vec<RouteTable>, AwsError> {
    route_tables_filtered(ec2, vec![super::filter("vpc-id", vpc_id)]).await
}

/// DescribeRouteTables with these filters, every page.
async fn route_tables_filtered(
    ec2: &Client,
    filters: Vec<Filter>,
) -> Result<Vec<RouteTable>, AwsError> {
    let tables: Vec<aws_sdk_ec2::types::RouteTable> = ec2
        .describe_route_tables()
        .set_filters(Some(filters))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeRouteTables", e))?;
    Ok(tables.iter().map(table_of).collect())
}

/// The route table a subnet uses: the one it is explicitly associated with, else the VPC's
/// main table.
pub fn table_of_subnet<'a>(tables: &'a [RouteTable], subnet_id: &str) -> Option<&'a RouteTable> {
    tables
        .iter()
        .find(|t| {
            t.associations
                .iter()
                .any(|a| a.subnet_id.as_deref() == Some(subnet_id))
        })
        .or_else(|| {
            tables
                .iter()
                .find(|t| t.associations.iter().any(|a| a.main))
        })
}

/// The explicit association of a subnet, whichever route table it is with. Read to the last
/// page: a page may come back empty with a token to the next one.
pub async fn subnet_association(
    ec2: &Client,
    subnet_id: &str,
) -> Result<Option<Association>, AwsError> {
    let tables =
        route_tables_filtered(ec2, vec![super::filter("association.subnet-id", subnet_id)]).await?;
    Ok(tables
        .into_iter()
        .flat_map(|t| t.associations)
        .find(|a| a.subnet_id.as_deref() == Some(subnet_id)))
}

pub async fn create_route_table(
    ec2: &Client,
    vpc_id: &str,
    tags: Tags<'_>,
) -> Result<RouteTable, AwsError> {
    let out = ec2
        .create_route_table()
        .vpc_id(vpc_id)
        .tag_specifications(tag_spec(ResourceType::RouteTable, tags))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:CreateRouteTable", e))?;
    out.route_table()
        .map(table_of)
        .ok_or_else(|| AwsError::answer("ec2:CreateRouteTable", "no route table in the answer"))
}

pub async fn delete_route(ec2: &Client, table_id: &str, route: &Route) -> Result<(), AwsError> {
    ec2.delete_route()
        .route_table_id(table_id)
        .set_destination_cidr_block(route.cidr.clone())
        .set_destination_ipv6_cidr_block(route.ipv6_cidr.clone())
        .set_destination_prefix_list_id(route.prefix_list.clone())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteRoute", e))?;
    Ok(())
}

pub async fn associate(ec2: &Client, table_id: &str, subnet_id: &str) -> Result<(), AwsError> {
    ec2.associate_route_table()
        .route_table_id(table_id)
        .subnet_id(subnet_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:AssociateRouteTable", e))?;
    Ok(())
}

/// Move an existing subnet association to another route table.
pub async fn reassociate(
    ec2: &Client,
    association_id: &str,
    table_id: &str,
) -> Result<(), AwsError> {
    ec2.replace_route_table_association()
        .association_id(association_id)
        .route_table_id(table_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:ReplaceRouteTableAssociation", e))?;
    Ok(())
}

pub async fn disassociate(ec2: &Client, association_id: &str) -> Result<(), AwsError> {
    ec2.disassociate_route_table()
        .association_id(association_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DisassociateRouteTable", e))?;
    Ok(())
}

pub async fn delete_route_table(ec2: &Client, id: &str) -> Result<(), AwsError> {
    ec2.delete_route_table()
        .route_table_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteRouteTable", e))?;
    Ok(())
}
