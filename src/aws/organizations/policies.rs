//! Service control policies: the root's policy types, finding, making, attaching and reading
//! SCPs, and the SCPs attached to a root, OU or account.

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{PolicyType, PolicyTypeStatus, Tag};

use crate::aws::AwsError;

/// The root's ID, and whether SERVICE_CONTROL_POLICY is enabled on it. Read to the last page
/// like every List* call, whose pages may come back empty before the last one:
/// <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html>.
pub async fn root(c: &Client) -> Result<(String, bool), AwsError> {
    const CALL: &str = "organizations:ListRoots";
    // (The SDK's ListRoots paginator has no item stream: the pages, then their roots.)
    let pages = c
        .list_roots()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    let root = pages
        .iter()
        .flat_map(|p| p.roots())
        .next()
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

/// An SCP attached to a target, by ID and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRef {
    pub id: String,
    pub name: String,
}

/// The SCPs attached directly to a root, OU or account, to the last page (Organizations may
/// answer fewer than asked, even none, before the last page:
/// <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html>).
pub async fn scps_for_target(c: &Client, target: &str) -> Result<Vec<PolicyRef>, AwsError> {
    policies_for_target(c, target, PolicyType::ServiceControlPolicy).await
}

/// The policies of one type attached directly to a root, OU or account, to the last page.
pub async fn policies_for_target(
    c: &Client,
    target: &str,
    kind: PolicyType,
) -> Result<Vec<PolicyRef>, AwsError> {
    let pages = c
        .list_policies_for_target()
        .target_id(target)
        .filter(kind)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("organizations:ListPoliciesForTarget", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.policies())
        .filter_map(|p| {
            let id = p.id()?;
            Some(PolicyRef {
                id: id.to_string(),
                name: p.name().unwrap_or(id).to_string(),
            })
        })
        .collect())
}
