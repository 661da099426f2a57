//! End to end, as an operator does it: the real binary in a pseudo-terminal against moto,
//! prepared by the sandbox's own script (an organization, the model owner a member of it, two
//! profiles). Pick both profiles, walk the network, bucket and cluster screens, apply with live
//! progress, and reach a monitor whose only critical finding is the one true of the sandbox
//! (M1: the OrganizationAccountAccessRole that CreateAccount makes trusts the data owner).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
mod ui_support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use eks_isolation::blueprint::Blueprint;
use ui_support::pty::{CTRL_U, DOWN, ENTER, Session, TAB};

const SIZE: (u16, u16) = (160, 48);
const APPLY_WAIT: Duration = Duration::from_secs(180);

/// Run `scripts/sandbox_prepare.py` against the test's moto as data owner `data`; the model
/// owner's account ID (made by CreateAccount).
fn prepare(dir: &Path, data: &str) -> String {
    let repo = support::repo();
    let out = Command::new(repo.join(".venv/bin/python"))
        .arg(repo.join("scripts/sandbox_prepare.py"))
        .arg(&support::moto().url)
        .arg(dir)
        .arg(repo.join("assets/blueprint.example.toml"))
        .env("SANDBOX_DATA_OWNER", data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "sandbox_prepare failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // "data owner D, model owner M (a member of the organization)"
    stdout
        .split("model owner ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the model owner's account in the script's output")
        .to_string()
}

fn env(dir: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        (
            "AWS_CONFIG_FILE",
            dir.join("aws-config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("aws-credentials").display().to_string(),
        ),
        ("AWS_ENDPOINT_URL", support::moto().url.clone()),
        ("AWS_MAX_ATTEMPTS", "1".into()),
        ("AWS_REGION", support::REGION.into()),
        (
            "XDG_STATE_HOME",
            dir.join("xdg-state").display().to_string(),
        ),
    ]
    .map(|(k, v)| (k.to_string(), v))
    .to_vec();
    for unset in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        env.push((unset.into(), String::new()));
    }
    env
}

/// The selected form row (marked ▶) has `label`.
fn selected(screen: &str, label: &str) -> bool {
    screen.lines().any(|l| l.contains(&format!("▶ {label}")))
}

/// Move down the form until the row `label` that follows `after` is selected.
fn go_to_row(s: &mut Session, label: &str, nth: usize) {
    for _ in 0..nth {
        s.send(DOWN);
    }
    s.wait_for(&format!("{label} selected"), |scr| selected(scr, label));
}

/// The checklist rows of the monitor that are critical failures: `✗ ID  title`.
fn critical_rows(screen: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in screen.lines() {
        let mut rest = line;
        while let Some(i) = rest.find("✗ ") {
            let after = &rest[i + "✗ ".len()..];
            let id: String = after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            let is_check = id.len() >= 2
                && matches!(id.chars().next(), Some('D' | 'M' | 'S'))
                && id[1..].chars().all(|c| c.is_ascii_digit())
                && after[id.len()..].starts_with("  ");
            if is_check && !ids.contains(&id) {
                ids.push(id);
            }
            rest = after;
        }
    }
    ids
}

