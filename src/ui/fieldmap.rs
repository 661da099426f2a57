//! The bridge between form fields and the [`Blueprint`]: what each field shows, how its text is
//! validated (with `blueprint::fields`), and how a valid text is written back. Pure.

use crate::blueprint::{
    Blueprint, Partition, PodCredentials, Subnet, SubnetSource, VpcSource, az_id_prefix,
};

/// Interface endpoint services the Network screen offers: those a private EKS cluster may use
/// (any other is a D8 finding).
pub use crate::policy::analyze::EKS_ENDPOINTS as ENDPOINT_SERVICES;

/// Every editable thing in the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    Name,
    Region,
    DataAccount,
    DataProfile,
    DataAdmins,
    ModelAccount,
    ModelProfile,
    ModelRole,
    /// A CIDR to create, or `vpc-…` to adopt an existing VPC.
    Vpc,
    SubnetAz(usize),
    /// A CIDR to create, or `subnet-…` to adopt an existing subnet.
    SubnetSource(usize),
    /// The "add subnet" row.
    AddSubnet,
    /// Toggle of one interface endpoint, by index into [`ENDPOINT_SERVICES`].
    Endpoint(usize),
    S3EndpointId,
    Bucket,
    ModelOwnerActions,
    ClusterName,
    KubernetesVersion,
    PublicAccess,
    /// One of [`PodCredentials::ALL`], picked in turn.
    PodCredentials,
    InstanceTypes,
    DesiredSize,
}

impl FieldId {
    /// Dotted blueprint keys whose problems (from `Blueprint::validate`) belong to this field.
    pub fn keys(self) -> Vec<String> {
        let k = |s: &str| vec![s.to_string()];
        match self {
            Self::Name => k("name"),
            Self::Region => k("region"),
            Self::DataAccount => k("data_owner.account_id"),
            Self::DataProfile => k("data_owner.profile"),
            Self::DataAdmins => k("data_owner.admin_principals"),
            Self::ModelAccount => k("model_owner.account_id"),
            Self::ModelProfile => k("model_owner.profile"),
            Self::ModelRole => k("model_owner.role_arn"),
            Self::Vpc => vec![
                "network.vpc".into(),
                "network.vpc_cidr".into(),
                "network.vpc_id".into(),
            ],
            Self::SubnetAz(i) => vec![format!("network.subnets[{i}].az_id")],
            Self::SubnetSource(i) => vec![
                format!("network.subnets[{i}].cidr"),
                format!("network.subnets[{i}].subnet_id"),
                format!("network.subnets[{i}]"),
            ],
            Self::AddSubnet => k("network.subnets"),
            Self::Endpoint(_) => k("network.interface_endpoints"),
            Self::S3EndpointId => k("network.s3_endpoint_id"),
            Self::Bucket => k("data.bucket"),
            Self::ModelOwnerActions => k("data.model_owner_actions"),
            Self::ClusterName => k("cluster.name"),
            Self::KubernetesVersion => k("cluster.kubernetes_version"),
            Self::PublicAccess => k("cluster.endpoint_public_access"),
            Self::PodCredentials => k("cluster.pod_credentials"),
            Self::InstanceTypes => k("cluster.instance_types"),
            Self::DesiredSize => k("cluster.desired_size"),
        }
    }

