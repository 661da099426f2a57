//! destroy without a journal, as the real binary does it against moto: what the tool made is
//! found by its tag in both accounts, listed, and removed in dependency order; what it adopted
//! and what it never made stay; a bucket that still holds objects stays unless --delete-data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use support::estate::{Estate, stderr, stdout, summary};

fn s3(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

fn bucket(e: &Estate) -> String {
    format!("data-{}", e.data)
}

async fn bucket_exists(e: &Estate) -> bool {
    let s3 = s3(&support::config_for(&e.data).await);
    s3.head_bucket().bucket(bucket(e)).send().await.is_ok()
}

fn forget_journal(e: &Estate) {
    std::fs::remove_file(e.dir.path().join("state").join(format!("{}.json", e.name))).unwrap();
}

async fn role_exists(e: &Estate, name: &str) -> bool {
    let iam = aws_sdk_iam::Client::new(&support::config_for(&e.model).await);
    iam.get_role().role_name(name).send().await.is_ok()
}

#[tokio::test]
async fn without_a_journal_destroy_removes_what_carries_the_tag_and_nothing_else() {
    let e = Estate::new().await;
    let config = support::config_for(&e.data).await;
    // The data bucket exists before apply, untagged: apply adopts it.
    s3(&config)
        .create_bucket()
        .bucket(bucket(&e))
        .send()
        .await
        .unwrap();
    // A VPC the tool never made.
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let other = ec2
        .create_vpc()
        .cidr_block("10.77.0.0/16")
        .send()
        .await
        .unwrap();
    let other = other.vpc().unwrap().vpc_id().unwrap().to_string();

    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cluster_role = format!("eks-isolation-{}-cluster", e.name);
    assert!(role_exists(&e, &cluster_role).await);
    forget_journal(&e);

    // Without --yes and without a terminal it refuses, having listed what it found.
    let asked = e.run(&["destroy"]);
    assert_eq!(asked.status.code(), Some(2), "{}", stderr(&asked));
    let list = stdout(&asked);
    assert!(
        list.contains("found by the tag eks-isolation:blueprint="),
        "{list}"
    );
    assert!(
        list.contains("delete") && list.contains("ec2:vpc"),
        "{list}"
    );
    assert!(
        list.contains("leave (adopted)") && list.contains(&bucket(&e)),
        "{list}"
    );
    assert_eq!(e.tagged().await, [1, 2, 6, 1], "nothing changed yet");
    assert!(
        list.contains("route53resolver:firewall-rule-group"),
        "the DNS Firewall is found by its tag: {list}"
    );
    assert_eq!(e.dns_firewall().await, [2, 1, 1]);

    let gone = e.run(&["destroy", "--yes", "--output", "json"]);
    assert_eq!(
        gone.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&gone),
        stderr(&gone)
    );
    assert!(
        summary(&gone)["removed"].as_u64().unwrap() > 5,
        "{}",
        stdout(&gone)
    );
    assert_eq!(e.tagged().await, [0, 0, 0, 0]);
    assert_eq!(e.scps_named_like_ours().await, 0);
    assert_eq!(e.dns_firewall().await, [0, 0, 0], "found by tag, removed");
    assert!(!role_exists(&e, &cluster_role).await);
    assert!(bucket_exists(&e).await, "the adopted bucket stays");
    let left = ec2.describe_vpcs().vpc_ids(&other).send().await.unwrap();
    assert_eq!(left.vpcs().len(), 1, "the untagged VPC stays");
}

#[tokio::test]
async fn a_bucket_that_holds_data_stays_unless_delete_data_is_given() {
    let e = Estate::new().await;
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s3 = s3(&support::config_for(&e.data).await);
    // The bucket policy denies writes off the endpoint (moto enforces that much): lift it to
    // put data in from here.
    s3.delete_bucket_policy()
        .bucket(bucket(&e))
        .send()
        .await
        .unwrap();
    s3.put_object()
        .bucket(bucket(&e))
        .key("records/1.csv")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"a,b\n"))
        .send()
        .await
        .unwrap();
    forget_journal(&e);

    let kept = e.run(&["destroy", "--yes"]);
    assert_eq!(kept.status.code(), Some(0), "{}", stderr(&kept));
    assert!(
        stdout(&kept).contains("it still holds data: left the bucket"),
        "{}",
        stdout(&kept)
    );
    assert!(bucket_exists(&e).await);
    assert_eq!(e.tagged().await, [0, 0, 0, 0]);

    let deleted = e.run(&["destroy", "--yes", "--delete-data"]);
    assert_eq!(deleted.status.code(), Some(0), "{}", stderr(&deleted));
    assert!(
        stdout(&deleted).contains("and its 1 object version(s)"),
        "{}",
        stdout(&deleted)
    );
    assert!(!bucket_exists(&e).await);
}
