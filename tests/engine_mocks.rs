//! What moto does not do, on real SDK clients with aws-smithy-mocks: the organization invite
//! and handshake acceptance, and EKS clusters that take time (CREATING → ACTIVE) or fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_eks::operation::create_cluster::CreateClusterOutput;
use aws_sdk_eks::operation::describe_cluster::{DescribeClusterError, DescribeClusterOutput};
use aws_sdk_eks::types::{Cluster, ClusterStatus, VpcConfigResponse};
use aws_sdk_organizations::operation::accept_handshake::AcceptHandshakeOutput;
use aws_sdk_organizations::operation::describe_organization::{
    DescribeOrganizationError, DescribeOrganizationOutput,
};
use aws_sdk_organizations::operation::invite_account_to_organization::InviteAccountToOrganizationOutput;
use aws_sdk_organizations::operation::list_accounts::ListAccountsOutput;
use aws_sdk_organizations::operation::list_handshakes_for_account::ListHandshakesForAccountOutput;
use aws_sdk_organizations::types::{
    Account, Handshake, HandshakeParty, HandshakePartyType, HandshakeState, Organization,
    OrganizationFeatureSet,
};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use eks_isolation::aws::eks::Timing;
use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::Side;
use eks_isolation::engine::ctx::{Ctx, StepError};
use eks_isolation::engine::journal::Journal;
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{cluster, org};
use tokio::sync::{mpsc, watch};

const DATA: &str = "111111111111";
const MODEL: &str = "222222222222";
const ORG: &str = "o-abc123defg";
const ROLE: &str = "arn:aws:iam::222222222222:role/eks-isolation-inference-demo-cluster";
const SUBNETS: [&str; 2] = ["subnet-01", "subnet-02"];
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

fn ctx(dir: &std::path::Path) -> Ctx {
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = DATA.into();
    bp.model_owner.account_id = MODEL.into();
    let (tx, _rx) = mpsc::unbounded_channel();
    let (_stop_tx, stop) = watch::channel(false);
    let journal = Journal::open(dir, &bp.name).unwrap();
    let ctx = Ctx::new(
        bp,
        party(Side::DataOwner, DATA),
        party(Side::ModelOwner, MODEL),
        journal,
        tx,
        stop,
    );
    for (i, id) in SUBNETS.iter().enumerate() {
        ctx.record(
            &format!("subnet.{i}"),
            "ec2:subnet",
            id,
            Side::DataOwner,
            true,
        )
        .unwrap();
    }
    ctx.record("iam.cluster_role", "iam:role", ROLE, Side::ModelOwner, true)
        .unwrap();
    ctx
}

fn interceptor(rules: &[&Rule]) -> MockResponseInterceptor {
    rules.iter().fold(
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
        |i, r| i.with_rule(r),
    )
}

fn orgs_client(rules: &[&Rule]) -> aws_sdk_organizations::Client {
    let conf = aws_sdk_organizations::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_organizations::config::Credentials::for_tests())
        .http_client(create_mock_http_client())
        .interceptor(interceptor(rules))
        .build();
    aws_sdk_organizations::Client::from_conf(conf)
}

fn eks_client(rules: &[&Rule]) -> aws_sdk_eks::Client {
    let conf = aws_sdk_eks::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_eks::config::Credentials::for_tests())
        .http_client(create_mock_http_client())
        .interceptor(interceptor(rules))
        .build();
    aws_sdk_eks::Client::from_conf(conf)
}

fn organization() -> DescribeOrganizationOutput {
    DescribeOrganizationOutput::builder()
        .organization(
            Organization::builder()
                .id(ORG)
                .arn(format!("arn:aws:organizations::{DATA}:organization/{ORG}"))
                .master_account_id(DATA)
                .feature_set(OrganizationFeatureSet::All)
                .build(),
        )
        .build()
}

fn not_in_org() -> DescribeOrganizationError {
    use aws_sdk_organizations::error::ErrorMetadata;
    use aws_sdk_organizations::types::error::AwsOrganizationsNotInUseException;
    DescribeOrganizationError::AwsOrganizationsNotInUseException(
        AwsOrganizationsNotInUseException::builder()
            .message("not in an organization")
            .meta(
                ErrorMetadata::builder()
                    .code("AWSOrganizationsNotInUseException")
                    .build(),
            )
            .build(),
    )
}

