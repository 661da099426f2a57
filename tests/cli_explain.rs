//! `check --explain ID` and the JSON's evidence: a finding shows the request that gets through
//! and the statement that allows it; a pass says what was tried; a live-only check or an
//! unknown ID is one line and exit 2; a policy variable makes the check undecided (exit 1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eks-isolation"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

const READERS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowReaders","Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::inference-demo-data/*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Reader*"}}}]}"#;

#[test]
fn explain_shows_the_request_and_the_statement_and_json_carries_it() {
    let dir = tempfile::tempdir().unwrap();
    let bp = dir.path().join("bp.toml");
    assert!(
        run(&["init", "--output", bp.to_str().unwrap()])
            .status
            .success()
    );
    let policy = dir.path().join("readers.json");
    std::fs::write(&policy, READERS).unwrap();
    let (bp, policy) = (bp.to_str().unwrap(), policy.to_str().unwrap());

    let o = run(&[
        "check",
        "--config",
        bp,
        "--bucket-policy",
        policy,
        "--explain",
        "d1",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("D1 Data bucket readable off the S3 endpoint (critical)"),
        "{t}"
    );
    assert!(
        t.contains("principal: arn:aws:iam::222222222222:role/Readerprobe"),
        "{t}"
    );
    assert!(
        t.contains("allowed by statement AllowReaders of the bucket policy"),
        "{t}"
    );
    assert!(!t.contains("D12"), "only the explained check: {t}");

    let o = run(&[
        "check",
        "--config",
        bp,
        "--bucket-policy",
        policy,
        "--output",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d1 = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "D1")
        .unwrap();
    assert_eq!(d1["evidence"]["action"], "s3:GetObject");
    assert_eq!(d1["evidence"]["statements"][0], "AllowReaders");

    let o = run(&["check", "--config", bp, "--explain", "D1"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("what stops each caller's request:"), "{t}");
    assert!(
        t.contains("denied by statement DenyOffEndpoint of the bucket policy: an anonymous caller"),
        "{t}"
    );
    let o = run(&["check", "--config", bp, "--output", "json"]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        report["passes"]["D1"][0]
            .as_str()
            .unwrap()
            .starts_with("denied by statement DenyOffEndpoint"),
        "{report:#}"
    );

    let o = run(&["check", "--config", bp, "--explain", "D2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("passed: no request of the classes tried gets through"));

    for (id, says) in [
        ("D3", "judged on the live accounts by `verify`"),
        ("X9", "not a check ID"),
    ] {
        let o = run(&["check", "--config", bp, "--explain", id]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains(says), "{}", text(&o));
    }
}
