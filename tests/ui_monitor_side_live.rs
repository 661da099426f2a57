//! The Monitor's refresh task against moto with one party's profile only: through the wizard's
//! task runner, `Effect::Monitor(Refresh)` in, `LiveEvent::Monitor` out. With both parties
//! asked for and only the data owner's profile in the AWS config file, the refresh runs with the
//! data owner alone and says why; with `watch --side model-owner` (the runner's monitor side)
//! and only the model owner's profile, it runs with the model owner alone. The other party's
//! checks are undecided because they need it.
//!
//! The SDK reads its files from the environment, which a test may not change in-process (no
//! `unsafe`): the test runs itself again as a child process with the environment set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use eks_isolation::blueprint::{Blueprint, Side};
use eks_isolation::ui::live::monitor::{MonitorEvent, MonitorRequest, Snapshot, Verdict};
use eks_isolation::ui::live::{Effect, LiveEvent};
use eks_isolation::ui::tasks::Runner;
use eks_isolation::verify::{checks_read_by, needs_other};

const CHILD: &str = "child_refreshes_with_one_party";

/// The AWS config file with the `base` source profile and one party's profile.
fn only(dir: &std::path::Path, side: &str, account: &str) {
    let text = format!(
        "[profile base]\nregion = {r}\n\n[profile {side}]\nrole_arn = \
         arn:aws:iam::{account}:role/admin\nsource_profile = base\nregion = {r}\n",
        r = support::REGION
    );
    std::fs::write(dir.join("aws-config"), text).unwrap();
}

#[test]
fn the_monitor_runs_with_the_one_party_whose_credentials_resolve() {
    let data = support::unique_account();
    let model = support::unique_account();
    for (side, account) in [("data-owner", &data), ("model-owner", &model)] {
        let dir = tempfile::tempdir().unwrap();
        let env = support::profile_env(dir.path(), &data, &model);
        only(dir.path(), side, account);
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", CHILD, "--ignored", "--nocapture"])
            .envs(env.into_iter().filter(|(_, v)| !v.is_empty()))
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env("HOME", dir.path())
            .env("EKS_TEST_DATA", &data)
            .env("EKS_TEST_MODEL", &model)
            .env("EKS_TEST_SIDE", side)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "child ({side}) failed:\n{stdout}\n{stderr}"
        );
    }
}

async fn refreshed(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<LiveEvent>,
) -> Result<Snapshot, String> {
    let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("an answer within 60 s")
        .expect("the runner is alive");
    let LiveEvent::Monitor(MonitorEvent::Refreshed { result, .. }) = event else {
        panic!("{event:?}");
    };
    result
}

#[test]
#[ignore = "run by the_monitor_runs_with_the_one_party_whose_credentials_resolve"]
fn child_refreshes_with_one_party() {
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = std::env::var("EKS_TEST_DATA").unwrap();
    bp.model_owner.account_id = std::env::var("EKS_TEST_MODEL").unwrap();
    let (ran, missing, fixed) = match std::env::var("EKS_TEST_SIDE").unwrap().as_str() {
        // Both asked for; only the data owner's credentials resolve.
        "data-owner" => (Side::DataOwner, Side::ModelOwner, Side::Both),
        // watch --side model-owner.
        _ => (Side::ModelOwner, Side::DataOwner, Side::ModelOwner),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let state = tempfile::tempdir().unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut runner = Runner::new(tx, state.path().to_path_buf());
        runner.monitor_side = fixed;
        runner.run(vec![Effect::Monitor(MonitorRequest::Refresh)], &bp);
        let snapshot = refreshed(&mut rx).await.unwrap();
        let alone = snapshot.alone.clone().unwrap();
        assert!(
            alone.starts_with(&format!(
                "{} alone; the {}'s",
                ran.as_str(),
                missing.as_str()
            )),
            "{alone}"
        );
        if fixed == Side::Both {
            assert!(
                alone.contains("cannot get credentials from profile model-owner"),
                "{alone}"
            );
        } else {
            assert!(alone.contains("watch --side model-owner"), "{alone}");
        }
        for id in checks_read_by(missing) {
            let row = snapshot.checks.iter().find(|c| c.id == id).unwrap();
            assert_eq!(row.verdict, Verdict::Undecided, "{id}");
            assert!(
                row.detail.contains(&needs_other(missing)),
                "{id}: {}",
                row.detail
            );
        }
        for id in checks_read_by(ran) {
            let row = snapshot.checks.iter().find(|c| c.id == id).unwrap();
            assert!(!row.detail.contains("needs the"), "{id}: {}", row.detail);
        }
    });
}
