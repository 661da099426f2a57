//! `read_state`: the live snapshot of both accounts, with read-only calls, independent reads
//! concurrently. A failed read leaves its field `None` and an `unreadable` entry naming the call
//! and AWS's error code.

use super::read_accounts as acc;
use super::read_network as net;
use super::state::{LiveState, Vpc};
use crate::aws::{AwsError, Party, s3_client};
use crate::blueprint::{Blueprint, VpcSource};
use crate::policy::analyze::CheckId;
use aws_sdk_ec2::types::VpcAttributeName;

/// The IDs of what was made or adopted (from the journal or the blueprint). Whatever is
/// unknown is found by the tag `eks-isolation:blueprint=<name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownIds {
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub s3_endpoint_id: Option<String>,
    pub cluster_name: Option<String>,
}

impl KnownIds {
    /// The IDs the blueprint adopts (`vpc_id`, `subnet_id`, `s3_endpoint_id`, `cluster.name`).
    pub fn from_blueprint(bp: &Blueprint) -> Self {
        Self {
            vpc_id: match &bp.network.vpc {
                VpcSource::Existing { vpc_id } => Some(vpc_id.clone()),
                VpcSource::Create { .. } => None,
            },
            subnet_ids: bp.network.existing_subnet_ids(),
            s3_endpoint_id: bp.network.s3_endpoint_id.clone(),
            cluster_name: Some(bp.cluster.name.clone()),
        }
    }

    /// The blueprint's adopted IDs, then what the journal recorded (what apply made or
    /// adopted): the IDs `verify` and the monitor read by.
    pub fn from_journal(bp: &Blueprint, journal: &crate::engine::journal::Journal) -> Self {
        let mut ids = Self::from_blueprint(bp);
        if let Some(r) = journal.get("vpc") {
            ids.vpc_id = Some(r.id.clone());
        }
        if let Some(r) = journal.get("endpoint.s3") {
            ids.s3_endpoint_id = Some(r.id.clone());
        }
        for i in 0..bp.network.subnets.len() {
            if let Some(r) = journal.get(&format!("subnet.{i}"))
                && !ids.subnet_ids.contains(&r.id)
            {
                ids.subnet_ids.push(r.id.clone());
            }
        }
        ids
    }
}

/// Checks left undecided when a read fails.
const NETWORK: [CheckId; 12] = [
    CheckId::D2,
    CheckId::D3,
    CheckId::D4,
    CheckId::D5,
    CheckId::D8,
    CheckId::D10,
    CheckId::S1,
    CheckId::S2,
    CheckId::S3,
    CheckId::S4,
    CheckId::S5,
    CheckId::S7,
];
const SUBNETS: [CheckId; 5] = [
    CheckId::S1,
    CheckId::S7,
    CheckId::D3,
    CheckId::S5,
    CheckId::S6,
];
const ENDPOINTS: [CheckId; 8] = [
    CheckId::D2,
    CheckId::D4,
    CheckId::D5,
    CheckId::D8,
    CheckId::D10,
    CheckId::S3,
    CheckId::S4,
    CheckId::S5,
];

/// `ec2:DescribeVpcs: UnauthorizedOperation: ...`, shortened; a call without an error code is
/// said to be unanswered (a server that does not implement it).
fn why(err: &AwsError) -> String {
    let mut text = err.to_string();
    if text.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    if err.code.is_none() {
        text.push_str(" (no AWS error code: the call may be unsupported here)");
    }
    text
}

fn note(state: &mut LiveState, ids: &[CheckId], reason: &str) {
    for id in ids {
        state.unreadable.push((*id, reason.to_string()));
    }
}

/// Take the error out of a read: the value, or `None` and the reason noted for `ids`.
fn keep<T>(state: &mut LiveState, ids: &[CheckId], read: Result<T, AwsError>) -> Option<T> {
    match read {
        Ok(v) => Some(v),
        Err(e) => {
            note(state, ids, &why(&e));
            None
        }
    }
}

