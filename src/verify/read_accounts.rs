//! Read-only calls on the organization, RAM (data owner) and the model owner's account.

use aws_sdk_organizations::types::{ParentType, PolicyType, PolicyTypeStatus};
use aws_sdk_ram::types::{ResourceOwner, ResourceShareAssociationType};

use super::read_network::Read;
use super::state::{Cluster, NodeGroup, Organization, Repository, Role, Scp, ScpLevel, Share};
use crate::aws::AwsError;

type Orgs = aws_sdk_organizations::Client;

/// What [`organization`] read: the view, the SCPs in force above the model owner (`None` when
/// it is not a member), and why RAM's service access is unknown, if it is.
pub(crate) type OrgRead = (Organization, Option<Vec<Scp>>, Option<AwsError>);

/// The organization as the management account sees it.
pub(crate) async fn organization(orgs: &Orgs, model: &str) -> Read<OrgRead> {
    let org = orgs
        .describe_organization()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:DescribeOrganization", e))?;
    let id = org
        .organization()
        .and_then(|o| o.id())
        .unwrap_or_default()
        .to_string();
    let member = match orgs.describe_account().account_id(model).send().await {
        Ok(_) => true,
        Err(e) => {
            let err = AwsError::from_sdk("organizations:DescribeAccount", e);
            if err.code.as_deref() == Some("AccountNotFoundException") {
                false
            } else {
                return Err(err);
            }
        }
    };
    let roots = orgs
        .list_roots()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListRoots", e))?;
    let scp_enabled = roots.roots().iter().any(|r| {
        r.policy_types().iter().any(|t| {
            t.r#type() == Some(&PolicyType::ServiceControlPolicy)
                && t.status() == Some(&PolicyTypeStatus::Enabled)
        })
    });
    let access = orgs
        .list_aws_service_access_for_organization()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListAWSServiceAccessForOrganization", e));
    let (ram_service_access, access_error) = match access {
        Ok(out) => (
            Some(
                out.enabled_service_principals()
                    .iter()
                    .any(|p| p.service_principal() == Some("ram.amazonaws.com")),
            ),
            None,
        ),
        Err(e) => (None, Some(e)),
    };
    let mut view = Organization {
        id,
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
    for _ in 0..8 {
        let parents = orgs
            .list_parents()
            .child_id(&child)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("organizations:ListParents", e))?;
        let Some(parent) = parents.parents().first() else {
            break;
        };
        let pid = parent.id().unwrap_or_default().to_string();
        view.model_owner_parents.push(pid.clone());
        let root = parent.r#type() == Some(&ParentType::Root);
        targets.push((
            if root { ScpLevel::Root } else { ScpLevel::Ou },
            pid.clone(),
        ));
        if root {
            break;
        }
        child = pid;
    }
    let mut scps = Vec::new();
    for (level, target) in targets {
        let listed = orgs
            .list_policies_for_target()
            .target_id(&target)
            .filter(PolicyType::ServiceControlPolicy)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("organizations:ListPoliciesForTarget", e))?;
        for p in listed.policies() {
            let Some(pid) = p.id() else { continue };
            let described = orgs
                .describe_policy()
                .policy_id(pid)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("organizations:DescribePolicy", e))?;
            scps.push(Scp {
                level: level.clone(),
                target: target.clone(),
                name: p.name().unwrap_or(pid).to_string(),
                content: described
                    .policy()
                    .and_then(|d| d.content())
                    .unwrap_or_default()
                    .to_string(),
            });
        }
    }
    Ok((view, Some(scps), access_error))
}

/// The data owner's resource shares with their principals and resources.
pub(crate) async fn shares(ram: &aws_sdk_ram::Client) -> Read<Vec<Share>> {
    let out = ram
        .get_resource_shares()
        .resource_owner(ResourceOwner::SelfValue)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ram:GetResourceShares", e))?;
    let mut shares = Vec::new();
    for s in out.resource_shares() {
        let arn = s.resource_share_arn().unwrap_or_default().to_string();
        let mut share = Share {
            name: s.name().unwrap_or_default().to_string(),
            status: s
                .status()
                .map(|x| x.as_str().to_string())
                .unwrap_or_default(),
            arn: arn.clone(),
            ..Share::default()
        };
        for (kind, list) in [
            (
                ResourceShareAssociationType::Principal,
                &mut share.principals,
            ),
            (ResourceShareAssociationType::Resource, &mut share.resources),
        ] {
            let assoc = ram
                .get_resource_share_associations()
                .association_type(kind)
                .resource_share_arns(&arn)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("ram:GetResourceShareAssociations", e))?;
            list.extend(
                assoc
                    .resource_share_associations()
                    .iter()
                    .filter(|a| {
                        a.status()
                            .is_none_or(|st| st.as_str().eq_ignore_ascii_case("ASSOCIATED"))
                    })
                    .filter_map(|a| a.associated_entity().map(str::to_string)),
            );
        }
        shares.push(share);
    }
    Ok(shares)
}

