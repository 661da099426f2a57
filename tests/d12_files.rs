//! D12 on given files, as `check --endpoint-policy SERVICE=FILE` judges them: AWS's default
//! full-access policy is critical; tag writes with free values are a warning (one key) or
//! critical (any key); the generated policy leaves no critical writer; `ec2:*` with a Deny of
//! the high writers is judged by what remains; a Deny the caller can sidestep is no Deny.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// The example blueprint in a temp dir.
struct Case {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("bp.toml");
        let o = bin(&["init", "--output", config.to_str().unwrap()]);
        assert!(o.status.success());
        Self { dir, config }
    }

    /// `check --endpoint-policy ec2=<json> --output json`: the exit code and the ec2
    /// endpoint's D12 finding (severity, detail), if any.
    fn ec2(&self, json: &str) -> (i32, Option<(String, String)>) {
        let file = self.dir.path().join("ec2.json");
        std::fs::write(&file, json).unwrap();
        let spec = format!("ec2={}", file.display());
        let o = bin(&[
            "check",
            "--config",
            self.config.to_str().unwrap(),
            "--endpoint-policy",
            &spec,
            "--output",
            "json",
        ]);
        let report: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "D12" && f["detail"].as_str().unwrap().starts_with("the ec2 "))
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_string(),
                    f["detail"].as_str().unwrap().to_string(),
                )
            });
        (o.status.code().unwrap(), finding)
    }
}

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eks-isolation"))
        .args(args)
        .output()
        .unwrap()
}

const HIGH_WRITERS: [&str; 6] = [
    "ec2:RunInstances",
    "ec2:CreateLaunchTemplate*",
    "ec2:ModifyInstanceAttribute",
    "ec2:ImportKeyPair",
    "ec2:CreateTags",
    "ec2:AuthorizeSecurityGroup*",
];

#[test]
fn the_default_full_access_policy_is_critical_with_every_high_writer() {
    let (code, d12) = Case::new()
        .ec2(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#);
    assert_eq!(code, 1);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "critical");
    for writer in [
        "ec2:RunInstances (user data, 16384 bytes; high)",
        "ec2:CreateLaunchTemplate (launch template user data, 16384 bytes; high)",
        "ec2:ModifyInstanceAttribute (user data, 16384 bytes; high)",
        "ec2:ImportKeyPair (key name and public key material, no stated maximum; high)",
        "ec2:CreateTags (tag keys and values, any key, 19150 bytes; high)",
        "ec2 actions no statement names (actions the writer catalog does not know",
        "ec2:CreateNetworkInterface (description, no stated maximum; medium)",
    ] {
        assert!(detail.contains(writer), "{writer}: {detail}");
    }
    assert!(detail.ends_with("budget: no stated maximum"), "{detail}");
}

#[test]
fn an_endpoint_without_a_policy_has_the_default_one() {
    // ssm has no generated policy: the analyzer judges AWS's default for it.
    let case = Case::new();
    let text = std::fs::read_to_string(&case.config).unwrap().replace(
        "\"eks-auth\", \"logs\"]",
        "\"eks-auth\", \"logs\", \"ssm\"]",
    );
    std::fs::write(&case.config, text).unwrap();
    let o = bin(&[
        "check",
        "--config",
        case.config.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ssm = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "D12" && f["detail"].as_str().unwrap().starts_with("the ssm "))
        .unwrap();
    assert_eq!(ssm["severity"], "critical");
    assert!(
        ssm["detail"]
            .as_str()
            .unwrap()
            .contains("(no endpoint policy: AWS's default allows everything)"),
        "{ssm}"
    );
}

#[test]
fn create_tags_with_free_values_is_a_warning_for_one_key_and_critical_for_any_key() {
    let case = Case::new();
    // One tag key the conditions fix; its value is free: 256 bytes a call.
    let (code, d12) = case.ec2(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}"#,
    );
    assert_eq!(code, 0, "a warning is not critical");
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "warning");
    assert!(
        detail.contains("ec2:CreateTags (free values of team, 256 bytes; medium)"),
        "{detail}"
    );
    assert!(detail.ends_with("budget: 256 bytes per call"), "{detail}");

    // Any key and value: 50 tags of 127 + 256 characters on one resource, a high writer.
    let (code, d12) = case.ec2(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:CreateTags","Resource":"*"}]}"#,
    );
    assert_eq!(code, 1);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "critical");
    assert!(detail.contains("any key, 19150 bytes; high"), "{detail}");

    // Values drawn from what the conditions name: low, an info.
    let (code, d12) = case.ec2(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"StringEquals":{"aws:RequestTag/team":["blue","green"]}}}]}"#,
    );
    assert_eq!(code, 0);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "info");
    assert!(
        detail.contains("tag values fixed by the policy's conditions; low"),
        "{detail}"
    );

    // A wildcard in a value lets the caller write after it.
    let (_, d12) = case.ec2(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"StringLike":{"aws:RequestTag/team":"team-*"}}}]}"#,
    );
    assert_eq!(d12.unwrap().0, "warning");
}

