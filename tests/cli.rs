//! The headless commands as other tools see them: exit codes, JSON shapes, one-line errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eks-isolation"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temp dir holding the example blueprint as `bp.toml`.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let o = run(&["init", "--output", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, path)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn init_writes_the_example_and_refuses_to_overwrite() {
    let (_dir, path) = example();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, eks_isolation::blueprint::EXAMPLE);
    let o = run(&["init", "--output", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot create"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "file untouched"
    );
}

#[test]
fn check_of_the_example_has_no_critical_finding_in_json_with_every_static_check() {
    let (_dir, path) = example();
    let o = run(&[
        "check",
        "--config",
        path.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    // The one finding: D12, a warning, for what the VPC CNI must write on network interfaces.
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v:#}");
    assert_eq!(findings[0]["id"], "D12");
    assert_eq!(findings[0]["severity"], "warning");
    assert!(
        findings[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("the ec2 endpoint"),
        "{v:#}"
    );
    let checked: Vec<&str> = v["checked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        checked,
        [
            "D1", "D2", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "D12", "S1", "S3", "S4"
        ]
    );
}

#[test]
fn check_with_a_leaky_bucket_policy_file_exits_1_with_d1() {
    let (dir, path) = example();
    let leaky = write(
        dir.path(),
        "bucket.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::inference-demo-data/*"}]}"#,
    );
    let o = run(&[
        "check",
        "--config",
        path.to_str().unwrap(),
        "--bucket-policy",
        &leaky,
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    let f = &v["findings"][0];
    assert_eq!(f["id"], "D1");
    assert_eq!(f["severity"], "critical");
    assert!(f["title"].as_str().unwrap().contains("off the S3 endpoint"));
    assert!(f["detail"].as_str().unwrap().contains("anonymous"));
}

#[test]
fn check_text_output_is_a_readable_table() {
    let (dir, path) = example();
    let full = write(
        dir.path(),
        "s3.json",
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    );
    let o = run(&[
        "check",
        "--config",
        path.to_str().unwrap(),
        "--s3-endpoint-policy",
        &full,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("ID   SEVERITY  FINDING"), "{text}");
    assert!(
        text.contains("D2   critical  S3 endpoint reaches buckets other than the data bucket"),
        "{text}"
    );
    assert!(
        text.contains("1 critical, 1 warning, 0 info: NOT isolated"),
        "{text}"
    );
    assert!(text.contains("placeholder"), "{text}");
}

#[test]
fn several_scps_apply_together() {
    let (dir, path) = example();
    let allow_all = write(
        dir.path(),
        "full.json",
        r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let deny_some = write(
        dir.path(),
        "deny.json",
        r#"{"Statement":[{"Effect":"Deny","Action":["ec2:*","ebs:*"],"Resource":"*"}]}"#,
    );
    let p = path.to_str().unwrap();
    let o = run(&[
        "check", "--config", p, "--scp", &allow_all, "--scp", &deny_some, "--output", "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let ids: Vec<String> = json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    // D12 is the generated ec2 endpoint policy's warning, as for the example alone.
    assert_eq!(
        ids,
        ["D9", "D12"],
        "copy set denied by ec2:*/ebs:*, LeaveOrganization is not"
    );
}

#[test]
fn policy_with_a_json_error_names_option_file_line_and_column() {
    let (dir, path) = example();
    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}\n",
    );
    let o = run(&[
        "check",
        "--config",
        path.to_str().unwrap(),
        "--scp",
        &broken,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("eks-isolation: --scp "), "{err}");
    assert!(err.contains("broken.json: line 3, column 3"), "{err}");
    assert!(o.stdout.is_empty(), "nothing half-done on stdout");
}

#[test]
fn endpoint_policy_for_an_endpoint_not_in_the_blueprint_is_bad_input() {
    let (dir, path) = example();
    let f = write(dir.path(), "ssm.json", r#"{"Statement":[]}"#);
    let p = path.to_str().unwrap();
    let o = run(&[
        "check",
        "--config",
        p,
        "--endpoint-policy",
        &format!("ssm={f}"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ssm is not in network.interface_endpoints"),
        "{}",
        stderr(&o)
    );
    let o = run(&["check", "--config", p, "--endpoint-policy", "ecr.api"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected SERVICE=FILE"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn endpoint_policy_allowing_push_is_d4() {
    let (dir, path) = example();
    let f = write(
        dir.path(),
        "ecr.json",
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"*"}]}"#,
    );
    let o = run(&[
        "check",
        "--config",
        path.to_str().unwrap(),
        "--endpoint-policy",
        &format!("ecr.api={f}"),
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["findings"][0]["id"], "D4");
}

#[test]
fn bad_blueprint_exits_2_with_a_line_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = eks_isolation::blueprint::EXAMPLE
        .replace("account_id = \"222222222222\"", "account_id = \"2222\"")
        .replace("name = \"inference\"", "name = \"-bad name\"");
    let p = write(dir.path(), "bad.toml", &text);
    let o = run(&["check", "--config", &p, "--output", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.lines()
            .all(|l| l.starts_with("eks-isolation: ") && l.contains("bad.toml: line ")),
        "{err}"
    );
    assert!(err.contains("model_owner.account_id"), "{err}");
    assert!(err.contains("cluster.name"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn policies_writes_every_generated_policy_as_parseable_pretty_json() {
    let (dir, path) = example();
    let out = dir.path().join("policies");
    let o = run(&[
        "policies",
        "--config",
        path.to_str().unwrap(),
        "--dir",
        out.to_str().unwrap(),
        "--s3-endpoint-id",
        "vpce-0123456789abcdef0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bucket-policy.json",
            "endpoint-ec2.json",
            "endpoint-ecr.api.json",
            "endpoint-ecr.dkr.json",
            "endpoint-eks-auth.json",
            "endpoint-logs.json",
            "s3-endpoint-policy.json",
            "scp.json"
        ]
    );
    let bucket = std::fs::read_to_string(out.join("bucket-policy.json")).unwrap();
    assert!(bucket.contains("vpce-0123456789abcdef0"));
    assert!(
        bucket.starts_with("{\n  \"Version\": \"2012-10-17\""),
        "{bucket}"
    );
    for name in names {
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        eks_isolation::policy::PolicyDocument::from_json(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(!stdout(&o).contains("placeholder"));
    // Without an endpoint ID the placeholder is used, and said so.
    let o = run(&[
        "policies",
        "--config",
        path.to_str().unwrap(),
        "--dir",
        out.to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("note: the S3 endpoint ID is not known yet"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn plan_offline_lists_the_steps_in_working_order() {
    let (_dir, path) = example();
    let o = run(&[
        "plan",
        "--config",
        path.to_str().unwrap(),
        "--offline",
        "--output",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let steps = v["steps"].as_array().unwrap();
    let numbers: Vec<u64> = steps.iter().map(|s| s["step"].as_u64().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "{numbers:?}");
    assert_eq!(numbers.first(), Some(&1));
    assert_eq!(numbers.last(), Some(&9));
    let org = steps.iter().position(|s| s["id"] == "org").unwrap();
    let share = steps.iter().position(|s| s["id"] == "ram.share").unwrap();
    assert!(org < share, "the organization comes before the share");
    let cluster = steps.iter().find(|s| s["id"] == "eks.cluster").unwrap();
    assert_eq!(cluster["side"], "model_owner");
    assert_eq!(cluster["account"], "222222222222");
    // Offline, no step is marked: marks come from looking at AWS.
    assert_eq!(cluster["mark"], Value::Null);
    assert_eq!(v["offline"], true);
}

#[test]
fn no_subcommand_without_a_terminal_is_a_usage_error() {
    let o = bin().stdin(std::process::Stdio::null()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a terminal"));
}

#[test]
fn watch_needs_a_terminal_and_an_interval_of_at_least_a_second() {
    let (_dir, path) = example();
    let p = path.to_str().unwrap();
    let o = bin()
        .args(["watch", "--config", p])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("watch needs a terminal"),
        "{}",
        stderr(&o)
    );
    let o = run(&["watch", "--config", p, "--interval", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--interval"), "{}", stderr(&o));
}

#[test]
fn malformed_endpoint_id_is_refused_before_anything_is_written() {
    let (dir, path) = example();
    let out = dir.path().join("never");
    let p = path.to_str().unwrap();
    let o = run(&[
        "policies",
        "--config",
        p,
        "--dir",
        out.to_str().unwrap(),
        "--s3-endpoint-id",
        "vpce-XYZ",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("eks-isolation: --s3-endpoint-id: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!out.exists(), "no directory made");
    let o = run(&["check", "--config", p, "--s3-endpoint-id", "endpoint"]);
    assert_eq!(o.status.code(), Some(2));
}