/// Read both accounts as far as the credentials and the server allow.
pub async fn read_state(bp: &Blueprint, data: &Party, model: &Party, ids: &KnownIds) -> LiveState {
    let mut state = LiveState::default();
    let ec2 = aws_sdk_ec2::Client::new(&data.config);
    let s3 = s3_client(&data.config);
    let orgs = aws_sdk_organizations::Client::new(&data.config);
    let ram = aws_sdk_ram::Client::new(&data.config);
    let model_ec2 = aws_sdk_ec2::Client::new(&model.config);
    let iam = aws_sdk_iam::Client::new(&model.config);
    let ecr = aws_sdk_ecr::Client::new(&model.config);
    let eks = aws_sdk_eks::Client::new(&model.config);
    let cluster_name = ids.cluster_name.as_deref().unwrap_or(&bp.cluster.name);

    let (vpc, policy, pab, org, shares, roles, repos, cluster) = tokio::join!(
        net::vpc(&ec2, ids.vpc_id.as_deref(), &bp.name),
        net::bucket(&s3, &bp.data.bucket),
        net::public_access_block(&s3, &bp.data.bucket),
        acc::organization(&orgs, &bp.model_owner.account_id),
        acc::shares(&ram),
        acc::roles(&iam),
        acc::repositories(&ecr),
        acc::cluster(&eks, cluster_name),
    );
    let (vpc, network) = match vpc {
        Ok(Some(vpc)) => {
            let network = read_network(bp, &ec2, &vpc, ids).await;
            (Some(vpc), Some(network))
        }
        Ok(None) => {
            let wanted = ids
                .vpc_id
                .clone()
                .unwrap_or_else(|| format!("tagged eks-isolation:blueprint={}", bp.name));
            note(&mut state, &NETWORK, &format!("no VPC {wanted} found"));
            (None, None)
        }
        Err(e) => {
            note(&mut state, &NETWORK, &why(&e));
            (None, None)
        }
    };
    if let (Some(mut vpc), Some(n)) = (vpc, network) {
        vpc.dns_support = keep(&mut state, &[CheckId::S2], n.dns_support).flatten();
        vpc.dns_hostnames = keep(&mut state, &[CheckId::S2], n.dns_hostnames).flatten();
        state.subnets = keep(&mut state, &SUBNETS, n.subnets);
        state.route_tables = keep(&mut state, &[CheckId::D3], n.route_tables);
        state.endpoints = keep(&mut state, &ENDPOINTS, n.endpoints).map(|mut eps| {
            // The S3 endpoint the journal or blueprint names comes first (`s3_gateway`).
            eps.sort_by_key(|e| Some(&e.id) != ids.s3_endpoint_id.as_ref());
            eps
        });
        state.security_groups = keep(&mut state, &[CheckId::S5], n.security_groups);
        state.vpc = Some(vpc);
    }
    state.bucket = keep(&mut state, &[CheckId::D1, CheckId::D10], policy);
    state.public_access_block = keep(&mut state, &[CheckId::D11], pab);
    let org_ids = [CheckId::D6, CheckId::D9, CheckId::S6];
    if let Some((org, scps, access_error)) = keep(&mut state, &org_ids, org) {
        if let Some(e) = access_error {
            note(&mut state, &[CheckId::S6], &why(&e));
        }
        if scps.is_none() {
            note(
                &mut state,
                &[CheckId::D6],
                "the model-owner account is not in the organization: no SCP is in force",
            );
        }
        state.organization = Some(org);
        state.scps = scps;
    }
    state.ram = keep(&mut state, &[CheckId::S6], shares).map(|shares| super::state::Ram { shares });
    state.model.roles = keep(&mut state, &[CheckId::M1], roles);
    state.model.repositories = keep(&mut state, &[CheckId::M2], repos);
    let cluster_ids = [CheckId::D7, CheckId::M3, CheckId::M4];
    state.model.cluster = keep(&mut state, &cluster_ids, cluster);
    if let Some(Some(c)) = state.model.cluster.clone() {
        let (entries, nodegroups) = tokio::join!(
            acc::access_entries(&eks, &c.name),
            acc::nodegroups(&eks, &c.name)
        );
        state.model.access_entries = keep(&mut state, &[CheckId::M3], entries);
        state.model.nodegroups = keep(&mut state, &[CheckId::M4], nodegroups);
        let mut groups = c.security_groups.clone();
        for ng in state.model.nodegroups.iter().flatten() {
            groups.extend(ng.security_groups.iter().cloned());
        }
        groups.sort();
        groups.dedup();
        if c.cluster_security_group.is_none() {
            // Every EKS cluster has one: its absence means the answer is incomplete.
            note(
                &mut state,
                &[CheckId::M4],
                "eks:DescribeCluster reported no cluster security group",
            );
        } else if state.model.nodegroups.is_some() {
            let sgs = net::security_groups(&model_ec2, groups).await;
            state.model.security_groups = keep(&mut state, &[CheckId::M4], sgs);
        }
    }
    state
}

