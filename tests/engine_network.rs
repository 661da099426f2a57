//! The data owner's network and bucket steps against moto: what they build is read back from
//! the server; a lost journal is recovered by tag without duplicates; drift is corrected;
//! adopted resources are used and left alone; destroy removes everything tagged, twice safely.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

mod support;

use std::path::Path;

use aws_sdk_ec2::types::Filter;
use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::{Blueprint, SubnetSource, VpcSource};
use eks_isolation::engine::ctx::{Ctx, StepError};
use eks_isolation::engine::journal::Journal;
use eks_isolation::engine::plan::Side;
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{bucket, network};
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::generate::generate;

const TAG: &str = "eks-isolation:blueprint";

fn blueprint(data: &str, model: &str) -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.name = format!("net-{data}");
    bp.data.bucket = format!("net-{data}-data");
    bp.data_owner.account_id = data.to_string();
    bp.data_owner.admin_principals = vec![format!("arn:aws:iam::{data}:role/DataAdmin")];
    bp.model_owner.account_id = model.to_string();
    bp
}

async fn party(side: Side, account: &str) -> Party {
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

async fn ctx(bp: &Blueprint, dir: &Path) -> Ctx {
    let data = party(Side::DataOwner, &bp.data_owner.account_id).await;
    let model = party(Side::ModelOwner, &bp.model_owner.account_id).await;
    let journal = Journal::open(dir, &bp.name).unwrap();
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let (_stop_tx, stop) = tokio::sync::watch::channel(false);
    Ctx::new(bp.clone(), data, model, journal, tx, stop)
}

/// Every ensure-step in order; their outcomes.
async fn run_all(ctx: &Ctx) -> Vec<Outcome> {
    let mut outcomes = vec![
        network::ensure_vpc(ctx).await.unwrap(),
        network::ensure_subnets(ctx).await.unwrap(),
        network::ensure_route_table(ctx).await.unwrap(),
        network::ensure_s3_endpoint(ctx).await.unwrap(),
        network::ensure_endpoint_security_group(ctx).await.unwrap(),
    ];
    outcomes.push(network::ensure_interface_endpoints(ctx).await.unwrap());
    outcomes.push(bucket::ensure_bucket(ctx).await.unwrap());
    outcomes
}

/// Destroy every record in reverse journal order.
async fn destroy_all(
    ctx: &Ctx,
    records: &[eks_isolation::engine::journal::Record],
) -> Vec<Outcome> {
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

fn ec2(ctx: &Ctx) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&ctx.data.config)
}

fn tagged(ctx: &Ctx) -> Filter {
    Filter::builder()
        .name(format!("tag:{TAG}"))
        .values(&ctx.bp.name)
        .build()
}

