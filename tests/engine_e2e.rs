//! The real binary against moto, as an operator runs it: two accounts through AWS profiles that
//! assume roles, apply → apply again (nothing new) → killed mid-apply and resumed (no
//! duplicates) → destroy (nothing tagged remains); a wrong profile is refused before any change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;
use support::estate::{Estate, stderr, stdout, summary};

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
    assert_eq!(
        e.dns_firewall().await,
        [2, 1, 1],
        "two lists, the group, its association"
    );

    // Verify of both accounts: only what is true of this setup. moto's model owner was created
    // by the organization, so OrganizationAccountAccessRole trusts the data owner (M1); M5 is
    // always said; moto lacks access entries and cluster security groups (M3, M4 undecided);
    // D12 is the warning the VPC CNI's writes on network interfaces leave (never critical).
    let v = e.run(&["verify", "--output", "json"]);
    assert_eq!(v.status.code(), Some(1), "{}\n{}", stdout(&v), stderr(&v));
    let report: Value = serde_json::from_slice(&v.stdout).unwrap();
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["D12", "M1", "M5"], "{report:#}");
    assert_eq!(report["findings"][0]["severity"], "warning", "{report:#}");
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
    assert_eq!(e.dns_firewall().await, [2, 1, 1], "none made twice");

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
    assert_eq!(
        e.dns_firewall().await,
        [0, 0, 0],
        "destroy removes the firewall"
    );
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
    assert_eq!(
        e.dns_firewall().await,
        [2, 1, 1],
        "two lists, the group, its association"
    );
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
