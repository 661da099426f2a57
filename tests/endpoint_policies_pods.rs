//! The pods' credentials through the generated endpoint policies: with IRSA the sts endpoint
//! allows web-identity sessions of the model owner's roles only, whose session names D12
//! reports as a warning; with Pod Identity an enabled sts endpoint answers only "who am I";
//! and no generated policy allows an action the writer catalog does not know. Pure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

#[path = "endpoint_policies/common.rs"]
mod common;

use common::{DATA, MODEL, STRANGER, analyze, blueprint, decision};
use eks_isolation::blueprint::PodCredentials;
use eks_isolation::policy::analyze::writers::{Known, lookup};
use eks_isolation::policy::analyze::{CheckId, Severity};
use eks_isolation::policy::generate::generate;
use eks_isolation::policy::{ActionSpec, Context, Decision, RequestPrincipal};

#[test]
fn irsa_leaves_the_session_name_channel_as_a_warning_and_autoscaling_an_info() {
    let mut bp = blueprint();
    bp.cluster.pod_credentials = PodCredentials::Irsa;
    bp.network.interface_endpoints.retain(|e| e != "eks-auth");
    bp.network.interface_endpoints.push("sts".into());
    let set = generate(&bp, None);
    let report = analyze(&bp, &set);
    let of = |service: &str| {
        report
            .findings
            .iter()
            .find(|f| {
                f.id == CheckId::D12 && f.detail.starts_with(&format!("the {service} endpoint"))
            })
            .unwrap_or_else(|| panic!("{service}: {report:#?}"))
    };
    let sts = of("sts");
    assert_eq!(sts.severity, Severity::Warning);
    assert!(
        sts.detail
            .contains("sts:AssumeRoleWithWebIdentity (session name, 64 bytes; medium)"),
        "{}",
        sts.detail
    );
    assert!(
        sts.detail.ends_with("budget: 64 bytes per call"),
        "{}",
        sts.detail
    );
    let autoscaling = of("autoscaling");
    assert_eq!(autoscaling.severity, Severity::Info);
    assert!(!report.has_critical(), "{report:#?}");
    // The generated sts policy allows the web-identity call on the model owner's roles only.
    let sts_doc = &set.interface_endpoints["sts"];
    let anonymous = RequestPrincipal {
        arn: "*".into(),
        account: String::new(),
        service: None,
    };
    let role = |account: &str| format!("arn:aws:iam::{account}:role/pod");
    let ctx = Context::new();
    assert_eq!(
        decision(
            sts_doc,
            &anonymous,
            "sts:AssumeRoleWithWebIdentity",
            &role(MODEL),
            &ctx
        ),
        Decision::Allow
    );
    for account in [DATA, STRANGER] {
        assert_ne!(
            decision(
                sts_doc,
                &anonymous,
                "sts:AssumeRoleWithWebIdentity",
                &role(account),
                &ctx
            ),
            Decision::Allow
        );
    }
    // With Pod Identity no pod needs sts: if enabled, it answers only "who am I".
    let mut pi = blueprint();
    pi.network.interface_endpoints.push("sts".into());
    let set = generate(&pi, None);
    assert!(
        set.interface_endpoints["sts"]
            .to_json_pretty()
            .contains("sts:GetCallerIdentity")
    );
    assert!(
        !analyze(&pi, &set)
            .findings
            .iter()
            .any(|f| f.detail.starts_with("the sts endpoint"))
    );
}

#[test]
fn the_catalog_knows_every_write_the_generated_policies_allow() {
    // A generated policy never allows an action the catalog does not know: each is a
    // catalogued writer, a quiet write or a read.
    let mut bp = blueprint();
    bp.network.interface_endpoints.push("sts".into());
    for pod_credentials in [PodCredentials::PodIdentity, PodCredentials::Irsa] {
        bp.cluster.pod_credentials = pod_credentials;
        for (service, doc) in &generate(&bp, None).interface_endpoints {
            for st in &doc.statements {
                let ActionSpec::Action(actions) = &st.action else {
                    panic!("{service}: NotAction")
                };
                for a in actions {
                    let concrete = a.replace('*', "Anything");
                    assert_ne!(lookup(&concrete), Known::Unknown, "{service}: {a}");
                }
            }
        }
    }
}
