//! A live state that passes every check, for the starter blueprint; tests break one part.
#![allow(clippy::unwrap_used)]

use super::state::*;
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
        service_name: format!("com.amazonaws.us-east-1.{service}"),
        service: service.into(),
        kind: EndpointType::Interface,
        policy,
        private_dns: Some(true),
        security_groups: vec!["sg-endpoints".into()],
        state: "available".into(),
    }
}

/// Everything as `apply` leaves it.
pub fn good() -> LiveState {
    let bp = bp();
    let g = generate(&bp, Some(S3_ENDPOINT));
    let mut endpoints = vec![Endpoint {
        id: S3_ENDPOINT.into(),
        service_name: "com.amazonaws.us-east-1.s3".into(),
        service: "s3".into(),
        kind: EndpointType::Gateway,
        policy: Some(g.s3_endpoint.to_json_pretty()),
        private_dns: None,
        security_groups: Vec::new(),
        state: "available".into(),
    }];
    for svc in &bp.network.interface_endpoints {
        let policy = g.interface_endpoints.get(svc).map(|d| d.to_json_pretty());
        endpoints.push(interface(svc, policy));
    }
    let subnets = vec![
        Subnet {
            id: "subnet-a".into(),
            arn: format!("arn:aws:ec2:us-east-1:{DATA}:subnet/subnet-a"),
            cidr: "10.40.0.0/20".into(),
            az_id: "use1-az1".into(),
            available_ips: Some(4000),
        },
        Subnet {
            id: "subnet-b".into(),
            arn: format!("arn:aws:ec2:us-east-1:{DATA}:subnet/subnet-b"),
            cidr: "10.40.16.0/20".into(),
            az_id: "use1-az2".into(),
            available_ips: Some(4000),
        },
    ];
    LiveState {
        vpc: Some(Vpc {
            id: "vpc-1".into(),
            cidr: "10.40.0.0/16".into(),
            dns_support: Some(true),
            dns_hostnames: Some(true),
        }),
        route_tables: Some(vec![
            RouteTable {
                id: "rtb-main".into(),
                main: true,
                subnet_ids: Vec::new(),
                routes: vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: RouteTarget::InternetGateway("igw-main".into()),
                }],
            },
            RouteTable {
                id: "rtb-shared".into(),
                main: false,
                subnet_ids: vec!["subnet-a".into(), "subnet-b".into()],
                routes: vec![
                    Route {
                        destination: "10.40.0.0/16".into(),
                        target: RouteTarget::Local,
                    },
                    Route {
                        destination: "pl-63a5400a".into(),
                        target: RouteTarget::GatewayEndpoint(S3_ENDPOINT.into()),
                    },
                ],
            },
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
        ram: Some(Ram {
            shares: vec![Share {
                name: "inference-demo".into(),
                arn: "arn:aws:ram:us-east-1:111111111111:resource-share/x".into(),
                status: "ACTIVE".into(),
                principals: vec![MODEL.into()],
                resources: subnets.iter().map(|s| s.arn.clone()).collect(),
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
            cluster: Some(Some(Cluster {
                name: "inference".into(),
                status: "ACTIVE".into(),
                public_access: false,
                private_access: true,
                security_groups: vec!["sg-cluster".into()],
                cluster_security_group: Some("sg-cluster".into()),
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
