//! Helpers of the engine_network tests: a Ctx against moto, the whole run, destroy, and reading
//! back what the steps built.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // test helpers panic on purpose

use std::path::Path;

use aws_sdk_ec2::types::Filter;
use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::Side;
use eks_isolation::engine::ctx::Ctx;
use eks_isolation::engine::journal::{Journal, Record};
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{bucket, network};
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::generate::generate;

use super::support;

pub const TAG: &str = "eks-isolation:blueprint";

pub fn blueprint(data: &str, model: &str) -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.name = format!("net-{data}");
    bp.data.bucket = format!("net-{data}-data");
    bp.data_owner.account_id = data.to_string();
    bp.data_owner.admin_principals = vec![format!("arn:aws:iam::{data}:role/DataAdmin")];
    bp.model_owner.account_id = model.to_string();
    bp
}

pub async fn party(side: Side, account: &str) -> Party {
    Party {
        side,
        identity: Identity {
            account: account.to_string(),
            arn: format!("arn:aws:sts::{account}:assumed-role/eks-isolation-test/test"),
            source: "test".into(),
        },
        config: support::config_for(account).await,
    }
}

pub async fn ctx(bp: &Blueprint, dir: &Path) -> Ctx {
    let data = party(Side::DataOwner, &bp.data_owner.account_id).await;
    let model = party(Side::ModelOwner, &bp.model_owner.account_id).await;
    let journal = Journal::open(dir, &bp.name).unwrap();
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let (_stop_tx, stop) = tokio::sync::watch::channel(false);
    Ctx::new(bp.clone(), data, model, journal, tx, stop)
}

/// Every ensure-step in order; their outcomes.
pub async fn run_all(ctx: &Ctx) -> Vec<Outcome> {
    let mut outcomes = vec![
        network::ensure_vpc(ctx).await.unwrap(),
        network::ensure_subnets(ctx).await.unwrap(),
        network::ensure_route_table(ctx).await.unwrap(),
        network::ensure_s3_endpoint(ctx).await.unwrap(),
        network::ensure_endpoint_security_group(ctx).await.unwrap(),
    ];
    outcomes.push(network::ensure_interface_endpoints(ctx).await.unwrap());
    outcomes.push(bucket::ensure_bucket(ctx).await.unwrap());
    outcomes.push(bucket::ensure_bucket_policy(ctx).await.unwrap());
    outcomes
}

/// Destroy every record in reverse journal order.
pub async fn destroy_all(ctx: &Ctx, records: &[Record]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for r in records.iter().rev() {
        let outcome = if r.kind.starts_with("s3:") {
            bucket::destroy(ctx, r).await
        } else {
            network::destroy(ctx, r).await
        };
        outcomes.push(outcome.unwrap());
    }
    outcomes
}

pub fn ec2(ctx: &Ctx) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&ctx.data.config)
}

pub fn tagged(ctx: &Ctx) -> Filter {
    Filter::builder()
        .name(format!("tag:{TAG}"))
        .values(&ctx.bp.name)
        .build()
}

/// How many VPCs, subnets, route tables, security groups and live endpoints carry the tag.
pub async fn tagged_counts(ctx: &Ctx) -> [usize; 5] {
    let c = ec2(ctx);
    let vpcs = c.describe_vpcs().filters(tagged(ctx)).send().await.unwrap();
    let subnets = c
        .describe_subnets()
        .filters(tagged(ctx))
        .send()
        .await
        .unwrap();
    let tables = c
        .describe_route_tables()
        .filters(tagged(ctx))
        .send()
        .await
        .unwrap();
    let groups = c
        .describe_security_groups()
        .filters(tagged(ctx))
        .send()
        .await
        .unwrap();
    let endpoints = c
        .describe_vpc_endpoints()
        .filters(tagged(ctx))
        .send()
        .await
        .unwrap();
    let live = endpoints
        .vpc_endpoints()
        .iter()
        .filter(|e| {
            e.state()
                .is_none_or(|s| !s.as_str().eq_ignore_ascii_case("deleted"))
        })
        .count();
    [
        vpcs.vpcs().len(),
        subnets.subnets().len(),
        tables.route_tables().len(),
        groups.security_groups().len(),
        live,
    ]
}

pub fn id(ctx: &Ctx, key: &str) -> String {
    ctx.recorded(key).unwrap_or_else(|| panic!("no {key}")).id
}

pub async fn endpoint(ctx: &Ctx, key: &str) -> aws_sdk_ec2::types::VpcEndpoint {
    let out = ec2(ctx)
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(id(ctx, key))
        .send()
        .await
        .unwrap();
    out.vpc_endpoints()[0].clone()
}

