//! `read_state`: the live snapshot of both accounts (or of one party's, with only its
//! credentials), read through `aws::` only (every listing to its last page), independent reads
//! concurrently. A failed read leaves its field `None` and an `unreadable` entry naming the call
//! and AWS's error code; a party whose credentials the run lacks leaves its checks (see
//! [`whose`]) undecided with the reason that they need that party.

mod accounts;
mod dns;
mod known;
mod network;
mod reach;
pub mod whose;

pub use known::KnownIds;

use super::state::{LiveState, Ram};
use crate::aws::ec2::VpcSummary;
use crate::aws::{AwsError, Party, eks, s3, s3_client};
use crate::blueprint::{Blueprint, Side};
use crate::policy::analyze::CheckId;
use whose::{
    ACCESS_ENTRIES, BUCKET, CLUSTER, CLUSTER_GROUPS, DNS, ENDPOINT_GROUPS, ENDPOINTS, NETWORK,
    ORGANIZATION, PUBLIC_ACCESS_BLOCK, REACH, REPOSITORIES, ROLES, ROUTE_TABLES, SHARES, SUBNETS,
    VPC_DNS,
};

/// The data owner's SDK clients.
#[derive(Debug, Clone)]
pub struct DataClients {
    pub ec2: aws_sdk_ec2::Client,
    pub s3: aws_sdk_s3::Client,
    pub orgs: aws_sdk_organizations::Client,
    pub ram: aws_sdk_ram::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub resolver: aws_sdk_route53resolver::Client,
}

/// The model owner's SDK clients.
#[derive(Debug, Clone)]
pub struct ModelClients {
    pub ec2: aws_sdk_ec2::Client,
    pub iam: aws_sdk_iam::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub eks: aws_sdk_eks::Client,
}

/// The SDK clients the snapshot is read with: each party's, or `None` for a party whose
/// credentials the run does not have (nothing is then asked of them, and its checks are
/// undecided). Built from the parties by [`Clients::new`]; tests hand in mocked ones.
#[derive(Debug, Clone)]
pub struct Clients {
    pub data: Option<DataClients>,
    pub model: Option<ModelClients>,
}

impl Clients {
    pub fn new(data: Option<&Party>, model: Option<&Party>) -> Self {
        Self {
            data: data.map(|p| DataClients {
                ec2: aws_sdk_ec2::Client::new(&p.config),
                s3: s3_client(&p.config),
                orgs: aws_sdk_organizations::Client::new(&p.config),
                ram: aws_sdk_ram::Client::new(&p.config),
                cloudtrail: aws_sdk_cloudtrail::Client::new(&p.config),
                resolver: aws_sdk_route53resolver::Client::new(&p.config),
            }),
            model: model.map(|p| ModelClients {
                ec2: aws_sdk_ec2::Client::new(&p.config),
                iam: aws_sdk_iam::Client::new(&p.config),
                ecr: aws_sdk_ecr::Client::new(&p.config),
                eks: aws_sdk_eks::Client::new(&p.config),
            }),
        }
    }
}

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

/// Read the accounts of the parties given, as far as their credentials and the server allow;
/// a party not given (`None`) is not asked anything, and its checks are undecided.
pub async fn read_state(
    bp: &Blueprint,
    data: Option<&Party>,
    model: Option<&Party>,
    ids: &KnownIds,
) -> LiveState {
    read_with(bp, &Clients::new(data, model), ids).await
}

/// [`read_state`] with these clients: each party's reads concurrently, then put together.
pub async fn read_with(bp: &Blueprint, c: &Clients, ids: &KnownIds) -> LiveState {
    let data = async {
        match &c.data {
            Some(d) => read_data(bp, d, ids).await,
            None => missing(Side::DataOwner),
        }
    };
    let model = async {
        match &c.model {
            Some(m) => read_model(bp, m, ids).await,
            None => missing(Side::ModelOwner),
        }
    };
    let (mut state, model) = tokio::join!(data, model);
    state.model = model.model;
    state.unreadable.extend(model.unreadable);
    state
}

/// The state of a run without `side`'s credentials: its checks need that party.
fn missing(side: Side) -> LiveState {
    let mut state = LiveState::default();
    note(
        &mut state,
        &whose::checks_read_by(side),
        &whose::needs_other(side),
    );
    state
}

