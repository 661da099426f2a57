//! The live plan, as the real binary prints it against moto: a fresh estate (create or adopt),
//! after apply (nothing but exists and run), and after drift made behind the tool's back with
//! the SDK (exactly the drifted steps marked change, each with its reason). The plan only
//! reads, and reads no more than apply's own discovery.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::estate::{Estate, stderr, stdout, summary};

/// `plan --output json`: its exit code and document.
fn plan(e: &Estate) -> (i32, Value) {
    let o = e.run(&["plan", "--output", "json"]);
    let code = o.status.code().unwrap_or(-1);
    let doc = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}\n{}", stdout(&o), stderr(&o)));
    (code, doc)
}

/// Every step's mark, by id.
fn marks(doc: &Value) -> BTreeMap<String, String> {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mark = s["mark"]
                .as_str()
                .map_or_else(|| format!("error: {}", s["error"]), str::to_string);
            (s["id"].as_str().unwrap().to_string(), mark)
        })
        .collect()
}

/// The changes of one step, joined.
fn changes(doc: &Value, id: &str) -> String {
    let step = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap();
    step["changes"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|v| v.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn ids_marked<'a>(m: &'a BTreeMap<String, String>, mark: &str) -> Vec<&'a str> {
    m.iter()
        .filter(|(_, v)| *v == mark)
        .map(|(k, _)| k.as_str())
        .collect()
}

#[tokio::test]
async fn a_fresh_estate_then_an_applied_one_then_drift_each_marked_as_apply_would_act() {
    let e = Estate::new().await;

    // Fresh: the organization and the membership exist (adopt); everything else is created.
    let (code, fresh) = plan(&e);
    assert_eq!(code, 3, "changes pending: {fresh:#}");
    assert_eq!(fresh["changes"], true);
    let m = marks(&fresh);
    assert_eq!(ids_marked(&m, "adopt"), ["org", "org.member"], "{m:?}");
    assert_eq!(
        ids_marked(&m, "run"),
        ["identity.data_owner", "identity.model_owner"],
        "{m:?}"
    );
    assert_eq!(ids_marked(&m, "create").len(), 15, "{m:?}");
    assert!(changes(&fresh, "vpc").contains("create the VPC 10.40.0.0/16"));
    assert!(changes(&fresh, "subnets").contains("after vpc, which this run creates first"));
    // The plan changed nothing: still nothing tagged, and no journal written.
    assert_eq!(e.tagged().await, [0, 0, 0, 0]);
    assert!(!e.dir.path().join("state").exists());

    // The table for people says the same, row by row.
    let text = e.run(&["plan"]);
    assert_eq!(text.status.code(), Some(3), "{}", stderr(&text));
    let table = stdout(&text);
    for (id, mark) in &m {
        assert!(
            table
                .lines()
                .any(|l| l.split_whitespace().any(|w| w == id) && l.contains(&format!(" {mark} "))),
            "{id} {mark} not in\n{table}"
        );
    }
    assert!(
        table.contains("15 to create, 2 to adopt, 0 to change"),
        "{table}"
    );

    let applied = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));

    // Applied: nothing but exists, and the steps that run every time.
    let (code, after) = plan(&e);
    assert_eq!(code, 0, "{after:#}");
    assert_eq!(after["changes"], false);
    let m = marks(&after);
    assert_eq!(
        ids_marked(&m, "run"),
        ["identity.data_owner", "identity.model_owner", "ram.share"],
        "{m:?}"
    );
    assert_eq!(ids_marked(&m, "exists").len(), 16, "{m:?}");

    // The plan reads exactly what a re-apply reads (apply's own discovery), and the re-apply
    // writes only the one call that runs every time.
    let again = e.run(&["apply", "--yes", "--output", "json"]);
    let calls = &summary(&again)["aws_calls"];
    assert_eq!(after["aws_calls"], calls["reads"], "{calls}");
    assert_eq!(
        calls["writes"], 1,
        "EnableSharingWithAwsOrganization only: {calls}"
    );

    drift(&e).await;
    let (code, drifted) = plan(&e);
    assert_eq!(code, 3, "{drifted:#}");
    let m = marks(&drifted);
    assert_eq!(
        ids_marked(&m, "change"),
        [
            "bucket",
            "bucket.policy",
            "dns.firewall",
            "endpoint.interface",
            "scp",
            "vpc"
        ],
        "{m:?}"
    );
    assert!(changes(&drifted, "vpc").contains("turn DNS hostnames on"));
    let dns = changes(&drifted, "dns.firewall");
    assert!(dns.contains("turn fail-open off"), "{dns}");
    assert!(dns.contains("remove attacker.example"), "{dns}");
    assert!(changes(&drifted, "bucket").contains("turn all four public-access blocks on"));
    assert!(changes(&drifted, "bucket.policy").contains("differs from the generated one"));
    assert!(changes(&drifted, "scp").contains("differs from the generated SCP"));
    assert!(changes(&drifted, "endpoint.interface").contains("ecr.api vpce-"));
    assert!(
        changes(&drifted, "endpoint.interface").contains("policy (differs from the generated one)")
    );

    // Apply corrects exactly that, and the plan is clean again.
    let fixed = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert!(
        summary(&fixed)["updated"].as_u64().unwrap() >= 5,
        "{}",
        stdout(&fixed)
    );
    let (code, clean) = plan(&e);
    assert_eq!(code, 0, "{clean:#}");
}

