//! The Pod Identity Agent add-on step where moto's stand-in cannot go, on real SDK clients with
//! aws-smithy-mocks: an add-on that takes time (CREATING → ACTIVE), one that fails or is
//! degraded (the step fails with its health issues), a create that races another
//! (ResourceInUseException → adopt what is there), IRSA (nothing to install, no call), and
//! planning (the create is noted, never made).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_eks::error::ErrorMetadata;
use aws_sdk_eks::operation::create_addon::{CreateAddonError, CreateAddonOutput};
use aws_sdk_eks::operation::delete_addon::DeleteAddonOutput;
use aws_sdk_eks::operation::describe_addon::{DescribeAddonError, DescribeAddonOutput};
use aws_sdk_eks::types::error::{ResourceInUseException, ResourceNotFoundException};
use aws_sdk_eks::types::{Addon, AddonHealth, AddonIssue, AddonIssueCode, AddonStatus};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use eks_isolation::aws::eks::Timing;
use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::{Blueprint, PodCredentials, Side};
use eks_isolation::engine::ctx::{Ctx, StepError};
use eks_isolation::engine::journal::Journal;
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::addon;
use tokio::sync::{mpsc, watch};

const MODEL: &str = "222222222222";
const ARN: &str =
    "arn:aws:eks:us-east-1:222222222222:addon/inference/eks-pod-identity-agent/0a1b2c3d";
const FAST: Timing = Timing {
    poll: Duration::from_millis(5),
    limit: Duration::from_secs(5),
};

fn party(side: Side, account: &str) -> Party {
    Party {
        side,
        identity: Identity {
            account: account.into(),
            arn: format!("arn:aws:iam::{account}:role/test"),
            source: "test".into(),
        },
        config: SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .build(),
    }
}

/// A context whose journal holds the cluster (the step's one need).
fn ctx(dir: &std::path::Path, pods: PodCredentials) -> Ctx {
    let mut bp = Blueprint::starter();
    bp.model_owner.account_id = MODEL.into();
    bp.cluster.pod_credentials = pods;
    let (tx, _rx) = mpsc::unbounded_channel();
    let (_stop_tx, stop) = watch::channel(false);
    let journal = Journal::open(dir, &bp.name).unwrap();
    let ctx = Ctx::new(
        bp,
        party(Side::DataOwner, "111111111111"),
        party(Side::ModelOwner, MODEL),
        journal,
        tx,
        stop,
    );
    ctx.record(
        "eks.cluster",
        "eks:cluster",
        "arn:aws:eks:us-east-1:222222222222:cluster/inference",
        Side::ModelOwner,
        true,
    )
    .unwrap();
    ctx
}

fn eks_client(rules: &[&Rule]) -> aws_sdk_eks::Client {
    let interceptor = rules.iter().fold(
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
        |i, r| i.with_rule(r),
    );
    let conf = aws_sdk_eks::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_eks::config::Credentials::for_tests())
        .http_client(create_mock_http_client())
        .interceptor(interceptor)
        .build();
    aws_sdk_eks::Client::from_conf(conf)
}

fn addon(status: AddonStatus, tagged: bool) -> Addon {
    let b = Addon::builder()
        .addon_name("eks-pod-identity-agent")
        .cluster_name("inference")
        .addon_arn(ARN)
        .status(status);
    if tagged {
        b.tags("eks-isolation:blueprint", "inference-demo").build()
    } else {
        b.build()
    }
}

fn described(status: AddonStatus) -> DescribeAddonOutput {
    DescribeAddonOutput::builder()
        .addon(addon(status, true))
        .build()
}

fn no_addon() -> DescribeAddonError {
    DescribeAddonError::ResourceNotFoundException(
        ResourceNotFoundException::builder()
            .message("No addon: eks-pod-identity-agent found in cluster: inference")
            .meta(
                ErrorMetadata::builder()
                    .code("ResourceNotFoundException")
                    .build(),
            )
            .build(),
    )
}

