//! The data owner's EC2 over two pages: what a network step discovers through is on page 2.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use aws_sdk_ec2::operation::describe_route_tables::DescribeRouteTablesOutput;
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
use aws_sdk_ec2::operation::describe_vpc_endpoint_services::DescribeVpcEndpointServicesOutput;
use aws_sdk_ec2::operation::describe_vpc_endpoints::DescribeVpcEndpointsOutput;
use aws_sdk_ec2::operation::replace_route_table_association::ReplaceRouteTableAssociationOutput;
use aws_sdk_ec2::types::{
    IpPermission, IpRange, Route, RouteTable, RouteTableAssociation, SecurityGroup,
    SecurityGroupIdentifier, ServiceDetail, ServiceType, ServiceTypeDetail, State, Subnet,
    VpcEndpoint, VpcEndpointType,
};
use aws_smithy_mocks::{Rule, mock};
use eks_isolation::blueprint::names::{ENDPOINT_TAG_KEY, SUBNET_TAG_KEY, TAG_KEY};
use eks_isolation::policy::generate::generate;

use super::mocks::{
    AZ_IDS, CIDRS, GROUP, NEXT, OTHER_VPC, SUBNETS, TABLE, VPC, blueprint, filter_values,
    first_page,
};

fn subnet(id: &str, vpc: &str, i: usize) -> Subnet {
    Subnet::builder()
        .subnet_id(id)
        .vpc_id(vpc)
        .cidr_block(CIDRS[i])
        .availability_zone_id(AZ_IDS[i])
        .build()
}

/// DescribeSubnets by tag: page 1 holds subnet `i`'s copy in another VPC, page 2 ours.
pub fn subnets_by_tag() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_subnets)
        .match_requests(|r| filter_values(r.filters(), &format!("tag:{SUBNET_TAG_KEY}")).is_some())
        .then_compute_output(|r| {
            let key = format!("tag:{SUBNET_TAG_KEY}");
            let i: usize = filter_values(r.filters(), &key).unwrap()[0]
                .parse()
                .unwrap();
            let out = DescribeSubnetsOutput::builder();
            if first_page(r.next_token()) {
                let copy = format!("subnet-0copy{i}");
                out.subnets(subnet(&copy, OTHER_VPC, i))
                    .next_token(NEXT)
                    .build()
            } else {
                out.subnets(subnet(SUBNETS[i], VPC, i)).build()
            }
        })
}

/// DescribeSubnets by ID (a `subnet-id` filter): the first subnet on page 1, the second on 2.
pub fn subnets_by_id() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_subnets)
        .match_requests(|r| filter_values(r.filters(), "subnet-id").is_some())
        .then_compute_output(|r| {
            let out = DescribeSubnetsOutput::builder();
            if first_page(r.next_token()) {
                out.subnets(subnet(SUBNETS[0], VPC, 0))
                    .next_token(NEXT)
                    .build()
            } else {
                out.subnets(subnet(SUBNETS[1], VPC, 1)).build()
            }
        })
}

fn association(id: &str, table: &str, subnet: &str) -> RouteTableAssociation {
    RouteTableAssociation::builder()
        .route_table_association_id(id)
        .route_table_id(table)
        .subnet_id(subnet)
        .main(false)
        .build()
}

/// DescribeRouteTables: by the blueprint tag, an empty page 1, then our table with the first
/// subnet; by `association.subnet-id` of the second subnet, an empty page 1, then the VPC's
/// old table the second subnet is associated with.
pub fn route_tables() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_route_tables).then_compute_output(|r| {
        let out = DescribeRouteTablesOutput::builder();
        if first_page(r.next_token()) {
            return out.next_token(NEXT).build();
        }
        let local = Route::builder()
            .destination_cidr_block("10.40.0.0/16")
            .gateway_id("local")
            .build();
        let table = if filter_values(r.filters(), &format!("tag:{TAG_KEY}")).is_some() {
            RouteTable::builder()
                .route_table_id(TABLE)
                .associations(association("rtbassoc-0ours", TABLE, SUBNETS[0]))
        } else {
            let subnet = &filter_values(r.filters(), "association.subnet-id").unwrap()[0];
            RouteTable::builder()
                .route_table_id("rtb-0old")
                .associations(association("rtbassoc-0old", "rtb-0old", subnet))
        };
        out.route_tables(table.vpc_id(VPC).routes(local).build())
            .build()
    })
}

