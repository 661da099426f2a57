//! The Pod Identity Agent add-on against moto (with scripts/standin_eks_addons.py, since moto
//! has no EKS add-ons), as the real binary does it: apply installs it once on the cluster, a
//! second apply finds it and makes nothing, destroy removes it before the cluster, and without
//! a journal destroy finds it by its tag.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use serde_json::Value;
use support::estate::{Estate, TAG, stderr, stdout, summary};

const ADDON: &str = "eks-pod-identity-agent";
const STEP: &str = "eks.addon.pod_identity";

/// The progress lines of one step (by id) that end it (done, skipped or failed).
fn ends_of(o: &std::process::Output, step: &str) -> Vec<Value> {
    stdout(o)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|p| p["step"] == step && p["state"] != "running" && p["state"] != "pending")
        .collect()
}

#[tokio::test]
async fn apply_installs_the_agent_once_and_destroy_removes_it_before_the_cluster() {
    let e = Estate::new().await;
    let eks = aws_sdk_eks::Client::new(&support::config_for(&e.model).await);
    let cluster = "inference";

    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let first = ends_of(&o, STEP);
    assert_eq!(first.len(), 1, "{}", stdout(&o));
    assert_eq!(first[0]["state"], "done", "{}", first[0]);
    assert_eq!(first[0]["side"], "model_owner");
    assert_eq!(first[0]["account"].as_str(), Some(e.model.as_str()));
    let listed = eks
        .list_addons()
        .cluster_name(cluster)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.addons(), [ADDON]);
    let addon = eks
        .describe_addon()
        .cluster_name(cluster)
        .addon_name(ADDON)
        .send()
        .await
        .unwrap();
    let addon = addon.addon().unwrap();
    assert_eq!(addon.status().map(|s| s.as_str()), Some("ACTIVE"));
    assert_eq!(
        addon.tags().and_then(|t| t.get(TAG)).map(String::as_str),
        Some(e.name.as_str()),
        "tagged as ours"
    );
    let journal_path = e.dir.path().join("state").join(format!("{}.json", e.name));
    let journal: Value =
        serde_json::from_str(&std::fs::read_to_string(&journal_path).unwrap()).unwrap();
    let record = journal["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == STEP)
        .unwrap_or_else(|| panic!("no {STEP} in {journal:#}"));
    assert_eq!(record["kind"], "eks:addon");
    assert_eq!(record["id"].as_str(), addon.addon_arn());

    // Again: found, nothing made, still one add-on.
    let again = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(summary(&again)["created"], 0, "{}", stdout(&again));
    let second = ends_of(&again, STEP);
    assert_eq!(second.len(), 1);
    assert_eq!(second[0]["state"], "skipped", "{}", second[0]);
    assert!(
        second[0]["message"].as_str().unwrap().contains("ACTIVE"),
        "{}",
        second[0]
    );
    let listed = eks
        .list_addons()
        .cluster_name(cluster)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.addons(), [ADDON]);

    // The live plan of the applied estate: the add-on exists.
    let plan = e.run(&["plan", "--output", "json"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    let doc: Value = serde_json::from_slice(&plan.stdout).unwrap();
    let row = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == STEP)
        .unwrap_or_else(|| panic!("no {STEP} in {doc:#}"));
    assert_eq!(row["mark"], "exists", "{row}");

    // Destroy: the add-on goes, and before the cluster.
    let gone = e.run(&["destroy", "--yes", "--output", "json"]);
    assert_eq!(
        gone.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&gone),
        stderr(&gone)
    );
    let removed = ends_of(&gone, &format!("destroy.{STEP}"));
    assert_eq!(removed.len(), 1, "{}", stdout(&gone));
    assert_eq!(removed[0]["state"], "done", "{}", removed[0]);
    assert!(
        removed[0]["message"]
            .as_str()
            .unwrap()
            .contains("deleted add-on eks-pod-identity-agent"),
        "{}",
        removed[0]
    );
    let steps: Vec<String> = stdout(&gone)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|p| p["state"] == "done")
        .filter_map(|p| p["step"].as_str().map(str::to_string))
        .collect();
    let at = |id: &str| steps.iter().position(|s| s == id).unwrap();
    assert!(
        at(&format!("destroy.{STEP}")) < at("destroy.eks.cluster"),
        "{steps:?}"
    );
    let after = eks
        .describe_addon()
        .cluster_name(cluster)
        .addon_name(ADDON)
        .send()
        .await;
    assert!(after.is_err(), "the add-on is gone: {after:?}");
}

#[tokio::test]
async fn without_a_journal_destroy_finds_the_add_on_by_its_tag_and_removes_it() {
    let e = Estate::new().await;
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    std::fs::remove_file(e.dir.path().join("state").join(format!("{}.json", e.name))).unwrap();

    let gone = e.run(&["destroy", "--yes", "--output", "json"]);
    assert_eq!(
        gone.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&gone),
        stderr(&gone)
    );
    let removed = ends_of(&gone, &format!("destroy.{STEP}"));
    assert_eq!(removed.len(), 1, "{}", stdout(&gone));
    assert_eq!(removed[0]["state"], "done", "{}", removed[0]);
    assert!(
        removed[0]["message"]
            .as_str()
            .unwrap()
            .contains("deleted add-on eks-pod-identity-agent"),
        "{}",
        removed[0]
    );
}
