//! The Apply and Monitor screens without AWS: their keys as pure functions of the state, and
//! snapshots at 80x24 and 160x48 of every state, fed with fixed events and times.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use std::time::Duration;

use crossterm::event::KeyCode;
use eks_isolation::engine::plan::Side;
use eks_isolation::engine::progress::{Progress, StepState};
use eks_isolation::policy::analyze::{CheckId, Finding, Report, Undecided};
use eks_isolation::ui::derive::{Override, PolicyKind};
use eks_isolation::ui::live::monitor::{MonitorEvent, MonitorRequest, Snapshot, checklist, status};
use eks_isolation::ui::live::run::{JournalView, Phase, RunEvent, RunRequest, RunResult};
use eks_isolation::ui::live::{Effect, IdentityView, LiveEvent, Loadable, identity_key};
use eks_isolation::ui::overlay::Overlay;
use eks_isolation::ui::step::Step;
use eks_isolation::ui::{Action, App, Status};
use eks_isolation::verify::LiveState;
use eks_isolation::verify::state::{
    Cluster, Endpoint, EndpointType, NodeGroup, Ram, Scp, ScpLevel, Share,
};
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const JOURNAL: &str = "/home/op/.local/state/eks-isolation/inference-demo.json";

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn live(app: &mut App, event: LiveEvent) {
    app.update(Action::Live(Box::new(event)));
}

fn run_event(app: &mut App, event: RunEvent) {
    live(app, LiveEvent::Run(event));
}

/// Both identities resolved as the blueprint's accounts.
fn resolved(app: &mut App) {
    for (side, account, profile) in [
        (Side::DataOwner, "111111111111", "data-owner"),
        (Side::ModelOwner, "222222222222", "model-owner"),
    ] {
        let key = identity_key(&app.bp, side);
        live(
            app,
            LiveEvent::Identity {
                side,
                key,
                result: Ok(IdentityView {
                    account: account.into(),
                    arn: format!("arn:aws:sts::{account}:assumed-role/admin/op"),
                    region: "us-east-1".into(),
                    source: format!("profile {profile}"),
                }),
            },
        );
    }
}

/// The starter blueprint on the Apply screen, both identities resolved, the journal read, and
/// no file (nothing is written).
fn on_apply() -> App {
    let mut app = app();
    app.config = None;
    resolved(&mut app);
    app.update(Action::Goto(Step::Apply));
    run_event(
        &mut app,
        RunEvent::Journal(Ok(JournalView {
            path: JOURNAL.into(),
            keys: vec!["org".into(), "vpc".into(), "subnet.0".into()],
        })),
    );
    app.take_effects();
    app
}

fn progress(app: &mut App, step: &str, state: StepState, ms: u64, message: &str) {
    let side = if ["iam.roles", "eks.cluster", "eks.nodegroup"].contains(&step) {
        Side::ModelOwner
    } else {
        Side::DataOwner
    };
    let account = if side == Side::ModelOwner {
        "222222222222"
    } else {
        "111111111111"
    };
    run_event(
        app,
        RunEvent::Progress(Progress {
            step: step.into(),
            side,
            account: account.into(),
            state,
            message: message.into(),
            elapsed: Duration::from_millis(ms),
        }),
    );
}

/// A run under way: what a start does after the question (without saving), then the engine's
/// first news.
fn running() -> App {
    let mut app = on_apply();
    app.live.run.start();
    app.apply.follow = true;
    run_event(
        &mut app,
        RunEvent::Started {
            journal: JOURNAL.into(),
        },
    );
    let t0 = app.live.now;
    use StepState::{Done, Running, Skipped};
    progress(&mut app, "org.ensure", Running, 0, "");
    progress(
        &mut app,
        "org.ensure",
        Skipped,
        420,
        "o-abc123 (feature set ALL)",
    );
    progress(&mut app, "org.member", Running, 0, "");
    progress(&mut app, "vpc.ensure", Running, 0, "");
    progress(
        &mut app,
        "vpc.ensure",
        Done,
        1_250,
        "vpc-0a1 (10.40.0.0/16) with DNS support and hostnames",
    );
    progress(&mut app, "bucket.ensure", Running, 0, "");
    progress(&mut app, "iam.roles", Running, 0, "");
    progress(
        &mut app,
        "iam.roles",
        Done,
        2_300,
        "created eks-isolation-inference-demo-cluster, eks-isolation-inference-demo-node",
    );
    app.live.now = t0 + Duration::from_millis(3_400);
    app.live.spinner = 3;
    app
}

