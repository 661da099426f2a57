//! A live state that passes every check, for the starter blueprint; tests break one part.
#![allow(clippy::unwrap_used)]

use super::state::*;
use crate::aws::ec2::{
    Association, Endpoint, EndpointKind, IngressRule, Route, RouteTable, RouteTarget,
    SecurityGroup, SubnetSummary, VpcSummary,
};
use crate::aws::eks::ClusterInfo;
use crate::aws::iam::Role;
use crate::aws::s3::PublicAccessBlock;
use crate::blueprint::Blueprint;
use crate::policy::analyze::{CheckId, Report, Severity};
use crate::policy::generate::generate;

pub const S3_ENDPOINT: &str = "vpce-0s3gateway";
pub const DATA: &str = "111111111111";
pub const MODEL: &str = "222222222222";

pub fn bp() -> Blueprint {
    Blueprint::starter()
}

fn sg_443(id: &str, cidr: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        ingress: vec![IngressRule {
            protocol: "tcp".into(),
            from_port: Some(443),
            to_port: Some(443),
            cidrs: vec![cidr.into()],
        }],
    }
}

pub fn interface(service: &str, policy: Option<String>) -> Endpoint {
    Endpoint {
        id: format!("vpce-{}", service.replace('.', "")),
        vpc_id: "vpc-1".into(),
        service_name: format!("com.amazonaws.us-east-1.{service}"),
        service: service.into(),
        kind: Some(EndpointKind::Interface),
        policy,
        private_dns: Some(true),
        security_group_ids: vec!["sg-endpoints".into()],
        state: "available".into(),
        ..Endpoint::default()
    }
}

/// A route to a CIDR or prefix list (`pl-...`).
pub fn route(destination: &str, target: RouteTarget) -> Route {
    let prefix_list = destination.starts_with("pl-");
    Route {
        cidr: (!prefix_list).then(|| destination.into()),
        ipv6_cidr: None,
        prefix_list: prefix_list.then(|| destination.into()),
        target,
    }
}

/// A route table of `vpc-1`, the main one or explicitly associated with `subnets`.
pub fn table(id: &str, main: bool, subnets: &[&str], routes: Vec<Route>) -> RouteTable {
    let association = |subnet: Option<&str>| Association {
        id: format!("rtbassoc-{}", subnet.unwrap_or("main")),
        route_table_id: id.into(),
        subnet_id: subnet.map(str::to_string),
        main: subnet.is_none(),
    };
    let mut associations: Vec<Association> = subnets.iter().map(|s| association(Some(s))).collect();
    if main {
        associations.push(association(None));
    }
    RouteTable {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        routes,
        associations,
    }
}

/// Everything as `apply` leaves it.
pub fn good() -> LiveState {
    let bp = bp();
    let g = generate(&bp, Some(S3_ENDPOINT));
    let mut endpoints = vec![Endpoint {
        id: S3_ENDPOINT.into(),
        vpc_id: "vpc-1".into(),
        service_name: "com.amazonaws.us-east-1.s3".into(),
        service: "s3".into(),
        kind: Some(EndpointKind::Gateway),
        policy: Some(g.s3_endpoint.to_json_pretty()),
        state: "available".into(),
        ..Endpoint::default()
    }];
    for svc in &bp.network.interface_endpoints {
        let policy = g.interface_endpoints.get(svc).map(|d| d.to_json_pretty());
        endpoints.push(interface(svc, policy));
    }
    let subnet = |id: &str, cidr: &str, az: &str, az_id: &str| SubnetSummary {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        name: None,
        az: az.into(),
        az_id: az_id.into(),
        cidr: cidr.into(),
        available_ips: Some(4000),
    };
    let subnets = vec![
        subnet("subnet-a", "10.40.0.0/20", "us-east-1a", "use1-az1"),
        subnet("subnet-b", "10.40.16.0/20", "us-east-1b", "use1-az2"),
    ];
    LiveState {
        vpc: Some(VpcSummary {
            id: "vpc-1".into(),
            name: None,
            cidr: "10.40.0.0/16".into(),
            dns_support: Some(true),
            dns_hostnames: Some(true),
        }),
        route_tables: Some(vec![
            table(
                "rtb-main",
                true,
                &[],
                vec![route(
                    "0.0.0.0/0",
                    RouteTarget::InternetGateway("igw-main".into()),
                )],
            ),
            table(
                "rtb-shared",
                false,
                &["subnet-a", "subnet-b"],
                vec![
                    route("10.40.0.0/16", RouteTarget::Local),
                    route(
                        "pl-63a5400a",
                        RouteTarget::GatewayEndpoint(S3_ENDPOINT.into()),
                    ),
                ],
            ),
        ]),
        subnets: Some(subnets.clone()),
        endpoints: Some(endpoints),
        security_groups: Some(vec![sg_443("sg-endpoints", "10.40.0.0/16")]),
        bucket: Some(Bucket {
            name: bp.data.bucket.clone(),
            policy: Some(g.bucket.to_json_pretty()),
        }),
        public_access_block: Some(PublicAccessBlock {
            block_public_acls: Some(true),
            ignore_public_acls: Some(true),
            block_public_policy: Some(true),
            restrict_public_buckets: Some(true),
        }),
        organization: Some(Organization {
            id: "o-abc".into(),
            model_owner_member: true,
            scp_enabled: true,
            model_owner_parents: vec!["r-root".into()],
            ram_service_access: Some(true),
        }),
        scps: Some(vec![Scp {
            level: ScpLevel::Account,
            target: MODEL.into(),
            name: "eks-isolation-inference-demo".into(),
            content: g.scp.to_json_pretty(),
        }]),
        reach: Some(super::state::Reach::default()),
        dns: Some(super::dns::tests::generated()),
        ram: Some(Ram {
            shares: vec![Share {
                name: "inference-demo".into(),
                arn: "arn:aws:ram:us-east-1:111111111111:resource-share/x".into(),
                status: "ACTIVE".into(),
                principals: vec![MODEL.into()],
                resources: subnets
                    .iter()
                    .map(|s| format!("arn:aws:ec2:us-east-1:{DATA}:subnet/{}", s.id))
                    .collect(),
            }],
        }),
        model: ModelOwnerState {
            roles: Some(vec![Role {
                name: "eks-cluster".into(),
                arn: format!("arn:aws:iam::{MODEL}:role/eks-cluster"),
                trust_policy: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                    "Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
                    .into(),
            }]),
            repositories: Some(vec![Repository {
                name: "model".into(),
                arn: format!("arn:aws:ecr:us-east-1:{MODEL}:repository/model"),
                policy: None,
            }]),
            cluster: Some(Some(ClusterInfo {
                name: "inference".into(),
                status: "ACTIVE".into(),
                public_access: false,
                private_access: true,
                cluster_security_group: Some("sg-cluster".into()),
                ..ClusterInfo::default()
            })),
            security_groups: Some(vec![sg_443("sg-cluster", "10.40.0.0/20")]),
            access_entries: Some(vec![format!("arn:aws:iam::{MODEL}:role/admin")]),
            nodegroups: Some(Vec::new()),
        },
        unreadable: Vec::new(),
    }
}

/// The findings of one check, with their severities.
pub fn of(report: &Report, id: CheckId) -> Vec<(Severity, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.id == id)
        .map(|f| (f.severity, f.detail.clone()))
        .collect()
}

/// Whether a check is listed as undecided.
pub fn undecided(report: &Report, id: CheckId) -> bool {
    report.undecided.iter().any(|u| u.id == id)
}