#[test]
fn the_generated_policy_has_no_critical_writer() {
    let case = Case::new();
    let out = case.dir.path().join("out");
    let o = bin(&[
        "policies",
        "--config",
        case.config.to_str().unwrap(),
        "--dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let generated = std::fs::read_to_string(out.join("endpoint-ec2.json")).unwrap();
    let (code, d12) = case.ec2(&generated);
    assert_eq!(code, 0);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "warning", "{detail}");
    for writer in HIGH_WRITERS {
        if writer != "ec2:CreateTags" {
            assert!(
                !detail.contains(writer.trim_end_matches('*')),
                "{writer}: {detail}"
            );
        }
    }
    assert!(!detail.contains("high"), "{detail}");
}

#[test]
fn ec2_star_with_a_deny_of_the_high_writers_is_judged_by_what_remains() {
    let deny = serde_json::to_string(&HIGH_WRITERS).unwrap();
    let json = format!(
        r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"ec2:*","Resource":"*"}},{{"Effect":"Deny","Principal":"*","Action":{deny},"Resource":"*"}}]}}"#
    );
    let (code, d12) = Case::new().ec2(&json);
    let (severity, detail) = d12.unwrap();
    // What remains: the medium writers, and ec2:* itself, which covers actions the catalog
    // does not know (THREATS.md D12: a high writer).
    assert_eq!(code, 1);
    assert_eq!(severity, "critical");
    for denied in [
        "RunInstances",
        "CreateLaunchTemplate",
        "ModifyInstanceAttribute",
        "ImportKeyPair",
        "CreateTags",
        "AuthorizeSecurityGroup",
    ] {
        assert!(!detail.contains(denied), "{denied}: {detail}");
    }
    assert!(
        detail.contains("ec2:* (actions the writer catalog does not know: counted as high; high)"),
        "{detail}"
    );
    assert!(
        detail.contains("ec2:CreateKeyPair (key name, 255 bytes; medium)"),
        "{detail}"
    );
    assert!(
        detail.contains("ec2:CreateSecurityGroup (group name and description, 510 bytes; medium)"),
        "{detail}"
    );
}

#[test]
fn a_deny_the_caller_can_sidestep_is_no_deny_and_one_it_cannot_is() {
    let case = Case::new();
    // The model owner chooses its principals' tags: a Deny that spares one tag value spares
    // whoever carries it.
    let sidestep = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/tier":"trusted"}}}]}"#;
    let (_, d12) = case.ec2(sidestep);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "critical");
    assert!(
        detail.contains("ec2:RunInstances (user data, 16384 bytes; high)"),
        "{detail}"
    );
    // A Deny on the caller's account, which it cannot change: nothing is open.
    let held = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111111111111"}}}]}"#;
    let (code, d12) = case.ec2(held);
    assert_eq!((code, d12), (0, None));
}

#[test]
fn conditions_of_one_statement_are_satisfied_together_in_a_large_policy() {
    // 80 statements, each allowing a user-data write only with its own tag and the shared VPC:
    // the caller meets both conditions of one of them at once.
    let statements: Vec<String> = (0..80)
        .map(|i| {
            format!(
                r#"{{"Effect":"Allow","Principal":"*","Action":"ec2:ModifyInstanceAttribute","Resource":"*","Condition":{{"StringEquals":{{"aws:ResourceTag/team-{i}":"v{i}"}},"ArnLike":{{"ec2:Vpc":"arn:aws:ec2:*:111111111111:vpc/*"}}}}}}"#
            )
        })
        .collect();
    let json = format!(r#"{{"Statement":[{}]}}"#, statements.join(","));
    let (_, d12) = Case::new().ec2(&json);
    let (severity, detail) = d12.unwrap();
    assert_eq!(severity, "critical");
    assert!(
        detail.contains("ec2:ModifyInstanceAttribute (user data, 16384 bytes; high)"),
        "{detail}"
    );
}