/// The network reads that need the VPC ID, each kept with its own outcome.
struct NetworkReads {
    dns_support: Result<Option<bool>, AwsError>,
    dns_hostnames: Result<Option<bool>, AwsError>,
    subnets: Result<Vec<super::state::Subnet>, AwsError>,
    route_tables: Result<Vec<super::state::RouteTable>, AwsError>,
    endpoints: Result<Vec<super::state::Endpoint>, AwsError>,
    security_groups: Result<Vec<super::state::SecurityGroup>, AwsError>,
}

async fn read_network(
    bp: &Blueprint,
    ec2: &aws_sdk_ec2::Client,
    vpc: &Vpc,
    ids: &KnownIds,
) -> NetworkReads {
    let (dns_support, dns_hostnames, subnets, route_tables, endpoints) = tokio::join!(
        net::vpc_attribute(ec2, &vpc.id, VpcAttributeName::EnableDnsSupport),
        net::vpc_attribute(ec2, &vpc.id, VpcAttributeName::EnableDnsHostnames),
        net::subnets(ec2, &ids.subnet_ids, &vpc.id, &bp.name),
        net::route_tables(ec2, &vpc.id),
        net::endpoints(ec2, &vpc.id, &bp.region),
    );
    let security_groups = match &endpoints {
        Ok(eps) => {
            let mut groups: Vec<String> = eps
                .iter()
                .flat_map(|e| e.security_groups.iter().cloned())
                .collect();
            groups.sort();
            groups.dedup();
            net::security_groups(ec2, groups).await
        }
        Err(e) => Err(e.clone()),
    };
    NetworkReads {
        dns_support,
        dns_hostnames,
        subnets,
        route_tables,
        endpoints,
        security_groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_ids_fill_in_what_the_blueprint_does_not_adopt() {
        use crate::blueprint::Side;
        use crate::engine::journal::{Journal, Record};
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path(), "demo").unwrap();
        for (key, id) in [
            ("vpc", "vpc-1"),
            ("subnet.0", "subnet-a"),
            ("subnet.1", "subnet-b"),
            ("endpoint.s3", "vpce-s3"),
        ] {
            journal
                .record(Record {
                    key: key.into(),
                    kind: "ec2".into(),
                    id: id.into(),
                    side: Side::DataOwner,
                    account: "111111111111".into(),
                    created: true,
                    recorded_at: 0,
                })
                .unwrap();
        }
        let bp = Blueprint::starter();
        let ids = KnownIds::from_journal(&bp, &journal);
        assert_eq!(ids.vpc_id.as_deref(), Some("vpc-1"));
        assert_eq!(ids.subnet_ids, ["subnet-a", "subnet-b"]);
        assert_eq!(ids.s3_endpoint_id.as_deref(), Some("vpce-s3"));
        assert_eq!(ids.cluster_name.as_deref(), Some(bp.cluster.name.as_str()));
    }

    #[test]
    fn a_denied_read_leaves_the_field_unknown_and_names_call_and_code() {
        let mut state = LiveState::default();
        let denied: Result<Vec<String>, AwsError> = Err(AwsError {
            call: "ec2:DescribeRouteTables",
            code: Some("UnauthorizedOperation".into()),
            message: "You are not authorized to perform this operation.".into(),
        });
        assert_eq!(keep(&mut state, &[CheckId::D3], denied), None);
        let reason = state.reason(CheckId::D3);
        assert!(
            reason.starts_with("ec2:DescribeRouteTables: UnauthorizedOperation"),
            "{reason}"
        );
        let unanswered = AwsError::answer("eks:ListAccessEntries", "x".repeat(500));
        let text = why(&unanswered);
        assert!(
            text.contains('…') && text.ends_with("may be unsupported here)"),
            "{text}"
        );
        let r = super::super::live_checks(&Blueprint::starter(), &state);
        assert!(
            r.undecided
                .iter()
                .any(|u| u.id == CheckId::D3 && u.reason == reason)
        );
        assert!(!r.checked.contains(&CheckId::D3));
    }
}
