//! A plain-data snapshot of both accounts, as far as it could be read: the domain types of
//! `aws/` (one model of each thing, shared with the engine and the pickers), and the few
//! assembled here from several calls. No SDK types.
//!
//! Every field AWS may refuse (or a test server may not implement) is an `Option`: `None` means
//! "not known", never "fine". Why a field is unknown is in [`LiveState::unreadable`].

use std::collections::BTreeMap;

use crate::aws::ec2::{
    Endpoint, EndpointKind, RouteTable, SecurityGroup, SubnetSummary, VpcSummary,
};
use crate::aws::eks::{ClusterInfo, NodegroupInfo};
use crate::aws::iam::Role;
use crate::aws::resolver::{Association, ResolverRule, Rule as FirewallRule};
use crate::aws::s3::PublicAccessBlock;
use crate::policy::analyze::CheckId;

/// Everything `verify` judges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    /// The VPC with its DNS settings (`None` each when that attribute was not read).
    pub vpc: Option<VpcSummary>,
    /// The shared subnets (those of the blueprint or the journal).
    pub subnets: Option<Vec<SubnetSummary>>,
    /// Every route table of the VPC.
    pub route_tables: Option<Vec<RouteTable>>,
    /// Every VPC endpoint in the VPC (interface and gateway), gone ones included.
    pub endpoints: Option<Vec<Endpoint>>,
    /// The data owner's security groups in the VPC (those endpoints use).
    pub security_groups: Option<Vec<SecurityGroup>>,
    /// The data bucket.
    pub bucket: Option<Bucket>,
    /// The public-access block; all four `None` when the bucket has none.
    pub public_access_block: Option<PublicAccessBlock>,
    pub organization: Option<Organization>,
    /// SCPs in force above the model-owner account: root, each OU, the account.
    pub scps: Option<Vec<Scp>>,
    pub ram: Option<Ram>,
    /// What the organization lets its management account reach in the model-owner account
    /// (M6), as the management account reads it.
    pub reach: Option<Reach>,
    /// The VPC's DNS Firewall and resolver rules (D13), as the VPC owner reads them.
    pub dns: Option<Dns>,
    pub model: ModelOwnerState,
    /// What could not be read: the check it leaves undecided, and why (call and error code).
    pub unreadable: Vec<(CheckId, String)>,
}

/// The organization's ways into the model-owner account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// Backup policies attached to the model-owner account or above it: `(target, name)`.
    pub backup_policies: Vec<(String, String)>,
    /// Service principals with trusted access to the organization.
    pub trusted_services: Vec<String>,
    pub delegated_admins: Vec<crate::aws::organizations::reach::DelegatedAdmin>,
    pub organization_trails: Vec<crate::aws::cloudtrail::OrgTrail>,
}

/// What decides where the VPC's DNS queries go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dns {
    /// The rule groups associated with the VPC, in DNS Firewall's order (association priority
    /// ascending), each with its rules in order (rule priority ascending).
    pub groups: Vec<(Association, Vec<FirewallRule>)>,
    /// The domains of each domain list those rules use, or why they could not be listed (an
    /// AWS-managed list cannot be).
    pub domains: BTreeMap<String, Result<Vec<String>, String>>,
    /// The VPC's fail-open setting (`DISABLED`, `ENABLED`, ...).
    pub fail_open: String,
    /// The resolver rules associated with the VPC.
    pub resolver_rules: Vec<ResolverRule>,
    /// The names the cluster needs (`policy::dns_firewall::needed_names`).
    pub needed: Vec<String>,
}

/// The data bucket and its policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    /// `None` when the bucket has no policy.
    pub policy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    pub model_owner_member: bool,
    /// Whether SERVICE_CONTROL_POLICY is enabled on the root.
    pub scp_enabled: bool,
    /// The model-owner account's parents up to the root (OU IDs, then the root ID).
    pub model_owner_parents: Vec<String>,
    /// Whether `ram.amazonaws.com` has service access in the organization.
    pub ram_service_access: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScpLevel {
    Root,
    Ou,
    Account,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scp {
    pub level: ScpLevel,
    /// The root, OU or account the policy is attached to.
    pub target: String,
    pub name: String,
    pub content: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ram {
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Share {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub principals: Vec<String>,
    pub resources: Vec<String>,
}

/// What the model owner's account shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelOwnerState {
    pub roles: Option<Vec<Role>>,
    pub repositories: Option<Vec<Repository>>,
    /// Outer `None`: unreadable; inner `None`: no such cluster (yet).
    pub cluster: Option<Option<ClusterInfo>>,
    /// The cluster's and nodes' security groups.
    pub security_groups: Option<Vec<SecurityGroup>>,
    /// Principal ARNs of the cluster's access entries.
    pub access_entries: Option<Vec<String>>,
    pub nodegroups: Option<Vec<NodegroupInfo>>,
}

/// A repository with its policy (`None`: it has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repository {
    pub name: String,
    pub arn: String,
    pub policy: Option<String>,
}

impl LiveState {
    /// Why a check's data is unknown: every reason recorded for it, or a generic one.
    pub fn reason(&self, id: CheckId) -> String {
        let reasons: Vec<&str> = self
            .unreadable
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, r)| r.as_str())
            .collect();
        if reasons.is_empty() {
            "the data it needs was not read".to_string()
        } else {
            reasons.join("; ")
        }
    }

    /// The S3 gateway endpoint, if present: one deleted (or on its way out) is not, though the
    /// listing keeps it and may put it first (the journal may still name it).
    pub fn s3_gateway(&self) -> Option<&Endpoint> {
        self.endpoints.as_ref().and_then(|eps| {
            eps.iter().find(|e| {
                e.kind == Some(EndpointKind::Gateway) && e.service == "s3" && !e.is_gone()
            })
        })
    }
}
