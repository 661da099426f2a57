//! The Apply screen without AWS: its keys as pure functions of the state, and snapshots at
//! 80x24 and 160x48 of every state (the live plan loading, failed and read; running, failed
//! step, questions, stopped), fed with fixed events and times.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use std::time::Duration;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::Side;
use eks_isolation::engine::progress::{Progress, StepState};
use eks_isolation::policy::overrides::{Override, Overrides, PolicyKind};
use eks_isolation::ui::live::run::{Phase, RunEvent, RunRequest, RunResult};
use eks_isolation::ui::live::{Effect, IdentityView, LiveEvent, identity_key};
use eks_isolation::ui::overlay::Overlay;
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{Action, App, Status, Theme};
use ratatui::style::Color;
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const JOURNAL: &str = "/home/op/.local/state/eks-isolation/inference-demo.json";

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn run_event(app: &mut App, event: RunEvent) {
    live(app, LiveEvent::Run(event));
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
    let mut app = apply_planned();
    app.live.run.start(&app.derived.plan);
    app.apply.follow = true;
    run_event(
        &mut app,
        RunEvent::Started {
            journal: JOURNAL.into(),
        },
    );
    let t0 = app.live.now;
    use StepState::{Done, Running, Skipped};
    progress(&mut app, "org", Running, 0, "");
    progress(&mut app, "org", Skipped, 420, "o-abc123 (feature set ALL)");
    progress(&mut app, "org.member", Running, 0, "");
    progress(&mut app, "vpc", Running, 0, "");
    progress(
        &mut app,
        "vpc",
        Done,
        1_250,
        "vpc-0a1 (10.40.0.0/16) with DNS support and hostnames",
    );
    progress(&mut app, "bucket", Running, 0, "");
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
fn apply_while_running_shows_spinners_times_and_done_steps() {
    let mut app = running();
    snap("apply_running", &mut app);
    let s = screen(&mut app, 160, 48);
    // org.member has run since the first events (3.4 s on the fixed clock).
    assert!(s.contains("⠸ org.member"), "{s}");
    assert!(s.contains("3.4s"), "{s}");
    assert!(s.contains("= org"), "{s}");
    assert!(s.contains("✓ vpc"), "{s}");
    assert!(s.contains("1.2s"), "{s}");
}

#[test]
fn a_failed_step_is_selected_and_its_error_shown_in_full() {
    let mut app = running();
    progress(&mut app, "subnets", StepState::Running, 0, "");
    progress(&mut app, "subnets", StepState::Failed, 380, CONFLICT);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "subnets");
    snap("apply_failed_step", &mut app);
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("✗ subnets"), "{s}");
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
        "bucket",
        StepState::Done,
        4_100,
        "data-demo; turned all four public-access blocks on",
    );
    for id in ["scp", "subnets", "eks.cluster"] {
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
    // The run is over: the journal and the live plan are read again.
    assert_eq!(
        app.take_effects(),
        [
            Effect::Run(RunRequest::Stop),
            Effect::ReadJournal {
                dir: "no-state".into(),
                name: "inference-demo".into()
            },
            Effect::Plan(Default::default())
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
    assert!(s.contains("○ scp"), "{s}");
}

#[test]
fn a_refuses_with_problems_or_unresolved_identities() {
    let mut app = app();
    app.config = None;
    app.update(Action::Goto(Screen::Apply));
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
    app.derived =
        eks_isolation::ui::derive::Derived::compute(&app.bp, &app.overrides, &app.recorded);
    press(&mut app, &[ch('a')]);
    assert!(
        matches!(&app.status, Some(Status::Error(s)) if s.contains("problem(s)")),
        "{:?}",
        app.status
    );
    assert!(
        app.take_effects()
            .iter()
            .all(|e| !matches!(e, Effect::Run(RunRequest::Apply(_))))
    );
}

#[test]
fn a_asks_naming_both_accounts_then_saves_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = apply_planned();
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
    assert_eq!(
        app.take_effects(),
        [Effect::Run(RunRequest::Apply(Overrides::new()))]
    );
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
fn the_question_names_the_edited_policies_and_asks_about_their_critical_findings() {
    let mut app = apply_planned();
    // An edited bucket policy with no statement: nothing denies reads off the endpoint (D1).
    let text = r#"{"Version":"2012-10-17","Statement":[]}"#.to_string();
    let doc = eks_isolation::policy::PolicyDocument::from_json(&text).unwrap();
    app.overrides
        .insert(PolicyKind::Bucket, Override { text, doc });
    app.derived =
        eks_isolation::ui::derive::Derived::compute(&app.bp, &app.overrides, &app.recorded);
    press(&mut app, &[ch('a')]);
    let Some(Overlay::Question {
        title,
        lines,
        warnings,
        ..
    }) = &app.overlay
    else {
        panic!("{:?} {:?}", app.overlay, app.status)
    };
    assert_eq!(title, " Apply with critical findings? ");
    assert!(
        lines
            .iter()
            .any(|l| l == "Edited, put in place of the generated: bucket policy."),
        "{lines:?}"
    );
    assert_eq!(
        warnings[0],
        "critical D1 Data bucket readable off the S3 endpoint"
    );
    assert_eq!(
        warnings.last().unwrap(),
        "The setup will not be isolated. Apply anyway, accepting D1? (details on Review)"
    );
    assert!(
        !warnings
            .iter()
            .chain(lines)
            .any(|w| w.contains("NOT applied")),
        "{warnings:?}"
    );
    snap("apply_question_critical", &mut app);
    // Yes: the run gets the edited policy, which is what it puts.
    press(&mut app, &[ch('y')]);
    let effects = app.take_effects();
    let [Effect::Run(RunRequest::Apply(overrides))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(overrides, &app.overrides);
    assert!(overrides.contains_key(&PolicyKind::Bucket));
}

#[test]
fn arrows_select_steps_across_both_panes_and_clicks_select() {
    let mut app = running();
    assert_eq!(
        app.live.run.steps[app.apply.selected].id,
        "identity.data_owner"
    );
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "org.member");
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(
        app.live.run.steps[app.apply.selected].id,
        "identity.model_owner"
    );
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(app.live.run.steps[app.apply.selected].id, "ram.share");
    for _ in 0..20 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.live.run.steps[app.apply.selected].id, "eks.nodegroup");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(
        app.live.run.steps[app.apply.selected].id,
        "identity.data_owner"
    );
    // A click on the model pane's second row (160x48: main from column 20, row 3).
    let s = screen(&mut app, 160, 48);
    let row = s.lines().position(|l| l.contains("eks.cluster")).unwrap();
    let line = s.lines().nth(row).unwrap();
    let col = line.split("eks.cluster").next().unwrap().chars().count();
    app.on_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: u16::try_from(col).unwrap(),
        row: u16::try_from(row).unwrap(),
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(app.live.run.steps[app.apply.selected].id, "eks.cluster");
}

fn assert_no_colour(app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        for cell in t.backend().buffer().content() {
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "{w}x{h}: {:?} has colour",
                cell.symbol()
            );
        }
    }
}

#[test]
fn no_color_means_no_colour_in_the_panes_and_the_questions() {
    let mut app = running();
    progress(&mut app, "subnets", StepState::Failed, 380, CONFLICT);
    app.theme = Theme::NO_COLOR;
    assert_no_colour(&mut app);
    press(&mut app, &[ctrl('c')]);
    assert_no_colour(&mut app);
    let mut plan = apply_planned();
    plan.theme = Theme::NO_COLOR;
    assert_no_colour(&mut plan);
}
