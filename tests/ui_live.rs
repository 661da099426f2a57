//! The wizard's Apply and Monitor screens against moto, without a terminal: the real `App`
//! and task `Runner` in a tokio runtime, keys pressed, effects handed to the runner and its
//! events fed back, screens drawn into a `TestBackend`.
//!
//! The runner builds its SDK configurations from AWS profiles and `AWS_ENDPOINT_URL`, i.e. from
//! the environment, which a test cannot set in its own process (`set_var` is unsafe and the
//! crate forbids `unsafe`). So each test sets up moto and the accounts, then runs itself again
//! in a child process with the environment `support::profile_env` gives; the child (seeing
//! `UI_LIVE_CHILD`) drives the wizard.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "ui_live/plan.rs"]
mod plan;
mod support;
#[path = "ui_live/wizard.rs"]
mod wizard;

use std::path::{Path, PathBuf};

use aws_sdk_ec2::types::Filter;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::engine::notes::Mark as PlanMark;
use eks_isolation::policy::analyze::CheckId;
use eks_isolation::ui::Action;
use eks_isolation::ui::live::monitor::{Tone, Verdict};
use eks_isolation::ui::live::run::{Mark, Phase};
use eks_isolation::ui::screen::Screen;
use wizard::{
    TAG, Wizard, child, cli_plan, data_ec2, estate, joined, journal_id, journal_keys, run_child,
    runtime, tagged_subnets, var, wizard_rows,
};

#[test]
fn apply_through_the_wizard_then_monitor() {
    if child() {
        return runtime().block_on(apply_then_monitor_child());
    }
    let dir = tempfile::tempdir().unwrap();
    let env = runtime().block_on(estate(dir.path(), |bp| bp));
    run_child("apply_through_the_wizard_then_monitor", &env);
}