/// How many VPCs, subnets, route tables, security groups and live endpoints carry the tag.
async fn tagged_counts(ctx: &Ctx) -> [usize; 5] {
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

fn id(ctx: &Ctx, key: &str) -> String {
    ctx.recorded(key).unwrap_or_else(|| panic!("no {key}")).id
}

async fn endpoint(ctx: &Ctx, key: &str) -> aws_sdk_ec2::types::VpcEndpoint {
    let out = ec2(ctx)
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(id(ctx, key))
        .send()
        .await
        .unwrap();
    out.vpc_endpoints()[0].clone()
}

fn policy_of(e: &aws_sdk_ec2::types::VpcEndpoint) -> PolicyDocument {
    PolicyDocument::from_json(e.policy_document().unwrap()).unwrap()
}

/// Everything the blueprint asks for, read back from the server.
async fn assert_built(ctx: &Ctx) {
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

#[tokio::test]
async fn a_full_run_builds_what_the_blueprint_says() {
    let bp = blueprint(&support::unique_account(), &support::unique_account());
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;
    let outcomes = run_all(&ctx).await;
    for o in &outcomes {
        assert!(matches!(o, Outcome::Created(_)), "{o:?}");
    }
    assert_built(&ctx).await;
    assert_eq!(
        tagged_counts(&ctx).await,
        [1, 2, 1, 1, 1 + bp.network.interface_endpoints.len()]
    );
    let records = ctx.records();
    assert!(
        records
            .iter()
            .all(|r| r.created && r.side == Side::DataOwner)
    );
    assert_eq!(
        records.len(),
        1 + 2 + 1 + 1 + 1 + bp.network.interface_endpoints.len() + 1
    );
}

#[tokio::test]
async fn a_lost_journal_finds_everything_by_tag_and_creates_nothing() {
    let bp = blueprint(&support::unique_account(), &support::unique_account());
    let first_dir = tempfile::tempdir().unwrap();
    let first = ctx(&bp, first_dir.path()).await;
    run_all(&first).await;
    let before = tagged_counts(&first).await;

    let fresh_dir = tempfile::tempdir().unwrap();
    let again = ctx(&bp, fresh_dir.path()).await;
    let outcomes = run_all(&again).await;
    for o in &outcomes {
        assert!(
            matches!(o, Outcome::Exists(_) | Outcome::Updated(_)),
            "{o:?}"
        );
    }
    assert_eq!(tagged_counts(&again).await, before);
    for r in first.records() {
        let found = again.recorded(&r.key).unwrap();
        assert_eq!((found.id, found.created), (r.id, true), "{}", r.key);
    }
    assert_built(&again).await;
}

#[tokio::test]
async fn drift_in_routes_and_endpoint_policy_is_corrected() {
    let bp = blueprint(&support::unique_account(), &support::unique_account());
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;
    run_all(&ctx).await;
    let c = ec2(&ctx);
    let igw = c.create_internet_gateway().send().await.unwrap();
    let igw = igw
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_string();
    c.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(id(&ctx, "vpc"))
        .send()
        .await
        .unwrap();
    c.create_route()
        .route_table_id(id(&ctx, "route_table"))
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .unwrap();
    let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    c.modify_vpc_endpoint()
        .vpc_endpoint_id(id(&ctx, "endpoint.s3"))
        .policy_document(full)
        .send()
        .await
        .unwrap();

    let routes = network::ensure_route_table(&ctx).await.unwrap();
    let Outcome::Updated(message) = &routes else {
        panic!("{routes:?}")
    };
    assert!(
        message.contains("0.0.0.0/0") && message.contains(&igw),
        "{message}"
    );
    let s3 = network::ensure_s3_endpoint(&ctx).await.unwrap();
    assert!(matches!(s3, Outcome::Updated(_)), "{s3:?}");
    assert_built(&ctx).await;
    assert!(matches!(
        network::ensure_route_table(&ctx).await.unwrap(),
        Outcome::Exists(_)
    ));
    assert!(matches!(
        network::ensure_s3_endpoint(&ctx).await.unwrap(),
        Outcome::Exists(_)
    ));
}

#[tokio::test]
async fn adopted_vpc_and_subnets_are_used_and_left_alone() {
    let mut bp = blueprint(&support::unique_account(), &support::unique_account());
    let config = support::config_for(&bp.data_owner.account_id).await;
    let c = aws_sdk_ec2::Client::new(&config);
    let vpc = c
        .create_vpc()
        .cidr_block("10.50.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    let mut subnets = Vec::new();
    for (i, subnet) in bp.network.subnets.iter_mut().enumerate() {
        let out = c
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(format!("10.50.{}.0/24", i))
            .availability_zone_id(&subnet.az_id)
            .send()
            .await
            .unwrap();
        let id = out.subnet().unwrap().subnet_id().unwrap().to_string();
        subnet.source = SubnetSource::Existing {
            subnet_id: id.clone(),
        };
        subnets.push(id);
    }
    bp.network.vpc = VpcSource::Existing {
        vpc_id: vpc.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;

    let outcome = network::ensure_vpc(&ctx).await.unwrap();
    let Outcome::Updated(message) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("DNS hostnames"), "{message}");
    let outcome = network::ensure_subnets(&ctx).await.unwrap();
    assert!(matches!(outcome, Outcome::Exists(_)), "{outcome:?}");
    let rest = [
        network::ensure_route_table(&ctx).await,
        network::ensure_s3_endpoint(&ctx).await,
        network::ensure_endpoint_security_group(&ctx).await,
        network::ensure_interface_endpoints(&ctx).await,
        bucket::ensure_bucket(&ctx).await,
    ];
    assert!(rest.iter().all(Result::is_ok), "{rest:?}");
    assert_eq!(
        ctx.recorded("vpc").map(|r| (r.id, r.created)),
        Some((vpc.clone(), false))
    );
    for (i, s) in subnets.iter().enumerate() {
        let r = ctx.recorded(&format!("subnet.{i}")).unwrap();
        assert_eq!((&r.id, r.created), (s, false));
    }
    assert_eq!(
        tagged_counts(&ctx).await[..2],
        [0, 0],
        "no VPC or subnet was created"
    );
    assert_built(&ctx).await;

    let outcomes = destroy_all(&ctx, &ctx.records()).await;
    assert!(
        outcomes
            .iter()
            .all(|o| !o.message().contains("already gone")),
        "{outcomes:?}"
    );
    let left = c
        .describe_subnets()
        .subnet_ids(&subnets[0])
        .subnet_ids(&subnets[1])
        .send()
        .await
        .unwrap();
    assert_eq!(left.subnets().len(), 2);
    assert_eq!(
        c.describe_vpcs()
            .vpc_ids(&vpc)
            .send()
            .await
            .unwrap()
            .vpcs()
            .len(),
        1
    );
    assert_eq!(tagged_counts(&ctx).await, [0; 5]);
}

#[tokio::test]
async fn destroy_removes_everything_tagged_and_is_repeatable() {
    let bp = blueprint(&support::unique_account(), &support::unique_account());
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;
    run_all(&ctx).await;
    let records = ctx.records();
    let outcomes = destroy_all(&ctx, &records).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Outcome::Updated(m) if m.starts_with("deleted"))),
        "{outcomes:?}"
    );
    assert_eq!(tagged_counts(&ctx).await, [0; 5]);
    assert!(ctx.records().is_empty());
    let s3c = eks_isolation::aws::s3_client(&ctx.data.config);
    assert!(
        s3c.head_bucket()
            .bucket(&bp.data.bucket)
            .send()
            .await
            .is_err()
    );

    let again = destroy_all(&ctx, &records).await;
    assert!(
        again
            .iter()
            .all(|o| *o == Outcome::Exists("already gone".into())),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_bucket_with_data_is_kept_and_later_steps_wait_for_their_inputs() {
    let bp = blueprint(&support::unique_account(), &support::unique_account());
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;
    assert!(matches!(
        bucket::ensure_bucket(&ctx).await,
        Err(StepError::Blocked { .. })
    ));
    assert!(matches!(
        network::ensure_subnets(&ctx).await,
        Err(StepError::Blocked { .. })
    ));
    run_all(&ctx).await;
    let s3c = eks_isolation::aws::s3_client(&ctx.data.config);
    // moto evaluates the bucket policy on object writes: the test is not on the endpoint.
    s3c.delete_bucket_policy()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    s3c.put_object()
        .bucket(&bp.data.bucket)
        .key("model/weights.bin")
        .body(b"data".to_vec().into())
        .send()
        .await
        .unwrap();
    let record = ctx.recorded("bucket").unwrap();
    let outcome = bucket::destroy(&ctx, &record).await.unwrap();
    assert!(
        outcome.message().contains("still holds data"),
        "{outcome:?}"
    );
    s3c.head_bucket()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    let policy = s3c.get_bucket_policy().bucket(&bp.data.bucket).send().await;
    assert!(policy.is_err(), "the policy is removed");
}