fn invitation(id: &str, org: &str) -> Handshake {
    Handshake::builder()
        .id(id)
        .arn(format!(
            "arn:aws:organizations::{DATA}:handshake/{org}/invite/{id}"
        ))
        .state(HandshakeState::Open)
        .parties(
            HandshakeParty::builder()
                .id(org)
                .r#type(HandshakePartyType::Organization)
                .build()
                .unwrap(),
        )
        .parties(
            HandshakeParty::builder()
                .id(MODEL)
                .r#type(HandshakePartyType::Account)
                .build()
                .unwrap(),
        )
        .build()
}

/// The data owner's side: the organization, its accounts, the invite.
fn data_rules() -> (Rule, Rule, Rule) {
    let describe =
        mock!(aws_sdk_organizations::Client::describe_organization).then_output(organization);
    let accounts = mock!(aws_sdk_organizations::Client::list_accounts).then_output(|| {
        ListAccountsOutput::builder()
            .accounts(Account::builder().id(DATA).build())
            .build()
    });
    let invite = mock!(aws_sdk_organizations::Client::invite_account_to_organization)
        .match_requests(|r| {
            r.target()
                .is_some_and(|t| t.id() == MODEL && t.r#type() == &HandshakePartyType::Account)
        })
        .then_output(|| {
            InviteAccountToOrganizationOutput::builder()
                .handshake(invitation("h-invite1", ORG))
                .build()
        });
    (describe, accounts, invite)
}

fn accept(id: &'static str) -> Rule {
    mock!(aws_sdk_organizations::Client::accept_handshake)
        .match_requests(move |r| r.handshake_id() == Some(id))
        .then_output(|| AcceptHandshakeOutput::builder().build())
}

#[tokio::test]
async fn a_new_member_is_invited_and_the_model_owner_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let (describe, accounts, invite) = data_rules();
    let data = orgs_client(&[&describe, &accounts, &invite]);
    let model_org =
        mock!(aws_sdk_organizations::Client::describe_organization).then_error(not_in_org);
    let listed = mock!(aws_sdk_organizations::Client::list_handshakes_for_account)
        .sequence()
        .output(|| ListHandshakesForAccountOutput::builder().build())
        .output(|| {
            ListHandshakesForAccountOutput::builder()
                .handshakes(invitation("h-invite1", ORG))
                .build()
        })
        .build();
    let accepted = accept("h-invite1");
    let model = orgs_client(&[&model_org, &listed, &accepted]);

    let out = org::ensure_member_with(&ctx, &data, &model).await.unwrap();
    assert!(
        matches!(&out, Outcome::Created(m) if m.contains("invited")),
        "{out:?}"
    );
    assert_eq!(invite.num_calls(), 1);
    assert_eq!(accepted.num_calls(), 1);
    assert_eq!(listed.num_calls(), 2);
    let record = ctx.recorded("org.member").unwrap();
    assert_eq!(
        (record.id.as_str(), record.kind.as_str()),
        (MODEL, "organizations:account")
    );
}

#[tokio::test]
async fn an_open_invitation_is_accepted_without_a_second_invite() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let (describe, accounts, invite) = data_rules();
    let data = orgs_client(&[&describe, &accounts, &invite]);
    let model_org =
        mock!(aws_sdk_organizations::Client::describe_organization).then_error(not_in_org);
    let listed =
        mock!(aws_sdk_organizations::Client::list_handshakes_for_account).then_output(|| {
            ListHandshakesForAccountOutput::builder()
                .handshakes(invitation("h-elsewhere", "o-otherorg99"))
                .handshakes(invitation("h-open", ORG))
                .build()
        });
    let accepted = accept("h-open");
    let model = orgs_client(&[&model_org, &listed, &accepted]);

    let out = org::ensure_member_with(&ctx, &data, &model).await.unwrap();
    assert!(
        matches!(&out, Outcome::Created(m) if m.contains("open invitation")),
        "{out:?}"
    );
    assert_eq!(invite.num_calls(), 0);
    assert_eq!(accepted.num_calls(), 1);
}

#[tokio::test]
async fn a_member_already_in_the_organization_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let (describe, _, invite) = data_rules();
    let accounts = mock!(aws_sdk_organizations::Client::list_accounts).then_output(|| {
        ListAccountsOutput::builder()
            .accounts(Account::builder().id(DATA).build())
            .accounts(Account::builder().id(MODEL).build())
            .build()
    });
    let data = orgs_client(&[&describe, &accounts, &invite]);
    let model = orgs_client(&[]);
    let out = org::ensure_member_with(&ctx, &data, &model).await.unwrap();
    assert!(matches!(out, Outcome::Exists(_)), "{out:?}");
    assert_eq!(invite.num_calls(), 0);
}