/// CreateAddon only for the agent on the blueprint's cluster, tagged, no version pinned.
fn create(status: AddonStatus) -> Rule {
    mock!(aws_sdk_eks::Client::create_addon)
        .match_requests(|r| {
            r.cluster_name() == Some("inference")
                && r.addon_name() == Some("eks-pod-identity-agent")
                && r.addon_version().is_none()
                && r.tags().is_some_and(|t| {
                    t.get("eks-isolation:blueprint").map(String::as_str) == Some("inference-demo")
                })
        })
        .then_output(move || {
            CreateAddonOutput::builder()
                .addon(addon(status.clone(), true))
                .build()
        })
}

#[tokio::test]
async fn a_new_add_on_is_created_once_and_waited_on_until_active() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity);
    let looks = mock!(aws_sdk_eks::Client::describe_addon)
        .sequence()
        .error(no_addon)
        .output(|| described(AddonStatus::Creating))
        .times(2)
        .output(|| described(AddonStatus::Active))
        .build();
    let made = create(AddonStatus::Creating);
    let eks = eks_client(&[&looks, &made]);
    let out = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Created(_)), "{out:?}");
    assert_eq!(made.num_calls(), 1);
    assert_eq!(looks.num_calls(), 4, "one look before, three while waiting");
    let record = ctx.recorded("eks.addon.pod_identity").unwrap();
    assert_eq!(record.id, ARN);
    assert_eq!(record.kind, "eks:addon");
    assert!(record.created);
}

#[tokio::test]
async fn a_failed_add_on_fails_the_step_with_its_health_issues() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity);
    let failed = || {
        DescribeAddonOutput::builder()
            .addon(
                Addon::builder()
                    .addon_name("eks-pod-identity-agent")
                    .addon_arn(ARN)
                    .status(AddonStatus::CreateFailed)
                    .health(
                        AddonHealth::builder()
                            .issues(
                                AddonIssue::builder()
                                    .code(AddonIssueCode::ConfigurationConflict)
                                    .message("Conflicts found when trying to apply")
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build()
    };
    let looks = mock!(aws_sdk_eks::Client::describe_addon)
        .sequence()
        .error(no_addon)
        .output(|| described(AddonStatus::Creating))
        .output(failed)
        .build();
    let made = create(AddonStatus::Creating);
    let eks = eks_client(&[&looks, &made]);
    let err = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap_err();
    let StepError::Blocked { step, reason } = &err else {
        panic!("{err}");
    };
    assert_eq!(step, "eks.addon.pod_identity");
    assert!(reason.contains("CREATE_FAILED"), "{reason}");
    assert!(
        reason.contains("ConfigurationConflict: Conflicts found when trying to apply"),
        "{reason}"
    );
    // It exists (failed) and stays in the journal for destroy.
    assert!(ctx.recorded("eks.addon.pod_identity").is_some());
}

#[tokio::test]
async fn a_degraded_add_on_found_on_a_rerun_fails_the_step_with_its_health_issues() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity);
    let looks = mock!(aws_sdk_eks::Client::describe_addon).then_output(|| {
        DescribeAddonOutput::builder()
            .addon(
                Addon::builder()
                    .addon_name("eks-pod-identity-agent")
                    .addon_arn(ARN)
                    .status(AddonStatus::Degraded)
                    .health(
                        AddonHealth::builder()
                            .issues(
                                AddonIssue::builder()
                                    .code(AddonIssueCode::InsufficientNumberOfReplicas)
                                    .message("The add-on is unhealthy")
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let made = create(AddonStatus::Creating);
    let eks = eks_client(&[&looks, &made]);
    let err = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("step eks.addon.pod_identity: "), "{text}");
    assert!(
        text.contains("DEGRADED (InsufficientNumberOfReplicas: The add-on is unhealthy)"),
        "{text}"
    );
    assert_eq!(made.num_calls(), 0);
}

#[tokio::test]
async fn a_create_that_races_another_adopts_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity);
    let looks = mock!(aws_sdk_eks::Client::describe_addon)
        .sequence()
        .error(no_addon)
        .output(|| {
            DescribeAddonOutput::builder()
                .addon(addon(AddonStatus::Active, false))
                .build()
        })
        .build();
    let raced = mock!(aws_sdk_eks::Client::create_addon).then_error(|| {
        CreateAddonError::ResourceInUseException(
            ResourceInUseException::builder()
                .message("Addon already exists with name: eks-pod-identity-agent")
                .meta(
                    ErrorMetadata::builder()
                        .code("ResourceInUseException")
                        .build(),
                )
                .build(),
        )
    });
    let eks = eks_client(&[&looks, &raced]);
    let out = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Exists(_)), "{out:?}");
    assert_eq!(raced.num_calls(), 1);
    assert_eq!(looks.num_calls(), 2);
    let record = ctx.recorded("eks.addon.pod_identity").unwrap();
    assert_eq!(record.id, ARN);
    assert!(!record.created, "made by someone else, untagged: adopted");
}