/// The data owner's reads: network, bucket, organization, RAM.
async fn read_data(bp: &Blueprint, c: &DataClients, ids: &KnownIds) -> LiveState {
    let mut state = LiveState::default();
    let (vpc, policy, pab, org, shares) = tokio::join!(
        network::vpc(&c.ec2, ids, bp),
        network::bucket(&c.s3, &bp.data.bucket),
        s3::public_access_block(&c.s3, &bp.data.bucket),
        accounts::organization(&c.orgs, &bp.model_owner.account_id),
        accounts::shares(&c.ram),
    );
    match vpc {
        Ok(Some(vpc)) => {
            let vpc_id = vpc.id.clone();
            let n = network::network(&c.ec2, &vpc.id, ids, bp).await;
            state.vpc = Some(VpcSummary {
                dns_support: keep(&mut state, &VPC_DNS, n.dns_support).flatten(),
                dns_hostnames: keep(&mut state, &VPC_DNS, n.dns_hostnames).flatten(),
                id: vpc.id,
                name: vpc.name,
                cidr: vpc.cidr,
            });
            state.subnets = keep(&mut state, &SUBNETS, n.subnets);
            state.route_tables = keep(&mut state, &ROUTE_TABLES, n.route_tables);
            state.endpoints = keep(&mut state, &ENDPOINTS, n.endpoints).map(|mut eps| {
                // The S3 endpoint the journal or blueprint names comes first (`s3_gateway`).
                eps.sort_by_key(|e| Some(&e.id) != ids.s3_endpoint_id.as_ref());
                eps
            });
            state.security_groups = keep(&mut state, &ENDPOINT_GROUPS, n.security_groups);
            let eps = state.endpoints.as_deref();
            let read = dns::dns(&c.resolver, &c.ec2, bp, &vpc_id, eps).await;
            state.dns = keep(&mut state, &DNS, read);
        }
        Ok(None) => {
            let wanted = ids
                .vpc_id
                .clone()
                .unwrap_or_else(|| format!("tagged eks-isolation:blueprint={}", bp.name));
            note(&mut state, &NETWORK, &format!("no VPC {wanted} found"));
        }
        Err(e) => note(&mut state, &NETWORK, &why(&e)),
    }
    state.bucket = keep(&mut state, &BUCKET, policy);
    state.public_access_block = keep(&mut state, &PUBLIC_ACCESS_BLOCK, pab);
    if let Some((org, scps, access_error)) = keep(&mut state, &ORGANIZATION, org) {
        // M6: the organization's ways into the model-owner account and everything above it;
        // none when it is not a member.
        state.reach = if org.model_owner_member {
            let mut targets = vec![bp.model_owner.account_id.clone()];
            targets.extend(org.model_owner_parents.iter().cloned());
            let read = reach::reach(&c.orgs, &c.cloudtrail, &targets).await;
            keep(&mut state, &REACH, read)
        } else {
            Some(super::state::Reach::default())
        };
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
    state.ram = keep(&mut state, &SHARES, shares).map(|shares| Ram { shares });
    state
}

/// The model owner's reads: roles, repositories, the cluster with its access entries, node
/// groups and security groups.
async fn read_model(bp: &Blueprint, c: &ModelClients, ids: &KnownIds) -> LiveState {
    let mut state = LiveState::default();
    let cluster_name = ids.cluster_name.as_deref().unwrap_or(&bp.cluster.name);
    let (roles, repos, cluster) = tokio::join!(
        crate::aws::iam::list_roles(&c.iam),
        accounts::repositories(&c.ecr),
        eks::describe_cluster(&c.eks, cluster_name),
    );
    state.model.roles = keep(&mut state, &ROLES, roles);
    state.model.repositories = keep(&mut state, &REPOSITORIES, repos);
    state.model.cluster = keep(&mut state, &CLUSTER, cluster);
    if let Some(Some(cl)) = state.model.cluster.clone() {
        read_cluster(&mut state, c, &cl).await;
    }
    state
}

/// The cluster's access entries and node groups, then the security groups of both.
async fn read_cluster(state: &mut LiveState, c: &ModelClients, cl: &eks::ClusterInfo) {
    let (entries, nodegroups) = tokio::join!(
        eks::access_entries(&c.eks, &cl.name),
        accounts::nodegroups(&c.eks, &cl.name)
    );
    state.model.access_entries = keep(state, &ACCESS_ENTRIES, entries);
    state.model.nodegroups = keep(state, &CLUSTER_GROUPS, nodegroups);
    let Some(cluster_group) = &cl.cluster_security_group else {
        // Every EKS cluster has one: its absence means the answer is incomplete.
        note(
            state,
            &CLUSTER_GROUPS,
            "eks:DescribeCluster reported no cluster security group",
        );
        return;
    };
    let Some(nodegroups) = &state.model.nodegroups else {
        return;
    };
    let mut groups = cl.security_group_ids.clone();
    groups.push(cluster_group.clone());
    groups.extend(
        nodegroups
            .iter()
            .filter_map(|ng| ng.remote_access_security_group.clone()),
    );
    groups.sort();
    groups.dedup();
    let sgs = crate::aws::ec2::security_groups_by_id(&c.ec2, &groups).await;
    state.model.security_groups = keep(state, &CLUSTER_GROUPS, sgs);
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn a_run_without_either_party_asks_nothing_and_leaves_every_read_check_undecided() {
        let bp = Blueprint::starter();
        let none = Clients {
            data: None,
            model: None,
        };
        let state = read_with(&bp, &none, &KnownIds::from_blueprint(&bp)).await;
        let r = super::super::live_checks(&bp, &state);
        assert_eq!(r.checked, [CheckId::M5], "M5 reads nothing");
        assert_eq!(r.undecided.len(), CheckId::ALL.len() - 1);
        for u in &r.undecided {
            let needs = if whose::checks_read_by(Side::ModelOwner).contains(&u.id) {
                whose::needs_other(Side::ModelOwner)
            } else {
                whose::needs_other(Side::DataOwner)
            };
            assert_eq!(u.reason, needs, "{}", u.id);
        }
    }
}
