//! Override files beside the blueprint (`<stem>.<kind>.json`, as the wizard saves them) are
//! what `check` judges, what `plan --offline` lists, and what `apply` asks about, without AWS:
//! `apply --yes` refuses a set with critical findings before any AWS call.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Everything through the data owner's own endpoint, but nothing denies reads off it: D1.
const LEAKY_BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowModelOwnerThroughEndpoint",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::inference-demo-data", "arn:aws:s3:::inference-demo-data/*"],
      "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-s3-gateway-placeholder"}}
    }
  ]
}
"#;

/// Pull only, with a Sid of its own: no finding.
const ECR_API: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"PullEdited","Effect":"Allow","Principal":"*","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"*"}]}"#;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eks-isolation"))
        .args(args)
        // No AWS at all: a call would fail, so a refusal must come before any.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example blueprint as `bp.toml` in a temp dir.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    std::fs::write(&path, eks_isolation::blueprint::EXAMPLE).unwrap();
    (dir, path)
}

fn beside(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn finding_ids(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn check_picks_up_the_files_beside_the_blueprint_and_a_flag_wins_over_them() {
    let (dir, path) = example();
    let p = path.to_str().unwrap();
    let clean = run(&["check", "--config", p, "--output", "json"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));

    let file = beside(dir.path(), "bp.bucket.json", LEAKY_BUCKET);
    let o = run(&["check", "--config", p, "--output", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    // D12: the generated ec2 endpoint policy's own warning, with or without the file.
    assert_eq!(finding_ids(&v), ["D1", "D12"], "{v:#}");
    let text = run(&["check", "--config", p]);
    assert!(
        stdout(&text).contains(&format!(
            "policy file beside the blueprint: {}",
            file.display()
        )),
        "{}",
        stdout(&text)
    );

    // The generated policy given on the command line wins over the file beside it.
    let out = dir.path().join("out");
    let o = run(&["policies", "--config", p, "--dir", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let generated = out.join("bucket-policy.json");
    let o = run(&[
        "check",
        "--config",
        p,
        "--bucket-policy",
        generated.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn a_bad_file_beside_the_blueprint_is_one_line_naming_it_with_line_and_column() {
    let (dir, path) = example();
    let bad = beside(
        dir.path(),
        "bp.scp.json",
        "{\n  \"Statement\": [\n    {]\n}\n",
    );
    for args in [
        vec!["check", "--config", path.to_str().unwrap()],
        vec!["plan", "--offline", "--config", path.to_str().unwrap()],
        vec!["apply", "--yes", "--config", path.to_str().unwrap()],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with(&format!(
                "eks-isolation: {}: line 3, column ",
                bad.display()
            )),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[test]
fn plan_offline_lists_the_policies_it_would_put_and_where_each_comes_from() {
    let (dir, path) = example();
    let file = beside(dir.path(), "bp.endpoint-ecr.api.json", ECR_API);
    let p = path.to_str().unwrap();
    let o = run(&["plan", "--offline", "--config", p, "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let policies = v["policies"].as_array().unwrap();
    let kinds: Vec<&str> = policies
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "bucket",
            "s3-endpoint",
            "endpoint-ec2",
            "endpoint-ecr.api",
            "endpoint-ecr.dkr",
            "endpoint-eks-auth",
            "endpoint-logs",
            "scp"
        ]
    );
    let ecr = &policies[3];
    assert_eq!(ecr["kind"], "endpoint-ecr.api");
    assert_eq!(ecr["file"], file.display().to_string());
    assert_eq!(ecr["document"]["Statement"][0]["Sid"], "PullEdited");
    assert_eq!(policies[0]["file"], Value::Null);
    assert_eq!(
        policies[0]["document"]["Statement"][0]["Sid"],
        "DenyOffEndpoint"
    );
    let text = stdout(&run(&["plan", "--offline", "--config", p]));
    assert!(
        text.contains(&format!(
            "ecr.api endpoint policy     edited: {}",
            file.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("bucket policy               generated"),
        "{text}"
    );
}

#[test]
fn apply_yes_refuses_a_critical_override_before_any_aws_call_unless_accepted() {
    let (dir, path) = example();
    beside(dir.path(), "bp.bucket.json", LEAKY_BUCKET);
    let state = dir.path().join("state");
    let p = path.to_str().unwrap();
    let s = state.to_str().unwrap();
    let o = run(&[
        "apply",
        "--yes",
        "--config",
        p,
        "--state-dir",
        s,
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("critical finding(s) D1 ") && err.contains("--accept-findings D1"),
        "{err}"
    );
    // Tools get the findings on stdout too.
    let last = stdout(&o);
    let v: Value = serde_json::from_str(last.trim()).unwrap();
    // The summary lists every finding (D12, the generated ec2 policy's warning, too); only
    // the critical one stops apply.
    assert_eq!(finding_ids(&v["summary"]), ["D1", "D12"], "{v:#}");
    assert!(v["summary"]["refused"].as_str().unwrap().contains("D1"));
    // Another ID does not accept D1; an unknown one is bad input.
    let o = run(&[
        "apply",
        "--yes",
        "--config",
        p,
        "--state-dir",
        s,
        "--accept-findings",
        "D6",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("critical finding(s) D1 "),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "apply",
        "--yes",
        "--config",
        p,
        "--state-dir",
        s,
        "--accept-findings",
        "X1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--accept-findings X1: not a check ID"),
        "{}",
        stderr(&o)
    );
    // Accepted, it goes on to the identities (which fail here: there is no AWS): exit 1.
    let o = run(&[
        "apply",
        "--yes",
        "--config",
        p,
        "--state-dir",
        s,
        "--accept-findings",
        "d1",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("critical finding"), "{}", stderr(&o));
}
