//! The data owner's network over two pages of every listing, and the model owner's security
//! groups: what `verify` decides only when it reads to the last page is on page 2.

use aws_sdk_ec2::operation::describe_route_tables::DescribeRouteTablesOutput;
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
use aws_sdk_ec2::operation::describe_vpc_attribute::DescribeVpcAttributeOutput;
use aws_sdk_ec2::operation::describe_vpc_endpoints::DescribeVpcEndpointsOutput;
use aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, IpPermission, IpRange, Route, RouteTable, RouteTableAssociation,
    SecurityGroup, SecurityGroupIdentifier, State, Subnet, Vpc, VpcAttributeName, VpcEndpoint,
    VpcEndpointType,
};
use aws_smithy_mocks::{Rule, mock};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::generate::generate;

use super::{NEXT, S3_ENDPOINT, VPC, first_page};

/// The second subnet, on page 2 of DescribeSubnets, behind the route table on page 2.
pub const SUBNET_B: &str = "subnet-b";
/// The internet gateway of the page-2 route table.
pub const IGW: &str = "igw-0page2";

fn subnet(id: &str, cidr: &str, az_id: &str) -> Subnet {
    Subnet::builder()
        .subnet_id(id)
        .vpc_id(VPC)
        .cidr_block(cidr)
        .availability_zone("us-east-1a")
        .availability_zone_id(az_id)
        .available_ip_address_count(4000)
        .build()
}

fn route(cidr: &str, gateway: &str) -> Route {
    Route::builder()
        .destination_cidr_block(cidr)
        .gateway_id(gateway)
        .build()
}

fn interface(service: &str, policy: Option<String>) -> VpcEndpoint {
    VpcEndpoint::builder()
        .vpc_endpoint_id(format!("vpce-{}", service.replace('.', "")))
        .vpc_id(VPC)
        .vpc_endpoint_type(VpcEndpointType::Interface)
        .service_name(format!("com.amazonaws.us-east-1.{service}"))
        .state(State::Available)
        .private_dns_enabled(true)
        .groups(
            SecurityGroupIdentifier::builder()
                .group_id("sg-endpoints")
                .build(),
        )
        .set_policy_document(policy)
        .build()
}

fn group(id: &str, port: i32, cidr: &str) -> SecurityGroup {
    SecurityGroup::builder()
        .group_id(id)
        .vpc_id(VPC)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(port)
                .to_port(port)
                .ip_ranges(IpRange::builder().cidr_ip(cidr).build())
                .build(),
        )
        .build()
}

/// The data owner's EC2: the VPC, its DNS, two pages of subnets, route tables and endpoints
/// (an internet route for subnet-b and an SSM endpoint on page 2), the endpoints' group.
pub fn data_rules(bp: &Blueprint) -> Vec<Rule> {
    let g = generate(bp, Some(S3_ENDPOINT));
    let s3_policy = g.s3_endpoint.to_json_pretty();
    let mut first_endpoints = vec![
        VpcEndpoint::builder()
            .vpc_endpoint_id(S3_ENDPOINT)
            .vpc_id(VPC)
            .vpc_endpoint_type(VpcEndpointType::Gateway)
            .service_name("com.amazonaws.us-east-1.s3")
            .state(State::Available)
            .policy_document(s3_policy)
            .build(),
    ];
    for svc in &bp.network.interface_endpoints {
        let policy = g.interface_endpoints.get(svc).map(|d| d.to_json_pretty());
        first_endpoints.push(interface(svc, policy));
    }
    vec![
        super::dns::endpoint_services_rule(),
        mock!(aws_sdk_ec2::Client::describe_vpcs).then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(
                    Vpc::builder()
                        .vpc_id(VPC)
                        .cidr_block("10.40.0.0/16")
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_vpc_attribute).then_compute_output(|req| {
            let on = AttributeBooleanValue::builder().value(true).build();
            let out = DescribeVpcAttributeOutput::builder().vpc_id(VPC);
            match req.attribute() {
                Some(VpcAttributeName::EnableDnsHostnames) => out.enable_dns_hostnames(on),
                _ => out.enable_dns_support(on),
            }
            .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_subnets)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| {
                DescribeSubnetsOutput::builder()
                    .subnets(subnet("subnet-a", "10.40.0.0/20", "use1-az1"))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_ec2::Client::describe_subnets).then_output(|| {
            DescribeSubnetsOutput::builder()
                .subnets(subnet(SUBNET_B, "10.40.16.0/20", "use1-az2"))
                .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_route_tables)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| {
                DescribeRouteTablesOutput::builder()
                    .route_tables(
                        RouteTable::builder()
                            .route_table_id("rtb-main")
                            .vpc_id(VPC)
                            .associations(RouteTableAssociation::builder().main(true).build())
                            .routes(route("10.40.0.0/16", "local"))
                            .build(),
                    )
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_ec2::Client::describe_route_tables).then_output(|| {
            DescribeRouteTablesOutput::builder()
                .route_tables(
                    RouteTable::builder()
                        .route_table_id("rtb-out")
                        .vpc_id(VPC)
                        .associations(
                            RouteTableAssociation::builder()
                                .route_table_association_id("rtbassoc-b")
                                .main(false)
                                .subnet_id(SUBNET_B)
                                .build(),
                        )
                        .routes(route("10.40.0.0/16", "local"))
                        .routes(route("0.0.0.0/0", IGW))
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_vpc_endpoints)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(move || {
                DescribeVpcEndpointsOutput::builder()
                    .set_vpc_endpoints(Some(first_endpoints.clone()))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_ec2::Client::describe_vpc_endpoints).then_output(|| {
            DescribeVpcEndpointsOutput::builder()
                .vpc_endpoints(interface("ssmmessages", None))
                .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_security_groups).then_output(|| {
            DescribeSecurityGroupsOutput::builder()
                .security_groups(group("sg-endpoints", 443, "10.40.0.0/16"))
                .build()
        }),
    ]
}

/// The model owner's EC2: the cluster's group on page 1, the SSH group of the page-2 node
/// group (open to the world) on page 2.
pub fn model_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_ec2::Client::describe_security_groups)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| {
                DescribeSecurityGroupsOutput::builder()
                    .security_groups(group("sg-cluster", 443, "10.40.0.0/20"))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_ec2::Client::describe_security_groups).then_output(|| {
            DescribeSecurityGroupsOutput::builder()
                .security_groups(group("sg-ssh", 22, "0.0.0.0/0"))
                .build()
        }),
    ]
}
