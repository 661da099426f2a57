//! Policies and Review with live values from the journal (read-only): the real S3 endpoint ID
//! in place of the placeholder, and the plan marked exists / create per account, saying the
//! marks come from the journal. Snapshots at 80x24 and 160x48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use eks_isolation::blueprint::Side;
use eks_isolation::engine::journal::{Journal, Record};
use eks_isolation::policy::generate::S3_ENDPOINT_PLACEHOLDER;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::screens::policies::PoliciesScreen;
use eks_isolation::ui::screens::review;
use eks_isolation::ui::step::Step;
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
    app.load_journal();
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
    app.update(Action::Goto(Step::Policies));
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
fn review_marks_the_plan_from_the_journal_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = with_journal(dir.path());
    let text: Vec<String> = review::lines(&app, 120)
        .iter()
        .map(ToString::to_string)
        .collect();
    let row = |id: &str| {
        text.iter()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not in {text:#?}"))
            .clone()
    };
    assert!(text.iter().any(|l| l.contains("marks from the journal")));
    assert!(text.iter().any(|l| l.contains("not from AWS")), "{text:#?}");
    assert!(row("create VPC").contains("✓ exists"));
    assert!(row("create VPC").contains("(vpc-0aaa)"));
    assert!(row("10.40.0.0/20").contains("✓ exists"));
    assert!(row("10.40.16.0/20").contains("+ create"));
    assert!(row("S3 gateway endpoint").contains(&format!(
        "✓ exists   S3 gateway endpoint with the bucket-scoped policy → {ENDPOINT}"
    )));
    assert!(
        row("create EKS cluster 1.33").contains("✓ exists"),
        "{text:#?}"
    );
    assert!(row("create the EKS cluster role").contains("+ create"));
    assert!(row("accept the organization handshake").contains("—"));
    assert!(
        text.iter()
            .any(|l| l.starts_with("data owner 111111111111: 3 exist")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|l| l.starts_with("model owner 222222222222: 1 exists, 3 to create")),
        "{text:#?}"
    );
    // Another name is another journal: nothing recorded there.
    app.update(Action::SetField(FieldId::Name, "other-setup".into()));
    assert!(
        app.derived
            .plan
            .iter()
            .all(|s| s.mark != Some(eks_isolation::engine::notes::Mark::Exists))
    );
    assert!(bucket_policy(&app).contains(S3_ENDPOINT_PLACEHOLDER));
    // Without a journal read, no marks and it says so.
    let app = ui_support::app();
    let text: Vec<String> = review::lines(&app, 120)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(text.iter().any(|l| l == "No journal read: no marks."));
    assert!(!text.iter().any(|l| l.contains("✓ exists")));
}

#[test]
fn a_journal_that_does_not_read_is_said_and_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inference-demo.json"), "{").unwrap();
    let mut app = app();
    app.state_dir = dir.path().to_path_buf();
    app.load_journal();
    let text: String = review::lines(&app, 120)
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(text.contains("✗ no marks: journal"), "{text}");
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
    app.update(Action::Goto(Step::Policies));
    snap("policies_journal_endpoint", &mut app);
    app.update(Action::Goto(Step::Review));
    for (w, h) in [(80, 24), (160, 48)] {
        app.update(Action::Resize(w, h));
        let width = usize::from(w - 22);
        let at = review::lines(&app, width)
            .iter()
            .position(|l| l.to_string().starts_with("Plan"))
            .unwrap();
        app.review.scroll = at;
        let t = terminal(&mut app, w, h);
        insta::assert_snapshot!(format!("review_journal_marks_{w}x{h}"), t.backend());
    }
}