const CONFLICT: &str = "step subnets (data owner 111111111111): ec2:CreateSubnet: \
    InvalidSubnet.Conflict: The CIDR '10.40.16.0/20' conflicts with another subnet; fix the \
    cause and run again: finished steps are kept in the journal";

#[test]
fn apply_before_a_run_shows_the_plan_the_banner_and_a() {
    let mut app = on_apply();
    assert_eq!(app.live.run.phase, Phase::Idle);
    snap("apply_plan", &mut app);
    let screen = screen(&mut app, 160, 48);
    assert!(screen.contains("✓ data owner  111111111111 · profile data-owner · us-east-1"));
    assert!(screen.contains("recorded data  vpc.ensure"), "{screen}");
    assert!(
        screen.contains("new      data  route_table.ensure"),
        "{screen}"
    );
    assert!(screen.contains("a: apply"));
}

#[test]
fn apply_while_running_shows_spinners_times_and_done_steps() {
    let mut app = running();
    snap("apply_running", &mut app);
    let s = screen(&mut app, 160, 48);
    // org.member has run since the first events (3.4 s on the fixed clock).
    assert!(s.contains("⠸ org.member"), "{s}");
    assert!(s.contains("3.4s"), "{s}");
    assert!(s.contains("= org.ensure"), "{s}");
    assert!(s.contains("✓ vpc.ensure"), "{s}");
    assert!(s.contains("1.2s"), "{s}");
}

#[test]
fn a_failed_step_is_selected_and_its_error_shown_in_full() {
    let mut app = running();
    progress(&mut app, "subnets.ensure", StepState::Running, 0, "");
    progress(&mut app, "subnets.ensure", StepState::Failed, 380, CONFLICT);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "subnets.ensure");
    snap("apply_failed_step", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("✗ subnets.ensure"), "{s}");
    let joined: String = s.split_whitespace().collect();
    assert!(joined.contains("InvalidSubnet.Conflict"), "{s}");
    assert!(joined.contains("finishedstepsarekeptinthejournal"), "{s}");
}

#[test]
fn ctrl_c_during_a_run_asks_to_stop_and_yes_stops() {
    let mut app = running();
    press(&mut app, &[ctrl('c')]);
    assert!(!app.quit);
    assert!(
        matches!(&app.overlay, Some(Overlay::Question { title, .. }) if title.contains("Stop"))
    );
    snap("apply_stop_question", &mut app);
    press(&mut app, &[ch('y')]);
    assert_eq!(app.take_effects(), [Effect::Run(RunRequest::Stop)]);
    assert!(app.live.run.stopping);
    assert!(app.overlay.is_none());
    // A second Ctrl-C while stopping quits, as it would without a run.
    press(&mut app, &[ctrl('c')]);
    assert!(app.quit);
}

#[test]
fn q_during_a_run_asks_the_same_and_no_keeps_running() {
    let mut app = running();
    press(&mut app, &[ch('q')]);
    assert!(!app.quit);
    assert!(
        matches!(&app.overlay, Some(Overlay::Question { lines, .. }) if lines[0].contains("no new step starts"))
    );
    press(&mut app, &[ch('n')]);
    assert!(app.overlay.is_none());
    assert!(app.take_effects().is_empty());
    assert!(app.live.run.running() && !app.live.run.stopping);
}

