//! Read-only calls on the data owner's network and bucket.

use aws_sdk_ec2::types::{
    Filter, IpPermission, VpcAttributeName, VpcEndpointType as SdkEndpointType,
};

use super::state::{
    Bucket, Endpoint, EndpointType, IngressRule, PublicAccessBlock, Route, RouteTable, RouteTarget,
    SecurityGroup, Subnet, Vpc, short_service_name,
};
use crate::aws::AwsError;

pub(crate) type Read<T> = Result<T, AwsError>;

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// The VPC by ID, or the one tagged `eks-isolation:blueprint=<name>`.
pub(crate) async fn vpc(
    ec2: &aws_sdk_ec2::Client,
    id: Option<&str>,
    blueprint: &str,
) -> Read<Option<Vpc>> {
    let mut req = ec2.describe_vpcs();
    req = match id {
        Some(id) => req.vpc_ids(id),
        None => req.filters(filter(
            &format!("tag:{}", crate::blueprint::names::TAG_KEY),
            blueprint,
        )),
    };
    let out = req
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcs", e))?;
    let Some(v) = out.vpcs().first() else {
        return Ok(None);
    };
    Ok(Some(Vpc {
        id: v.vpc_id().unwrap_or_default().to_string(),
        cidr: v.cidr_block().unwrap_or_default().to_string(),
        dns_support: None,
        dns_hostnames: None,
    }))
}

/// One DNS attribute of a VPC (`None` when AWS does not say).
pub(crate) async fn vpc_attribute(
    ec2: &aws_sdk_ec2::Client,
    vpc: &str,
    attribute: VpcAttributeName,
) -> Read<Option<bool>> {
    let out = ec2
        .describe_vpc_attribute()
        .vpc_id(vpc)
        .attribute(attribute.clone())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcAttribute", e))?;
    Ok(match attribute {
        VpcAttributeName::EnableDnsHostnames => out.enable_dns_hostnames().and_then(|a| a.value()),
        _ => out.enable_dns_support().and_then(|a| a.value()),
    })
}

/// The shared subnets: by ID, or those of the VPC tagged with the blueprint's name.
pub(crate) async fn subnets(
    ec2: &aws_sdk_ec2::Client,
    ids: &[String],
    vpc: &str,
    blueprint: &str,
) -> Read<Vec<Subnet>> {
    let mut req = ec2.describe_subnets();
    req = if ids.is_empty() {
        req.filters(filter("vpc-id", vpc)).filters(filter(
            &format!("tag:{}", crate::blueprint::names::TAG_KEY),
            blueprint,
        ))
    } else {
        req.set_subnet_ids(Some(ids.to_vec()))
    };
    let out = req
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSubnets", e))?;
    Ok(out
        .subnets()
        .iter()
        .map(|s| Subnet {
            id: s.subnet_id().unwrap_or_default().to_string(),
            arn: s.subnet_arn().unwrap_or_default().to_string(),
            cidr: s.cidr_block().unwrap_or_default().to_string(),
            az_id: s.availability_zone_id().unwrap_or_default().to_string(),
            available_ips: s
                .available_ip_address_count()
                .and_then(|n| u32::try_from(n).ok()),
        })
        .collect())
}

