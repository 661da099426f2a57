//! The Apply screen before a run, without AWS: its panes are the live plan's rows, each with its
//! mark; loading, the exact error, `r`; the selected step shows what it would change.
//! Snapshots at 80x24 and 160x48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::ui::App;
use eks_isolation::ui::live::Effect;
use eks_isolation::ui::live::run::Phase;
use ui_support::*;

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (160, 48)] {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn apply_before_a_run_shows_the_live_plan_in_the_panes_the_banner_and_a() {
    let mut app = apply_planned();
    assert_eq!(app.live.run.phase, Phase::Idle);
    snap("apply_plan", &mut app);
    let screen = screen(&mut app, 160, 48);
    assert!(screen.contains("✓ data owner  111111111111 · profile data-owner · us-east-1"));
    // One row per step of the catalogue, each with its mark (symbol and word).
    let row = |id: &str| {
        screen
            .lines()
            .flat_map(|l| l.split('│'))
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("{id} not in {screen}"))
            .to_string()
    };
    for (id, symbol, word) in [
        ("identity.data_owner", "↻", "run"),
        ("org", "=", "exists"),
        ("scp", "~", "change"),
        ("route_table", "+", "create"),
        ("bucket.policy", "✗", "error"),
        ("eks.cluster", "+", "create"),
        ("iam.roles", "=", "exists"),
    ] {
        let r = row(id);
        assert!(r.trim_start().starts_with(symbol), "{id}: {r}");
        assert!(r.trim_end().ends_with(word), "{id}: {r}");
    }
    assert!(
        screen.contains("data owner 111111111111 · 14 steps"),
        "{screen}"
    );
    assert!(
        screen.contains("model owner 222222222222 · 5 steps"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "live plan at 10:31:07: 9 to create, 4 to change, 3 exist, 2 run every time, 1 \
             could not be planned (38 AWS calls, all reads)"
        ),
        "{screen}"
    );
    assert!(screen.contains("a: apply"));
}

#[test]
fn apply_shows_the_live_plan_loading_then_its_exact_error() {
    let mut app = apply_asked();
    assert!(app.live.plan.in_flight);
    assert!(app.needs_tick(), "the spinner turns");
    snap("apply_plan_loading", &mut app);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("reading both accounts for the live plan (read-only)"),
        "{s}"
    );
    let error = "model owner: cannot get credentials from profile model-owner: \
                 sts:GetCallerIdentity: ExpiredToken: the SSO session expired";
    plan_answer(&mut app, Err(error.into()));
    assert!(!app.live.plan.in_flight);
    snap("apply_plan_error", &mut app);
    let s = screen(&mut app, 160, 48);
    let joined: String = s.split_whitespace().collect();
    let want: String = format!("✗ no live plan: {error}")
        .split_whitespace()
        .collect();
    assert!(joined.contains(&want), "{s}");
    // `r` reads it again.
    press(&mut app, &[ch('r')]);
    assert_eq!(app.take_effects(), [Effect::Plan(Default::default())]);
    assert!(app.live.plan.plan.is_loading());
}

#[test]
fn the_selected_step_shows_what_it_would_change() {
    let mut app = apply_planned();
    // identity.data_owner, org, org.member, scp.
    press(
        &mut app,
        &[key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Down)],
    );
    assert_eq!(app.live.run.steps[app.apply.selected].id, "scp");
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("~ scp · isolation SCP · change"), "{s}");
    assert!(
        s.contains(
            "- eks-isolation-inference-demo: the content differs from the generated SCP; \
             replace it"
        ),
        "{s}"
    );
    // A step that could not be planned says why.
    for _ in 0..9 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.live.run.steps[app.apply.selected].id, "bucket.policy");
    let s = screen(&mut app, 160, 48);
    let joined: String = s.split_whitespace().collect();
    assert!(
        joined.contains(
            "✗notplanned:stepbucket.policy(dataowner111111111111):s3:GetBucketPolicy:AccessDenied"
        ),
        "{s}"
    );
}

#[test]
fn before_a_run_arrows_select_and_the_pane_follows_the_selection() {
    let mut app = apply_planned();
    for _ in 0..13 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    assert_eq!(app.live.run.steps[app.apply.selected].id, "ram.share");
    // 80x24 has room for a few rows: the first ones scroll out, the selected one shows.
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("identity.data_owner"), "{s}");
    assert!(s.contains("ram.share"), "{s}");
}
