//! Amazon EKS add-ons: the model owner's cluster gets the EKS Pod Identity Agent through the EKS
//! API (CreateAddon), not through kubectl, so the tool never needs to reach the private API
//! server.
//!
//! API reference (what these calls send and read):
//! - CreateAddon, `POST /clusters/{name}/addons`: `addonName` is required; `addonVersion` is
//!   optional ("Required: No"), and EKS installs the default version for the cluster's
//!   Kubernetes version when it is omitted, so the tool never pins one:
//!   <https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html>. An add-on
//!   that already exists is `ResourceInUseException`.
//! - DescribeAddon, `GET /clusters/{name}/addons/{addonName}`: a missing add-on (or cluster) is
//!   `ResourceNotFoundException`:
//!   <https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeAddon.html>.
//! - The add-on's status is one of `CREATING`, `ACTIVE`, `CREATE_FAILED`, `UPDATING`,
//!   `DELETING`, `DELETE_FAILED`, `DEGRADED`, `UPDATE_FAILED`; its `health.issues` say why
//!   (code, message, resource IDs):
//!   <https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html>,
//!   <https://docs.aws.amazon.com/eks/latest/APIReference/API_AddonIssue.html>.
//! - DeleteAddon, `DELETE /clusters/{name}/addons/{addonName}`:
//!   <https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteAddon.html>.
//! - The add-on's name is `eks-pod-identity-agent`:
//!   <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html>.

use aws_sdk_eks::Client;
use aws_sdk_eks::types::Addon;

use super::wait::{Look, Timing, WaitError, wait_until};
use crate::aws::AwsError;

/// The EKS add-on that runs the Pod Identity Agent on every node.
pub const POD_IDENTITY_AGENT: &str = "eks-pod-identity-agent";

/// An add-on as the steps see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddonInfo {
    pub name: String,
    pub arn: String,
    /// `CREATING`, `ACTIVE`, `CREATE_FAILED`, `UPDATING`, `DELETING`, `DELETE_FAILED`,
    /// `DEGRADED`, `UPDATE_FAILED`.
    pub status: String,
    pub version: String,
    /// Its health issues, each as `code: message`.
    pub issues: Vec<String>,
    pub tags: Vec<(String, String)>,
}

impl AddonInfo {
    /// Whether the add-on will not become ACTIVE by waiting.
    pub fn failed(&self) -> bool {
        self.status.ends_with("FAILED") || self.status == "DEGRADED"
    }

    /// Its status, with its health issues when it has any.
    pub fn status_with_issues(&self) -> String {
        if self.issues.is_empty() {
            self.status.clone()
        } else {
            format!("{} ({})", self.status, self.issues.join("; "))
        }
    }
}

fn info(a: &Addon, name: &str) -> AddonInfo {
    AddonInfo {
        name: a.addon_name().unwrap_or(name).to_string(),
        arn: a.addon_arn().unwrap_or_default().to_string(),
        status: a
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        version: a.addon_version().unwrap_or_default().to_string(),
        issues: a
            .health()
            .map(|h| {
                h.issues()
                    .iter()
                    .map(|i| {
                        let code = i.code().map_or("issue", |c| c.as_str());
                        format!("{code}: {}", i.message().unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default(),
        tags: a
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }
}

/// The add-on `name` of cluster `cluster`, or `None` (no such add-on, or no such cluster).
pub async fn describe_addon(
    c: &Client,
    cluster: &str,
    name: &str,
) -> Result<Option<AddonInfo>, AwsError> {
    const CALL: &str = "eks:DescribeAddon";
    let out = match c
        .describe_addon()
        .cluster_name(cluster)
        .addon_name(name)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => {
            let e = AwsError::from_sdk(CALL, e);
            return if e.is_not_found() { Ok(None) } else { Err(e) };
        }
    };
    let addon = out
        .addon()
        .ok_or_else(|| AwsError::answer(CALL, "no add-on in the answer"))?;
    Ok(Some(info(addon, name)))
}

/// Whether AWS said the add-on already exists (a create that raced another).
pub fn is_in_use(e: &AwsError) -> bool {
    e.code.as_deref() == Some("ResourceInUseException")
}

/// Install add-on `name` on cluster `cluster` at the default version for the cluster (no
/// `addonVersion`: see the module's note), tagged; the add-on as the answer shows it.
pub async fn create_addon(
    c: &Client,
    cluster: &str,
    name: &str,
    tag: (&str, &str),
) -> Result<AddonInfo, AwsError> {
    const CALL: &str = "eks:CreateAddon";
    let out = c
        .create_addon()
        .cluster_name(cluster)
        .addon_name(name)
        .tags(tag.0, tag.1)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    let addon = out
        .addon()
        .ok_or_else(|| AwsError::answer(CALL, "no add-on in the answer"))?;
    let found = info(addon, name);
    if found.arn.is_empty() {
        return Err(AwsError::answer(CALL, "no add-on ARN in the answer"));
    }
    Ok(found)
}

pub async fn delete_addon(c: &Client, cluster: &str, name: &str) -> Result<(), AwsError> {
    c.delete_addon()
        .cluster_name(cluster)
        .addon_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:DeleteAddon", e))?;
    Ok(())
}

/// Wait until the add-on is ACTIVE (CREATE_FAILED, UPDATE_FAILED or DEGRADED end the wait, with
/// the add-on's health issues in the status).
pub async fn wait_addon_active(
    c: &Client,
    cluster: &str,
    name: &str,
    timing: Timing,
) -> Result<AddonInfo, WaitError> {
    wait_until(&format!("add-on {name}"), timing, || async {
        Ok(match describe_addon(c, cluster, name).await? {
            None => Look::Failed("gone".to_string()),
            Some(a) if a.status == "ACTIVE" => Look::Done(a),
            Some(a) if a.failed() => Look::Failed(a.status_with_issues()),
            Some(a) => Look::Again(a.status),
        })
    })
    .await
}

/// Wait until the add-on no longer exists.
pub async fn wait_addon_gone(
    c: &Client,
    cluster: &str,
    name: &str,
    timing: Timing,
) -> Result<(), WaitError> {
    wait_until(&format!("add-on {name}"), timing, || async {
        Ok(match describe_addon(c, cluster, name).await? {
            None => Look::Done(()),
            Some(a) if a.status == "DELETE_FAILED" => Look::Failed(a.status_with_issues()),
            Some(a) => Look::Again(a.status),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_and_degraded_add_ons_say_their_issues() {
        let mut a = AddonInfo {
            status: "CREATE_FAILED".into(),
            issues: vec!["AccessDenied: the node role may not".into()],
            ..AddonInfo::default()
        };
        assert!(a.failed());
        assert_eq!(
            a.status_with_issues(),
            "CREATE_FAILED (AccessDenied: the node role may not)"
        );
        a.status = "DEGRADED".into();
        assert!(a.failed());
        a.status = "CREATING".into();
        a.issues.clear();
        assert!(!a.failed());
        assert_eq!(a.status_with_issues(), "CREATING");
    }
}