#[test]
fn pick_profiles_walk_the_screens_apply_and_reach_a_clean_monitor() {
    let dir = tempfile::tempdir().unwrap();
    let data = support::unique_account();
    let model = prepare(dir.path(), &data);

    // The operator starts without profiles in the blueprint: the wizard must let them pick.
    let path = dir.path().join("e2e.toml");
    let mut bp = Blueprint::load(&dir.path().join("sandbox.toml")).unwrap();
    bp.name = format!("e2e-{data}");
    bp.data_owner.profile = None;
    bp.model_owner.profile = None;
    std::fs::write(&path, bp.to_toml()).unwrap();
    let state = dir.path().join("state");
    let mut s = Session::start_with(
        &[
            "wizard",
            "--config",
            path.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
        ],
        dir.path(),
        &env(dir.path()),
        SIZE,
    );

    // Identities: without a profile the default chain has nothing (the sandbox's files have no
    // default profile): the exact error shows.
    s.wait_text("1 Identities");
    s.wait_for("the data owner's identity fails", |scr| {
        scr.lines()
            .any(|l| l.contains("data owner") && l.contains("✗"))
    });

    // Data owner: Name, Region, Account ID, then AWS profile. Pick it from the list.
    go_to_row(&mut s, "AWS profile", 3);
    s.send(ENTER);
    s.wait_text("model-owner");
    s.send("data-owner");
    s.send(ENTER);
    s.wait_for("data owner resolved and matching", |scr| {
        scr.lines().any(|l| {
            l.contains("data owner") && l.contains(&format!("✓ {data}")) && l.contains("matches")
        })
    });

    // Model owner: Admin principals, Account ID, then AWS profile.
    go_to_row(&mut s, "AWS profile", 3);
    s.send(ENTER);
    s.send("model-owner");
    s.send(ENTER);
    s.wait_for("model owner resolved and matching", |scr| {
        scr.lines().any(|l| {
            l.contains("model owner") && l.contains(&format!("✓ {model}")) && l.contains("matches")
        })
    });

    // Network: a new VPC with the blueprint's subnets (the sandbox also has a legacy VPC with
    // an internet route, which the operator leaves alone).
    s.send(TAB);
    s.wait_text("create a new one");
    s.wait_text("10.40.0.0/16");
    // Data: the bucket, named for this run; the live list of the data owner's buckets loads.
    s.send(TAB);
    s.wait_text(&format!("sandbox-data-{data}"));
    // Cluster: rename it, as an operator would.
    s.send(TAB);
    s.wait_text("4 Cluster");
    s.send(&format!("{ENTER}{CTRL_U}e2e-inference{ENTER}"));
    s.wait_for("cluster name committed", |scr| {
        scr.lines()
            .any(|l| l.contains("▶ Name") && l.contains("e2e-inference"))
    });

    // Apply: asks, names both accounts, saves the blueprint, runs with live panes.
    s.send("7");
    s.wait_text("a apply");
    s.send("a");
    s.wait_text("y yes");
    s.send("y");
    s.wait_for_at_most(APPLY_WAIT, "apply finished", |scr| {
        scr.contains("apply finished") || scr.contains("failure(s)")
    });
    let screen = s.screen();
    assert!(screen.contains("✓ apply finished"), "{screen}");
    // Steps as the catalogue names them, each a row of a pane (its symbol, then its id).
    for step in [
        "vpc",
        "bucket.policy",
        "ram.share",
        "eks.cluster",
        "eks.nodegroup",
    ] {
        assert!(
            screen.contains(&format!(" {step} ")),
            "{step} missing from the panes:\n{screen}"
        );
    }
    assert!(!screen.contains("✗ "), "a step failed:\n{screen}");

    // Monitor: every check, live. The only critical finding is M1, true of any account
    // made by CreateAccount (the sandbox's model owner).
    s.send("8");
    // The whole checklist drawn (a frame can be read half-written).
    s.wait_for_at_most(Duration::from_secs(60), "the first reading", |scr| {
        scr.contains("first reading")
            && scr.contains("S7   Shared subnet")
            && scr.contains("q quit")
    });
    let screen = s.screen();
    assert_eq!(critical_rows(&screen), ["M1"], "{screen}");
    for id in ["D1", "D2", "D3", "D6", "D7", "D9", "S3", "S6"] {
        assert!(
            screen.contains(&format!("✓ {id} ")),
            "{id} should pass:\n{screen}"
        );
    }
    assert!(
        screen.contains("e2e-inference"),
        "cluster status:\n{screen}"
    );

    // Quit (nothing unsaved: apply saved the blueprint), and the file has what was picked.
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let saved = Blueprint::load(&path).unwrap();
    assert_eq!(saved.data_owner.profile.as_deref(), Some("data-owner"));
    assert_eq!(saved.model_owner.profile.as_deref(), Some("model-owner"));
    assert_eq!(saved.cluster.name, "e2e-inference");

    // `watch` opens straight on the monitor of the saved blueprint and refreshes on its own.
    let mut w = Session::start_with(
        &[
            "watch",
            "--config",
            path.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--interval",
            "1",
        ],
        dir.path(),
        &env(dir.path()),
        SIZE,
    );
    w.wait_text("8 Monitor");
    w.wait_for_at_most(Duration::from_secs(60), "a second reading", |scr| {
        scr.contains("first reading") && scr.contains("next in 1s") && scr.contains("q quit")
    });
    assert_eq!(critical_rows(&w.screen()), ["M1"], "{}", w.screen());
    w.send("q");
    assert!(w.wait_exit().success());
}