pub fn policy_of(e: &aws_sdk_ec2::types::VpcEndpoint) -> PolicyDocument {
    PolicyDocument::from_json(e.policy_document().unwrap()).unwrap()
}

/// Everything the blueprint asks for, read back from the server.
pub async fn assert_built(ctx: &Ctx) {
    let c = ec2(ctx);
    let bp = &ctx.bp;
    let vpc = id(ctx, "vpc");
    for attr in [
        aws_sdk_ec2::types::VpcAttributeName::EnableDnsSupport,
        aws_sdk_ec2::types::VpcAttributeName::EnableDnsHostnames,
    ] {
        let out = c
            .describe_vpc_attribute()
            .vpc_id(&vpc)
            .attribute(attr.clone())
            .send()
            .await
            .unwrap();
        let v = out.enable_dns_support().or(out.enable_dns_hostnames());
        assert_eq!(v.and_then(|a| a.value()), Some(true), "{attr:?}");
    }
    let mut cidrs = Vec::new();
    for (i, want) in bp.network.subnets.iter().enumerate() {
        let out = c
            .describe_subnets()
            .subnet_ids(id(ctx, &format!("subnet.{i}")))
            .send()
            .await
            .unwrap();
        let s = &out.subnets()[0];
        assert_eq!(s.vpc_id(), Some(vpc.as_str()));
        assert_eq!(s.availability_zone_id(), Some(want.az_id.as_str()));
        cidrs.push(s.cidr_block().unwrap().to_string());
    }
    let table = id(ctx, "route_table");
    let out = c
        .describe_route_tables()
        .route_table_ids(&table)
        .send()
        .await
        .unwrap();
    let t = &out.route_tables()[0];
    let s3 = id(ctx, "endpoint.s3");
    for r in t.routes() {
        let target = r.gateway_id().unwrap_or_default();
        assert!(target == "local" || target == s3, "unexpected route {r:?}");
    }
    assert!(t.routes().iter().any(|r| r.gateway_id() == Some("local")));
    for i in 0..bp.network.subnets.len() {
        let subnet = id(ctx, &format!("subnet.{i}"));
        assert!(
            t.associations()
                .iter()
                .any(|a| a.subnet_id() == Some(subnet.as_str())),
            "{subnet}"
        );
    }
    let policies = generate(bp, Some(&s3));
    let gw = endpoint(ctx, "endpoint.s3").await;
    assert_eq!(gw.service_name(), Some("com.amazonaws.us-east-1.s3"));
    assert_eq!(gw.vpc_endpoint_type().map(|t| t.as_str()), Some("Gateway"));
    assert!(gw.route_table_ids().contains(&table));
    assert_eq!(policy_of(&gw), policies.s3_endpoint);

    let group = id(ctx, "endpoint.security_group");
    let out = c
        .describe_security_groups()
        .group_ids(&group)
        .send()
        .await
        .unwrap();
    let allowed: Vec<&str> = out.security_groups()[0]
        .ip_permissions()
        .iter()
        .filter(|p| {
            p.ip_protocol() == Some("tcp") && p.from_port() == Some(443) && p.to_port() == Some(443)
        })
        .flat_map(|p| p.ip_ranges().iter().filter_map(|r| r.cidr_ip()))
        .collect();
    for cidr in &cidrs {
        assert!(
            allowed.contains(&cidr.as_str()),
            "{cidr} not in {allowed:?}"
        );
    }
    for service in &bp.network.interface_endpoints {
        let e = endpoint(ctx, &format!("endpoint.{service}")).await;
        assert_eq!(
            e.service_name(),
            Some(format!("com.amazonaws.us-east-1.{service}").as_str())
        );
        assert_eq!(e.private_dns_enabled(), Some(true), "{service}");
        assert_eq!(e.subnet_ids().len(), bp.network.subnets.len(), "{service}");
        assert!(
            e.groups()
                .iter()
                .any(|g| g.group_id() == Some(group.as_str()))
        );
        if let Some(want) = policies.interface_endpoints.get(service) {
            assert_eq!(&policy_of(&e), want, "{service}");
        }
    }

    let s3c = eks_isolation::aws::s3_client(&ctx.data.config);
    let text = s3c
        .get_bucket_policy()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    let doc = PolicyDocument::from_json(text.policy().unwrap()).unwrap();
    assert_eq!(doc, policies.bucket);
    assert!(
        text.policy().unwrap().contains(&s3),
        "the policy names {s3}"
    );
    let block = s3c
        .get_public_access_block()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    let b = block.public_access_block_configuration().unwrap();
    assert_eq!(
        [
            b.block_public_acls(),
            b.ignore_public_acls(),
            b.block_public_policy(),
            b.restrict_public_buckets()
        ],
        [Some(true); 4]
    );
}
