//! The real binary against moto, as an operator runs it: two accounts through AWS profiles that
//! assume roles, apply → apply again (nothing new) → killed mid-apply and resumed (no
//! duplicates) → destroy (nothing tagged remains); a wrong profile is refused before any change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use aws_sdk_ec2::types::Filter;
use serde_json::Value;

const TAG: &str = "eks-isolation:blueprint";

struct Estate {
    dir: tempfile::TempDir,
    data: String,
    model: String,
    name: String,
}

impl Estate {
    /// A data owner that manages an organization, and a model owner created in it (moto cannot
    /// invite: DESIGN.md), with a blueprint naming both.
    async fn new() -> Self {
        let data = support::unique_account();
        let org = aws_sdk_organizations::Client::new(&support::config_for(&data).await);
        org.create_organization()
            .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
            .send()
            .await
            .unwrap();
        let created = org
            .create_account()
            .account_name("model-owner")
            .email(format!("model-{data}@example.com"))
            .send()
            .await
            .unwrap();
        let status = created.create_account_status().unwrap();
        let model = status.account_id().unwrap().to_string();
        let name = format!("e2e-{data}");
        let dir = tempfile::tempdir().unwrap();
        let bp = eks_isolation::blueprint::EXAMPLE
            .replace("111111111111", &data)
            .replace("222222222222", &model)
            .replace("name = \"inference-demo\"", &format!("name = \"{name}\""))
            .replace("inference-demo-data", &format!("data-{data}"));
        std::fs::write(dir.path().join("bp.toml"), bp).unwrap();
        Self {
            dir,
            data,
            model,
            name,
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("bp.toml")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eks-isolation"));
        cmd.args(args)
            .arg("--config")
            .arg(self.config())
            .arg("--state-dir")
            .arg(self.dir.path().join("state"));
        for key in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
        ] {
            cmd.env_remove(key);
        }
        for (k, v) in support::profile_env(self.dir.path(), &self.data, &self.model) {
            if !v.is_empty() {
                cmd.env(k, v);
            }
        }
        cmd.stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// How many EC2 resources of each kind carry this blueprint's tag.
    async fn tagged(&self) -> [usize; 4] {
        let ec2 = aws_sdk_ec2::Client::new(&support::config_for(&self.data).await);
        let f = || {
            Filter::builder()
                .name(format!("tag:{TAG}"))
                .values(&self.name)
                .build()
        };
        let vpcs = ec2.describe_vpcs().filters(f()).send().await.unwrap();
        let subnets = ec2.describe_subnets().filters(f()).send().await.unwrap();
        let endpoints = ec2
            .describe_vpc_endpoints()
            .filters(f())
            .send()
            .await
            .unwrap();
        let live_endpoints = endpoints
            .vpc_endpoints()
            .iter()
            .filter(|e| e.state().is_none_or(|s| s.as_str() != "deleted"))
            .count();
        let sgs = ec2
            .describe_security_groups()
            .filters(f())
            .send()
            .await
            .unwrap();
        [
            vpcs.vpcs().len(),
            subnets.subnets().len(),
            live_endpoints,
            sgs.security_groups().len(),
        ]
    }

    async fn scps_named_like_ours(&self) -> usize {
        let org = aws_sdk_organizations::Client::new(&support::config_for(&self.data).await);
        let out = org
            .list_policies()
            .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
            .send()
            .await
            .unwrap();
        out.policies()
            .iter()
            .filter(|p| p.name() == Some(&format!("eks-isolation-{}", self.name)))
            .count()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The final `{"summary": …}` line of a json-mode apply/destroy.
fn summary(o: &Output) -> Value {
    let text = stdout(o);
    let last = text
        .lines()
        .rev()
        .find(|l| l.contains("\"summary\""))
        .unwrap_or_else(|| panic!("no summary: {text}\n{}", stderr(o)));
    serde_json::from_str::<Value>(last).unwrap()["summary"].clone()
}

/// Expected EC2 counts for the example blueprint: 1 VPC, 2 subnets, S3 + 5 interface
/// endpoints, 1 endpoint security group.
const EXPECTED: [usize; 4] = [1, 2, 6, 1];

#[tokio::test]
async fn apply_twice_then_destroy_across_two_accounts() {
    let e = Estate::new().await;
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let s = summary(&o);
    assert!(s["created"].as_u64().unwrap() > 5, "{s}");
    assert_eq!(s["failures"], Value::Array(vec![]));
    // Every progress line names its step, side and account; the sides run in their accounts.
    for line in stdout(&o).lines().filter(|l| l.contains("\"step\"")) {
        let p: Value = serde_json::from_str(line).unwrap();
        let expected = if p["side"] == "model_owner" {
            &e.model
        } else {
            &e.data
        };
        assert_eq!(p["account"].as_str(), Some(expected.as_str()), "{line}");
    }
    assert_eq!(e.tagged().await, EXPECTED);
    assert_eq!(e.scps_named_like_ours().await, 1);

    // Verify of both accounts: only what is true of this setup. moto's model owner was created
    // by the organization, so OrganizationAccountAccessRole trusts the data owner (M1); M5 is
    // always said; moto lacks access entries and cluster security groups (M3, M4 undecided).
    let v = e.run(&["verify", "--output", "json"]);
    assert_eq!(v.status.code(), Some(1), "{}\n{}", stdout(&v), stderr(&v));
    let report: Value = serde_json::from_slice(&v.stdout).unwrap();
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["M1", "M5"], "{report:#}");
    let undecided: Vec<&str> = report["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(undecided, ["M3", "M4"], "{report:#}");
    assert!(report["checked"].as_array().unwrap().len() >= 20);

    let again = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(summary(&again)["created"], 0, "{}", stdout(&again));
    assert_eq!(e.tagged().await, EXPECTED);

    let gone = e.run(&["destroy", "--yes", "--output", "json"]);
    assert_eq!(
        gone.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&gone),
        stderr(&gone)
    );
    assert_eq!(e.tagged().await, [0, 0, 0, 0]);
    assert_eq!(e.scps_named_like_ours().await, 0);
    let twice = e.run(&["destroy", "--yes", "--output", "json"]);
    assert_eq!(twice.status.code(), Some(0), "{}", stderr(&twice));
}

#[tokio::test]
async fn killed_at_several_points_a_rerun_converges_without_duplicates() {
    let e = Estate::new().await;
    let journal_path = e.dir.path().join("state").join(format!("{}.json", e.name));
    let recorded = || -> usize {
        std::fs::read_to_string(&journal_path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .map_or(0, |j| j["resources"].as_array().map_or(0, Vec::len))
    };
    let mut after_kills = Vec::new();
    for kill_after in [2usize, 6, 11] {
        let mut child = e
            .command(&["apply", "--yes", "--output", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let mut finished = 0;
        for line in BufReader::new(out).lines() {
            let line = line.unwrap();
            if line.contains("\"state\":\"done\"") || line.contains("\"state\":\"skipped\"") {
                finished += 1;
                if finished >= kill_after {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL: no cleanup runs
        let _ = child.wait();
        after_kills.push(recorded());
    }
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(e.tagged().await, EXPECTED);
    assert_eq!(e.scps_named_like_ours().await, 1);
    let full = recorded();
    assert!(
        after_kills[0] < full,
        "the first kill came mid-apply: {after_kills:?} of {full}"
    );
    let journal: Value =
        serde_json::from_str(&std::fs::read_to_string(&journal_path).unwrap()).unwrap();
    let keys: Vec<&str> = journal["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "{keys:?}");
    let text = serde_json::to_string(&journal).unwrap();
    assert!(!text.contains("testing"), "no credential in the journal");
}

#[tokio::test]
async fn a_profile_of_the_wrong_account_is_refused_before_any_change() {
    let e = Estate::new().await;
    let other = support::unique_account();
    let bp = std::fs::read_to_string(e.config()).unwrap();
    // The blueprint names another model-owner account than the model-owner profile's.
    std::fs::write(e.config(), bp.replace(&e.model, &other)).unwrap();
    let o = e.run(&["apply", "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("model owner: the blueprint names account {other}, but profile model-owner is account {}", e.model)), "{err}");
    assert_eq!(e.tagged().await, [0, 0, 0, 0]);
}

#[tokio::test]
async fn ctrl_c_stops_after_the_running_calls_with_130_and_a_rerun_finishes() {
    let e = Estate::new().await;
    let mut child = e
        .command(&["apply", "--yes", "--output", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("\"state\":\"done\"") {
            break;
        }
    }
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest:?}");
    let last = rest
        .iter()
        .rev()
        .find(|l| l.contains("\"summary\""))
        .unwrap();
    let s: Value = serde_json::from_str(last).unwrap();
    assert_eq!(s["summary"]["interrupted"], true, "{last}");
    assert!(
        rest.iter().any(|l| l.contains("not started: stopping")),
        "{rest:?}"
    );

    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(e.tagged().await, EXPECTED);
}