#[test]
fn stopped_run_says_how_to_resume() {
    let mut app = running();
    app.config = Some("bp.toml".into());
    press(&mut app, &[ctrl('c'), ch('y')]);
    progress(
        &mut app,
        "org.member",
        StepState::Done,
        3_900,
        "222222222222 is a member",
    );
    progress(
        &mut app,
        "bucket.ensure",
        StepState::Done,
        4_100,
        "data-demo; turned all four public-access blocks on",
    );
    for id in ["scp.ensure", "subnets.ensure", "eks.cluster"] {
        progress(&mut app, id, StepState::Pending, 0, "not started: stopping");
    }
    run_event(
        &mut app,
        RunEvent::Finished(RunResult {
            failures: vec![],
            interrupted: true,
            created: 3,
            updated: 0,
            unchanged: 1,
        }),
    );
    assert_eq!(app.live.run.phase, Phase::Finished);
    assert_eq!(
        app.take_effects(),
        [
            Effect::Run(RunRequest::Stop),
            Effect::Run(RunRequest::Journal)
        ]
    );
    assert!(
        matches!(&app.status, Some(Status::Info(s)) if s.contains("eks-isolation apply --config bp.toml"))
    );
    snap("apply_stopped", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(
        s.contains("to resume: run apply again (a), or `eks-isolation apply --config bp.toml`"),
        "{s}"
    );
    assert!(s.contains("○ scp.ensure"), "{s}");
}

#[test]
fn a_refuses_with_problems_or_unresolved_identities() {
    let mut app = app();
    app.config = None;
    app.update(Action::Goto(Step::Apply));
    press(&mut app, &[ch('a')]);
    assert!(app.overlay.is_none());
    assert!(
        matches!(&app.status, Some(Status::Error(s)) if s.contains("data owner: the identity of profile data-owner is not resolved yet")),
        "{:?}",
        app.status
    );
    // The wrong account for the model owner's profile.
    resolved(&mut app);
    let key = identity_key(&app.bp, Side::ModelOwner);
    live(
        &mut app,
        LiveEvent::Identity {
            side: Side::ModelOwner,
            key,
            result: Ok(IdentityView {
                account: "333333333333".into(),
                arn: "arn:aws:sts::333333333333:assumed-role/x/y".into(),
                region: "us-east-1".into(),
                source: "profile model-owner".into(),
            }),
        },
    );
    press(&mut app, &[ch('a')]);
    assert!(
        matches!(&app.status, Some(Status::Error(s)) if s.contains("model owner: profile model-owner is account 333333333333, but the blueprint names 222222222222")),
        "{:?}",
        app.status
    );
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("✗ model owner"), "{s}");
    // A blueprint problem refuses before anything else.
    resolved(&mut app);
    app.bp.model_owner.account_id = app.bp.data_owner.account_id.clone();
    app.update(Action::Render);
    app.derived = eks_isolation::ui::derive::Derived::compute(&app.bp, &app.overrides);
    press(&mut app, &[ch('a')]);
    assert!(
        matches!(&app.status, Some(Status::Error(s)) if s.contains("problem(s)")),
        "{:?}",
        app.status
    );
    assert!(
        app.take_effects()
            .iter()
            .all(|e| !matches!(e, Effect::Run(RunRequest::Apply)))
    );
}

#[test]
fn a_asks_naming_both_accounts_then_saves_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = on_apply();
    app.config = Some("bp.toml".into());
    press(&mut app, &[ch('a')]);
    let Some(Overlay::Question {
        lines, warnings, ..
    }) = &app.overlay
    else {
        panic!("{:?}", app.overlay)
    };
    let text = lines.join("\n");
    assert!(
        text.contains("data owner  111111111111  profile data-owner"),
        "{text}"
    );
    assert!(
        text.contains("model owner 222222222222  profile model-owner"),
        "{text}"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    snap("apply_question", &mut app);
    press(&mut app, &[ch('n')]);
    assert!(app.overlay.is_none() && app.take_effects().is_empty());
    app.config = Some(path.clone());
    press(&mut app, &[ch('a'), ch('y')]);
    assert_eq!(app.take_effects(), [Effect::Run(RunRequest::Apply)]);
    assert_eq!(app.live.run.phase, Phase::Starting);
    assert!(
        path.exists(),
        "saved before applying, so `apply --config` resumes it"
    );
    // A second `a` while it runs is refused.
    press(&mut app, &[ch('a')]);
    assert!(app.overlay.is_none());
    assert!(app.take_effects().is_empty());
    // Refused by the task (an identity changed meanwhile): back to the plan, with the reason.
    run_event(&mut app, RunEvent::Refused("model owner: cannot get credentials from profile model-owner: sts:GetCallerIdentity: ExpiredToken: the SSO session expired".into()));
    assert_eq!(app.live.run.phase, Phase::Idle);
    let s = screen(&mut app, 160, 48);
    assert!(
        s.contains("✗ not applied: model owner: cannot get credentials"),
        "{s}"
    );
}

#[test]
fn edited_policies_are_said_not_to_be_applied() {
    let mut app = on_apply();
    let text = r#"{"Version":"2012-10-17","Statement":[]}"#.to_string();
    let doc = eks_isolation::policy::PolicyDocument::from_json(&text).unwrap();
    app.overrides
        .insert(PolicyKind::Bucket, Override { text, doc });
    press(&mut app, &[ch('a')]);
    let Some(Overlay::Question { warnings, .. }) = &app.overlay else {
        panic!("{:?} {:?}", app.overlay, app.status)
    };
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 edited policy is NOT applied (bucket policy)")),
        "{warnings:?}"
    );
}

