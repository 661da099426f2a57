//! M6's evidence, read as the management account (the data owner), the one party that can read
//! all of it: trusted access and delegated administrators are readable only there (see
//! `aws::organizations::reach`), and so are the backup policies attached up the model owner's
//! parent chain (ListPoliciesForTarget: management account or delegated administrator,
//! <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html>).

use aws_sdk_organizations::types::PolicyType;

use crate::aws::organizations::{self as orgs, reach};
use crate::aws::{AwsError, cloudtrail};

use super::super::state::Reach;

/// Every way in: backup policies on the model-owner account and each parent (`targets`: the
/// account, then its OUs and root), trusted services, delegated administrators, organization
/// trails.
pub(super) async fn reach(
    c: &aws_sdk_organizations::Client,
    trails: &aws_sdk_cloudtrail::Client,
    targets: &[String],
) -> Result<Reach, AwsError> {
    let (services, admins, org_trails) = tokio::join!(
        reach::trusted_services(c),
        reach::delegated_admins(c),
        cloudtrail::organization_trails(trails),
    );
    let mut backup_policies = Vec::new();
    for target in targets {
        for p in orgs::policies_for_target(c, target, PolicyType::BackupPolicy).await? {
            backup_policies.push((target.clone(), p.name));
        }
    }
    Ok(Reach {
        backup_policies,
        trusted_services: services?,
        delegated_admins: admins?,
        organization_trails: org_trails?,
    })
}
