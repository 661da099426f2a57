//! Policies and Review with live values: the real S3 endpoint ID the journal records in place of
//! the placeholder (the journal read by a task), and Review's plan marked by the live plan (never
//! by the journal): loading, its exact error, and every mark with what it would change.
//! Snapshots at 80x24 and 160x48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use eks_isolation::blueprint::Side;
use eks_isolation::engine::journal::{Journal, Record};
use eks_isolation::policy::generate::S3_ENDPOINT_PLACEHOLDER;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::live::{Effect, Loadable};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::screens::policies::PoliciesScreen;
use eks_isolation::ui::screens::review;
use eks_isolation::ui::{Action, App, save};
use ui_support::*;

const ENDPOINT: &str = "vpce-0123456789abcdef0";

fn record(j: &mut Journal, key: &str, id: &str, side: Side, account: &str) {
    j.record(Record {
        key: key.into(),
        kind: "test".into(),
        id: id.into(),
        side,
        account: account.into(),
        created: true,
        recorded_at: 1,
    })
    .unwrap();
}

/// The starter blueprint with a journal that records the VPC, the first subnet, the S3
/// endpoint and the cluster.
fn with_journal(dir: &std::path::Path) -> App {
    let mut j = Journal::open(dir, "inference-demo").unwrap();
    record(&mut j, "vpc", "vpc-0aaa", Side::DataOwner, "111111111111");
    record(
        &mut j,
        "subnet.0",
        "subnet-0bbb",
        Side::DataOwner,
        "111111111111",
    );
    record(
        &mut j,
        "endpoint.s3",
        ENDPOINT,
        Side::DataOwner,
        "111111111111",
    );
    record(
        &mut j,
        "eks.cluster",
        "inference",
        Side::ModelOwner,
        "222222222222",
    );
    let mut app = app();
    app.state_dir = dir.to_path_buf();
    read_journal(&mut app);
    app
}

fn bucket_policy(app: &App) -> String {
    PoliciesScreen::text_of(app, &eks_isolation::policy::overrides::PolicyKind::Bucket)
}

#[test]
fn the_policies_use_the_endpoint_the_journal_records() {
    let app = app();
    assert!(bucket_policy(&app).contains(S3_ENDPOINT_PLACEHOLDER));
    let dir = tempfile::tempdir().unwrap();
    let mut app = with_journal(dir.path());
    let policy = bucket_policy(&app);
    assert!(policy.contains(ENDPOINT), "{policy}");
    assert!(!policy.contains(S3_ENDPOINT_PLACEHOLDER));
    assert!(!app.derived.generated.placeholder);
    app.update(Action::Goto(Screen::Policies));
    let text = screen(&mut app, 100, 30);
    assert!(
        text.contains(&format!(
            "ℹ S3 endpoint {ENDPOINT}: recorded in the journal"
        )),
        "{text}"
    );
    // The command line checks the same policies.
    let (cmd, _) = save::check_command(&app);
    assert!(
        cmd.ends_with(&format!("--s3-endpoint-id {ENDPOINT}")),
        "{cmd}"
    );
    // An endpoint the blueprint names is the one apply uses next: it wins.
    app.update(Action::SetField(
        FieldId::S3EndpointId,
        "vpce-0fedcba9876543210".into(),
    ));
    assert!(bucket_policy(&app).contains("vpce-0fedcba9876543210"));
    assert!(!save::check_command(&app).0.contains("--s3-endpoint-id"));
    assert!(screen(&mut app, 100, 30).contains("named by the blueprint"));
}