#[test]
fn arrows_select_steps_across_both_panes_and_clicks_select() {
    let mut app = running();
    assert_eq!(app.live.run.steps[app.apply.selected].id, "org.ensure");
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "scp.ensure");
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "iam.roles");
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "ram.share");
    for _ in 0..20 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.live.run.steps[app.apply.selected].id, "eks.nodegroup");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "org.ensure");
    // A click on the model pane's second row (160x48: main from column 20, row 3).
    let s = screen(&mut app, 160, 48);
    let row = s.lines().position(|l| l.contains("eks.cluster")).unwrap();
    let chars: Vec<char> = s.lines().nth(row).unwrap().chars().collect();
    let col = chars.iter().rposition(|c| *c == '·').unwrap();
    app.on_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: u16::try_from(col).unwrap(),
        row: u16::try_from(row).unwrap(),
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(app.live.run.steps[app.apply.selected].id, "eks.cluster");
}

#[test]
fn before_a_run_arrows_scroll_the_plan() {
    let mut app = on_apply();
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.apply.plan_scroll, 2);
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("identity.data_owner"), "{s}");
}

// ---- Monitor ----------------------------------------------------------------------------

fn on_monitor() -> App {
    let mut app = app();
    resolved(&mut app);
    app.take_effects();
    app.update(Action::Goto(Step::Monitor));
    app
}

fn refreshed(app: &mut App, at: &str, result: Result<Snapshot, String>) {
    live(
        app,
        LiveEvent::Monitor(MonitorEvent::Refreshed {
            at: at.into(),
            result,
        }),
    );
}

/// A live state of a finished setup, as the status panel reads it.
fn state(app: &App) -> LiveState {
    let bp = &app.bp;
    let mut s = LiveState::default();
    s.model.cluster = Some(Some(Cluster {
        name: bp.cluster.name.clone(),
        status: "ACTIVE".into(),
        private_access: true,
        ..Cluster::default()
    }));
    s.model.nodegroups = Some(vec![NodeGroup {
        name: format!("{}-nodes", bp.cluster.name),
        status: "ACTIVE".into(),
        security_groups: vec![],
    }]);
    s.ram = Some(Ram {
        shares: vec![Share {
            name: format!("eks-isolation-{}", bp.name),
            arn: String::new(),
            status: "ACTIVE".into(),
            principals: vec!["222222222222".into()],
            resources: vec!["subnet-1".into(), "subnet-2".into()],
        }],
    });
    s.scps = Some(vec![Scp {
        level: ScpLevel::Account,
        target: "222222222222".into(),
        name: format!("eks-isolation-{}", bp.name),
        content: String::new(),
    }]);
    s.endpoints = Some(
        ["s3", "ec2", "ecr.api", "ecr.dkr", "sts", "logs"]
            .iter()
            .enumerate()
            .map(|(i, svc)| Endpoint {
                id: format!("vpce-0{i}"),
                service_name: format!("com.amazonaws.us-east-1.{svc}"),
                service: (*svc).into(),
                kind: if *svc == "s3" {
                    EndpointType::Gateway
                } else {
                    EndpointType::Interface
                },
                policy: None,
                private_dns: Some(true),
                security_groups: vec![],
                state: "available".into(),
            })
            .collect(),
    );
    s
}

fn snapshot(app: &App, findings: Vec<Finding>, undecided: Vec<Undecided>) -> Snapshot {
    let report = Report {
        checked: CheckId::ALL
            .iter()
            .copied()
            .filter(|c| !undecided.iter().any(|u| u.id == *c))
            .collect(),
        findings,
        undecided,
    };
    Snapshot {
        checks: checklist(&report),
        status: status(&app.bp, &state(app)),
    }
}

