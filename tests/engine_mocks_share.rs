//! The RAM share step on a mocked RAM client: what moto lacks (AssociateResourceShare) and the
//! exact request CreateResourceShare makes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_ram::operation::associate_resource_share::AssociateResourceShareOutput;
use aws_sdk_ram::operation::create_resource_share::CreateResourceShareOutput;
use aws_sdk_ram::operation::enable_sharing_with_aws_organization::EnableSharingWithAwsOrganizationOutput;
use aws_sdk_ram::operation::get_resource_share_associations::GetResourceShareAssociationsOutput;
use aws_sdk_ram::operation::get_resource_shares::GetResourceSharesOutput;
use aws_sdk_ram::types::{
    ResourceShare, ResourceShareAssociation, ResourceShareAssociationStatus,
    ResourceShareAssociationType, ResourceShareStatus,
};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::Side;
use eks_isolation::engine::ctx::Ctx;
use eks_isolation::engine::journal::Journal;
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::share;
use tokio::sync::{mpsc, watch};

const DATA: &str = "111111111111";
const MODEL: &str = "222222222222";
const NAME: &str = "eks-isolation-inference-demo";
const SHARE: &str = "arn:aws:ram:us-east-1:111111111111:resource-share/0a1b";

fn subnet(id: &str) -> String {
    format!("arn:aws:ec2:us-east-1:{DATA}:subnet/{id}")
}

fn ctx(dir: &std::path::Path) -> Ctx {
    let party = |side, account: &str| Party {
        side,
        identity: Identity {
            account: account.into(),
            arn: format!("arn:aws:iam::{account}:role/test"),
            source: "test".into(),
        },
        config: SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .build(),
    };
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
    for (i, id) in ["subnet-01", "subnet-02"].iter().enumerate() {
        ctx.record(
            &format!("subnet.{i}"),
            "ec2:subnet",
            id,
            Side::DataOwner,
            true,
        )
        .unwrap();
    }
    ctx
}

fn ram_client(rules: &[&Rule]) -> aws_sdk_ram::Client {
    let interceptor = rules.iter().fold(
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
        |i, r| i.with_rule(r),
    );
    let conf = aws_sdk_ram::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ram::config::Credentials::for_tests())
        .http_client(create_mock_http_client())
        .interceptor(interceptor)
        .build();
    aws_sdk_ram::Client::from_conf(conf)
}

fn enable() -> Rule {
    mock!(aws_sdk_ram::Client::enable_sharing_with_aws_organization).then_output(|| {
        EnableSharingWithAwsOrganizationOutput::builder()
            .return_value(true)
            .build()
    })
}

fn shares(status: ResourceShareStatus) -> Rule {
    mock!(aws_sdk_ram::Client::get_resource_shares)
        .match_requests(|r| r.resource_owner().map(|o| o.as_str()) == Some("SELF"))
        .then_output(move || {
            GetResourceSharesOutput::builder()
                .resource_shares(
                    ResourceShare::builder()
                        .resource_share_arn(SHARE)
                        .name(NAME)
                        .status(status.clone())
                        .build(),
                )
                .build()
        })
}

fn association(kind: ResourceShareAssociationType, entity: &str) -> ResourceShareAssociation {
    ResourceShareAssociation::builder()
        .resource_share_arn(SHARE)
        .associated_entity(entity)
        .association_type(kind)
        .status(ResourceShareAssociationStatus::Associated)
        .build()
}

/// The share's associations: the model owner, and only the first subnet.
fn model_owner_and_first_subnet() -> Rule {
    mock!(aws_sdk_ram::Client::get_resource_share_associations).then_compute_output(|r| {
        let out = GetResourceShareAssociationsOutput::builder();
        match r.association_type() {
            Some(ResourceShareAssociationType::Principal) => out.resource_share_associations(
                association(ResourceShareAssociationType::Principal, MODEL),
            ),
            _ => out.resource_share_associations(association(
                ResourceShareAssociationType::Resource,
                &subnet("subnet-01"),
            )),
        }
        .build()
    })
}

#[tokio::test]
async fn a_missing_subnet_is_added_to_the_existing_share() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let enable = enable();
    let found = shares(ResourceShareStatus::Active);
    let associations = model_owner_and_first_subnet();
    let associate = mock!(aws_sdk_ram::Client::associate_resource_share)
        .match_requests(|r| {
            r.resource_share_arn() == Some(SHARE)
                && r.principals().is_empty()
                && r.resource_arns() == [subnet("subnet-02")]
        })
        .then_output(|| AssociateResourceShareOutput::builder().build());
    let ram = ram_client(&[&enable, &found, &associations, &associate]);
    let out = share::ensure_share_with(&ctx, &ram).await.unwrap();
    assert!(
        matches!(&out, Outcome::Updated(m) if m.contains("subnet-02")),
        "{out:?}"
    );
    assert_eq!(associate.num_calls(), 1);
    assert_eq!(enable.num_calls(), 1);
    assert_eq!(ctx.recorded("ram.share").unwrap().id, SHARE);
}

#[tokio::test]
async fn a_deleted_share_is_ignored_and_a_new_one_shares_only_with_the_model_owner() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let enable = enable();
    let deleted = shares(ResourceShareStatus::Deleted);
    let create = mock!(aws_sdk_ram::Client::create_resource_share)
        .match_requests(|r| {
            r.name() == Some(NAME)
                && r.principals() == [MODEL]
                && r.resource_arns() == [subnet("subnet-01"), subnet("subnet-02")]
                && r.allow_external_principals() == Some(false)
                && r.tags()
                    .iter()
                    .any(|t| t.key() == Some("eks-isolation:blueprint"))
        })
        .then_output(|| {
            CreateResourceShareOutput::builder()
                .resource_share(
                    ResourceShare::builder()
                        .resource_share_arn(SHARE)
                        .name(NAME)
                        .build(),
                )
                .build()
        });
    let ram = ram_client(&[&enable, &deleted, &create]);
    let out = share::ensure_share_with(&ctx, &ram).await.unwrap();
    assert!(matches!(out, Outcome::Created(_)), "{out:?}");
    assert_eq!(create.num_calls(), 1);
    let record = ctx.recorded("ram.share").unwrap();
    assert!(record.created && record.id == SHARE);
}

#[tokio::test]
async fn planning_a_share_that_lacks_a_subnet_marks_it_changed_and_calls_nothing_that_writes() {
    use eks_isolation::engine::notes::{Mark, mark_of};
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path()).planning();
    // Made by an earlier apply (else the untagged share found by name would be adopted).
    ctx.record(
        "ram.share",
        "ram:resource-share",
        SHARE,
        Side::DataOwner,
        true,
    )
    .unwrap();
    let enable = enable();
    let found = shares(ResourceShareStatus::Active);
    let associations = model_owner_and_first_subnet();
    let associate = mock!(aws_sdk_ram::Client::associate_resource_share)
        .then_output(|| AssociateResourceShareOutput::builder().build());
    let ram = ram_client(&[&enable, &found, &associations, &associate]);
    share::ensure_share_with(&ctx, &ram).await.unwrap();
    let notes = ctx.take_notes();
    assert_eq!(mark_of(&notes), Mark::Change, "{notes:?}");
    let texts: Vec<&str> = notes.iter().map(|n| n.text()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("add") && t.contains(&subnet("subnet-02"))),
        "{texts:?}"
    );
    assert_eq!(associate.num_calls(), 0, "a plan never associates");
    assert_eq!(enable.num_calls(), 0, "nor turns sharing on");
}
