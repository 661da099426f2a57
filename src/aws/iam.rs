//! AWS IAM: the roles of the model owner's cluster and nodes.

use aws_sdk_iam::Client;
use aws_sdk_iam::types::Tag;

use super::AwsError;

/// A role as the steps see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub arn: String,
    /// The trust policy, URL-decoded.
    pub trust: String,
    pub tags: Vec<(String, String)>,
}

/// The role named `name`, or `None` when there is none.
pub async fn get_role(c: &Client, name: &str) -> Result<Option<RoleInfo>, AwsError> {
    const CALL: &str = "iam:GetRole";
    match c.get_role().role_name(name).send().await {
        Ok(out) => {
            let role = out
                .role()
                .ok_or_else(|| AwsError::answer(CALL, "no role in the answer"))?;
            Ok(Some(RoleInfo {
                arn: role.arn().to_string(),
                trust: url_decode(role.assume_role_policy_document().unwrap_or_default()),
                tags: role
                    .tags()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect(),
            }))
        }
        Err(e) => {
            let e = AwsError::from_sdk(CALL, e);
            if e.is_not_found() || e.code.as_deref() == Some("NoSuchEntity") {
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// A role as IAM lists it (ListRoles returns no tags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub arn: String,
    /// The trust policy, URL-decoded.
    pub trust_policy: String,
}

/// Every role of the account, to the last page (IAM answers at most 100 a page unless told
/// otherwise: <https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html>).
pub async fn list_roles(c: &Client) -> Result<Vec<Role>, AwsError> {
    let roles: Vec<aws_sdk_iam::types::Role> = c
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("iam:ListRoles", e))?;
    Ok(roles
        .iter()
        .map(|r| Role {
            name: r.role_name().to_string(),
            arn: r.arn().to_string(),
            trust_policy: url_decode(r.assume_role_policy_document().unwrap_or_default()),
        })
        .collect())
}

/// Create a role with this trust policy and tag; returns its ARN.
pub async fn create_role(
    c: &Client,
    name: &str,
    trust: &str,
    tag: (&str, &str),
) -> Result<String, AwsError> {
    const CALL: &str = "iam:CreateRole";
    let tag = Tag::builder()
        .key(tag.0)
        .value(tag.1)
        .build()
        .map_err(|e| AwsError::answer(CALL, e.to_string()))?;
    let out = c
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust)
        .description("eks-isolation")
        .tags(tag)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    out.role()
        .map(|r| r.arn().to_string())
        .ok_or_else(|| AwsError::answer(CALL, "no role in the answer"))
}

pub async fn update_trust(c: &Client, name: &str, trust: &str) -> Result<(), AwsError> {
    c.update_assume_role_policy()
        .role_name(name)
        .policy_document(trust)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("iam:UpdateAssumeRolePolicy", e))?;
    Ok(())
}

/// ARNs of the managed policies attached to a role.
pub async fn attached_policies(c: &Client, name: &str) -> Result<Vec<String>, AwsError> {
    let pages = c
        .list_attached_role_policies()
        .role_name(name)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("iam:ListAttachedRolePolicies", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.attached_policies())
        .filter_map(|p| p.policy_arn())
        .map(String::from)
        .collect())
}

pub async fn attach_policy(c: &Client, name: &str, policy_arn: &str) -> Result<(), AwsError> {
    c.attach_role_policy()
        .role_name(name)
        .policy_arn(policy_arn)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("iam:AttachRolePolicy", e))?;
    Ok(())
}

pub async fn detach_policy(c: &Client, name: &str, policy_arn: &str) -> Result<(), AwsError> {
    c.detach_role_policy()
        .role_name(name)
        .policy_arn(policy_arn)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("iam:DetachRolePolicy", e))?;
    Ok(())
}

pub async fn delete_role(c: &Client, name: &str) -> Result<(), AwsError> {
    c.delete_role()
        .role_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("iam:DeleteRole", e))?;
    Ok(())
}

/// IAM returns policy documents percent-encoded. A document that is already JSON (starts with
/// `{`) or has no escapes stays as it is, so a literal `%` in a raw one is never decoded; in
/// encoded text `+` is a space (form encoding), since RFC 3986 encoding writes `+` as `%2B`.
pub fn url_decode(s: &str) -> String {
    if s.trim_start().starts_with('{') || !(s.contains('%') || s.contains('+')) {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::url_decode;

    #[test]
    fn decodes_percent_encoded_policies_and_leaves_plain_text() {
        assert_eq!(url_decode("%7B%22a%22%3A1%7D"), r#"{"a":1}"#);
        assert_eq!(url_decode(r#"{"a":1}"#), r#"{"a":1}"#);
        assert_eq!(url_decode("100%"), "100%");
    }

    #[test]
    fn trust_policies_are_url_decoded_once() {
        assert_eq!(
            url_decode("%7B%22Version%22%3A%222012-10-17%22%7D"),
            r#"{"Version":"2012-10-17"}"#
        );
        assert_eq!(url_decode(r#"{"a":"%41"}"#), r#"{"a":"%41"}"#);
    }
}
