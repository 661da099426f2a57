//! `verify --side`: one party at a time, on moto, with the real binary. After an apply with both
//! profiles, the AWS config file is written again with ONLY one party's profile: any attempt to
//! use the other party's profile would fail the run. The JSON's checked/undecided split must
//! match THREATS.md's "whose evidence" (the table below, written from it).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use serde_json::Value;
use support::REGION;
use support::estate::{Estate, stderr, stdout};

/// THREATS.md: D and S are read by the data owner (the VPC owner and management account), and
/// M6 too (the organization's trusted access, delegated administrators and backup policies
/// are readable only by the management account); D7 and M1-M4 by the model owner (the data
/// owner cannot see the cluster); M5 reads nothing and is always reported.
const DATA_OWNER: [&str; 20] = [
    "D1", "D2", "D3", "D4", "D5", "D6", "D8", "D9", "D10", "D11", "D12", "D13", "M6", "S1", "S2",
    "S3", "S4", "S5", "S6", "S7",
];
const MODEL_OWNER: [&str; 5] = ["D7", "M1", "M2", "M3", "M4"];

/// An AWS config file with the `base` source profile and `side`'s profile only.
fn only_profile(e: &Estate, side: &str, account: &str) {
    let text = format!(
        "[profile base]\nregion = {REGION}\n\n\
         [profile {side}]\nrole_arn = arn:aws:iam::{account}:role/admin\nsource_profile = base\n\
         region = {REGION}\n"
    );
    std::fs::write(e.dir.path().join("aws-config"), text).unwrap();
}

/// `verify --side SIDE --output json` with only that side's profile in the config file.
fn verify_alone(e: &Estate, side: &str, account: &str) -> (Option<i32>, Value) {
    // `command` writes both profiles; the config file is then rewritten with one.
    let mut cmd = e.command(&["verify", "--side", side, "--output", "json"]);
    only_profile(e, side, account);
    let o = cmd.output().unwrap();
    let report = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|err| panic!("{err}\n{}\n{}", stdout(&o), stderr(&o)));
    (o.status.code(), report)
}

fn ids(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().or(v["id"].as_str()).unwrap().to_string())
        .collect()
}

fn reason(report: &Value, id: &str) -> String {
    report["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id)
        .map(|u| u["reason"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn each_party_alone_judges_its_own_checks_and_leaves_the_others_undecided() {
    let e = Estate::new().await;
    let o = e.run(&["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));

    // The data owner alone: every check of its own is judged (moto answers them all), M5 is
    // said, the model owner's are undecided because they need its credentials.
    let (code, report) = verify_alone(&e, "data-owner", &e.data);
    assert_eq!(report["side"], "data-owner", "{report:#}");
    let mut expected: Vec<&str> = DATA_OWNER.to_vec();
    expected.push("M5");
    let mut checked = ids(&report, "checked");
    checked.sort();
    expected.sort_unstable();
    assert_eq!(checked, expected, "{report:#}");
    assert_eq!(ids(&report, "undecided"), MODEL_OWNER, "{report:#}");
    for id in MODEL_OWNER {
        assert_eq!(
            reason(&report, id),
            "needs the model owner's credentials: run verify --side model-owner with them"
        );
    }
    // D12's warning and M5 only: M1 (the model owner's critical finding) is not judged here.
    assert_eq!(ids(&report, "findings"), ["D12", "M5"], "{report:#}");
    assert_eq!(
        code,
        Some(0),
        "no critical finding among the data owner's checks"
    );

    // The model owner alone: D7, M1, M2 (and M5) judged; M3 and M4 are undecided for moto's
    // own reasons (no access entries, no cluster security group); the data owner's need it.
    let (code, report) = verify_alone(&e, "model-owner", &e.model);
    assert_eq!(report["side"], "model-owner", "{report:#}");
    assert_eq!(
        ids(&report, "checked"),
        ["D7", "M1", "M2", "M5"],
        "{report:#}"
    );
    let mut undecided = ids(&report, "undecided");
    undecided.sort();
    let mut expected: Vec<&str> = DATA_OWNER.iter().chain(&["M3", "M4"]).copied().collect();
    expected.sort_unstable();
    assert_eq!(undecided, expected, "{report:#}");
    for id in DATA_OWNER {
        assert_eq!(
            reason(&report, id),
            "needs the data owner's credentials: run verify --side data-owner with them"
        );
    }
    assert!(!reason(&report, "M3").contains("needs the data owner"));
    assert_eq!(ids(&report, "findings"), ["M1", "M5"], "{report:#}");
    assert_eq!(code, Some(1), "M1 is critical: the findings code");
}

#[tokio::test]
async fn the_text_says_which_side_ran_and_a_missing_or_wrong_profile_is_refused() {
    let e = Estate::new().await;
    let mut cmd = e.command(&["verify", "--side", "model-owner"]);
    only_profile(&e, "model-owner", &e.model);
    let o = cmd.output().unwrap();
    let out = stdout(&o);
    assert_eq!(
        out.lines().next(),
        Some(
            format!(
                "side: model owner alone ({}); the data owner's checks are undecided: they need \
                 its credentials",
                e.model
            )
            .as_str()
        ),
        "{out}"
    );
    assert!(out.contains("undecided: D1 "), "{out}");
    // Only the model owner's identity line on stderr: the data owner is never resolved.
    let err = stderr(&o);
    assert!(
        err.contains("model owner") && !err.contains("data owner"),
        "{err}"
    );

    // The data owner's run with only the model owner's profile: the identity error, naming
    // the missing profile (the SDK's own lines follow), and nothing on stdout.
    let mut cmd = e.command(&["verify", "--side", "data-owner"]);
    only_profile(&e, "model-owner", &e.model);
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "eks-isolation: data owner: cannot get credentials from profile data-owner"
        ),
        "{err}"
    );
    assert!(stdout(&o).is_empty());

    // A data-owner profile that is the model owner's account: the usual one-line refusal.
    let mut cmd = e.command(&["verify", "--side", "data-owner", "--output", "json"]);
    only_profile(&e, "data-owner", &e.model);
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "eks-isolation: data owner: the blueprint names account {}, but profile data-owner \
             is account {}",
            e.data, e.model
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(stdout(&o).is_empty());
}
