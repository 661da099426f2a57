//! The one catalogue of steps. Each step is declared here once: its id, side, DESIGN.md number,
//! label, what it does to which resource, the steps it needs, the journal keys it owns, its
//! `ensure` (which, run in plan mode, is its read-only discovery) and its `destroy`. Apply's
//! order, the plan's rows, the wizard's panes, the journal keys and destroy's order all come
//! from [`CATALOGUE`]; adding a step is adding an entry.
//!
//! The entries are in working order, DESIGN.md's numbers ascending, and every step comes after
//! the steps it needs (tests hold both), so the plan reads top to bottom and destroy goes bottom
//! to top.

use std::future::Future;
use std::pin::Pin;

use super::ctx::{Ctx, StepError};
use super::journal::Record;
use super::progress::Outcome;
use super::steps::{addon, bucket, cluster, dns, identity, network, org, roles, share};
use crate::blueprint::{Blueprint, Side, names};

mod words;
use words::{
    cluster_action, data_identity, is_interface_endpoint, model_identity, none,
    pod_identity_action, s3_endpoint_resource, subnets_resource, vpc_action, vpc_resource,
};

pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Outcome, StepError>> + Send + 'a>>;
pub type EnsureFn = for<'a> fn(&'a Ctx) -> StepFuture<'a>;
pub type DestroyFn = for<'a> fn(&'a Ctx, &'a Record) -> StepFuture<'a>;

/// One step of the flow.
pub struct Step {
    pub id: &'static str,
    pub side: Side,
    /// DESIGN.md's step number (1–9).
    pub number: u8,
    /// A few words, for the wizard's panes.
    pub label: &'static str,
    /// What it does, for the plan.
    pub action: fn(&Blueprint) -> String,
    /// What it does it to.
    pub resource: fn(&Blueprint) -> String,
    /// The steps that must have gone through first.
    pub after: &'static [&'static str],
    /// Whether a journal key is one this step records (destroy hands such records to it).
    pub owns: fn(&str) -> bool,
    pub ensure: EnsureFn,
    pub destroy: Option<DestroyFn>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

macro_rules! ensure {
    ($f:path) => {
        |ctx| Box::pin($f(ctx))
    };
}

macro_rules! destroy {
    ($f:path) => {
        Some(|ctx, record| Box::pin($f(ctx, record)))
    };
}

use Side::{DataOwner as D, ModelOwner as M};

