//! AWS Organizations: the organization, membership (invite + handshake, parents), and SCPs
//! ([`policies`]). Every function takes a client, so tests can hand in a mocked one.

mod policies;
pub mod reach;

pub use policies::*;

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{
    ActionType, HandshakeFilter, HandshakeParty, HandshakePartyType, HandshakeState,
    OrganizationFeatureSet, ParentType,
};

use super::AwsError;

/// What the steps need to know about an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgInfo {
    pub id: String,
    pub arn: String,
    pub management_account: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
}

fn org_info(
    call: &'static str,
    org: Option<&aws_sdk_organizations::types::Organization>,
) -> Result<OrgInfo, AwsError> {
    let org = org.ok_or_else(|| AwsError::answer(call, "no organization in the answer"))?;
    Ok(OrgInfo {
        id: org.id().unwrap_or_default().to_string(),
        arn: org.arn().unwrap_or_default().to_string(),
        management_account: org.master_account_id().unwrap_or_default().to_string(),
        feature_set: org
            .feature_set()
            .map(|f| f.as_str().to_string())
            .unwrap_or_default(),
    })
}

/// The caller's organization, or `None` when the account is in none.
pub async fn describe_organization(c: &Client) -> Result<Option<OrgInfo>, AwsError> {
    const CALL: &str = "organizations:DescribeOrganization";
    match c.describe_organization().send().await {
        Ok(out) => org_info(CALL, out.organization()).map(Some),
        Err(e) => {
            let not_in_use = e
                .as_service_error()
                .is_some_and(|s| s.is_aws_organizations_not_in_use_exception());
            let e = AwsError::from_sdk(CALL, e);
            if not_in_use || e.code.as_deref() == Some("AWSOrganizationsNotInUseException") {
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// A new organization with every feature (SCPs need ALL).
pub async fn create_organization(c: &Client) -> Result<OrgInfo, AwsError> {
    const CALL: &str = "organizations:CreateOrganization";
    let out = c
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    org_info(CALL, out.organization())
}

/// IDs of every account in the organization.
pub async fn list_account_ids(c: &Client) -> Result<Vec<String>, AwsError> {
    let pages = c
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListAccounts", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.accounts())
        .filter_map(|a| a.id())
        .map(String::from)
        .collect())
}

/// Whether an account is a member of the caller's organization.
pub async fn is_member(c: &Client, account: &str) -> Result<bool, AwsError> {
    match c.describe_account().account_id(account).send().await {
        Ok(_) => Ok(true),
        Err(e) => {
            let err = AwsError::from_sdk("organizations:DescribeAccount", e);
            if err.code.as_deref() == Some("AccountNotFoundException") {
                Ok(false)
            } else {
                Err(err)
            }
        }
    }
}

/// The root or OU directly above an account or OU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    pub id: String,
    /// The organization's root (else an OU).
    pub root: bool,
}

/// The parent of an account or OU (every child has exactly one; `None` if AWS lists none).
/// Paginated like every List* call, whose pages may come back empty before the last one:
/// <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html>.
pub async fn parent(c: &Client, child: &str) -> Result<Option<Parent>, AwsError> {
    let pages = c
        .list_parents()
        .child_id(child)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListParents", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.parents())
        .next()
        .map(|p| Parent {
            id: p.id().unwrap_or_default().to_string(),
            root: p.r#type() == Some(&ParentType::Root),
        }))
}

/// Invite an account by ID; returns the handshake ID.
pub async fn invite_account(c: &Client, account: &str) -> Result<String, AwsError> {
    const CALL: &str = "organizations:InviteAccountToOrganization";
    let target = HandshakeParty::builder()
        .id(account)
        .r#type(HandshakePartyType::Account)
        .build()
        .map_err(|e| AwsError::answer(CALL, e.to_string()))?;
    let out = c
        .invite_account_to_organization()
        .target(target)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    out.handshake()
        .and_then(|h| h.id())
        .map(String::from)
        .ok_or_else(|| AwsError::answer(CALL, "no handshake in the answer"))
}

/// IDs of the invitations from organization `org_id` still waiting for the caller's answer.
pub async fn open_invitations(c: &Client, org_id: &str) -> Result<Vec<String>, AwsError> {
    let pages = c
        .list_handshakes_for_account()
        .filter(
            HandshakeFilter::builder()
                .action_type(ActionType::InviteAccountToOrganization)
                .build(),
        )
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListHandshakesForAccount", e))?;
    let from_org = |h: &aws_sdk_organizations::types::Handshake| {
        h.parties()
            .iter()
            .any(|p| p.r#type() == &HandshakePartyType::Organization && p.id() == org_id)
            || h.arn().is_some_and(|a| a.contains(&format!("/{org_id}/")))
    };
    Ok(pages
        .iter()
        .flat_map(|p| p.handshakes())
        .filter(|h| {
            matches!(
                h.state(),
                Some(HandshakeState::Open | HandshakeState::Requested)
            )
        })
        .filter(|h| from_org(h))
        .filter_map(|h| h.id())
        .map(String::from)
        .collect())
}

pub async fn accept_handshake(c: &Client, handshake_id: &str) -> Result<(), AwsError> {
    c.accept_handshake()
        .handshake_id(handshake_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:AcceptHandshake", e))?;
    Ok(())
}

/// Whether a resource (policy, account, root) carries tag `key = value`, reading pages until it
/// is found or the last one is read (a page may come back empty before the last one:
/// <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTagsForResource.html>).
pub async fn has_tag(c: &Client, id: &str, key: &str, value: &str) -> Result<bool, AwsError> {
    let mut tags = c
        .list_tags_for_resource()
        .resource_id(id)
        .into_paginator()
        .items()
        .send();
    while let Some(tag) = tags.next().await {
        let tag = tag.map_err(|e| AwsError::from_sdk("organizations:ListTagsForResource", e))?;
        if tag.key() == key && tag.value() == value {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The service principal of RAM, as Organizations lists trusted services.
pub const RAM_SERVICE: &str = "ram.amazonaws.com";

/// Whether `service` has trusted access to the organization.
pub async fn service_access_enabled(c: &Client, service: &str) -> Result<bool, AwsError> {
    let mut pages = c
        .list_aws_service_access_for_organization()
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            AwsError::from_sdk("organizations:ListAWSServiceAccessForOrganization", e)
        })?;
        if page
            .enabled_service_principals()
            .iter()
            .any(|p| p.service_principal() == Some(service))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Give `service` trusted access to the organization.
pub async fn enable_service_access(c: &Client, service: &str) -> Result<(), AwsError> {
    c.enable_aws_service_access()
        .service_principal(service)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:EnableAWSServiceAccess", e))?;
    Ok(())
}
