//! Amazon EKS: the model owner's cluster, managed node group and add-ons (`addon.rs`), and
//! waiting on their status.

mod addon;
mod wait;

pub use addon::{
    AddonInfo, POD_IDENTITY_AGENT, create_addon, delete_addon, describe_addon, is_in_use,
    wait_addon_active, wait_addon_gone,
};
pub use wait::{Look, Timing, WaitError, wait_until};

use aws_sdk_eks::Client;
use aws_sdk_eks::types::{NodegroupScalingConfig, VpcConfigRequest};

use super::AwsError;

/// A cluster as the steps and `verify` see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterInfo {
    pub name: String,
    pub arn: String,
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, `FAILED`, `PENDING`.
    pub status: String,
    pub public_access: bool,
    pub private_access: bool,
    pub subnet_ids: Vec<String>,
    /// The additional security groups given at creation (`securityGroupIds`).
    pub security_group_ids: Vec<String>,
    /// The security group EKS makes for every cluster (`None` when not reported).
    pub cluster_security_group: Option<String>,
    pub role_arn: String,
    pub tags: Vec<(String, String)>,
}

fn not_found<T>(e: AwsError) -> Result<Option<T>, AwsError> {
    if e.is_not_found() { Ok(None) } else { Err(e) }
}

/// The cluster named `name`, or `None`.
pub async fn describe_cluster(c: &Client, name: &str) -> Result<Option<ClusterInfo>, AwsError> {
    const CALL: &str = "eks:DescribeCluster";
    let out = match c.describe_cluster().name(name).send().await {
        Ok(out) => out,
        Err(e) => return not_found(AwsError::from_sdk(CALL, e)),
    };
    let cl = out
        .cluster()
        .ok_or_else(|| AwsError::answer(CALL, "no cluster in the answer"))?;
    let vpc = cl.resources_vpc_config();
    Ok(Some(ClusterInfo {
        name: cl.name().unwrap_or(name).to_string(),
        arn: cl.arn().unwrap_or_default().to_string(),
        status: cl
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        public_access: vpc.is_some_and(|v| v.endpoint_public_access()),
        private_access: vpc.is_some_and(|v| v.endpoint_private_access()),
        subnet_ids: vpc.map(|v| v.subnet_ids().to_vec()).unwrap_or_default(),
        security_group_ids: vpc
            .map(|v| v.security_group_ids().to_vec())
            .unwrap_or_default(),
        cluster_security_group: vpc
            .and_then(|v| v.cluster_security_group_id())
            .filter(|g| !g.is_empty())
            .map(str::to_string),
        role_arn: cl.role_arn().unwrap_or_default().to_string(),
        tags: cl
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }))
}

/// What a new cluster is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterSpec<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub role_arn: &'a str,
    pub subnet_ids: &'a [String],
    pub public_access: bool,
    pub tag: (&'a str, &'a str),
}

/// Create the cluster with its endpoint access set from the start (private always on); its
/// ARN, and whether the answer already says ACTIVE (then there is nothing to wait for).
pub async fn create_cluster(
    c: &Client,
    spec: &ClusterSpec<'_>,
) -> Result<(String, bool), AwsError> {
    const CALL: &str = "eks:CreateCluster";
    let vpc = VpcConfigRequest::builder()
        .set_subnet_ids(Some(spec.subnet_ids.to_vec()))
        .endpoint_public_access(spec.public_access)
        .endpoint_private_access(true)
        .build();
    let out = c
        .create_cluster()
        .name(spec.name)
        .version(spec.version)
        .role_arn(spec.role_arn)
        .resources_vpc_config(vpc)
        .tags(spec.tag.0, spec.tag.1)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    let cluster = out
        .cluster()
        .ok_or_else(|| AwsError::answer(CALL, "no cluster in the answer"))?;
    let arn = cluster
        .arn()
        .ok_or_else(|| AwsError::answer(CALL, "no cluster ARN in the answer"))?;
    let active = cluster.status().is_some_and(|s| s.as_str() == "ACTIVE");
    Ok((arn.to_string(), active))
}

/// Set the public endpoint on or off (private access stays on).
pub async fn set_public_access(c: &Client, name: &str, public: bool) -> Result<(), AwsError> {
    let vpc = VpcConfigRequest::builder()
        .endpoint_public_access(public)
        .endpoint_private_access(true)
        .build();
    c.update_cluster_config()
        .name(name)
        .resources_vpc_config(vpc)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:UpdateClusterConfig", e))?;
    Ok(())
}

pub async fn delete_cluster(c: &Client, name: &str) -> Result<(), AwsError> {
    c.delete_cluster()
        .name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:DeleteCluster", e))?;
    Ok(())
}

/// Wait until the cluster is ACTIVE (FAILED ends the wait with an error).
pub async fn wait_cluster_active(
    c: &Client,
    name: &str,
    timing: Timing,
) -> Result<ClusterInfo, WaitError> {
    wait_until(&format!("cluster {name}"), timing, || async {
        Ok(match describe_cluster(c, name).await? {
            None => Look::Failed("gone".to_string()),
            Some(cl) if cl.status == "ACTIVE" => Look::Done(cl),
            Some(cl) if cl.status == "FAILED" => Look::Failed(cl.status),
            Some(cl) => Look::Again(cl.status),
        })
    })
    .await
}

/// Wait until the cluster no longer exists.
pub async fn wait_cluster_gone(c: &Client, name: &str, timing: Timing) -> Result<(), WaitError> {
    wait_until(&format!("cluster {name}"), timing, || async {
        Ok(match describe_cluster(c, name).await? {
            None => Look::Done(()),
            Some(cl) if cl.status == "FAILED" => Look::Failed(cl.status),
            Some(cl) => Look::Again(cl.status),
        })
    })
    .await
}