pub(crate) async fn roles(iam: &aws_sdk_iam::Client) -> Read<Vec<Role>> {
    let mut roles = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_roles()
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("iam:ListRoles", e))?;
        roles.extend(out.roles().iter().map(|r| Role {
            name: r.role_name().to_string(),
            arn: r.arn().to_string(),
            trust_policy: crate::aws::iam::url_decode(
                r.assume_role_policy_document().unwrap_or_default(),
            ),
        }));
        marker = out.marker().map(str::to_string);
        if !out.is_truncated() || marker.is_none() {
            return Ok(roles);
        }
    }
}

pub(crate) async fn repositories(ecr: &aws_sdk_ecr::Client) -> Read<Vec<Repository>> {
    let out = ecr
        .describe_repositories()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ecr:DescribeRepositories", e))?;
    let mut repos = Vec::new();
    for r in out.repositories() {
        let name = r.repository_name().unwrap_or_default().to_string();
        let policy = match ecr
            .get_repository_policy()
            .repository_name(&name)
            .send()
            .await
        {
            Ok(p) => p.policy_text().map(str::to_string),
            Err(e) => {
                let err = AwsError::from_sdk("ecr:GetRepositoryPolicy", e);
                if !err.is_not_found() {
                    return Err(err);
                }
                None
            }
        };
        repos.push(Repository {
            arn: r.repository_arn().unwrap_or_default().to_string(),
            name,
            policy,
        });
    }
    Ok(repos)
}

/// The cluster, `None` when there is none by that name.
pub(crate) async fn cluster(eks: &aws_sdk_eks::Client, name: &str) -> Read<Option<Cluster>> {
    let out = match eks.describe_cluster().name(name).send().await {
        Ok(out) => out,
        Err(e) => {
            let err = AwsError::from_sdk("eks:DescribeCluster", e);
            return if err.is_not_found() {
                Ok(None)
            } else {
                Err(err)
            };
        }
    };
    let Some(c) = out.cluster() else {
        return Ok(None);
    };
    let vpc = c.resources_vpc_config();
    let cluster_security_group = vpc
        .and_then(|v| v.cluster_security_group_id())
        .filter(|g| !g.is_empty())
        .map(str::to_string);
    let mut groups: Vec<String> = vpc
        .map(|v| v.security_group_ids().to_vec())
        .unwrap_or_default();
    groups.extend(cluster_security_group.clone());
    Ok(Some(Cluster {
        name: name.to_string(),
        status: c
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        public_access: vpc.is_some_and(|v| v.endpoint_public_access()),
        private_access: vpc.is_some_and(|v| v.endpoint_private_access()),
        security_groups: groups,
        cluster_security_group,
    }))
}

pub(crate) async fn access_entries(eks: &aws_sdk_eks::Client, name: &str) -> Read<Vec<String>> {
    let out = eks
        .list_access_entries()
        .cluster_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:ListAccessEntries", e))?;
    Ok(out.access_entries().to_vec())
}

pub(crate) async fn nodegroups(eks: &aws_sdk_eks::Client, name: &str) -> Read<Vec<NodeGroup>> {
    let out = eks
        .list_nodegroups()
        .cluster_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:ListNodegroups", e))?;
    let mut groups = Vec::new();
    for ng in out.nodegroups() {
        let d = eks
            .describe_nodegroup()
            .cluster_name(name)
            .nodegroup_name(ng)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("eks:DescribeNodegroup", e))?;
        let n = d.nodegroup();
        groups.push(NodeGroup {
            name: ng.clone(),
            status: n
                .and_then(|n| n.status())
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            security_groups: n
                .and_then(|n| n.resources())
                .and_then(|r| r.remote_access_security_group())
                .map(|g| vec![g.to_string()])
                .unwrap_or_default(),
        });
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    #[test]
    fn trust_policies_are_url_decoded_once() {
        assert_eq!(
            crate::aws::iam::url_decode("%7B%22Version%22%3A%222012-10-17%22%7D"),
            r#"{"Version":"2012-10-17"}"#
        );
        assert_eq!(
            crate::aws::iam::url_decode(r#"{"a":"%41"}"#),
            r#"{"a":"%41"}"#
        );
    }
}