/// Behind the tool's back, with the SDK as each account: DNS hostnames off, the DNS Firewall's
/// fail-open on and a name outside AWS allowed, the public-access block removed, an allow-all bucket policy, an SCP that denies nothing, an ECR endpoint opened
/// to everything. (A subnet taken out of the share is planned in `engine_mocks_share`: moto has
/// no DisassociateResourceShare.)
async fn drift(e: &Estate) {
    let journal: Value = serde_json::from_str(
        &std::fs::read_to_string(e.dir.path().join("state").join(format!("{}.json", e.name)))
            .unwrap(),
    )
    .unwrap();
    let id = |key: &str| -> String {
        journal["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let config = support::config_for(&e.data).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    ec2.modify_vpc_attribute()
        .vpc_id(id("vpc"))
        .enable_dns_hostnames(
            aws_sdk_ec2::types::AttributeBooleanValue::builder()
                .value(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let all = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    ec2.modify_vpc_endpoint()
        .vpc_endpoint_id(id("endpoint.ecr.api"))
        .policy_document(all)
        .send()
        .await
        .unwrap();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let bucket = id("bucket");
    s3.delete_public_access_block()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let open = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}"#
    );
    s3.put_bucket_policy()
        .bucket(&bucket)
        .policy(open)
        .send()
        .await
        .unwrap();
    // The DNS Firewall: fail-open on, and a name outside AWS added to the allowed list.
    let dns = aws_sdk_route53resolver::Client::new(&config);
    dns.update_firewall_config()
        .resource_id(id("vpc"))
        .firewall_fail_open(aws_sdk_route53resolver::types::FirewallFailOpenStatus::Enabled)
        .send()
        .await
        .unwrap();
    dns.update_firewall_domains()
        .firewall_domain_list_id(id("dns.domains.needed"))
        .operation(aws_sdk_route53resolver::types::FirewallDomainUpdateOperation::Add)
        .domains("attacker.example")
        .send()
        .await
        .unwrap();
    let org = aws_sdk_organizations::Client::new(&config);
    org.update_policy()
        .policy_id(id("scp"))
        .content(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_read_only_client_refuses_every_write_and_counts_every_call() {
    use eks_isolation::aws::{CallLog, Clients};
    let config = support::config_for(&support::unique_account()).await;
    let log = CallLog::read_only();
    let ec2 = Clients {
        config: &config,
        log: &log,
    }
    .ec2();
    let err = ec2
        .create_vpc()
        .cidr_block("10.9.0.0/16")
        .send()
        .await
        .unwrap_err();
    let err = eks_isolation::aws::AwsError::from_sdk("ec2:CreateVpc", err);
    assert!(err.message.contains("refused ec2:CreateVpc"), "{err}");
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    assert!(
        vpcs.vpcs()
            .iter()
            .all(|v| v.cidr_block() != Some("10.9.0.0/16")),
        "nothing was created"
    );
    assert_eq!(log.calls(), ["ec2:CreateVpc", "ec2:DescribeVpcs"]);
}