#[tokio::test]
async fn with_irsa_there_is_nothing_to_install_and_no_call() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::Irsa);
    let looks = mock!(aws_sdk_eks::Client::describe_addon).then_error(no_addon);
    let made = create(AddonStatus::Active);
    let eks = eks_client(&[&looks, &made]);
    let out = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap();
    let Outcome::Exists(message) = &out else {
        panic!("{out:?}");
    };
    assert!(message.starts_with("not needed"), "{message}");
    assert!(message.contains("irsa"), "{message}");
    assert_eq!(looks.num_calls() + made.num_calls(), 0);
    assert!(ctx.recorded("eks.addon.pod_identity").is_none());
}

#[tokio::test]
async fn planning_notes_the_install_and_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity).planning();
    ctx.record(
        "eks.cluster",
        "eks:cluster",
        "arn:aws:eks:us-east-1:222222222222:cluster/inference",
        Side::ModelOwner,
        true,
    )
    .unwrap();
    let looks = mock!(aws_sdk_eks::Client::describe_addon).then_error(no_addon);
    let made = create(AddonStatus::Active);
    let eks = eks_client(&[&looks, &made]);
    let out = addon::ensure_pod_identity_agent_with(&ctx, &eks, FAST)
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Created(_)), "{out:?}");
    assert_eq!(made.num_calls(), 0);
    let notes = ctx.take_notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        notes[0].text(),
        "install the EKS add-on eks-pod-identity-agent on cluster inference"
    );
}

#[tokio::test]
async fn destroy_deletes_the_add_on_and_waits_until_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), PodCredentials::PodIdentity);
    ctx.record(
        "eks.addon.pod_identity",
        "eks:addon",
        ARN,
        Side::ModelOwner,
        true,
    )
    .unwrap();
    let record = ctx.recorded("eks.addon.pod_identity").unwrap();
    let delete = mock!(aws_sdk_eks::Client::delete_addon)
        .match_requests(|r| {
            r.cluster_name() == Some("inference")
                && r.addon_name() == Some("eks-pod-identity-agent")
        })
        .then_output(|| DeleteAddonOutput::builder().build());
    let looks = mock!(aws_sdk_eks::Client::describe_addon)
        .sequence()
        .output(|| described(AddonStatus::Deleting))
        .error(no_addon)
        .build();
    let eks = eks_client(&[&delete, &looks]);
    let out = addon::destroy_with(&ctx, &record, &eks, FAST)
        .await
        .unwrap();
    assert_eq!(
        out,
        Outcome::Updated("deleted add-on eks-pod-identity-agent of cluster inference".into())
    );
    assert_eq!(delete.num_calls(), 1);
    assert_eq!(looks.num_calls(), 2);
    assert!(ctx.recorded("eks.addon.pod_identity").is_none());
}