/// Every step, in working order.
pub static CATALOGUE: &[Step] = &[
    Step {
        id: "identity.data_owner",
        side: D,
        number: 1,
        label: "identity",
        action: |_| "check the live identity is the blueprint's account".into(),
        resource: data_identity,
        after: &[],
        owns: none,
        ensure: ensure!(identity::check_data_owner),
        destroy: None,
    },
    Step {
        id: "identity.model_owner",
        side: M,
        number: 1,
        label: "identity",
        action: |_| "check the live identity is the blueprint's account".into(),
        resource: model_identity,
        after: &[],
        owns: none,
        ensure: ensure!(identity::check_model_owner),
        destroy: None,
    },
    Step {
        id: "org",
        side: D,
        number: 2,
        label: "organization",
        action: |_| "find or create the organization (all features)".into(),
        resource: |_| "organization".into(),
        after: &["identity.data_owner"],
        owns: |k| k == "org",
        ensure: ensure!(org::ensure_organization),
        destroy: destroy!(org::destroy),
    },
    Step {
        id: "org.member",
        side: D,
        number: 3,
        label: "model owner joins it",
        action: |_| "make the model owner a member (invite, accepted as the model owner)".into(),
        resource: |bp| format!("account {}", bp.model_owner.account_id),
        after: &["org", "identity.model_owner"],
        owns: |k| k == "org.member",
        ensure: ensure!(org::ensure_member),
        destroy: destroy!(org::destroy),
    },
    Step {
        id: "scp",
        side: D,
        number: 4,
        label: "isolation SCP",
        action: |bp| {
            format!(
                "SCPs on, the isolation SCP {} as generated, attached",
                names::scp(bp)
            )
        },
        resource: |bp| format!("account {}", bp.model_owner.account_id),
        after: &["org.member"],
        owns: |k| k == "scp",
        ensure: ensure!(org::ensure_scp),
        destroy: destroy!(org::destroy),
    },
    Step {
        id: "vpc",
        side: D,
        number: 5,
        label: "VPC, DNS on",
        action: vpc_action,
        resource: vpc_resource,
        after: &["identity.data_owner"],
        owns: |k| k == "vpc",
        ensure: ensure!(network::ensure_vpc),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "subnets",
        side: D,
        number: 5,
        label: "private subnets",
        action: |bp| format!("{} private subnet(s), by AZ ID", bp.network.subnets.len()),
        resource: subnets_resource,
        after: &["vpc"],
        owns: |k| k.starts_with("subnet."),
        ensure: ensure!(network::ensure_subnets),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "route_table",
        side: D,
        number: 5,
        label: "local-only routes",
        action: |_| "route table with only the local route, on every subnet".into(),
        resource: names::route_table,
        after: &["subnets"],
        owns: |k| k == "route_table",
        ensure: ensure!(network::ensure_route_table),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "endpoint.s3",
        side: D,
        number: 6,
        label: "S3 gateway endpoint",
        action: |_| "S3 gateway endpoint with the bucket-scoped policy".into(),
        resource: s3_endpoint_resource,
        after: &["route_table"],
        owns: |k| k == "endpoint.s3",
        ensure: ensure!(network::ensure_s3_endpoint),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "endpoint.security_group",
        side: D,
        number: 6,
        label: "endpoint security group",
        action: |_| "security group allowing TCP 443 from the subnets".into(),
        resource: names::endpoint_security_group,
        after: &["subnets"],
        owns: |k| k == "endpoint.security_group",
        ensure: ensure!(network::ensure_endpoint_security_group),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "endpoint.interface",
        side: D,
        number: 6,
        label: "interface endpoints",
        action: |_| "interface endpoints with private DNS and their policies".into(),
        resource: |bp| bp.network.interface_endpoints.join(", "),
        after: &["endpoint.security_group"],
        owns: is_interface_endpoint,
        ensure: ensure!(network::ensure_interface_endpoints),
        destroy: destroy!(network::destroy),
    },
    Step {
        id: "dns.firewall",
        side: D,
        number: 6,
        label: "DNS firewall",
        action: |_| {
            "DNS Firewall: allow the names the cluster needs, block every other with NXDOMAIN, \
             fail-open off"
                .into()
        },
        resource: |bp| format!("rule group {} on the VPC", names::dns_rule_group(bp)),
        after: &["vpc"],
        owns: |k| k.starts_with("dns."),
        ensure: ensure!(dns::ensure_firewall),
        destroy: destroy!(dns::destroy),
    },
    Step {
        id: "bucket",
        side: D,
        number: 7,
        label: "data bucket",
        action: |_| "the data bucket, all public access blocked".into(),
        resource: |bp| bp.data.bucket.clone(),
        after: &["identity.data_owner"],
        owns: |k| k == "bucket",
        ensure: ensure!(bucket::ensure_bucket),
        destroy: destroy!(bucket::destroy),
    },
    Step {
        id: "bucket.policy",
        side: D,
        number: 7,
        label: "bucket policy",
        action: |_| "bucket policy: deny off the S3 endpoint, except the admins".into(),
        resource: |bp| bp.data.bucket.clone(),
        after: &["endpoint.s3", "bucket"],
        owns: none,
        ensure: ensure!(bucket::ensure_bucket_policy),
        destroy: None,
    },
    Step {
        id: "ram.share",
        side: D,
        number: 8,
        label: "subnets shared",
        action: |bp| {
            format!(
                "RAM sharing with the organization on; share {} subnet(s)",
                bp.network.subnets.len()
            )
        },
        resource: |bp| format!("account {}", bp.model_owner.account_id),
        after: &["subnets", "org.member"],
        owns: |k| k == "ram.share",
        ensure: ensure!(share::ensure_share),
        destroy: destroy!(share::destroy),
    },
    Step {
        id: "iam.roles",
        side: M,
        number: 9,
        label: "cluster and node roles",
        action: |_| "the EKS cluster role and the node role".into(),
        resource: |bp| format!("{}, {}", names::cluster_role(bp), names::node_role(bp)),
        after: &["identity.model_owner"],
        owns: |k| k == "iam.cluster_role" || k == "iam.node_role",
        ensure: ensure!(roles::ensure_roles),
        destroy: destroy!(cluster::destroy),
    },
    Step {
        id: "eks.cluster",
        side: M,
        number: 9,
        label: "EKS cluster",
        action: cluster_action,
        resource: |bp| bp.cluster.name.clone(),
        after: &["ram.share", "iam.roles", "scp"],
        owns: |k| k == "eks.cluster",
        ensure: ensure!(cluster::ensure_cluster),
        destroy: destroy!(cluster::destroy),
    },
    Step {
        id: addon::KEY,
        side: M,
        number: 9,
        label: "Pod Identity Agent",
        action: pod_identity_action,
        resource: |_| crate::aws::eks::POD_IDENTITY_AGENT.into(),
        after: &["eks.cluster"],
        owns: |k| k == addon::KEY,
        ensure: ensure!(addon::ensure_pod_identity_agent),
        destroy: destroy!(addon::destroy),
    },
    Step {
        id: "eks.nodegroup",
        side: M,
        number: 9,
        label: "node group",
        action: |bp| {
            format!(
                "managed node group, {} x {}; wait until ACTIVE",
                bp.cluster.desired_size,
                bp.cluster.instance_types.join("/")
            )
        },
        resource: names::nodegroup,
        after: &["eks.cluster"],
        owns: |k| k == "eks.nodegroup",
        ensure: ensure!(cluster::ensure_nodegroup),
        destroy: destroy!(cluster::destroy),
    },
];

/// The step of an id.
pub fn step(id: &str) -> Option<&'static Step> {
    CATALOGUE.iter().find(|s| s.id == id)
}

/// The step that records a journal key.
pub fn owner(key: &str) -> Option<&'static Step> {
    CATALOGUE.iter().find(|s| (s.owns)(key))
}

/// Where a journal record falls in destroy's order: its step's place from the end, then the
/// reverse of the order it was recorded in within the step.
pub fn destroy_rank(key: &str) -> usize {
    owner(key)
        .and_then(|s| CATALOGUE.iter().position(|c| c.id == s.id))
        .map_or(0, |i| CATALOGUE.len() - i)
}

#[cfg(test)]
mod tests;