#[test]
fn review_marks_the_plan_from_the_live_plan_not_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = with_journal(dir.path());
    let lines = |app: &App| -> Vec<String> {
        review::lines(app, 120)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    // The journal records the VPC, a subnet, the S3 endpoint and the cluster: no marks come
    // from it, and the screen no longer says they do.
    let text = lines(&app);
    assert!(!text.iter().any(|l| l.contains("journal")), "{text:#?}");
    assert!(
        text.iter()
            .any(|l| l == "Plan (offline; DESIGN.md step numbers)")
    );
    assert!(!text.iter().any(|l| l.contains("= exists")), "{text:#?}");
    // Review shown: the live plan is asked for, and its answer marks every row.
    app.update(Action::Goto(Screen::Review));
    assert!(
        app.take_effects()
            .contains(&Effect::Plan(Default::default()))
    );
    let text = lines(&app);
    assert!(
        text.iter()
            .any(|l| l.contains("reading both accounts for the live plan (read-only)")),
        "{text:#?}"
    );
    let plan = sample_plan(&app);
    plan_answer(&mut app, Ok(plan));
    let text = lines(&app);
    let row = |id: &str| {
        text.iter()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not in {text:#?}"))
            .clone()
    };
    assert!(
        text.iter()
            .any(|l| l == "Plan (live, read at 10:31:07: 38 AWS calls, all reads)"),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|l| l
            == "data owner 111111111111: 6 to create, 4 to change, 2 exist, 1 run every \
                time, 1 could not be planned"),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|l| l == "model owner 222222222222: 3 to create, 1 exists, 1 run every time"),
        "{text:#?}"
    );
    // What discovery found shows beside an existing resource; a change says what differs.
    assert!(row("find or create the organization").contains("= exists"));
    assert!(row("find or create the organization").contains("(o-abc123)"));
    assert!(row("create the VPC 10.40.0.0/16").contains("~ change"));
    let vpc = text
        .iter()
        .position(|l| l.contains("create the VPC 10.40.0.0/16"))
        .unwrap();
    assert!(
        text[vpc + 1..vpc + 3]
            .iter()
            .any(|l| l.trim_start() == "- vpc-0aaa: turn DNS hostnames on"),
        "{text:#?}"
    );
    assert!(
        text[vpc..vpc + 2].join(" ").contains("(vpc-0aaa)"),
        "{text:#?}"
    );
    assert!(row("the EKS cluster role and the node role").contains("= exists"));
    assert!(row("local route, on every subnet").contains("+ create"));
    assert!(row("check the live identity").contains("↻ run"));
    assert!(row("bucket policy: deny off the S3 endpoint").contains("✗ error"));
    assert!(
        text.iter().any(|l| l
            .trim_start()
            .starts_with("✗ step bucket.policy (data owner")),
        "{text:#?}"
    );
    // Another name is another journal: nothing recorded there, and another plan.
    app.update(Action::SetField(FieldId::Name, "other-setup".into()));
    answer_journal(&mut app);
    assert!(bucket_policy(&app).contains(S3_ENDPOINT_PLACEHOLDER));
    assert_eq!(
        app.live.plan.plan,
        Loadable::Idle,
        "the plan of the old name"
    );
    let text = lines(&app);
    assert!(
        text.iter().any(|l| l == "No live plan yet: r reads it."),
        "{text:#?}"
    );
}

#[test]
fn a_live_plan_that_cannot_be_read_is_said_with_its_exact_error() {
    let mut app = app();
    app.update(Action::Goto(Screen::Review));
    let error = "data owner: cannot get credentials from profile data-owner: \
                 sts:GetCallerIdentity: ExpiredToken: the SSO session expired";
    plan_answer(&mut app, Err(error.into()));
    let text: Vec<String> = review::lines(&app, 120)
        .iter()
        .map(ToString::to_string)
        .collect();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let joined = squeeze(&text.join(" "));
    assert!(
        joined.contains(&squeeze(&format!(
            "✗ no live plan: {error} (r: read again)"
        ))),
        "{text:#?}"
    );
    assert!(!joined.contains("=exists") && !joined.contains("+create"));
    // r reads it again.
    app.take_effects();
    press(&mut app, &[ch('r')]);
    assert_eq!(app.take_effects(), [Effect::Plan(Default::default())]);
}

#[test]
fn a_journal_that_does_not_read_is_said_and_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inference-demo.json"), "{").unwrap();
    let mut app = app();
    app.state_dir = dir.path().to_path_buf();
    read_journal(&mut app);
    assert!(app.recorded.error.is_some());
    app.update(Action::Goto(Screen::Policies));
    let text = screen(&mut app, 160, 48);
    assert!(text.contains("the journal could"), "{text}");
    assert!(text.contains("is not a journal of this tool"), "{text}");
    assert!(app.derived.plan.iter().all(|s| s.mark.is_none()));
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (160, 48)] {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn snapshots_with_live_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = with_journal(dir.path());
    // The temporary path, as a fixed one.
    app.recorded.path = Some("/state/eks-isolation/inference-demo.json".into());
    app.update(Action::Goto(Screen::Policies));
    snap("policies_journal_endpoint", &mut app);
    app.update(Action::Goto(Screen::Review));
    review_at_the_plan(&mut app, "review_plan_loading");
    let plan = sample_plan(&app);
    plan_answer(&mut app, Ok(plan));
    review_at_the_plan(&mut app, "review_live_plan");
    press(&mut app, &[ch('r')]);
    plan_answer(
        &mut app,
        Err(
            "model owner: sts:AssumeRole: AccessDenied: not authorized to assume \
             arn:aws:iam::222222222222:role/Deployer"
                .into(),
        ),
    );
    review_at_the_plan(&mut app, "review_plan_error");
}

/// Review scrolled to its plan, at both sizes.
fn review_at_the_plan(app: &mut App, name: &str) {
    for (w, h) in [(80, 24), (160, 48)] {
        app.update(Action::Resize(w, h));
        let width = usize::from(w - 22);
        let at = review::lines(app, width)
            .iter()
            .position(|l| l.to_string().starts_with("Plan"))
            .unwrap();
        app.review.scroll = at;
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}
