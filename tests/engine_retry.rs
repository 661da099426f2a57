//! Throttling is absorbed by the SDK's retry configuration (no hand-written retry loops): a
//! client built from the same default configuration the tool loads retries a throttled call.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use std::time::Duration;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_eks::error::ErrorMetadata;
use aws_sdk_eks::operation::describe_cluster::{DescribeClusterError, DescribeClusterOutput};
use aws_sdk_eks::types::{Cluster, ClusterStatus};
use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};
use eks_isolation::aws::eks;

fn throttled() -> DescribeClusterError {
    DescribeClusterError::generic(
        ErrorMetadata::builder()
            .code("ThrottlingException")
            .message("Rate exceeded")
            .build(),
    )
}

#[tokio::test]
async fn a_throttled_read_is_retried_by_the_sdk_and_then_answers() {
    // The tool's own default configuration (standard retry mode, 3 attempts), with fake keys.
    let defaults = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_eks::config::Credentials::for_tests())
        .load()
        .await;
    let rule = mock!(aws_sdk_eks::Client::describe_cluster)
        .sequence()
        .error(throttled)
        .times(2)
        .output(|| {
            DescribeClusterOutput::builder()
                .cluster(
                    Cluster::builder()
                        .name("inference")
                        .arn("arn:aws:eks:us-east-1:222222222222:cluster/inference")
                        .status(ClusterStatus::Active)
                        .build(),
                )
                .build()
        })
        .build();
    let conf = aws_sdk_eks::config::Builder::from(&defaults)
        .http_client(create_mock_http_client())
        .interceptor(
            MockResponseInterceptor::new()
                .rule_mode(RuleMode::MatchAny)
                .with_rule(&rule),
        )
        // Only the waiting between attempts is shortened; the retry policy is the default one.
        .retry_config(
            defaults
                .retry_config()
                .cloned()
                .expect("the defaults carry a retry configuration")
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    assert_eq!(defaults.retry_config().map(|r| r.max_attempts()), Some(3));
    let client = aws_sdk_eks::Client::from_conf(conf);
    let found = eks::describe_cluster(&client, "inference").await.unwrap();
    assert_eq!(found.map(|c| c.status), Some("ACTIVE".to_string()));
    assert_eq!(
        rule.num_calls(),
        3,
        "two throttled attempts, then the answer"
    );
}
