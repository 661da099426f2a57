//! The data owner's network and bucket steps against moto: what they build is read back from
//! the server; a lost journal is recovered by tag without duplicates; drift is corrected;
//! adopted resources are used and left alone; destroy removes everything tagged, twice safely.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

#[path = "engine_network/helpers.rs"]
mod helpers;
mod support;

use eks_isolation::blueprint::Side;
use eks_isolation::blueprint::{SubnetSource, VpcSource};
use eks_isolation::engine::ctx::StepError;
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{bucket, network};
use helpers::*;

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
        assert!(matches!(o, Outcome::Exists(_)), "{o:?}");
    }
    assert_eq!(tagged_counts(&again).await, before);
    for r in first.records() {
        let found = again.recorded(&r.key).unwrap();
        assert_eq!((found.id, found.created), (r.id, true), "{}", r.key);
    }
    assert_built(&again).await;
}

#[tokio::test]
async fn drift_in_routes_policies_and_rules_is_corrected() {
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
    c.modify_vpc_endpoint()
        .vpc_endpoint_id(id(&ctx, "endpoint.ecr.api"))
        .policy_document(full)
        .send()
        .await
        .unwrap();
    let subnet = c
        .describe_subnets()
        .subnet_ids(id(&ctx, "subnet.0"))
        .send()
        .await
        .unwrap();
    let cidr = subnet.subnets()[0].cidr_block().unwrap().to_string();
    c.revoke_security_group_ingress()
        .group_id(id(&ctx, "endpoint.security_group"))
        .ip_permissions(
            aws_sdk_ec2::types::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(
                    aws_sdk_ec2::types::IpRange::builder()
                        .cidr_ip(&cidr)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();

    let group = network::ensure_endpoint_security_group(&ctx).await.unwrap();
    assert!(
        matches!(&group, Outcome::Updated(m) if m.contains(&format!("allowed 443 from {cidr}"))),
        "{group:?}"
    );
    let interface = network::ensure_interface_endpoints(&ctx).await.unwrap();
    assert!(
        matches!(&interface, Outcome::Updated(m) if m.contains("ecr.api") && m.contains("corrected policy")),
        "{interface:?}"
    );
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
    // An S3 gateway endpoint of the operator's own, on no route table, with the default policy.
    let s3 = c
        .create_vpc_endpoint()
        .vpc_id(&vpc)
        .vpc_endpoint_type(aws_sdk_ec2::types::VpcEndpointType::Gateway)
        .service_name("com.amazonaws.us-east-1.s3")
        .send()
        .await
        .unwrap();
    let s3 = s3
        .vpc_endpoint()
        .unwrap()
        .vpc_endpoint_id()
        .unwrap()
        .to_string();
    bp.network.s3_endpoint_id = Some(s3.clone());
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
        bucket::ensure_bucket_policy(&ctx).await,
    ];
    assert!(rest.iter().all(Result::is_ok), "{rest:?}");
    assert_eq!(
        ctx.recorded("vpc").map(|r| (r.id, r.created)),
        Some((vpc.clone(), false))
    );
    assert_eq!(
        ctx.recorded("endpoint.s3").map(|r| (r.id, r.created)),
        Some((s3.clone(), false))
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
    let kept = c
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(&s3)
        .send()
        .await
        .unwrap();
    assert_eq!(
        kept.vpc_endpoints()[0]
            .state()
            .map(|s| s.as_str().to_ascii_lowercase()),
        Some("available".to_string())
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
        bucket::ensure_bucket_policy(&ctx).await,
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

#[tokio::test]
async fn a_bucket_of_another_account_is_refused_not_adopted() {
    let data = support::unique_account();
    let bp = blueprint(&data, &support::unique_account());
    // Someone else made a bucket of that name first (moto lets any account read it).
    let stranger = support::config_for(&support::unique_account()).await;
    eks_isolation::aws::s3_client(&stranger)
        .create_bucket()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&bp, dir.path()).await;
    let e = bucket::ensure_bucket(&ctx).await.unwrap_err();
    assert!(
        e.to_string().contains("not in the data-owner account")
            && e.to_string().contains("data.bucket"),
        "{e}"
    );
    assert!(ctx.recorded("bucket").is_none(), "nothing recorded");
}
