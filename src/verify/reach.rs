//! M6: what the organization lets its management account (the data owner) read or copy in the
//! model-owner account without the model owner's action. Pure.

use super::checks::Outcome;
use super::state::LiveState;
use crate::blueprint::Blueprint;
use crate::policy::analyze::{CheckId, Finding};

/// Services whose trusted access lets the management account (or a delegated administrator)
/// read member accounts' resources or data, with what each one lets it do. Each service's page
/// in "AWS services that you can use with AWS Organizations",
/// <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html>,
/// says what its trusted access enables. Services not listed (RAM, which this setup needs,
/// tag policies, ...) do not read member data.
pub const READING_SERVICES: [(&str, &str); 12] = [
    (
        "backup.amazonaws.com",
        "AWS Backup: organization backup plans copy the model owner's volumes and snapshots to vaults the management account names",
    ),
    (
        "cloudtrail.amazonaws.com",
        "CloudTrail: organization trails record the model owner's API calls",
    ),
    (
        "config.amazonaws.com",
        "AWS Config: aggregators and organization rules read the configuration of the model owner's resources",
    ),
    (
        "config-multiaccountsetup.amazonaws.com",
        "AWS Config: organization rules and conformance packs run in the model-owner account",
    ),
    (
        "ssm.amazonaws.com",
        "Systems Manager: Explorer, OpsCenter and Quick Setup read and configure the model owner's instances",
    ),
    (
        "sso.amazonaws.com",
        "IAM Identity Center: permission sets sign the management account's people into the model-owner account",
    ),
    (
        "member.org.stacksets.cloudformation.amazonaws.com",
        "CloudFormation StackSets: service-managed stack sets create stacks, roles included, in the model-owner account",
    ),
    (
        "guardduty.amazonaws.com",
        "GuardDuty: Malware Protection scans the model owner's EBS volumes",
    ),
    (
        "inspector2.amazonaws.com",
        "Inspector: scans the model owner's ECR images and instances",
    ),
    (
        "macie.amazonaws.com",
        "Macie: reads objects in the model owner's S3 buckets",
    ),
    (
        "securityhub.amazonaws.com",
        "Security Hub: collects findings on the model owner's resources",
    ),
    (
        "fms.amazonaws.com",
        "Firewall Manager: puts security groups and firewall rules on the model owner's resources",
    ),
];

/// What trusted access for `service` lets the management account do, if it reads member data.
pub fn reading_service(service: &str) -> Option<&'static str> {
    READING_SERVICES
        .iter()
        .find(|(s, _)| *s == service)
        .map(|(_, what)| *what)
}

/// M6: one finding per way in; none when there is none; undecided when it was not read.
pub(crate) fn m6_reach(bp: &Blueprint, state: &LiveState) -> Outcome {
    let reach = state.reach.as_ref().ok_or(state.reason(CheckId::M6))?;
    let model = &bp.model_owner.account_id;
    let mut ways = Vec::new();
    for (target, name) in &reach.backup_policies {
        ways.push(format!(
            "backup policy {name} is in force on the model-owner account {model} (attached to \
             {target}): AWS Backup can copy its volumes to another account's vault"
        ));
    }
    for service in &reach.trusted_services {
        if let Some(what) = reading_service(service) {
            ways.push(format!("trusted access for {service}: {what}"));
        }
    }
    for admin in reach
        .delegated_admins
        .iter()
        .filter(|a| &a.account != model)
    {
        let reading: Vec<&str> = admin
            .services
            .iter()
            .filter(|s| reading_service(s).is_some())
            .map(String::as_str)
            .collect();
        if !reading.is_empty() {
            ways.push(format!(
                "account {} is delegated administrator for {}: it can use them on the \
                 model-owner account",
                admin.account,
                reading.join(", ")
            ));
        }
    }
    for trail in &reach.organization_trails {
        ways.push(format!(
            "organization trail {} records the model owner's API calls into bucket {}",
            trail.name, trail.bucket
        ));
    }
    Ok(ways
        .into_iter()
        .map(|detail| Finding::new(CheckId::M6, detail))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::cloudtrail::OrgTrail;
    use crate::aws::organizations::reach::DelegatedAdmin;
    use crate::verify::state::Reach;

    fn bp() -> Blueprint {
        Blueprint::starter()
    }

    #[test]
    fn no_way_in_passes_and_ram_alone_is_no_way_in() {
        let state = LiveState {
            reach: Some(Reach {
                trusted_services: vec!["ram.amazonaws.com".into()],
                ..Reach::default()
            }),
            ..LiveState::default()
        };
        assert_eq!(m6_reach(&bp(), &state), Ok(Vec::new()));
    }

    #[test]
    fn each_way_in_is_one_finding_saying_what_it_lets_the_management_account_do() {
        let state = LiveState {
            reach: Some(Reach {
                backup_policies: vec![("r-root".into(), "nightly".into())],
                trusted_services: vec!["config.amazonaws.com".into(), "ram.amazonaws.com".into()],
                delegated_admins: vec![
                    DelegatedAdmin {
                        account: "333333333333".into(),
                        services: vec!["guardduty.amazonaws.com".into()],
                    },
                    DelegatedAdmin {
                        account: "444444444444".into(),
                        services: vec!["ram.amazonaws.com".into()],
                    },
                ],
                organization_trails: vec![OrgTrail {
                    name: "all".into(),
                    bucket: "audit-logs".into(),
                }],
            }),
            ..LiveState::default()
        };
        let findings = m6_reach(&bp(), &state).unwrap();
        let details: Vec<&str> = findings.iter().map(|f| f.detail.as_str()).collect();
        assert_eq!(details.len(), 4, "{details:#?}");
        assert!(details[0].contains("backup policy nightly") && details[0].contains("r-root"));
        assert!(details[1].starts_with("trusted access for config.amazonaws.com: AWS Config"));
        assert!(details[2].contains("333333333333") && details[2].contains("guardduty"));
        assert!(details[3].contains("trail all") && details[3].contains("audit-logs"));
        assert!(findings.iter().all(|f| f.id == CheckId::M6));
    }

    #[test]
    fn unread_is_undecided_with_the_reason() {
        let mut state = LiveState::default();
        state.unreadable.push((
            CheckId::M6,
            "cloudtrail:DescribeTrails: AccessDenied".into(),
        ));
        assert_eq!(
            m6_reach(&bp(), &state),
            Err("cloudtrail:DescribeTrails: AccessDenied".into())
        );
    }
}
