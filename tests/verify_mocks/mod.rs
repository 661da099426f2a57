//! Both accounts on mocked SDK clients (aws-smithy-mocks), every listing over two pages: moto
//! answers each listing in one page, so reading to the last page is tested here. What a client
//! has no rule for gets the mock HTTP client's dummy answer (HTTP 418): a failed read.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod accounts;
pub mod dns;
pub mod ec2;
pub mod iam;
pub mod reach;

use aws_config::{BehaviorVersion, Region};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::verify::{Clients, DataClients, KnownIds, ModelClients};

pub const DATA: &str = "111111111111";
pub const MODEL: &str = "222222222222";
pub const VPC: &str = "vpc-0paged";
pub const S3_ENDPOINT: &str = "vpce-0s3paged";
/// The token every first page ends with.
pub const NEXT: &str = "page-2";

/// Whether a request asks for the first page (it carries no token).
pub fn first_page(token: Option<&str>) -> bool {
    token.is_none()
}

fn interceptor(rules: &[Rule]) -> MockResponseInterceptor {
    rules.iter().fold(
        MockResponseInterceptor::new()
            .rule_mode(RuleMode::MatchAny)
            .allow_passthrough(),
        |i, r| i.with_rule(r),
    )
}

/// A client of `$sdk` answering by `$rules`, without retries.
macro_rules! mocked {
    ($sdk:ident, $rules:expr) => {
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .credentials_provider($sdk::config::Credentials::for_tests())
                .retry_config($sdk::config::retry::RetryConfig::disabled())
                .http_client(create_mock_http_client())
                .interceptor(interceptor($rules))
                .build(),
        )
    };
}

/// The starter blueprint between the two test accounts.
pub fn blueprint() -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = DATA.into();
    bp.model_owner.account_id = MODEL.into();
    bp
}

/// What apply recorded: the VPC, both subnets, the S3 endpoint, the cluster.
pub fn known_ids(bp: &Blueprint) -> KnownIds {
    KnownIds {
        vpc_id: Some(VPC.into()),
        subnet_ids: vec!["subnet-a".into(), ec2::SUBNET_B.into()],
        s3_endpoint_id: Some(S3_ENDPOINT.into()),
        cluster_name: Some(bp.cluster.name.clone()),
    }
}

fn org_rules(bp: &Blueprint) -> Vec<Rule> {
    let mut rules = accounts::org_rules(bp);
    rules.extend(reach::org_rules());
    rules
}

/// Every client of both accounts, each listing over two pages; S3 answers nothing.
pub fn clients(bp: &Blueprint) -> Clients {
    Clients {
        data: Some(DataClients {
            ec2: mocked!(aws_sdk_ec2, &ec2::data_rules(bp)),
            s3: mocked!(aws_sdk_s3, &[]),
            orgs: mocked!(aws_sdk_organizations, &org_rules(bp)),
            ram: mocked!(aws_sdk_ram, &accounts::ram_rules()),
            cloudtrail: mocked!(aws_sdk_cloudtrail, &reach::trail_rules()),
            resolver: mocked!(aws_sdk_route53resolver, &dns::rules()),
        }),
        model: Some(ModelClients {
            ec2: mocked!(aws_sdk_ec2, &ec2::model_rules()),
            iam: mocked!(aws_sdk_iam, &iam::rules()),
            ecr: mocked!(aws_sdk_ecr, &accounts::ecr_rules()),
            eks: mocked!(aws_sdk_eks, &accounts::eks_rules(bp)),
        }),
    }
}
