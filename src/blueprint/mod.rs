//! The blueprint: the TOML description of one isolation setup, and its validation.
//!
//! Pure: no I/O except [`Blueprint::load`], which only reads the file.

mod cidr;
pub mod names;
mod parse;
mod reader;
mod regions;
mod serialize;
mod side;
mod validate;
mod walk;

pub use cidr::Ipv4Cidr;
pub use parse::{Problem, Problems};
pub use regions::{KNOWN_REGIONS, Partition, az_id_prefix, is_known_region};
pub use side::Side;
pub use validate::fields;

use std::path::Path;

/// Default actions the model owner may perform on the data bucket through the endpoint.
pub const DEFAULT_MODEL_OWNER_ACTIONS: [&str; 2] = ["s3:GetObject", "s3:ListBucket"];

/// The whole desired setup, as written in the blueprint file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blueprint {
    pub name: String,
    pub region: String,
    pub data_owner: DataOwner,
    pub model_owner: ModelOwner,
    pub network: Network,
    pub data: Data,
    pub cluster: Cluster,
    pub guardrails: Guardrails,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataOwner {
    pub account_id: String,
    pub profile: Option<String>,
    /// IAM ARNs exempt from the endpoint-only rule of the bucket policy.
    pub admin_principals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModelOwner {
    pub account_id: String,
    pub profile: Option<String>,
    pub role_arn: Option<String>,
}

/// Either a VPC to create (by CIDR) or an existing one to adopt (by ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VpcSource {
    Create { cidr: String },
    Existing { vpc_id: String },
}

/// Either a subnet to create (by CIDR) or an existing one to adopt (by ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubnetSource {
    Create { cidr: String },
    Existing { subnet_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub az_id: String,
    pub source: SubnetSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub vpc: VpcSource,
    /// Interface endpoint service short names, e.g. `ecr.api`, `ecr.dkr`, `sts`, `logs`.
    pub interface_endpoints: Vec<String>,
    pub s3_endpoint_id: Option<String>,
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data {
    pub bucket: String,
    pub model_owner_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub kubernetes_version: String,
    pub endpoint_public_access: bool,
    pub instance_types: Vec<String>,
    pub desired_size: u32,
    /// How pods get AWS credentials; decides which endpoint (eks-auth or sts) the nodes need.
    pub pod_credentials: PodCredentials,
}

/// How pods get AWS credentials (`cluster.pod_credentials`).
///
/// Pods of a private cluster need an endpoint for it: EKS Pod Identity the `eks-auth` endpoint,
/// IAM roles for service accounts (IRSA) the `sts` endpoint
/// (<https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html>, "Pod requirements").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PodCredentials {
    /// EKS Pod Identity: the agent calls `eks-auth:AssumeRoleForPodIdentity`, which sets the
    /// session's name and tags itself. No sts endpoint.
    #[default]
    PodIdentity,
    /// IAM roles for service accounts: pods call `sts:AssumeRoleWithWebIdentity` through the
    /// sts endpoint, with session names they choose.
    Irsa,
}

impl PodCredentials {
    /// Every value, in the blueprint's spelling.
    pub const ALL: [Self; 2] = [Self::PodIdentity, Self::Irsa];

    /// The blueprint's spelling: `pod-identity` or `irsa`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PodIdentity => "pod-identity",
            Self::Irsa => "irsa",
        }
    }

    /// The interface endpoint pods need for their credentials.
    pub fn endpoint(self) -> &'static str {
        match self {
            Self::PodIdentity => "eks-auth",
            Self::Irsa => "sts",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guardrails {
    pub extra_denied_actions: Vec<String>,
}

impl Network {
    /// The IDs of the existing subnets the blueprint adopts, in order.
    pub fn existing_subnet_ids(&self) -> Vec<String> {
        self.subnets
            .iter()
            .filter_map(|s| match &s.source {
                SubnetSource::Existing { subnet_id } => Some(subnet_id.clone()),
                SubnetSource::Create { .. } => None,
            })
            .collect()
    }
}

/// Why a blueprint file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
}

impl Blueprint {
    /// Parse and validate a blueprint. Every problem is reported, each with its key and line.
    pub fn parse(src: &str) -> Result<Self, Problems> {
        parse::parse(src)
    }

    /// Read and parse a blueprint file.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let src = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&src).map_err(LoadError::Invalid)
    }

    /// Like [`Blueprint::load`], but a file whose every key could be read loads even when
    /// values or cross-field rules are wrong: the blueprint comes with those problems (each
    /// with its line), so the wizard can open it and show what to fix.
    pub fn load_lenient(path: &Path) -> Result<(Self, Vec<Problem>), LoadError> {
        let src = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
            path: path.display().to_string(),
            source,
        })?;
        parse::parse_lenient(&src).map_err(LoadError::Invalid)
    }

    /// Semantic validation of an in-memory blueprint (used by the wizard, and by `parse`).
    /// Problems carry the dotted key (e.g. `network.subnets[1].cidr`) and no line.
    pub fn validate(&self) -> Vec<Problem> {
        validate::validate(self)
    }

    /// Serialize to TOML that [`Blueprint::parse`] reads back to an equal value.
    pub fn to_toml(&self) -> String {
        parse::to_toml(self)
    }

    /// The AWS partition of the blueprint's region.
    pub fn partition(&self) -> Partition {
        Partition::for_region(&self.region)
    }
}

/// The commented example written by `eks-isolation init`.
pub const EXAMPLE: &str = include_str!("../../assets/blueprint.example.toml");

impl Blueprint {
    /// A complete, valid starting point: what the wizard opens with for a new file, and what
    /// tests build variants from. Account IDs are examples and must be replaced.
    pub fn starter() -> Self {
        Self {
            name: "inference-demo".into(),
            region: "us-east-1".into(),
            data_owner: DataOwner {
                account_id: "111111111111".into(),
                profile: Some("data-owner".into()),
                admin_principals: vec!["arn:aws:iam::111111111111:role/DataAdmin".into()],
            },
            model_owner: ModelOwner {
                account_id: "222222222222".into(),
                profile: Some("model-owner".into()),
                role_arn: None,
            },
            network: Network {
                vpc: VpcSource::Create {
                    cidr: "10.40.0.0/16".into(),
                },
                interface_endpoints: ["ec2", "ecr.api", "ecr.dkr", "eks-auth", "logs"]
                    .map(String::from)
                    .to_vec(),
                s3_endpoint_id: None,
                subnets: vec![
                    Subnet {
                        az_id: "use1-az1".into(),
                        source: SubnetSource::Create {
                            cidr: "10.40.0.0/20".into(),
                        },
                    },
                    Subnet {
                        az_id: "use1-az2".into(),
                        source: SubnetSource::Create {
                            cidr: "10.40.16.0/20".into(),
                        },
                    },
                ],
            },
            data: Data {
                bucket: "inference-demo-data".into(),
                model_owner_actions: DEFAULT_MODEL_OWNER_ACTIONS.map(String::from).to_vec(),
            },
            cluster: Cluster {
                name: "inference".into(),
                kubernetes_version: "1.33".into(),
                endpoint_public_access: false,
                instance_types: vec!["m6i.large".into()],
                desired_size: 2,
                pod_credentials: PodCredentials::PodIdentity,
            },
            guardrails: Guardrails::default(),
        }
    }
}