async fn apply_then_monitor_child() {
    let dir = PathBuf::from(var("UI_LIVE_DIR"));
    let mut w = Wizard::open(&dir);
    plan::fresh_estate(&mut w, &dir).await;
    stopped_at_once(&mut w, &dir).await;
    w.apply().await;
    let run = &w.app.live.run;
    let result = run.result.clone().unwrap();
    assert_eq!(result.failures, Vec::<String>::new(), "{:?}", w.marks());
    assert!(!result.interrupted);
    assert!(result.created > 5, "{result:?}");
    // The panes are the plan's rows, one per step of the catalogue, and each one finished.
    let ids: Vec<String> = run.steps.iter().map(|s| s.id.clone()).collect();
    let plan_ids: Vec<String> = w.app.derived.plan.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, plan_ids);
    for (id, mark) in w.marks() {
        assert!(matches!(mark, Mark::Done | Mark::Exists), "{id}: {mark:?}");
    }
    let journal = run.journal_path.clone().unwrap();
    assert!(journal.ends_with(&format!("ui-{}.json", var("UI_LIVE_DATA"))));
    let s = w.screen(160, 48);
    assert!(s.contains("✓ applied:"), "{s}");
    assert!(s.contains(&journal), "{s}");
    assert!(
        s.contains(&format!("model owner {} · 5/5", var("UI_LIVE_MODEL"))),
        "{s}"
    );
    for id in plan_ids {
        assert!(
            s.contains(&format!("✓ {id} ")) || s.contains(&format!("= {id} ")),
            "{id}: {s}"
        );
    }
    plan::after_apply(&mut w, &dir).await;

    // The monitor: on when shown, one refresh, every check, and the resources' states.
    w.app.update(Action::Goto(Screen::Monitor));
    w.until("the first refresh", |a| {
        a.live.monitor.snapshot.is_some() || a.live.monitor.error.is_some()
    })
    .await;
    let m = &w.app.live.monitor;
    assert_eq!(m.error, None);
    let snap = m.snapshot.clone().unwrap();
    let verdict = |id| snap.checks.iter().find(|c| c.id == id).unwrap().verdict;
    // As `verify` finds it on moto (tests/engine_e2e.rs): M1 (the organization's access role
    // trusts the data owner), M5 always, M3/M4 unanswerable; everything else passes.
    assert_eq!(verdict(CheckId::M1), Verdict::Critical);
    assert_eq!(verdict(CheckId::M5), Verdict::Info);
    assert_eq!(verdict(CheckId::M3), Verdict::Undecided);
    assert_eq!(verdict(CheckId::M4), Verdict::Undecided);
    for id in [
        CheckId::D1,
        CheckId::D2,
        CheckId::D3,
        CheckId::D7,
        CheckId::D9,
        CheckId::S6,
    ] {
        assert_eq!(verdict(id), Verdict::Pass, "{id}: {snap:#?}");
    }
    let status: Vec<String> = snap
        .status
        .iter()
        .map(|r| format!("{} {}: {}", r.tone.symbol(), r.label, r.value))
        .collect();
    let name = format!("ui-{}", var("UI_LIVE_DATA"));
    let has = |prefix: &str| status.iter().any(|l| l.starts_with(prefix));
    assert!(
        has("✓ EKS cluster inference: ACTIVE · private endpoint only"),
        "{status:#?}"
    );
    assert!(
        has(&format!("✓ RAM share eks-isolation-{name}: ACTIVE")),
        "{status:#?}"
    );
    assert!(
        has(&format!(
            "✓ SCP eks-isolation-{name}: attached to the model-owner account {}",
            var("UI_LIVE_MODEL")
        )),
        "{status:#?}"
    );
    assert!(
        snap.status
            .iter()
            .any(|r| r.label == "VPC endpoints" && r.value.ends_with("of 6 available")),
        "{status:#?}"
    );
    assert!(has("✓ node group inference-nodes: ACTIVE"), "{status:#?}");
    assert!(
        snap.status.iter().all(|r| r.tone != Tone::Bad),
        "{status:#?}"
    );
    let s = w.screen(160, 48);
    assert!(
        s.contains("✗ M1   Model-owner role trusts the data owner"),
        "{s}"
    );
    assert!(s.contains("? M3"), "{s}");
    assert!(s.contains("refreshed "), "{s}");
    // D12 is the generated ec2 endpoint policy's warning (the VPC CNI's writes): failing as
    // a warning, beside M1.
    assert!(
        s.contains("⚠ D12  Interface endpoint allows writes the model owner reads"),
        "{s}"
    );
    assert!(
        s.contains("first reading: 21 pass, 2 failing, 2 undecided"),
        "{s}"
    );
    d3_fails_then_passes(&mut w, &journal).await;
}

/// `a`, `y`, then Ctrl-C and `y` before the engine starts: no step starts, the journal stays
/// empty, and the screen says how to resume.
async fn stopped_at_once(w: &mut Wizard, dir: &Path) {
    w.until("both identities", |a| {
        a.live.data_identity.ready().is_some() && a.live.model_identity.ready().is_some()
    })
    .await;
    if w.app.screen != Screen::Apply {
        w.app.update(Action::Goto(Screen::Apply));
    }
    w.press('a');
    w.press('y');
    w.app
        .on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!w.app.quit, "Ctrl-C during a run asks, it does not quit");
    w.press('y');
    assert!(w.app.live.run.stopping);
    w.until("the stopped run", |a| a.live.run.phase == Phase::Finished)
        .await;
    let result = w.app.live.run.result.clone().unwrap();
    assert!(result.interrupted, "{result:?}");
    assert_eq!(result.created, 0);
    for (id, mark) in w.marks() {
        assert_eq!(mark, Mark::NotStarted, "{id}");
    }
    let s = w.screen(160, 48);
    let config = dir.join("bp.toml");
    assert!(
        s.contains(&format!(
            "to resume: run apply again (a), or `eks-isolation apply --config {}`",
            config.display()
        )),
        "{s}"
    );
    let journal = w.app.live.run.journal_path.clone().unwrap();
    assert!(
        !Path::new(&journal).exists() || journal_keys(&journal).is_empty(),
        "nothing recorded"
    );
}