/// A managed node group as the steps and `verify` see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodegroupInfo {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub node_role: String,
    pub subnets: Vec<String>,
    /// The security group EKS made for SSH access to the nodes, if remote access is on.
    pub remote_access_security_group: Option<String>,
    pub tags: Vec<(String, String)>,
}

pub async fn describe_nodegroup(
    c: &Client,
    cluster: &str,
    name: &str,
) -> Result<Option<NodegroupInfo>, AwsError> {
    const CALL: &str = "eks:DescribeNodegroup";
    let out = match c
        .describe_nodegroup()
        .cluster_name(cluster)
        .nodegroup_name(name)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => return not_found(AwsError::from_sdk(CALL, e)),
    };
    let ng = out
        .nodegroup()
        .ok_or_else(|| AwsError::answer(CALL, "no node group in the answer"))?;
    Ok(Some(NodegroupInfo {
        name: ng.nodegroup_name().unwrap_or(name).to_string(),
        arn: ng.nodegroup_arn().unwrap_or_default().to_string(),
        status: ng
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        node_role: ng.node_role().unwrap_or_default().to_string(),
        subnets: ng.subnets().to_vec(),
        remote_access_security_group: ng
            .resources()
            .and_then(|r| r.remote_access_security_group())
            .filter(|g| !g.is_empty())
            .map(str::to_string),
        tags: ng
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }))
}

/// The names of a cluster's managed node groups, to the last page (EKS answers at most 100
/// a page: <https://docs.aws.amazon.com/eks/latest/APIReference/API_ListNodegroups.html>).
pub async fn list_nodegroups(c: &Client, cluster: &str) -> Result<Vec<String>, AwsError> {
    c.list_nodegroups()
        .cluster_name(cluster)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("eks:ListNodegroups", e))
}

/// The principal ARNs of a cluster's access entries, to the last page (at most 100 a page:
/// <https://docs.aws.amazon.com/eks/latest/APIReference/API_ListAccessEntries.html>).
pub async fn access_entries(c: &Client, cluster: &str) -> Result<Vec<String>, AwsError> {
    c.list_access_entries()
        .cluster_name(cluster)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("eks:ListAccessEntries", e))
}

/// What a new node group is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodegroupSpec<'a> {
    pub cluster: &'a str,
    pub name: &'a str,
    pub node_role: &'a str,
    pub subnets: &'a [String],
    pub instance_types: &'a [String],
    pub desired: i32,
    pub tag: (&'a str, &'a str),
}

/// Create the node group (min 1, max = desired); its ARN, and whether the answer already says
/// ACTIVE.
pub async fn create_nodegroup(
    c: &Client,
    spec: &NodegroupSpec<'_>,
) -> Result<(String, bool), AwsError> {
    const CALL: &str = "eks:CreateNodegroup";
    let desired = spec.desired.max(1);
    let scaling = NodegroupScalingConfig::builder()
        .min_size(1)
        .desired_size(desired)
        .max_size(desired)
        .build();
    let out = c
        .create_nodegroup()
        .cluster_name(spec.cluster)
        .nodegroup_name(spec.name)
        .node_role(spec.node_role)
        .set_subnets(Some(spec.subnets.to_vec()))
        .set_instance_types(Some(spec.instance_types.to_vec()))
        .scaling_config(scaling)
        .tags(spec.tag.0, spec.tag.1)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(CALL, e))?;
    let group = out
        .nodegroup()
        .ok_or_else(|| AwsError::answer(CALL, "no node group in the answer"))?;
    let arn = group
        .nodegroup_arn()
        .ok_or_else(|| AwsError::answer(CALL, "no node group ARN in the answer"))?;
    let active = group.status().is_some_and(|s| s.as_str() == "ACTIVE");
    Ok((arn.to_string(), active))
}

pub async fn delete_nodegroup(c: &Client, cluster: &str, name: &str) -> Result<(), AwsError> {
    c.delete_nodegroup()
        .cluster_name(cluster)
        .nodegroup_name(name)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("eks:DeleteNodegroup", e))?;
    Ok(())
}

/// Wait until the node group is ACTIVE (CREATE_FAILED or DEGRADED end the wait).
pub async fn wait_nodegroup_active(
    c: &Client,
    cluster: &str,
    name: &str,
    timing: Timing,
) -> Result<NodegroupInfo, WaitError> {
    wait_until(&format!("node group {name}"), timing, || async {
        Ok(match describe_nodegroup(c, cluster, name).await? {
            None => Look::Failed("gone".to_string()),
            Some(n) if n.status == "ACTIVE" => Look::Done(n),
            Some(n) if n.status.ends_with("FAILED") || n.status == "DEGRADED" => {
                Look::Failed(n.status)
            }
            Some(n) => Look::Again(n.status),
        })
    })
    .await
}

/// Wait until the node group no longer exists.
pub async fn wait_nodegroup_gone(
    c: &Client,
    cluster: &str,
    name: &str,
    timing: Timing,
) -> Result<(), WaitError> {
    wait_until(&format!("node group {name}"), timing, || async {
        Ok(match describe_nodegroup(c, cluster, name).await? {
            None => Look::Done(()),
            Some(n) if n.status == "DELETE_FAILED" => Look::Failed(n.status),
            Some(n) => Look::Again(n.status),
        })
    })
    .await
}