#[test]
fn the_monitor_refreshes_when_shown_then_on_its_interval_one_at_a_time() {
    let mut app = on_monitor();
    assert_eq!(
        app.take_effects(),
        [Effect::Monitor(MonitorRequest::Refresh)]
    );
    press(&mut app, &[ch('r')]);
    app.update(Action::Tick);
    assert!(
        app.take_effects().is_empty(),
        "one refresh in flight at a time"
    );
    snap("monitor_loading", &mut app);
    let all = snapshot(&app, vec![], vec![]);
    refreshed(&mut app, "12:03:04", Ok(all));
    let t0 = app.live.now;
    app.live.now = t0 + Duration::from_secs(3);
    app.update(Action::Tick);
    assert!(app.take_effects().is_empty());
    snap("monitor_all_pass", &mut app);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("refreshed 12:03:04 · next in 27s"), "{s}");
    app.live.now = t0 + Duration::from_secs(30);
    app.update(Action::Tick);
    assert_eq!(
        app.take_effects(),
        [Effect::Monitor(MonitorRequest::Refresh)]
    );
    // Going elsewhere and back does not ask twice; `r` asks at once when none is on its way.
    let snap_ = snapshot(&app, vec![], vec![]);
    refreshed(&mut app, "12:03:34", Ok(snap_));
    app.update(Action::Goto(Step::Review));
    app.update(Action::Goto(Step::Monitor));
    assert!(app.take_effects().is_empty());
    press(&mut app, &[ch('r')]);
    assert_eq!(
        app.take_effects(),
        [Effect::Monitor(MonitorRequest::Refresh)]
    );
}

#[test]
fn an_identity_refused_is_shown_and_the_monitor_tries_again() {
    let mut app = on_monitor();
    app.take_effects();
    refreshed(
        &mut app,
        "12:03:04",
        Err(
            "model owner: the blueprint names account 222222222222, but profile model-owner is \
             account 333333333333 (arn:aws:sts::333333333333:assumed-role/admin/op); switch \
             the profile or fix the blueprint"
                .into(),
        ),
    );
    app.live.now += Duration::from_secs(10);
    snap("monitor_error", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(
        s.contains("✗ not refreshed at 12:03:04: model owner: the blueprint names account"),
        "{s}"
    );
    app.live.now += Duration::from_secs(20);
    app.update(Action::Tick);
    assert_eq!(
        app.take_effects(),
        [Effect::Monitor(MonitorRequest::Refresh)]
    );
}

#[test]
fn a_check_going_from_pass_to_fail_is_an_alert_and_an_event() {
    let mut app = on_monitor();
    app.take_effects();
    let snap_ = snapshot(&app, vec![], vec![]);
    refreshed(&mut app, "12:03:04", Ok(snap_));
    let d3 = Finding::new(
        CheckId::D3,
        "subnet-1 routes 0.0.0.0/0 to igw-0abc (route table rtb-1)",
    );
    let snap_ = snapshot(&app, vec![d3], vec![]);
    refreshed(&mut app, "12:03:34", Ok(snap_));
    app.live.now += Duration::from_secs(5);
    assert_eq!(app.live.monitor.alerts.len(), 1);
    snap("monitor_alert", &mut app);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("✗ D3 now failing since 12:03:34: subnet-1 routes"),
        "{s}"
    );
    assert!(s.contains("12:03:34 ✗ D3 pass → critical"), "{s}");
    let snap_ = snapshot(&app, vec![], vec![]);
    refreshed(&mut app, "12:04:04", Ok(snap_));
    assert!(app.live.monitor.alerts.is_empty());
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("12:04:04 ✓ D3 critical → pass"), "{s}");
    assert!(!s.contains("now failing"), "{s}");
}

#[test]
fn undecided_checks_say_why() {
    let mut app = on_monitor();
    app.take_effects();
    let undecided = vec![
        Undecided {
            id: CheckId::M3,
            reason: "eks:ListAccessEntries: the call is not answered (no AWS error code: the \
                     call may be unsupported here)"
                .into(),
        },
        Undecided {
            id: CheckId::M4,
            reason: "eks:DescribeCluster reported no cluster security group".into(),
        },
    ];
    let m5 = Finding::new(CheckId::M5, "the data owner can create VPC flow logs");
    let snap_ = snapshot(&app, vec![m5], undecided);
    refreshed(&mut app, "12:03:04", Ok(snap_));
    for _ in 0..13 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.monitor.selected, 13);
    snap("monitor_undecided", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("? M3"), "{s}");
    assert!(s.contains("ℹ M5"), "{s}");
    let joined: String = s.split_whitespace().collect();
    assert!(joined.contains("?M3undecided:eks:ListAccessEntries"), "{s}");
    assert!(app.live.monitor.snapshot.is_some());
    assert_eq!(app.live.monitor.error, None);
    assert!(!matches!(app.live.run.journal, Loadable::Failed(_)));
}
