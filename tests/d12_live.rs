//! D12 against moto, as an operator meets it: after `apply` every interface endpoint holds its
//! generated policy and `verify` reports D12 only as the warning the VPC CNI's writes leave;
//! with the ec2 endpoint opened to everything behind the tool's back, `verify` names D12
//! critical for that endpoint and the live plan marks `endpoint.interface` for a change. Also:
//! the managed-policy fixtures are what the test server serves.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use serde_json::Value;
use support::estate::{Estate, stderr, stdout};

const ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(o), stderr(o)))
}

/// The D12 findings of a report, as (severity, detail).
fn d12(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "D12")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The journal's ID of a step's resource.
fn recorded(e: &Estate, key: &str) -> String {
    let path = e.dir.path().join("state").join(format!("{}.json", e.name));
    let journal: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    journal["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("{key} not in the journal: {journal:#}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn apply_puts_every_endpoint_policy_and_an_opened_one_is_d12_and_a_planned_change() {
    let e = Estate::new().await;
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));

    // Every interface endpoint holds its generated policy, read back with the SDK.
    let bp = eks_isolation::blueprint::Blueprint::load(&e.config()).unwrap();
    let generated = eks_isolation::policy::generate::generate(&bp, None);
    let ec2 = aws_sdk_ec2::Client::new(&support::config_for(&e.data).await);
    for service in &bp.network.interface_endpoints {
        let id = recorded(&e, &format!("endpoint.{service}"));
        let out = ec2
            .describe_vpc_endpoints()
            .vpc_endpoint_ids(&id)
            .send()
            .await
            .unwrap();
        let text = out.vpc_endpoints()[0].policy_document().unwrap_or_default();
        let live = eks_isolation::policy::PolicyDocument::from_json(text).unwrap();
        assert_eq!(
            live, generated.interface_endpoints[service],
            "{service}: {text}"
        );
    }

    // verify: D12 is the CNI's warning on the ec2 endpoint, nothing critical.
    let v = e.run(&["verify", "--output", "json"]);
    let report = json(&v);
    let found = d12(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0].0, "warning", "{report:#}");
    assert!(found[0].1.starts_with("the ec2 endpoint"), "{report:#}");
    assert!(
        report["checked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "D12"),
        "{report:#}"
    );

    // Behind the tool's back: the ec2 endpoint opened to everything.
    ec2.modify_vpc_endpoint()
        .vpc_endpoint_id(recorded(&e, "endpoint.ec2"))
        .policy_document(ALL)
        .send()
        .await
        .unwrap();
    let v = e.run(&["verify", "--output", "json"]);
    assert_eq!(v.status.code(), Some(1), "{}", stderr(&v));
    let report = json(&v);
    let found = d12(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let (severity, detail) = &found[0];
    assert_eq!(severity, "critical", "{report:#}");
    assert!(detail.starts_with("the ec2 endpoint"), "{detail}");
    assert!(
        detail.contains("ec2:RunInstances (user data, 16384 bytes; high)"),
        "{detail}"
    );

    // The live plan sees the drift where apply would correct it.
    let p = e.run(&["plan", "--output", "json"]);
    assert_eq!(p.status.code(), Some(3), "{}\n{}", stdout(&p), stderr(&p));
    let plan = json(&p);
    let step = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "endpoint.interface")
        .unwrap();
    assert_eq!(step["mark"], "change", "{step:#}");
    let changes = step["changes"].to_string();
    assert!(
        changes.contains("ec2 vpce-")
            && changes.contains("policy (differs from the generated one)"),
        "{changes}"
    );

    // apply puts the generated policy back; verify is back to the warning.
    let fixed = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    let report = json(&e.run(&["verify", "--output", "json"]));
    let found = d12(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0].0, "warning", "{report:#}");
}

#[tokio::test]
async fn the_managed_policy_fixtures_are_what_the_test_server_serves() {
    let account = support::unique_account();
    let iam = aws_sdk_iam::Client::new(&support::config_for(&account).await);
    for name in [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonEC2ContainerRegistryReadOnly",
    ] {
        let arn = format!("arn:aws:iam::aws:policy/{name}");
        let policy = iam.get_policy().policy_arn(&arn).send().await.unwrap();
        let version = policy.policy().unwrap().default_version_id().unwrap();
        let out = iam
            .get_policy_version()
            .policy_arn(&arn)
            .version_id(version)
            .send()
            .await
            .unwrap();
        let text = out.policy_version().unwrap().document().unwrap();
        // IAM returns the document URL-encoded.
        let decoded = percent_decode(text);
        let served: Value = serde_json::from_str(&decoded).unwrap();
        let path = support::repo().join(format!("tests/fixtures/managed-policies/{name}.json"));
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(served, fixture, "{name}");
    }
}

/// `%XX` → byte (IAM's policy documents are URL-encoded); `+` stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