pub fn reassociate() -> Rule {
    mock!(aws_sdk_ec2::Client::replace_route_table_association).then_output(|| {
        ReplaceRouteTableAssociationOutput::builder()
            .new_association_id("rtbassoc-0moved")
            .build()
    })
}

/// DescribeSecurityGroups by tag: an empty page 1, then our group allowing 443 from both
/// subnets.
pub fn groups_by_tag() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_security_groups).then_compute_output(|r| {
        let out = DescribeSecurityGroupsOutput::builder();
        if first_page(r.next_token()) {
            return out.next_token(NEXT).build();
        }
        let mut https = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443);
        for cidr in CIDRS {
            https = https.ip_ranges(IpRange::builder().cidr_ip(cidr).build());
        }
        let group = SecurityGroup::builder()
            .group_id(GROUP)
            .vpc_id(VPC)
            .ip_permissions(https.build())
            .build();
        out.security_groups(group).build()
    })
}

fn service(name: &str, kind: ServiceType, owner: &str) -> ServiceDetail {
    ServiceDetail::builder()
        .service_name(name)
        .owner(owner)
        .service_type(ServiceTypeDetail::builder().service_type(kind).build())
        .build()
}

/// DescribeVpcEndpointServices: a partner's service on page 1, AWS's on page 2.
pub fn endpoint_services() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpc_endpoint_services).then_compute_output(|r| {
        let out = DescribeVpcEndpointServicesOutput::builder();
        if first_page(r.next_token()) {
            let partner = "com.amazonaws.vpce.us-east-1.vpce-svc-0partner";
            return out
                .service_details(service(partner, ServiceType::Interface, "123456789012"))
                .next_token(NEXT)
                .build();
        }
        let mut out = out.service_details(service(
            "com.amazonaws.us-east-1.s3",
            ServiceType::Gateway,
            "amazon",
        ));
        for svc in blueprint().network.interface_endpoints {
            let name = format!("com.amazonaws.us-east-1.{svc}");
            out = out.service_details(service(&name, ServiceType::Interface, "amazon"));
        }
        out.build()
    })
}

/// The endpoint the blueprint wants for `service` (`s3`: the gateway), as built.
fn endpoint(service: &str) -> VpcEndpoint {
    let g = generate(&blueprint(), None);
    let e = VpcEndpoint::builder()
        .vpc_endpoint_id(format!("vpce-0{}", service.replace('.', "")))
        .vpc_id(VPC)
        .service_name(format!("com.amazonaws.us-east-1.{service}"))
        .state(State::Available);
    if service == "s3" {
        return e
            .vpc_endpoint_type(VpcEndpointType::Gateway)
            .policy_document(g.s3_endpoint.to_json_pretty())
            .route_table_ids(TABLE)
            .build();
    }
    e.vpc_endpoint_type(VpcEndpointType::Interface)
        .set_policy_document(
            g.interface_endpoints
                .get(service)
                .map(|d| d.to_json_pretty()),
        )
        .set_subnet_ids(Some(SUBNETS.map(String::from).to_vec()))
        .groups(SecurityGroupIdentifier::builder().group_id(GROUP).build())
        .private_dns_enabled(true)
        .build()
}

/// DescribeVpcEndpoints by tag: a deleted S3 endpoint on page 1, then every endpoint of the
/// blueprint (only the one of the `eks-isolation:endpoint` tag, when the request names one).
pub fn endpoints_by_tag() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpc_endpoints).then_compute_output(|r| {
        let out = DescribeVpcEndpointsOutput::builder();
        if first_page(r.next_token()) {
            let mut deleted = endpoint("s3");
            deleted.vpc_endpoint_id = Some("vpce-0deleted".into());
            deleted.state = Some(State::Deleted);
            return out.vpc_endpoints(deleted).next_token(NEXT).build();
        }
        let only = filter_values(r.filters(), &format!("tag:{ENDPOINT_TAG_KEY}"));
        let mut services = vec!["s3".to_string()];
        services.extend(blueprint().network.interface_endpoints);
        let services = services
            .iter()
            .filter(|s| only.is_none_or(|o| o.contains(s)));
        services
            .fold(out, |out, s| out.vpc_endpoints(endpoint(s)))
            .build()
    })
}

/// DescribeVpcEndpointServices answering every page with the same token (and one service).
pub fn endpoint_services_stuck() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpc_endpoint_services).then_output(|| {
        DescribeVpcEndpointServicesOutput::builder()
            .service_details(service(
                "com.amazonaws.us-east-1.s3",
                ServiceType::Gateway,
                "amazon",
            ))
            .next_token(NEXT)
            .build()
    })
}
