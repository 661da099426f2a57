//! Amazon EKS: the model owner's cluster and managed node group, and waiting on their status.

use std::future::Future;
use std::time::{Duration, Instant};

use aws_sdk_eks::Client;
use aws_sdk_eks::types::{NodegroupScalingConfig, VpcConfigRequest};

use super::AwsError;

/// How often to look, and for how long at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub poll: Duration,
    pub limit: Duration,
}

impl Timing {
    /// What real EKS needs: a cluster takes 10–15 minutes, a node group a few.
    pub const DEFAULT: Self = Self {
        poll: Duration::from_secs(10),
        limit: Duration::from_secs(25 * 60),
    };
}

/// One look at a resource being waited on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look<T> {
    /// Reached the wanted state.
    Done(T),
    /// Still on its way (the status it is in).
    Again(String),
    /// Will never get there (the status it is in).
    Failed(String),
}

/// Why a wait did not end in the wanted state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    #[error("{0}")]
    Aws(AwsError),
    #[error("{what} is {status}")]
    Failed { what: String, status: String },
    #[error("{what} is still {status} after {waited:?}")]
    Timeout {
        what: String,
        status: String,
        waited: Duration,
    },
}

/// Look every `timing.poll` until `probe` is done or failed, or `timing.limit` has passed.
pub async fn wait_until<T, F, Fut>(what: &str, timing: Timing, mut probe: F) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Look<T>, AwsError>>,
{
    let started = Instant::now();
    loop {
        match probe().await.map_err(WaitError::Aws)? {
            Look::Done(t) => return Ok(t),
            Look::Failed(status) => {
                return Err(WaitError::Failed {
                    what: what.to_string(),
                    status,
                });
            }
            Look::Again(status) => {
                if started.elapsed() + timing.poll > timing.limit {
                    return Err(WaitError::Timeout {
                        what: what.to_string(),
                        status,
                        waited: started.elapsed(),
                    });
                }
            }
        }
        tokio::time::sleep(timing.poll).await;
    }
}

/// A cluster as the steps see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterInfo {
    pub arn: String,
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, `FAILED`, `PENDING`.
    pub status: String,
    pub public_access: bool,
    pub private_access: bool,
    pub subnet_ids: Vec<String>,
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
        arn: cl.arn().unwrap_or_default().to_string(),
        status: cl
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        public_access: vpc.is_some_and(|v| v.endpoint_public_access()),
        private_access: vpc.is_some_and(|v| v.endpoint_private_access()),
        subnet_ids: vpc.map(|v| v.subnet_ids().to_vec()).unwrap_or_default(),
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

/// Create the cluster with its endpoint access set from the start (private always on);
/// returns its ARN.
/// Create the cluster; its ARN, and whether the answer already says ACTIVE (then there is
/// nothing to wait for).
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

/// A managed node group as the steps see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodegroupInfo {
    pub arn: String,
    pub status: String,
    pub node_role: String,
    pub subnets: Vec<String>,
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
        arn: ng.nodegroup_arn().unwrap_or_default().to_string(),
        status: ng
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        node_role: ng.node_role().unwrap_or_default().to_string(),
        subnets: ng.subnets().to_vec(),
        tags: ng
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }))
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

/// Create the node group (min 1, max = desired); returns its ARN.
/// Create the node group; its ARN, and whether the answer already says ACTIVE.
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