/// A route out of the VPC appears in the shared subnets' route table: the next refresh shows
/// D3 failing on top and in the events; removed again, it passes and the alert goes.
async fn d3_fails_then_passes(w: &mut Wizard, journal: &str) {
    let ec2 = data_ec2().await;
    let vpc = journal_id(journal, "vpc");
    let table = journal_id(journal, "route_table");
    support::route_out(&ec2, &vpc, &table).await;
    w.press('r');
    w.until("the refresh after the route", |a| !a.live.monitor.in_flight)
        .await;
    let m = &w.app.live.monitor;
    assert_eq!(m.alerts.len(), 1, "{:?}", m.events);
    assert_eq!(m.alerts[0].id, CheckId::D3);
    let at = m.refreshed_at.clone().unwrap();
    let s = w.screen(80, 24);
    assert!(s.contains(&format!("✗ D3 now failing since {at}")), "{s}");
    assert!(s.contains(&format!("{at} ✗ D3 pass → critical")), "{s}");

    ec2.delete_route()
        .route_table_id(&table)
        .destination_cidr_block("0.0.0.0/0")
        .send()
        .await
        .unwrap();
    w.press('r');
    w.until("the refresh after removing it", |a| {
        !a.live.monitor.in_flight
    })
    .await;
    let m = &w.app.live.monitor;
    assert!(m.alerts.is_empty(), "{:?}", m.events);
    let at = m.refreshed_at.clone().unwrap();
    let s = w.screen(160, 48);
    assert!(s.contains(&format!("{at} ✓ D3 critical → pass")), "{s}");
    assert!(!s.contains("now failing"), "{s}");
}

#[test]
fn a_failing_step_shows_its_error_and_a_second_apply_resumes() {
    if child() {
        return runtime().block_on(failing_step_child());
    }
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    // An existing VPC of the data owner, where someone else's subnet already holds the CIDR
    // of the blueprint's second subnet: CreateSubnet answers InvalidSubnet.Conflict.
    let (vpc, blocker, env) = rt.block_on(async {
        let env = estate(dir.path(), |bp| bp).await;
        let data = env
            .iter()
            .find(|(k, _)| k == "UI_LIVE_DATA")
            .unwrap()
            .1
            .clone();
        let ec2 = aws_sdk_ec2::Client::new(&support::config_for(&data).await);
        let vpc = ec2
            .create_vpc()
            .cidr_block("10.40.0.0/16")
            .send()
            .await
            .unwrap()
            .vpc()
            .unwrap()
            .vpc_id()
            .unwrap()
            .to_string();
        let blocker = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block("10.40.16.0/20")
            .send()
            .await
            .unwrap()
            .subnet()
            .unwrap()
            .subnet_id()
            .unwrap()
            .to_string();
        (vpc, blocker, env)
    });
    let path = dir.path().join("bp.toml");
    let bp = std::fs::read_to_string(&path).unwrap();
    let bp = bp.replace(
        "vpc_cidr = \"10.40.0.0/16\"",
        &format!("vpc_id = \"{vpc}\""),
    );
    std::fs::write(&path, bp).unwrap();
    let mut env = env;
    env.push(("UI_LIVE_VPC".into(), vpc));
    env.push(("UI_LIVE_BLOCKER".into(), blocker));
    run_child(
        "a_failing_step_shows_its_error_and_a_second_apply_resumes",
        &env,
    );
}

