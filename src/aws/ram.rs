//! AWS RAM: sharing with the organization, and the resource share of the subnets.

use aws_sdk_ram::Client;
use aws_sdk_ram::types::{
    ResourceOwner, ResourceShareAssociationStatus, ResourceShareAssociationType,
    ResourceShareStatus, Tag,
};

use super::AwsError;

/// A resource share this account owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareInfo {
    pub arn: String,
    pub name: String,
    /// `ACTIVE`, `PENDING`, `DELETING`, `DELETED`, `FAILED`.
    pub status: String,
    pub tags: Vec<(String, String)>,
}

/// Turn on sharing with the organization (from the management account).
pub async fn enable_org_sharing(c: &Client) -> Result<(), AwsError> {
    c.enable_sharing_with_aws_organization()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ram:EnableSharingWithAwsOrganization", e))?;
    Ok(())
}

/// Every resource share the caller owns, deleted ones included, to the last page (the page
/// size is RAM's own, and a page may be empty before the last one:
/// <https://docs.aws.amazon.com/ram/latest/APIReference/API_GetResourceShares.html>).
pub async fn own_shares(c: &Client) -> Result<Vec<ShareInfo>, AwsError> {
    let pages = c
        .get_resource_shares()
        .resource_owner(ResourceOwner::SelfValue)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ram:GetResourceShares", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.resource_shares())
        .map(|s| ShareInfo {
            arn: s.resource_share_arn().unwrap_or_default().to_string(),
            name: s.name().unwrap_or_default().to_string(),
            status: s
                .status()
                .map(|x| x.as_str().to_string())
                .unwrap_or_default(),
            tags: s
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
        })
        .collect())
}

/// Whether a share of this status still exists (not deleted or being deleted).
pub fn is_live(status: &str) -> bool {
    !matches!(
        ResourceShareStatus::from(status),
        ResourceShareStatus::Deleted | ResourceShareStatus::Deleting
    )
}

/// The live share named `name`, if any.
pub async fn find_share(c: &Client, name: &str) -> Result<Option<ShareInfo>, AwsError> {
    Ok(own_shares(c)
        .await?
        .into_iter()
        .find(|s| s.name == name && is_live(&s.status)))
}

/// A share of `resources` with `principal`, never with accounts outside the organization.
pub async fn create_share(
    c: &Client,
    name: &str,
    principal: &str,
    resources: &[String],
    tag: (&str, &str),
) -> Result<String, AwsError> {
    const CALL: &str = "ram:CreateResourceShare";
    let out = c
        .create_resource_share()
        .name(name)
        .principals(principal)
        .set_resource_arns(Some(resources.to_vec()))
        .allow_external_principals(false)
        .tags(Tag::builder().key(tag.0).value(tag.1).build())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    out.resource_share()
        .and_then(|s| s.resource_share_arn())
        .map(String::from)
        .ok_or_else(|| AwsError::answer(CALL, "no resource share in the answer"))
}

/// One principal or resource of a share, with the association's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareAssociation {
    /// An account, OU or organization ARN or ID (principals), or a resource ARN.
    pub entity: String,
    /// `ASSOCIATING`, `ASSOCIATED`, `FAILED`, `DISASSOCIATING`, `DISASSOCIATED`; `None` when
    /// AWS does not say.
    pub status: Option<ResourceShareAssociationStatus>,
}

/// The principals (`principal = true`) or resources of a share, whatever their status, to the
/// last page (RAM may answer an empty page before the last one:
/// <https://docs.aws.amazon.com/ram/latest/APIReference/API_GetResourceShareAssociations.html>).
pub async fn share_associations(
    c: &Client,
    arn: &str,
    principal: bool,
) -> Result<Vec<ShareAssociation>, AwsError> {
    let kind = if principal {
        ResourceShareAssociationType::Principal
    } else {
        ResourceShareAssociationType::Resource
    };
    let pages = c
        .get_resource_share_associations()
        .association_type(kind)
        .resource_share_arns(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ram:GetResourceShareAssociations", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.resource_share_associations())
        .filter(|a| a.resource_share_arn() == Some(arn))
        .filter_map(|a| {
            Some(ShareAssociation {
                entity: a.associated_entity()?.to_string(),
                status: a.status().cloned(),
            })
        })
        .collect())
}

/// The principals (`principal = true`) or resource ARNs associated (or associating) with a share.
pub async fn associated(c: &Client, arn: &str, principal: bool) -> Result<Vec<String>, AwsError> {
    Ok(share_associations(c, arn, principal)
        .await?
        .into_iter()
        .filter(|a| {
            matches!(
                a.status,
                Some(
                    ResourceShareAssociationStatus::Associated
                        | ResourceShareAssociationStatus::Associating
                )
            )
        })
        .map(|a| a.entity)
        .collect())
}

/// Add principals and resources to a share.
pub async fn associate(
    c: &Client,
    arn: &str,
    principals: &[String],
    resources: &[String],
) -> Result<(), AwsError> {
    let mut req = c.associate_resource_share().resource_share_arn(arn);
    if !principals.is_empty() {
        req = req.set_principals(Some(principals.to_vec()));
    }
    if !resources.is_empty() {
        req = req.set_resource_arns(Some(resources.to_vec()));
    }
    req.send()
        .await
        .map_err(|e| AwsError::from_sdk("ram:AssociateResourceShare", e))?;
    Ok(())
}

pub async fn delete_share(c: &Client, arn: &str) -> Result<(), AwsError> {
    c.delete_resource_share()
        .resource_share_arn(arn)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ram:DeleteResourceShare", e))?;
    Ok(())
}