fn cluster_output(status: ClusterStatus) -> Cluster {
    Cluster::builder()
        .name("inference")
        .arn("arn:aws:eks:us-east-1:222222222222:cluster/inference")
        .status(status)
        .role_arn(ROLE)
        .resources_vpc_config(
            VpcConfigResponse::builder()
                .endpoint_public_access(false)
                .endpoint_private_access(true)
                .subnet_ids(SUBNETS[0])
                .subnet_ids(SUBNETS[1])
                .build(),
        )
        .build()
}

fn no_cluster() -> DescribeClusterError {
    use aws_sdk_eks::error::ErrorMetadata;
    use aws_sdk_eks::types::error::ResourceNotFoundException;
    DescribeClusterError::ResourceNotFoundException(
        ResourceNotFoundException::builder()
            .message("No cluster found for name: inference.")
            .meta(
                ErrorMetadata::builder()
                    .code("ResourceNotFoundException")
                    .build(),
            )
            .build(),
    )
}

/// CreateCluster only when it asks for the recorded subnets, the role, and a private endpoint.
fn create_rule() -> Rule {
    mock!(aws_sdk_eks::Client::create_cluster)
        .match_requests(|r| {
            r.name() == Some("inference")
                && r.role_arn() == Some(ROLE)
                && r.resources_vpc_config().is_some_and(|v| {
                    v.endpoint_public_access() == Some(false)
                        && v.endpoint_private_access() == Some(true)
                        && v.subnet_ids() == SUBNETS
                })
        })
        .then_output(|| {
            CreateClusterOutput::builder()
                .cluster(cluster_output(ClusterStatus::Creating))
                .build()
        })
}

fn describe(status: ClusterStatus) -> DescribeClusterOutput {
    DescribeClusterOutput::builder()
        .cluster(cluster_output(status))
        .build()
}

#[tokio::test]
async fn the_cluster_step_waits_for_active_after_creating() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let looks = mock!(aws_sdk_eks::Client::describe_cluster)
        .sequence()
        .error(no_cluster)
        .output(|| describe(ClusterStatus::Creating))
        .times(2)
        .output(|| describe(ClusterStatus::Active))
        .build();
    let create = create_rule();
    let eks = eks_client(&[&looks, &create]);
    let out = cluster::ensure_cluster_with(&ctx, &eks, FAST)
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Created(_)), "{out:?}");
    assert_eq!(create.num_calls(), 1);
    assert_eq!(looks.num_calls(), 4, "one look before, three while waiting");
    let record = ctx.recorded("eks.cluster").unwrap();
    assert_eq!(
        record.id,
        "arn:aws:eks:us-east-1:222222222222:cluster/inference"
    );
    assert!(record.created);
}

#[tokio::test]
async fn a_failed_cluster_is_an_error_naming_the_step() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let looks = mock!(aws_sdk_eks::Client::describe_cluster)
        .sequence()
        .error(no_cluster)
        .output(|| describe(ClusterStatus::Creating))
        .output(|| describe(ClusterStatus::Failed))
        .build();
    let create = create_rule();
    let eks = eks_client(&[&looks, &create]);
    let err = cluster::ensure_cluster_with(&ctx, &eks, FAST)
        .await
        .unwrap_err();
    let StepError::Blocked { step, reason } = &err else {
        panic!("{err}");
    };
    assert_eq!(step, "eks.cluster");
    assert!(reason.contains("FAILED"), "{reason}");
    assert!(err.to_string().starts_with("step eks.cluster: "), "{err}");
    // The cluster exists (failed) and stays in the journal for destroy.
    assert!(ctx.recorded("eks.cluster").is_some());
}

#[tokio::test]
async fn a_cluster_that_never_becomes_active_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let looks = mock!(aws_sdk_eks::Client::describe_cluster)
        .sequence()
        .output(|| describe(ClusterStatus::Creating))
        .repeatedly()
        .build();
    let eks = eks_client(&[&looks]);
    let timing = Timing {
        poll: Duration::from_millis(5),
        limit: Duration::from_millis(60),
    };
    let err = cluster::ensure_cluster_with(&ctx, &eks, timing)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("still CREATING"), "{err}");
    assert!(looks.num_calls() >= 2);
}