async fn failing_step_child() {
    let dir = PathBuf::from(var("UI_LIVE_DIR"));
    let name = format!("ui-{}", var("UI_LIVE_DATA"));
    let mut w = Wizard::open(&dir);
    assert!(
        w.app.derived.problems.is_empty(),
        "{:?}",
        w.app.derived.problems
    );
    // The VPC the blueprint names exists: the plan adopts it, and creates its subnets.
    let plan = w.live_plan(Screen::Review).await;
    assert_eq!(
        plan.row("vpc").unwrap().mark,
        Some(PlanMark::Adopt),
        "{:?}",
        wizard_rows(&plan)
    );
    assert_eq!(plan.row("subnets").unwrap().mark, Some(PlanMark::Create));
    assert_eq!(wizard_rows(&plan), cli_plan(&dir).0);
    w.apply().await;
    let result = w.app.live.run.result.clone().unwrap();
    assert!(!result.interrupted);
    assert_eq!(result.failures.len(), 1, "{result:?}");
    assert!(
        result.failures[0].contains("InvalidSubnet.Conflict"),
        "{result:?}"
    );
    assert_eq!(w.mark("subnets"), Mark::Failed, "{:?}", w.marks());
    // The failed step is selected: its pane row says so, and the log pane has its error.
    let selected = &w.app.live.run.steps[w.app.apply.selected];
    assert_eq!(selected.id, "subnets");
    for (width, height) in [(160, 48), (80, 24)] {
        let s = w.screen(width, height);
        assert!(s.contains("✗ subnets "), "{s}");
        let text = joined(&s);
        assert!(
            text.contains("ec2:CreateSubnet:InvalidSubnet.Conflict"),
            "{s}"
        );
        assert!(text.contains("finishedstepsarekeptinthejournal"), "{s}");
    }
    // What needs the subnets did not start; the other chains went on to their end.
    for id in [
        "route_table",
        "ram.share",
        "eks.cluster",
        "endpoint.interface",
    ] {
        assert_eq!(w.mark(id), Mark::NotStarted, "{id}: {:?}", w.marks());
    }
    let finished: Vec<String> = w
        .marks()
        .into_iter()
        .filter(|(_, m)| matches!(m, Mark::Done | Mark::Exists))
        .map(|(id, _)| id)
        .collect();
    for id in ["org", "org.member", "scp", "vpc", "bucket", "iam.roles"] {
        assert!(finished.contains(&id.to_string()), "{id}: {finished:?}");
    }
    // The journal keeps what the finished steps made or adopted.
    let journal = w.app.live.run.journal_path.clone().unwrap();
    let keys = journal_keys(&journal);
    for key in [
        "org",
        "scp",
        "vpc",
        "bucket",
        "iam.cluster_role",
        "iam.node_role",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key}: {keys:?}");
    }
    assert!(
        !keys.iter().any(|k| k == "route_table" || k == "subnet.1"),
        "{keys:?}"
    );

    // Remove the cause, apply again: it finishes; what was done is found, not made again.
    let ec2 = data_ec2().await;
    ec2.delete_subnet()
        .subnet_id(var("UI_LIVE_BLOCKER"))
        .send()
        .await
        .unwrap();
    w.apply().await;
    let result = w.app.live.run.result.clone().unwrap();
    assert_eq!(result.failures, Vec::<String>::new(), "{:?}", w.marks());
    for id in &finished {
        assert_eq!(w.mark(id), Mark::Exists, "{id}: {:?}", w.marks());
    }
    assert_eq!(w.mark("subnets"), Mark::Done, "{:?}", w.marks());
    let s = w.screen(160, 48);
    assert!(s.contains("✓ applied:"), "{s}");
    assert!(s.contains("= vpc "), "{s}");
    assert_eq!(tagged_subnets(&ec2, &name).await, 2);
    let vpcs = ec2
        .describe_vpcs()
        .filters(
            Filter::builder()
                .name(format!("tag:{TAG}"))
                .values(&name)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(vpcs.vpcs().len(), 0, "the VPC is adopted, not created");
    let keys = journal_keys(&journal);
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "{keys:?}");
    let vpc_record = journal_id(&journal, "vpc");
    assert_eq!(vpc_record, var("UI_LIVE_VPC"));
    plan::drifted(&mut w, &dir, &ec2, &vpc_record).await;
}
