//! AWS Organizations: the organization, membership (invite + handshake), and SCPs.
//! Every function takes a client, so tests can hand in a mocked one.

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{
    ActionType, HandshakeFilter, HandshakeParty, HandshakePartyType, HandshakeState,
    OrganizationFeatureSet, PolicyType, PolicyTypeStatus, Tag,
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

/// The root's ID, and whether SERVICE_CONTROL_POLICY is enabled on it.
pub async fn root(c: &Client) -> Result<(String, bool), AwsError> {
    const CALL: &str = "organizations:ListRoots";
    let out = c
        .list_roots()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    let root = out
        .roots()
        .first()
        .ok_or_else(|| AwsError::answer(CALL, "the organization has no root"))?;
    let enabled = root.policy_types().iter().any(|t| {
        t.r#type() == Some(&PolicyType::ServiceControlPolicy)
            && t.status() == Some(&PolicyTypeStatus::Enabled)
    });
    Ok((root.id().unwrap_or_default().to_string(), enabled))
}

pub async fn enable_scp_type(c: &Client, root_id: &str) -> Result<(), AwsError> {
    c.enable_policy_type()
        .root_id(root_id)
        .policy_type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:EnablePolicyType", e))?;
    Ok(())
}

/// The ID of the SCP named `name`, if there is one.
pub async fn find_scp(c: &Client, name: &str) -> Result<Option<String>, AwsError> {
    let pages = c
        .list_policies()
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListPolicies", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.policies())
        .find(|p| p.name() == Some(name))
        .and_then(|p| p.id())
        .map(String::from))
}

/// A policy's content (JSON text).
pub async fn policy_content(c: &Client, id: &str) -> Result<String, AwsError> {
    const CALL: &str = "organizations:DescribePolicy";
    let out = c
        .describe_policy()
        .policy_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    out.policy()
        .and_then(|p| p.content())
        .map(String::from)
        .ok_or_else(|| AwsError::answer(CALL, "no policy content in the answer"))
}

/// Whether a resource (policy, account, root) carries tag `key = value`.
pub async fn has_tag(c: &Client, id: &str, key: &str, value: &str) -> Result<bool, AwsError> {
    let out = c
        .list_tags_for_resource()
        .resource_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListTagsForResource", e))?;
    Ok(out
        .tags()
        .iter()
        .any(|t| t.key() == key && t.value() == value))
}

/// Create an SCP with this content and tag; returns its ID.
pub async fn create_scp(
    c: &Client,
    name: &str,
    content: &str,
    tag: (&str, &str),
) -> Result<String, AwsError> {
    const CALL: &str = "organizations:CreatePolicy";
    let tag = Tag::builder()
        .key(tag.0)
        .value(tag.1)
        .build()
        .map_err(|e| AwsError::answer(CALL, e.to_string()))?;
    let out = c
        .create_policy()
        .name(name)
        .description("eks-isolation: denies the model-owner account every copy path")
        .r#type(PolicyType::ServiceControlPolicy)
        .content(content)
        .tags(tag)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    out.policy()
        .and_then(|p| p.policy_summary())
        .and_then(|s| s.id())
        .map(String::from)
        .ok_or_else(|| AwsError::answer(CALL, "no policy ID in the answer"))
}

pub async fn update_policy_content(c: &Client, id: &str, content: &str) -> Result<(), AwsError> {
    c.update_policy()
        .policy_id(id)
        .content(content)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:UpdatePolicy", e))?;
    Ok(())
}

/// IDs of the roots, OUs and accounts a policy is attached to.
pub async fn policy_targets(c: &Client, id: &str) -> Result<Vec<String>, AwsError> {
    let pages = c
        .list_targets_for_policy()
        .policy_id(id)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListTargetsForPolicy", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.targets())
        .filter_map(|t| t.target_id())
        .map(String::from)
        .collect())
}

pub async fn attach_policy(c: &Client, id: &str, target: &str) -> Result<(), AwsError> {
    c.attach_policy()
        .policy_id(id)
        .target_id(target)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:AttachPolicy", e))?;
    Ok(())
}

pub async fn detach_policy(c: &Client, id: &str, target: &str) -> Result<(), AwsError> {
    c.detach_policy()
        .policy_id(id)
        .target_id(target)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:DetachPolicy", e))?;
    Ok(())
}

pub async fn delete_policy(c: &Client, id: &str) -> Result<(), AwsError> {
    c.delete_policy()
        .policy_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:DeletePolicy", e))?;
    Ok(())
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