    /// Whether a problem reported for `key` belongs to this field.
    pub fn owns(self, key: &str) -> bool {
        self.keys().iter().any(|k| {
            key == k
                || key
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }
}

/// The field's current value as text.
pub fn get(bp: &Blueprint, id: FieldId) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    match id {
        FieldId::Name => bp.name.clone(),
        FieldId::Region => bp.region.clone(),
        FieldId::DataAccount => bp.data_owner.account_id.clone(),
        FieldId::DataProfile => opt(&bp.data_owner.profile),
        FieldId::DataAdmins => bp.data_owner.admin_principals.join(", "),
        FieldId::ModelAccount => bp.model_owner.account_id.clone(),
        FieldId::ModelProfile => opt(&bp.model_owner.profile),
        FieldId::ModelRole => opt(&bp.model_owner.role_arn),
        FieldId::Vpc => match &bp.network.vpc {
            VpcSource::Create { cidr } => cidr.clone(),
            VpcSource::Existing { vpc_id } => vpc_id.clone(),
        },
        FieldId::SubnetAz(i) => bp
            .network
            .subnets
            .get(i)
            .map(|s| s.az_id.clone())
            .unwrap_or_default(),
        FieldId::SubnetSource(i) => match bp.network.subnets.get(i).map(|s| &s.source) {
            Some(SubnetSource::Create { cidr }) => cidr.clone(),
            Some(SubnetSource::Existing { subnet_id }) => subnet_id.clone(),
            None => String::new(),
        },
        FieldId::AddSubnet => String::new(),
        FieldId::Endpoint(i) => on_off(endpoint_enabled(bp, i)).into(),
        FieldId::S3EndpointId => opt(&bp.network.s3_endpoint_id),
        FieldId::Bucket => bp.data.bucket.clone(),
        FieldId::ModelOwnerActions => bp.data.model_owner_actions.join(", "),
        FieldId::ClusterName => bp.cluster.name.clone(),
        FieldId::KubernetesVersion => bp.cluster.kubernetes_version.clone(),
        FieldId::PublicAccess => on_off(bp.cluster.endpoint_public_access).into(),
        FieldId::PodCredentials => bp.cluster.pod_credentials.as_str().into(),
        FieldId::InstanceTypes => bp.cluster.instance_types.join(", "),
        FieldId::DesiredSize => bp.cluster.desired_size.to_string(),
    }
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

pub fn endpoint_enabled(bp: &Blueprint, i: usize) -> bool {
    ENDPOINT_SERVICES
        .get(i)
        .is_some_and(|svc| bp.network.interface_endpoints.iter().any(|e| e == svc))
}

/// Split a comma-separated list; blanks dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn each(text: &str, what: &str, f: impl Fn(&str) -> Result<(), String>) -> Result<(), String> {
    let items = split_list(text);
    if items.is_empty() {
        return Err(format!("give at least one {what}"));
    }
    for item in &items {
        f(item).map_err(|e| format!("{item}: {e}"))?;
    }
    Ok(())
}

fn optional(text: &str, f: impl Fn(&str) -> Result<(), String>) -> Result<(), String> {
    let t = text.trim();
    if t.is_empty() { Ok(()) } else { f(t) }
}

/// Validate the text of a field as the user types it. `partition` is the blueprint's.
pub fn check(id: FieldId, text: &str, partition: Partition) -> Result<(), String> {
    let t = text.trim();
    match id {
        FieldId::Name => v::name(t),
        FieldId::Region => v::region(t),
        FieldId::DataAccount | FieldId::ModelAccount => v::account_id(t),
        FieldId::DataProfile | FieldId::ModelProfile => optional(t, v::profile),
        FieldId::DataAdmins => each(t, "admin principal ARN", |s| v::iam_arn(s, partition)),
        FieldId::ModelRole => optional(t, |s| v::role_arn(s, partition)),
        FieldId::Vpc if t.starts_with("vpc-") => v::vpc_id(t),
        FieldId::Vpc => v::vpc_cidr(t),
        FieldId::SubnetAz(_) => v::az_id(t),
        FieldId::SubnetSource(_) if t.starts_with("subnet-") => v::subnet_id(t),
        FieldId::SubnetSource(_) => v::subnet_cidr(t),
        FieldId::S3EndpointId => optional(t, v::vpce_id),
        FieldId::Bucket => v::bucket_name(t),
        FieldId::ModelOwnerActions => each(t, "action", v::s3_action),
        FieldId::ClusterName => v::cluster_name(t),
        FieldId::KubernetesVersion => v::kubernetes_version(t),
        FieldId::InstanceTypes => each(t, "instance type", v::instance_type),
        FieldId::DesiredSize => v::desired_size(t).map(|_| ()),
        FieldId::AddSubnet
        | FieldId::Endpoint(_)
        | FieldId::PublicAccess
        | FieldId::PodCredentials => Err("not a text field".into()),
    }
}

/// Validate `text` and, when valid, write it into the blueprint. Nothing changes on error.
pub fn set(bp: &mut Blueprint, id: FieldId, text: &str) -> Result<(), String> {
    check(id, text, bp.partition())?;
    let t = text.trim().to_string();
    let some = |t: String| if t.is_empty() { None } else { Some(t) };
    match id {
        FieldId::Name => bp.name = t,
        FieldId::Region => bp.region = t,
        FieldId::DataAccount => bp.data_owner.account_id = t,
        FieldId::DataProfile => bp.data_owner.profile = some(t),
        FieldId::DataAdmins => bp.data_owner.admin_principals = split_list(&t),
        FieldId::ModelAccount => bp.model_owner.account_id = t,
        FieldId::ModelProfile => bp.model_owner.profile = some(t),
        FieldId::ModelRole => bp.model_owner.role_arn = some(t),
        FieldId::Vpc if t.starts_with("vpc-") => bp.network.vpc = VpcSource::Existing { vpc_id: t },
        FieldId::Vpc => bp.network.vpc = VpcSource::Create { cidr: t },
        FieldId::SubnetAz(i) => {
            let s = bp.network.subnets.get_mut(i).ok_or("no such subnet")?;
            s.az_id = t;
        }
        FieldId::SubnetSource(i) => {
            let s = bp.network.subnets.get_mut(i).ok_or("no such subnet")?;
            s.source = if t.starts_with("subnet-") {
                SubnetSource::Existing { subnet_id: t }
            } else {
                SubnetSource::Create { cidr: t }
            };
        }
        FieldId::S3EndpointId => bp.network.s3_endpoint_id = some(t),
        FieldId::Bucket => bp.data.bucket = t,
        FieldId::ModelOwnerActions => bp.data.model_owner_actions = split_list(&t),
        FieldId::ClusterName => bp.cluster.name = t,
        FieldId::KubernetesVersion => bp.cluster.kubernetes_version = t,
        FieldId::InstanceTypes => bp.cluster.instance_types = split_list(&t),
        FieldId::DesiredSize => bp.cluster.desired_size = v::desired_size(&t)?,
        FieldId::AddSubnet
        | FieldId::Endpoint(_)
        | FieldId::PublicAccess
        | FieldId::PodCredentials => return Err("not a text field".into()),
    }
    Ok(())
}

/// Flip a toggle field, or move a choice to its next value. Returns whether anything changed.
pub fn toggle(bp: &mut Blueprint, id: FieldId) -> bool {
    match id {
        FieldId::PublicAccess => {
            bp.cluster.endpoint_public_access = !bp.cluster.endpoint_public_access;
            true
        }
        FieldId::PodCredentials => {
            let all = PodCredentials::ALL;
            let now = all
                .iter()
                .position(|p| *p == bp.cluster.pod_credentials)
                .unwrap_or(0);
            bp.cluster.pod_credentials = all[(now + 1) % all.len()];
            true
        }
        FieldId::Endpoint(i) => {
            let Some(svc) = ENDPOINT_SERVICES.get(i) else {
                return false;
            };
            let eps = &mut bp.network.interface_endpoints;
            if let Some(pos) = eps.iter().position(|e| e == svc) {
                eps.remove(pos);
            } else {
                // Keep the offered order, so the saved file does not depend on click order.
                eps.push((*svc).to_string());
                eps.sort_by_key(|e| {
                    ENDPOINT_SERVICES
                        .iter()
                        .position(|s| s == e)
                        .unwrap_or(usize::MAX)
                });
            }
            true
        }
        _ => false,
    }
}

/// A new subnet after the last one: the next AZ ID and the next CIDR block of the same size.
/// A starting point the user edits; `Blueprint::validate` judges the result.
pub fn next_subnet(bp: &Blueprint) -> Subnet {
    let last = bp.network.subnets.last();
    let az_id = last
        .and_then(|s| {
            let (prefix, n) = s.az_id.rsplit_once("-az")?;
            let n: u32 = n.parse().ok()?;
            Some(format!("{prefix}-az{}", n + 1))
        })
        .unwrap_or_else(|| {
            let prefix = az_id_prefix(&bp.region).unwrap_or_else(|| "use1".into());
            format!("{prefix}-az1")
        });
    let cidr = match last.map(|s| &s.source) {
        Some(SubnetSource::Create { cidr }) => next_cidr(cidr),
        _ => None,
    }
    .or_else(|| match &bp.network.vpc {
        VpcSource::Create { cidr } => first_cidr(cidr),
        VpcSource::Existing { .. } => None,
    })
    .unwrap_or_else(|| "10.0.0.0/20".into());
    Subnet {
        az_id,
        source: SubnetSource::Create { cidr },
    }
}

fn parse_cidr(cidr: &str) -> Option<(u32, u8)> {
    let (ip, len) = cidr.split_once('/')?;
    let ip: std::net::Ipv4Addr = ip.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    (1..=32).contains(&len).then_some((u32::from(ip), len))
}

fn next_cidr(cidr: &str) -> Option<String> {
    let (ip, len) = parse_cidr(cidr)?;
    let size = 1u32.checked_shl(32 - u32::from(len))?;
    let next = ip.checked_add(size)?;
    Some(format!("{}/{len}", std::net::Ipv4Addr::from(next)))
}

/// The first /20 (or the whole block, if smaller) of a VPC CIDR.
fn first_cidr(vpc: &str) -> Option<String> {
    let (ip, len) = parse_cidr(vpc)?;
    Some(format!("{}/{}", std::net::Ipv4Addr::from(ip), len.max(20)))
}

/// The validators, by field: `blueprint::fields`, plus the few rules a field's text adds.
mod v {
    use crate::blueprint::fields;
    pub use crate::blueprint::fields::{
        account_id, action, az_id, blueprint_name as name, bucket_name, cluster_name, iam_arn,
        instance_type, kubernetes_version, profile, region, role_arn, subnet_cidr, subnet_id,
        vpc_cidr, vpc_endpoint_id as vpce_id, vpc_id,
    };

