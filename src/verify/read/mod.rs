//! `read_state`: the live snapshot of both accounts, read through `aws::` only (every listing
//! to its last page), independent reads concurrently. A failed read leaves its field `None` and
//! an `unreadable` entry naming the call and AWS's error code.

mod accounts;
mod dns;
mod known;
mod network;
mod reach;

pub use known::KnownIds;

use super::state::{LiveState, Ram};
use crate::aws::ec2::VpcSummary;
use crate::aws::{AwsError, Party, eks, s3, s3_client};
use crate::blueprint::Blueprint;
use crate::policy::analyze::CheckId;

/// The SDK clients the snapshot is read with: the data owner's, then the model owner's. Built
/// from the parties by [`Clients::new`]; tests hand in mocked ones.
#[derive(Debug, Clone)]
pub struct Clients {
    pub ec2: aws_sdk_ec2::Client,
    pub s3: aws_sdk_s3::Client,
    pub orgs: aws_sdk_organizations::Client,
    pub ram: aws_sdk_ram::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub resolver: aws_sdk_route53resolver::Client,
    pub model_ec2: aws_sdk_ec2::Client,
    pub iam: aws_sdk_iam::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub eks: aws_sdk_eks::Client,
}

impl Clients {
    pub fn new(data: &Party, model: &Party) -> Self {
        Self {
            ec2: aws_sdk_ec2::Client::new(&data.config),
            s3: s3_client(&data.config),
            orgs: aws_sdk_organizations::Client::new(&data.config),
            ram: aws_sdk_ram::Client::new(&data.config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&data.config),
            resolver: aws_sdk_route53resolver::Client::new(&data.config),
            model_ec2: aws_sdk_ec2::Client::new(&model.config),
            iam: aws_sdk_iam::Client::new(&model.config),
            ecr: aws_sdk_ecr::Client::new(&model.config),
            eks: aws_sdk_eks::Client::new(&model.config),
        }
    }
}

/// Checks left undecided when a read fails.
const NETWORK: [CheckId; 14] = [
    CheckId::D2,
    CheckId::D3,
    CheckId::D4,
    CheckId::D5,
    CheckId::D8,
    CheckId::D10,
    CheckId::D12,
    CheckId::D13,
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
const ENDPOINTS: [CheckId; 9] = [
    CheckId::D2,
    CheckId::D4,
    CheckId::D5,
    CheckId::D8,
    CheckId::D10,
    CheckId::D12,
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
    read_with(bp, &Clients::new(data, model), ids).await
}

/// [`read_state`] with these clients.
pub async fn read_with(bp: &Blueprint, c: &Clients, ids: &KnownIds) -> LiveState {
    let mut state = LiveState::default();
    let cluster_name = ids.cluster_name.as_deref().unwrap_or(&bp.cluster.name);
    let (vpc, policy, pab, org, shares, roles, repos, cluster) = tokio::join!(
        network::vpc(&c.ec2, ids, bp),
        network::bucket(&c.s3, &bp.data.bucket),
        s3::public_access_block(&c.s3, &bp.data.bucket),
        accounts::organization(&c.orgs, &bp.model_owner.account_id),
        accounts::shares(&c.ram),
        crate::aws::iam::list_roles(&c.iam),
        accounts::repositories(&c.ecr),
        eks::describe_cluster(&c.eks, cluster_name),
    );
    match vpc {
        Ok(Some(vpc)) => {
            let vpc_id = vpc.id.clone();
            let n = network::network(&c.ec2, &vpc.id, ids, bp).await;
            state.vpc = Some(VpcSummary {
                dns_support: keep(&mut state, &[CheckId::S2], n.dns_support).flatten(),
                dns_hostnames: keep(&mut state, &[CheckId::S2], n.dns_hostnames).flatten(),
                id: vpc.id,
                name: vpc.name,
                cidr: vpc.cidr,
            });
            state.subnets = keep(&mut state, &SUBNETS, n.subnets);
            state.route_tables = keep(&mut state, &[CheckId::D3], n.route_tables);
            state.endpoints = keep(&mut state, &ENDPOINTS, n.endpoints).map(|mut eps| {
                // The S3 endpoint the journal or blueprint names comes first (`s3_gateway`).
                eps.sort_by_key(|e| Some(&e.id) != ids.s3_endpoint_id.as_ref());
                eps
            });
            state.security_groups = keep(&mut state, &[CheckId::S5], n.security_groups);
            let eps = state.endpoints.as_deref();
            let read = dns::dns(&c.resolver, &c.ec2, bp, &vpc_id, eps).await;
            state.dns = keep(&mut state, &[CheckId::D13], read);
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
    state.bucket = keep(&mut state, &[CheckId::D1, CheckId::D10], policy);
    state.public_access_block = keep(&mut state, &[CheckId::D11], pab);
    let org_ids = [CheckId::D6, CheckId::D9, CheckId::S6, CheckId::M6];
    if let Some((org, scps, access_error)) = keep(&mut state, &org_ids, org) {
        // M6: the organization's ways into the model-owner account and everything above it;
        // none when it is not a member.
        state.reach = if org.model_owner_member {
            let mut targets = vec![bp.model_owner.account_id.clone()];
            targets.extend(org.model_owner_parents.iter().cloned());
            let read = reach::reach(&c.orgs, &c.cloudtrail, &targets).await;
            keep(&mut state, &[CheckId::M6], read)
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
    state.ram = keep(&mut state, &[CheckId::S6], shares).map(|shares| Ram { shares });
    state.model.roles = keep(&mut state, &[CheckId::M1], roles);
    state.model.repositories = keep(&mut state, &[CheckId::M2], repos);
    let cluster_ids = [CheckId::D7, CheckId::M3, CheckId::M4];
    state.model.cluster = keep(&mut state, &cluster_ids, cluster);
    if let Some(Some(cl)) = state.model.cluster.clone() {
        read_cluster(&mut state, c, &cl).await;
    }
    state
}

/// The cluster's access entries and node groups, then the security groups of both.
async fn read_cluster(state: &mut LiveState, c: &Clients, cl: &eks::ClusterInfo) {
    let (entries, nodegroups) = tokio::join!(
        eks::access_entries(&c.eks, &cl.name),
        accounts::nodegroups(&c.eks, &cl.name)
    );
    state.model.access_entries = keep(state, &[CheckId::M3], entries);
    state.model.nodegroups = keep(state, &[CheckId::M4], nodegroups);
    let Some(cluster_group) = &cl.cluster_security_group else {
        // Every EKS cluster has one: its absence means the answer is incomplete.
        note(
            state,
            &[CheckId::M4],
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
    let sgs = crate::aws::ec2::security_groups_by_id(&c.model_ec2, &groups).await;
    state.model.security_groups = keep(state, &[CheckId::M4], sgs);
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
}
