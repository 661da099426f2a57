//! The wizard's `cluster.pod_credentials` field on the Cluster screen: Enter or Space picks the
//! other choice, each shown with what it needs; the choice flows to the generated endpoint
//! policies (Policies) and the findings (Review). Snapshots at 80x24 and 160x48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::PodCredentials;
use eks_isolation::policy::analyze::CheckId;
use eks_isolation::ui::fieldmap::{ENDPOINT_SERVICES, FieldId};
use eks_isolation::ui::{Action, App};
use ui_support::*;

fn on_cluster() -> App {
    let mut app = app();
    press(&mut app, &[ch('4')]);
    select(&mut app, FieldId::PodCredentials);
    app
}

fn sts_actions(app: &App) -> Option<String> {
    app.derived
        .generated
        .interface_endpoints
        .get("sts")
        .map(eks_isolation::policy::PolicyDocument::to_json_pretty)
}

#[test]
fn space_and_enter_flip_pod_credentials_in_the_blueprint() {
    let mut app = on_cluster();
    assert_eq!(app.bp.cluster.pod_credentials, PodCredentials::PodIdentity);
    press(&mut app, &[ch(' ')]);
    assert_eq!(app.bp.cluster.pod_credentials, PodCredentials::Irsa);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.bp.cluster.pod_credentials, PodCredentials::PodIdentity);
    // Typing does not edit it: it is a choice, not text.
    press(&mut app, &[ch('x')]);
    assert_eq!(app.bp.cluster.pod_credentials, PodCredentials::PodIdentity);
    assert!(app.cluster.form.input.is_none());
}

#[test]
fn the_choice_shows_both_values_with_their_hints_and_marks_the_current_one() {
    let mut app = on_cluster();
    let text = screen(&mut app, 160, 48);
    assert!(
        text.contains("Pod credentials     pod-identity  (Enter: irsa)"),
        "{text}"
    );
    assert!(
        text.contains(
            "● pod-identity: eks-auth endpoint + the Pod Identity Agent add-on, no sts endpoint"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "○ irsa: sts endpoint, AssumeRoleWithWebIdentity only; D12 warns of session names"
        ),
        "{text}"
    );
    press(&mut app, &[ch(' ')]);
    let text = screen(&mut app, 160, 48);
    assert!(text.contains("irsa  (Enter: pod-identity)"), "{text}");
    assert!(text.contains("○ pod-identity:"), "{text}");
    assert!(text.contains("● irsa:"), "{text}");
}

#[test]
fn the_choice_flows_to_the_endpoint_policies_and_the_findings() {
    let mut app = on_cluster();
    // The starter enables eks-auth, not sts: with pod-identity nothing is missing.
    assert!(
        !app.derived
            .report
            .findings
            .iter()
            .any(|f| f.id == CheckId::S3)
    );
    press(&mut app, &[ch(' ')]);
    // IRSA needs the sts endpoint: Review says it is missing.
    let s3 = app
        .derived
        .report
        .findings
        .iter()
        .find(|f| f.id == CheckId::S3)
        .expect("S3 with irsa and no sts endpoint");
    assert!(s3.detail.contains("sts"), "{}", s3.detail);
    // With sts enabled, Policies shows its IRSA policy: web identity only.
    let sts = ENDPOINT_SERVICES.iter().position(|s| *s == "sts").unwrap();
    app.update(Action::Toggle(FieldId::Endpoint(sts)));
    let irsa = sts_actions(&app).unwrap();
    assert!(irsa.contains("sts:AssumeRoleWithWebIdentity"), "{irsa}");
    assert!(!irsa.contains("sts:GetCallerIdentity"), "{irsa}");
    assert!(
        !app.derived
            .report
            .findings
            .iter()
            .any(|f| f.id == CheckId::S3)
    );
    // Back to pod-identity: the same endpoint answers only "who am I".
    press(&mut app, &[ch('4')]);
    select(&mut app, FieldId::PodCredentials);
    press(&mut app, &[key(KeyCode::Enter)]);
    let pod = sts_actions(&app).unwrap();
    assert!(pod.contains("sts:GetCallerIdentity"), "{pod}");
    assert!(!pod.contains("AssumeRoleWithWebIdentity"), "{pod}");
}

#[test]
fn snapshots_of_the_cluster_screen_with_each_choice() {
    let mut app = on_cluster();
    for (w, h) in [(80, 24), (160, 48)] {
        let t = terminal(&mut app, w, h);
        insta::assert_snapshot!(format!("pod_identity_{w}x{h}"), t.backend());
    }
    press(&mut app, &[ch(' ')]);
    for (w, h) in [(80, 24), (160, 48)] {
        let t = terminal(&mut app, w, h);
        insta::assert_snapshot!(format!("irsa_{w}x{h}"), t.backend());
    }
}
