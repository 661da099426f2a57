//! The organization, RAM (data owner) and the model owner's account, read through `aws::`;
//! what several calls make up is put together here.

use aws_sdk_ram::types::ResourceShareAssociationStatus;

use crate::aws::ram::ShareAssociation;
use crate::aws::{AwsError, ecr, eks, organizations as orgs, ram};

use super::super::state::{Organization, Repository, Scp, ScpLevel, Share};

type Orgs = aws_sdk_organizations::Client;

/// What [`organization`] read: the view, the SCPs in force above the model owner (`None` when
/// it is not a member), and why RAM's service access is unknown, if it is.
pub(super) type OrgRead = (Organization, Option<Vec<Scp>>, Option<AwsError>);

/// How many parents are followed up from the model-owner account: more than there can be (with
/// SCPs enabled, OUs nest at most five deep under the root:
/// <https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html>).
const MAX_DEPTH: usize = 8;

/// The organization as the management account sees it.
pub(super) async fn organization(c: &Orgs, model: &str) -> Result<OrgRead, AwsError> {
    let Some(org) = orgs::describe_organization(c).await? else {
        return Err(AwsError {
            call: "organizations:DescribeOrganization",
            code: Some("AWSOrganizationsNotInUseException".into()),
            message: "the data-owner account is in no organization".into(),
        });
    };
    let (member, root, access) = tokio::join!(
        orgs::is_member(c, model),
        orgs::root(c),
        orgs::service_access_enabled(c, orgs::RAM_SERVICE),
    );
    let (member, (_, scp_enabled)) = (member?, root?);
    let (ram_service_access, access_error) = match access {
        Ok(on) => (Some(on), None),
        Err(e) => (None, Some(e)),
    };
    let mut view = Organization {
        id: org.id,
        model_owner_member: member,
        scp_enabled,
        model_owner_parents: Vec::new(),
        ram_service_access,
    };
    if !member {
        return Ok((view, None, access_error));
    }
    let mut targets = vec![(ScpLevel::Account, model.to_string())];
    let mut child = model.to_string();
    for _ in 0..MAX_DEPTH {
        let Some(parent) = orgs::parent(c, &child).await? else {
            break;
        };
        view.model_owner_parents.push(parent.id.clone());
        let level = if parent.root {
            ScpLevel::Root
        } else {
            ScpLevel::Ou
        };
        targets.push((level, parent.id.clone()));
        if parent.root {
            break;
        }
        child = parent.id;
    }
    let mut scps = Vec::new();
    for (level, target) in targets {
        for p in orgs::scps_for_target(c, &target).await? {
            scps.push(Scp {
                level: level.clone(),
                target: target.clone(),
                content: orgs::policy_content(c, &p.id).await?,
                name: p.name,
            });
        }
    }
    Ok((view, Some(scps), access_error))
}

/// The entities of a share's associations that are in force (ASSOCIATED, or no status).
fn associated(list: Vec<ShareAssociation>) -> Vec<String> {
    list.into_iter()
        .filter(|a| {
            a.status
                .as_ref()
                .is_none_or(|s| *s == ResourceShareAssociationStatus::Associated)
        })
        .map(|a| a.entity)
        .collect()
}

/// The data owner's resource shares with their principals and resources.
pub(super) async fn shares(c: &aws_sdk_ram::Client) -> Result<Vec<Share>, AwsError> {
    let mut shares = Vec::new();
    for s in ram::own_shares(c).await? {
        let (principals, resources) = tokio::try_join!(
            ram::share_associations(c, &s.arn, true),
            ram::share_associations(c, &s.arn, false),
        )?;
        shares.push(Share {
            name: s.name,
            arn: s.arn,
            status: s.status,
            principals: associated(principals),
            resources: associated(resources),
        });
    }
    Ok(shares)
}

/// Every repository of the model owner with its policy.
pub(super) async fn repositories(c: &aws_sdk_ecr::Client) -> Result<Vec<Repository>, AwsError> {
    let mut repos = Vec::new();
    for r in ecr::list_repositories(c).await? {
        repos.push(Repository {
            policy: ecr::repository_policy(c, &r.name).await?,
            name: r.name,
            arn: r.arn,
        });
    }
    Ok(repos)
}

/// Every managed node group of the cluster (one that vanished between the calls is left out).
pub(super) async fn nodegroups(
    c: &aws_sdk_eks::Client,
    cluster: &str,
) -> Result<Vec<eks::NodegroupInfo>, AwsError> {
    let mut groups = Vec::new();
    for name in eks::list_nodegroups(c, cluster).await? {
        groups.extend(eks::describe_nodegroup(c, cluster, &name).await?);
    }
    Ok(groups)
}
