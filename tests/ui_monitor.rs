//! The Monitor screen without AWS: refreshes asked on show, on its interval and with `r`, one
//! at a time; checks going from pass to failing and back; snapshots at 80x24 and 160x48 of
//! loading, error, all-pass, alert and undecided states, fed with fixed events and times.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use std::time::Duration;

use crossterm::event::KeyCode;
use eks_isolation::aws::ec2::{Endpoint, EndpointKind};
use eks_isolation::aws::eks::{ClusterInfo, NodegroupInfo};
use eks_isolation::policy::analyze::{CheckId, Finding, Report, Undecided};
use eks_isolation::ui::live::monitor::{MonitorEvent, MonitorRequest, Snapshot, checklist, status};
use eks_isolation::ui::live::{Effect, LiveEvent};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{Action, App};
use eks_isolation::verify::LiveState;
use eks_isolation::verify::state::{Ram, Scp, ScpLevel, Share};
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn on_monitor() -> App {
    let mut app = app();
    resolved(&mut app);
    app.take_effects();
    app.update(Action::Goto(Screen::Monitor));
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
    s.model.cluster = Some(Some(ClusterInfo {
        name: bp.cluster.name.clone(),
        status: "ACTIVE".into(),
        private_access: true,
        ..ClusterInfo::default()
    }));
    s.model.nodegroups = Some(vec![NodegroupInfo {
        name: format!("{}-nodes", bp.cluster.name),
        status: "ACTIVE".into(),
        ..NodegroupInfo::default()
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
                kind: Some(if *svc == "s3" {
                    EndpointKind::Gateway
                } else {
                    EndpointKind::Interface
                }),
                policy: None,
                private_dns: Some(true),
                state: "available".into(),
                ..Endpoint::default()
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
        ..Report::default()
    };
    Snapshot {
        checks: checklist(&report),
        status: status(&app.bp, &state(app)),
        alone: None,
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
    app.update(Action::Goto(Screen::Review));
    app.update(Action::Goto(Screen::Monitor));
    // (Review asked for its live plan on the way.)
    assert_eq!(app.take_effects(), [Effect::Plan(Default::default())]);
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
    // M3 is the 16th check (D1…D13, M1, M2, M3).
    for _ in 0..15 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.monitor.selected, 15);
    snap("monitor_undecided", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("? M3"), "{s}");
    assert!(s.contains("ℹ M5"), "{s}");
    let joined: String = s.split_whitespace().collect();
    assert!(joined.contains("?M3undecided:eks:ListAccessEntries"), "{s}");
    assert!(app.live.monitor.snapshot.is_some());
    assert_eq!(app.live.monitor.error, None);
}

/// A refresh with the data owner alone (the model owner's profile gave no credentials): the
/// line under the refresh line says which side ran and why; the model owner's checks say they
/// need its credentials.
#[test]
fn a_one_party_refresh_says_which_side_ran_and_why_the_others_are_undecided() {
    use eks_isolation::blueprint::Side;
    use eks_isolation::ui::live::monitor::alone_note;
    use eks_isolation::verify::{checks_read_by, needs_other};
    let mut app = on_monitor();
    app.take_effects();
    let undecided = checks_read_by(Side::ModelOwner)
        .into_iter()
        .map(|id| Undecided {
            id,
            reason: needs_other(Side::ModelOwner),
        })
        .collect();
    let m5 = Finding::new(CheckId::M5, "the data owner can create VPC flow logs");
    let mut snap_ = snapshot(&app, vec![m5], undecided);
    let why = "model owner: cannot get credentials from profile model-owner: the profile was not \
               found";
    snap_.alone = Some(alone_note(Side::DataOwner, why));
    refreshed(&mut app, "12:03:04", Ok(snap_));
    // M1 is the 14th check (D1…D13, M1).
    for _ in 0..13 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    snap("monitor_one_side", &mut app);
    let s = screen(&mut app, 160, 48);
    let joined: String = s.split_whitespace().collect();
    assert!(
        joined.contains("dataowneralone;themodelowner'schecksareundecided:modelowner:cannot"),
        "{s}"
    );
    assert!(
        joined.contains("?M1undecided:needsthemodelowner'scredentials"),
        "{s}"
    );
    let small = screen(&mut app, 80, 24);
    assert!(small.contains("data owner alone"), "{small}");

    // `watch --side model-owner`: the first read says whose account it reads.
    let mut app = app_with_side(Side::ModelOwner);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("reading the model owner's account alone"), "{s}");
}

fn app_with_side(side: eks_isolation::blueprint::Side) -> App {
    let mut app = app();
    resolved(&mut app);
    app.live.monitor.side = Some(side);
    app.update(Action::Goto(Screen::Monitor));
    app
}

#[test]
fn a_click_selects_a_check_and_no_color_has_no_colour() {
    let mut app = on_monitor();
    app.take_effects();
    let snap_ = snapshot(&app, vec![], vec![]);
    refreshed(&mut app, "12:03:04", Ok(snap_));
    let d3 = Finding::new(CheckId::D3, "subnet-1 routes 0.0.0.0/0 to igw-0abc");
    let snap_ = snapshot(&app, vec![d3], vec![]);
    refreshed(&mut app, "12:03:34", Ok(snap_));
    let s = screen(&mut app, 160, 48);
    let row = s
        .lines()
        .position(|l| l.contains("S1   Shared subnets"))
        .unwrap();
    let col = s.lines().nth(row).unwrap().find("S1").unwrap();
    let col = s.lines().nth(row).unwrap()[..col].chars().count();
    app.on_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: u16::try_from(col).unwrap(),
        row: u16::try_from(row).unwrap(),
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(app.monitor.selected, 19, "S1 is the 20th check");
    app.theme = eks_isolation::ui::Theme::NO_COLOR;
    for (w, h) in SIZES {
        let t = terminal(&mut app, w, h);
        for cell in t.backend().buffer().content() {
            assert!(
                cell.fg == ratatui::style::Color::Reset && cell.bg == ratatui::style::Color::Reset,
                "{w}x{h}: {:?} has colour",
                cell.symbol()
            );
        }
    }
}