    type R = Result<(), String>;

    /// The bucket policy grants only S3 actions.
    pub fn s3_action(s: &str) -> R {
        action(s)?;
        if s.starts_with("s3:") {
            Ok(())
        } else {
            Err(format!("{s} is not an S3 action (s3:…)"))
        }
    }

    pub fn desired_size(s: &str) -> Result<u32, String> {
        let n: u32 = s
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number of nodes"))?;
        fields::desired_size(i64::from(n))?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_belong_to_their_field_only() {
        assert!(FieldId::SubnetSource(1).owns("network.subnets[1].cidr"));
        assert!(!FieldId::SubnetSource(1).owns("network.subnets[10].cidr"));
        assert!(FieldId::DataAdmins.owns("data_owner.admin_principals[0]"));
        assert!(FieldId::Vpc.owns("network.vpc_cidr"));
        assert!(!FieldId::Name.owns("name_x"));
    }

    #[test]
    fn set_writes_only_valid_text() {
        let mut bp = Blueprint::starter();
        assert!(set(&mut bp, FieldId::DesiredSize, "0").is_err());
        assert!(set(&mut bp, FieldId::DesiredSize, "x").is_err());
        assert_eq!(bp.cluster.desired_size, 2);
        set(&mut bp, FieldId::DesiredSize, " 3 ").unwrap();
        assert_eq!(bp.cluster.desired_size, 3);
        set(&mut bp, FieldId::ModelRole, "").unwrap();
        assert_eq!(bp.model_owner.role_arn, None);
        set(&mut bp, FieldId::InstanceTypes, "m6i.large, g5.xlarge").unwrap();
        assert_eq!(bp.cluster.instance_types, ["m6i.large", "g5.xlarge"]);
        assert!(set(&mut bp, FieldId::InstanceTypes, " , ").is_err());
    }

    #[test]
    fn toggled_endpoints_keep_the_offered_order() {
        let mut bp = Blueprint::starter();
        bp.network.interface_endpoints = vec!["sts".into()];
        toggle(&mut bp, FieldId::Endpoint(0));
        toggle(&mut bp, FieldId::Endpoint(5));
        assert_eq!(bp.network.interface_endpoints, ["ec2", "sts", "eks"]);
        toggle(&mut bp, FieldId::Endpoint(3));
        assert_eq!(bp.network.interface_endpoints, ["ec2", "eks"]);
    }

    #[test]
    fn a_new_subnet_follows_the_last_one() {
        let mut bp = Blueprint::starter();
        let s = next_subnet(&bp);
        assert_eq!(s.az_id, "use1-az3");
        assert_eq!(
            s.source,
            SubnetSource::Create {
                cidr: "10.40.32.0/20".into()
            }
        );
        bp.network.subnets.clear();
        bp.region = "ap-southeast-2".into();
        let s = next_subnet(&bp);
        assert_eq!(s.az_id, "apse2-az1");
        assert_eq!(
            s.source,
            SubnetSource::Create {
                cidr: "10.40.0.0/20".into()
            }
        );
    }
}
