//! M6 over two pages: a backup policy on page 2 of the model-owner account's backup policies, a
//! delegated administrator for GuardDuty on page 2 of ListDelegatedAdministrators, and an
//! organization trail (AWS Config's trusted access is on page 2 in `accounts::org_rules`).

use aws_sdk_cloudtrail::operation::describe_trails::DescribeTrailsOutput;
use aws_sdk_cloudtrail::types::Trail;
use aws_sdk_organizations::operation::list_delegated_administrators::ListDelegatedAdministratorsOutput;
use aws_sdk_organizations::operation::list_delegated_services_for_account::ListDelegatedServicesForAccountOutput;
use aws_sdk_organizations::operation::list_policies_for_target::ListPoliciesForTargetOutput;
use aws_sdk_organizations::types::{
    DelegatedAdministrator, DelegatedService, PolicySummary, PolicyType,
};
use aws_smithy_mocks::{Rule, mock};

use super::{MODEL, NEXT, first_page};

pub const BACKUP: &str = "nightly-copy";
pub const SECURITY: &str = "333333333333";
pub const TRAIL: &str = "org-audit";

/// Backup policies (page 2, on the account; none above), delegated administrators (page 2).
pub fn org_rules() -> Vec<Rule> {
    let backups = |r: &aws_sdk_organizations::operation::list_policies_for_target::ListPoliciesForTargetInput| {
        r.filter() == Some(&PolicyType::BackupPolicy)
    };
    vec![
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(move |r| backups(r) && r.target_id() != Some(MODEL))
            .then_output(|| ListPoliciesForTargetOutput::builder().build()),
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(move |r| backups(r) && first_page(r.next_token()))
            .then_output(|| {
                ListPoliciesForTargetOutput::builder()
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(backups)
            .then_output(|| {
                ListPoliciesForTargetOutput::builder()
                    .policies(PolicySummary::builder().id("p-backup").name(BACKUP).build())
                    .build()
            }),
        mock!(aws_sdk_organizations::Client::list_delegated_administrators).then_compute_output(
            |r| {
                if first_page(r.next_token()) {
                    return ListDelegatedAdministratorsOutput::builder()
                        .next_token(NEXT)
                        .build();
                }
                ListDelegatedAdministratorsOutput::builder()
                    .delegated_administrators(
                        DelegatedAdministrator::builder().id(SECURITY).build(),
                    )
                    .build()
            },
        ),
        mock!(aws_sdk_organizations::Client::list_delegated_services_for_account).then_output(
            || {
                ListDelegatedServicesForAccountOutput::builder()
                    .delegated_services(
                        DelegatedService::builder()
                            .service_principal("guardduty.amazonaws.com")
                            .build(),
                    )
                    .build()
            },
        ),
    ]
}

/// CloudTrail: one organization trail beside a trail of the account's own.
pub fn trail_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(|| {
            DescribeTrailsOutput::builder()
                .trail_list(
                    Trail::builder()
                        .name(TRAIL)
                        .s3_bucket_name("audit-logs")
                        .is_organization_trail(true)
                        .build(),
                )
                .trail_list(
                    Trail::builder()
                        .name("local")
                        .s3_bucket_name("own-logs")
                        .is_organization_trail(false)
                        .build(),
                )
                .build()
        }),
    ]
}