fn route_target(r: &aws_sdk_ec2::types::Route) -> RouteTarget {
    let some = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(g) = some(r.gateway_id()) {
        return match g.as_str() {
            "local" => RouteTarget::Local,
            _ if g.starts_with("vpce-") => RouteTarget::GatewayEndpoint(g),
            _ if g.starts_with("igw-") => RouteTarget::InternetGateway(g),
            _ if g.starts_with("vgw-") => RouteTarget::VirtualPrivateGateway(g),
            _ => RouteTarget::Other(format!("gateway {g}")),
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
        RouteTarget::Other(format!("gateway {id}"))
    } else if let Some(arn) = some(r.core_network_arn()) {
        RouteTarget::Other(format!("core network {arn}"))
    } else {
        RouteTarget::Other("an unknown target".into())
    }
}

pub(crate) async fn route_tables(ec2: &aws_sdk_ec2::Client, vpc: &str) -> Read<Vec<RouteTable>> {
    let out = ec2
        .describe_route_tables()
        .filters(filter("vpc-id", vpc))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeRouteTables", e))?;
    Ok(out
        .route_tables()
        .iter()
        .map(|t| RouteTable {
            id: t.route_table_id().unwrap_or_default().to_string(),
            main: t.associations().iter().any(|a| a.main() == Some(true)),
            subnet_ids: t
                .associations()
                .iter()
                .filter_map(|a| a.subnet_id().map(str::to_string))
                .collect(),
            routes: t
                .routes()
                .iter()
                .map(|r| Route {
                    destination: r
                        .destination_cidr_block()
                        .or(r.destination_ipv6_cidr_block())
                        .or(r.destination_prefix_list_id())
                        .unwrap_or_default()
                        .to_string(),
                    target: route_target(r),
                })
                .collect(),
        })
        .collect())
}

pub(crate) async fn endpoints(
    ec2: &aws_sdk_ec2::Client,
    vpc: &str,
    region: &str,
) -> Read<Vec<Endpoint>> {
    let out = ec2
        .describe_vpc_endpoints()
        .filters(filter("vpc-id", vpc))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeVpcEndpoints", e))?;
    Ok(out
        .vpc_endpoints()
        .iter()
        .map(|e| {
            let service_name = e.service_name().unwrap_or_default().to_string();
            let kind = match e.vpc_endpoint_type() {
                Some(SdkEndpointType::Interface) => EndpointType::Interface,
                Some(SdkEndpointType::Gateway) => EndpointType::Gateway,
                _ => EndpointType::Other,
            };
            Endpoint {
                id: e.vpc_endpoint_id().unwrap_or_default().to_string(),
                service: short_service_name(&service_name, region),
                service_name,
                kind,
                policy: e
                    .policy_document()
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
                private_dns: e.private_dns_enabled(),
                security_groups: e
                    .groups()
                    .iter()
                    .filter_map(|g| g.group_id().map(str::to_string))
                    .collect(),
                state: e
                    .state()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

fn ingress(p: &IpPermission) -> IngressRule {
    let mut cidrs: Vec<String> = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip().map(str::to_string))
        .collect();
    cidrs.extend(
        p.ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_string)),
    );
    IngressRule {
        protocol: p.ip_protocol().unwrap_or("-1").to_string(),
        from_port: p.from_port(),
        to_port: p.to_port(),
        cidrs,
    }
}

/// Security groups by ID (with either party's client).
pub(crate) async fn security_groups(
    ec2: &aws_sdk_ec2::Client,
    ids: Vec<String>,
) -> Read<Vec<SecurityGroup>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let out = ec2
        .describe_security_groups()
        .set_group_ids(Some(ids))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSecurityGroups", e))?;
    Ok(out
        .security_groups()
        .iter()
        .map(|g| SecurityGroup {
            id: g.group_id().unwrap_or_default().to_string(),
            ingress: g.ip_permissions().iter().map(ingress).collect(),
        })
        .collect())
}

pub(crate) async fn bucket(s3: &aws_sdk_s3::Client, name: &str) -> Read<Bucket> {
    match s3.get_bucket_policy().bucket(name).send().await {
        Ok(out) => Ok(Bucket {
            name: name.to_string(),
            policy: out.policy().map(str::to_string),
        }),
        Err(e) => {
            let err = AwsError::from_sdk("s3:GetBucketPolicy", e);
            if err.code.as_deref() == Some("NoSuchBucketPolicy") {
                Ok(Bucket {
                    name: name.to_string(),
                    policy: None,
                })
            } else {
                Err(err)
            }
        }
    }
}

pub(crate) async fn public_access_block(
    s3: &aws_sdk_s3::Client,
    name: &str,
) -> Read<PublicAccessBlock> {
    match s3.get_public_access_block().bucket(name).send().await {
        Ok(out) => Ok(out
            .public_access_block_configuration()
            .map(|c| PublicAccessBlock {
                block_public_acls: c.block_public_acls(),
                ignore_public_acls: c.ignore_public_acls(),
                block_public_policy: c.block_public_policy(),
                restrict_public_buckets: c.restrict_public_buckets(),
            })
            .unwrap_or_default()),
        Err(e) => {
            let err = AwsError::from_sdk("s3:GetPublicAccessBlock", e);
            if err.code.as_deref() == Some("NoSuchPublicAccessBlockConfiguration") {
                Ok(PublicAccessBlock::default())
            } else {
                Err(err)
            }
        }
    }
}
