//! The engine's steps on mocked clients (aws-smithy-mocks through the run's call log): every
//! lookup a step discovers through answers over two pages, the first empty or holding only what
//! is not ours, the second holding what the step looks for. moto answers these in one page.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_ec2::types::Filter;
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client};
use aws_smithy_types::retry::RetryConfig;
use eks_isolation::aws::{CallLog, Identity, Party};
use eks_isolation::blueprint::{Blueprint, Side};
use eks_isolation::engine::ctx::Ctx;
use eks_isolation::engine::journal::Journal;
use tokio::sync::{mpsc, watch};

pub const DATA: &str = "111111111111";
pub const MODEL: &str = "222222222222";
pub const VPC: &str = "vpc-0paged";
/// A VPC that is not the blueprint's (an old copy carrying the same tags).
pub const OTHER_VPC: &str = "vpc-0other";
pub const SUBNETS: [&str; 2] = ["subnet-0paged0", "subnet-0paged1"];
pub const CIDRS: [&str; 2] = ["10.40.0.0/20", "10.40.16.0/20"];
pub const AZ_IDS: [&str; 2] = ["use1-az1", "use1-az2"];
pub const TABLE: &str = "rtb-0paged";
pub const GROUP: &str = "sg-0paged";
/// The token every first page ends with.
pub const NEXT: &str = "page-2";

/// The starter blueprint between the two test accounts.
pub fn blueprint() -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = DATA.into();
    bp.model_owner.account_id = MODEL.into();
    bp
}

/// A party whose every client answers through the mock interceptor (HTTP 418 when no rule
/// matches: a failed call), without retries.
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
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKIDTEST", "secret", None, None, "test",
            )))
            .retry_config(RetryConfig::disabled())
            .http_client(create_mock_http_client())
            .build(),
    }
}

/// A context applying the blueprint, its clients answered by `rules`, its journal holding
/// `records` (`(key, kind, id)`, all created by this tool).
pub fn ctx(dir: &std::path::Path, rules: &[Rule], records: &[(&str, &str, &str)]) -> Ctx {
    let bp = blueprint();
    let (tx, _rx) = mpsc::unbounded_channel();
    let (_stop_tx, stop) = watch::channel(false);
    let journal = Journal::open(dir, &bp.name).unwrap();
    let mocked = rules.iter().fold(
        MockResponseInterceptor::new()
            .rule_mode(RuleMode::MatchAny)
            .allow_passthrough(),
        |i, r| i.with_rule(r),
    );
    let ctx = Ctx::new(
        bp,
        party(Side::DataOwner, DATA),
        party(Side::ModelOwner, MODEL),
        journal,
        tx,
        stop,
    )
    .with_calls(CallLog::new().with_interceptor(mocked));
    for (key, kind, id) in records {
        ctx.record(key, kind, id, Side::DataOwner, true).unwrap();
    }
    ctx
}

/// The journal of a built VPC with both subnets.
pub fn vpc_and_subnets() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("vpc", "ec2:vpc", VPC),
        ("subnet.0", "ec2:subnet", SUBNETS[0]),
        ("subnet.1", "ec2:subnet", SUBNETS[1]),
    ]
}

/// Whether a request asks for the first page (it carries no token).
pub fn first_page(token: Option<&str>) -> bool {
    token.is_none()
}

/// The values of the request's filter `name`.
pub fn filter_values<'a>(filters: &'a [Filter], name: &str) -> Option<&'a [String]> {
    filters
        .iter()
        .find(|f| f.name() == Some(name))
        .map(Filter::values)
}

/// How many calls of an operation (`ec2:CreateSubnet`) the run made.
pub fn count(ctx: &Ctx, call: &str) -> usize {
    ctx.calls().iter().filter(|c| *c == call).count()
}
