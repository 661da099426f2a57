//! A plain-data snapshot of both accounts, as far as it could be read. No SDK types.
//!
//! Every field AWS may refuse (or a test server may not implement) is an `Option`: `None` means
//! "not known", never "fine". Why a field is unknown is in [`LiveState::unreadable`].

use crate::policy::analyze::CheckId;

/// Everything `verify` judges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    pub vpc: Option<Vpc>,
    /// The shared subnets (those of the blueprint or the journal).
    pub subnets: Option<Vec<Subnet>>,
    /// Every route table of the VPC.
    pub route_tables: Option<Vec<RouteTable>>,
    /// Every VPC endpoint in the VPC (interface and gateway).
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
    pub model: ModelOwnerState,
    /// What could not be read: the check it leaves undecided, and why (call and error code).
    pub unreadable: Vec<(CheckId, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub cidr: String,
    pub dns_support: Option<bool>,
    pub dns_hostnames: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub arn: String,
    pub cidr: String,
    pub az_id: String,
    pub available_ips: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteTable {
    pub id: String,
    /// The VPC's main table (used by every subnet without an association of its own).
    pub main: bool,
    /// Subnets explicitly associated with this table.
    pub subnet_ids: Vec<String>,
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// An IPv4 or IPv6 CIDR, or a prefix list ID (`pl-...`).
    pub destination: String,
    pub target: RouteTarget,
}

/// Where a route leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    Local,
    /// A gateway endpoint (`vpce-...`): S3 or DynamoDB.
    GatewayEndpoint(String),
    InternetGateway(String),
    EgressOnlyGateway(String),
    NatGateway(String),
    TransitGateway(String),
    Peering(String),
    VirtualPrivateGateway(String),
    NetworkInterface(String),
    Instance(String),
    /// Anything else (carrier gateway, local gateway, core network, ...), as AWS names it.
    Other(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointType {
    Interface,
    Gateway,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: String,
    /// The full service name, e.g. `com.amazonaws.us-east-1.ecr.api`.
    pub service_name: String,
    /// The short name, e.g. `ecr.api`, `s3`.
    pub service: String,
    pub kind: EndpointType,
    /// The policy text; `None` when AWS reports none (the default full access).
    pub policy: Option<String>,
    pub private_dns: Option<bool>,
    pub security_groups: Vec<String>,
    pub state: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub ingress: Vec<IngressRule>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp`, or `-1` for all.
    pub protocol: String,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    /// IPv4 and IPv6 CIDRs.
    pub cidrs: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    /// `None` when the bucket has no policy.
    pub policy: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublicAccessBlock {
    pub block_public_acls: Option<bool>,
    pub ignore_public_acls: Option<bool>,
    pub block_public_policy: Option<bool>,
    pub restrict_public_buckets: Option<bool>,
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
    pub cluster: Option<Option<Cluster>>,
    /// The cluster's and nodes' security groups.
    pub security_groups: Option<Vec<SecurityGroup>>,
    /// Principal ARNs of the cluster's access entries.
    pub access_entries: Option<Vec<String>>,
    pub nodegroups: Option<Vec<NodeGroup>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub arn: String,
    pub trust_policy: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repository {
    pub name: String,
    pub arn: String,
    pub policy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub status: String,
    pub public_access: bool,
    pub private_access: bool,
    /// The cluster security group and any additional ones.
    pub security_groups: Vec<String>,
    /// The security group EKS makes for every cluster (`None` when not reported).
    pub cluster_security_group: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeGroup {
    pub name: String,
    pub status: String,
    pub security_groups: Vec<String>,
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

    /// The S3 gateway endpoint, if present.
    pub fn s3_gateway(&self) -> Option<&Endpoint> {
        self.endpoints.as_ref().and_then(|eps| {
            eps.iter()
                .find(|e| e.kind == EndpointType::Gateway && e.service == "s3")
        })
    }
}

/// `com.amazonaws.us-east-1.ecr.api` → `ecr.api` (also `cn.com.amazonaws.<region>.<svc>`).
pub fn short_service_name(service_name: &str, region: &str) -> String {
    let marker = format!(".{region}.");
    match service_name.find(&marker) {
        Some(i) => service_name[i + marker.len()..].to_string(),
        None => service_name
            .rsplit('.')
            .next()
            .unwrap_or(service_name)
            .to_string(),
    }
}
