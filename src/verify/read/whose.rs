//! Whose credentials each read needs, and so which checks each party can decide alone.
//!
//! Every read of [`super::read_with`] leaves the checks listed here undecided when it fails or
//! is not made; the same lists say which party makes it. A one-party run (`verify --side`)
//! makes only that party's reads and notes the other party's checks as undecided with
//! [`needs_other`]'s reason. A check no read feeds (M5, always reported) is judged in every run.

use crate::blueprint::Side;
use crate::policy::analyze::CheckId;

/// The VPC: everything judged on the network (data owner).
pub(super) const NETWORK: [CheckId; 14] = [
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
/// The shared subnets (data owner).
pub(super) const SUBNETS: [CheckId; 5] = [
    CheckId::S1,
    CheckId::S7,
    CheckId::D3,
    CheckId::S5,
    CheckId::S6,
];
/// The VPC's endpoints (data owner).
pub(super) const ENDPOINTS: [CheckId; 9] = [
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
/// The VPC's DNS attributes (data owner).
pub(super) const VPC_DNS: [CheckId; 1] = [CheckId::S2];
/// The VPC's route tables (data owner).
pub(super) const ROUTE_TABLES: [CheckId; 1] = [CheckId::D3];
/// The endpoints' security groups (data owner).
pub(super) const ENDPOINT_GROUPS: [CheckId; 1] = [CheckId::S5];
/// The VPC's DNS Firewall and resolver rules (data owner, the VPC owner).
pub(super) const DNS: [CheckId; 1] = [CheckId::D13];
/// The data bucket's policy (data owner).
pub(super) const BUCKET: [CheckId; 2] = [CheckId::D1, CheckId::D10];
/// The bucket's public-access block (data owner).
pub(super) const PUBLIC_ACCESS_BLOCK: [CheckId; 1] = [CheckId::D11];
/// The organization and the SCPs in force (data owner, the management account).
pub(super) const ORGANIZATION: [CheckId; 4] = [CheckId::D6, CheckId::D9, CheckId::S6, CheckId::M6];
/// The organization's ways into the model-owner account (the management account).
pub(super) const REACH: [CheckId; 1] = [CheckId::M6];
/// RAM's resource shares (data owner).
pub(super) const SHARES: [CheckId; 1] = [CheckId::S6];
/// The model owner's IAM roles.
pub(super) const ROLES: [CheckId; 1] = [CheckId::M1];
/// The model owner's ECR repositories.
pub(super) const REPOSITORIES: [CheckId; 1] = [CheckId::M2];
/// The EKS cluster (model owner; the data owner cannot see it).
pub(super) const CLUSTER: [CheckId; 3] = [CheckId::D7, CheckId::M3, CheckId::M4];
/// The cluster's access entries (model owner).
pub(super) const ACCESS_ENTRIES: [CheckId; 1] = [CheckId::M3];
/// The cluster's node groups and the security groups of both (model owner).
pub(super) const CLUSTER_GROUPS: [CheckId; 1] = [CheckId::M4];

/// Every read, with the party whose credentials make it.
const READS: [(Side, &[CheckId]); 17] = [
    (Side::DataOwner, &NETWORK),
    (Side::DataOwner, &SUBNETS),
    (Side::DataOwner, &ENDPOINTS),
    (Side::DataOwner, &VPC_DNS),
    (Side::DataOwner, &ROUTE_TABLES),
    (Side::DataOwner, &ENDPOINT_GROUPS),
    (Side::DataOwner, &DNS),
    (Side::DataOwner, &BUCKET),
    (Side::DataOwner, &PUBLIC_ACCESS_BLOCK),
    (Side::DataOwner, &ORGANIZATION),
    (Side::DataOwner, &REACH),
    (Side::DataOwner, &SHARES),
    (Side::ModelOwner, &ROLES),
    (Side::ModelOwner, &REPOSITORIES),
    (Side::ModelOwner, &CLUSTER),
    (Side::ModelOwner, &ACCESS_ENTRIES),
    (Side::ModelOwner, &CLUSTER_GROUPS),
];

/// The checks whose evidence `side` reads (`Both`: every check any read feeds), in
/// [`CheckId::ALL`] order.
pub fn checks_read_by(side: Side) -> Vec<CheckId> {
    CheckId::ALL
        .into_iter()
        .filter(|id| {
            READS
                .iter()
                .any(|(s, ids)| (side == Side::Both || *s == side) && ids.contains(id))
        })
        .collect()
}

/// The party the run leaves out when only `side` runs, or `None` when both run.
pub fn other(side: Side) -> Option<Side> {
    match side {
        Side::DataOwner => Some(Side::ModelOwner),
        Side::ModelOwner => Some(Side::DataOwner),
        Side::Both => None,
    }
}

/// Why a check of `missing`'s is undecided in a run without `missing`'s credentials.
pub fn needs_other(missing: Side) -> String {
    let (who, flag) = match missing {
        Side::ModelOwner => ("the model owner's", "model-owner"),
        _ => ("the data owner's", "data-owner"),
    };
    format!("needs {who} credentials: run verify --side {flag} with them")
}

#[cfg(test)]
mod tests {
    use super::*;
    use CheckId::*;

    /// THREATS.md, "Evidence used" of each check: whose credentials read it. D and S by the
    /// data owner (the VPC owner and management account), except D7 (the cluster: only the
    /// model owner sees it); M1-M4 by the model owner; M6 by the management account (the data
    /// owner: trusted access, delegated administrators and backup policies are readable only
    /// there); M5 is always reported and reads nothing.
    const DATA_OWNER: [CheckId; 20] = [
        D1, D2, D3, D4, D5, D6, D8, D9, D10, D11, D12, D13, M6, S1, S2, S3, S4, S5, S6, S7,
    ];
    const MODEL_OWNER: [CheckId; 5] = [D7, M1, M2, M3, M4];

    fn sorted(mut ids: Vec<CheckId>) -> Vec<CheckId> {
        ids.sort();
        ids
    }

    #[test]
    fn each_party_reads_the_evidence_threats_md_gives_it() {
        assert_eq!(
            sorted(checks_read_by(Side::DataOwner)),
            sorted(DATA_OWNER.to_vec())
        );
        assert_eq!(
            sorted(checks_read_by(Side::ModelOwner)),
            sorted(MODEL_OWNER.to_vec())
        );
    }

    #[test]
    fn the_two_parties_split_every_check_but_m5_with_no_overlap() {
        let data = checks_read_by(Side::DataOwner);
        let model = checks_read_by(Side::ModelOwner);
        assert!(data.iter().all(|id| !model.contains(id)));
        let both = checks_read_by(Side::Both);
        let unread: Vec<CheckId> = CheckId::ALL
            .into_iter()
            .filter(|id| !both.contains(id))
            .collect();
        assert_eq!(unread, [M5]);
        assert_eq!(both.len(), data.len() + model.len());
    }

    #[test]
    fn the_reason_names_the_missing_party_and_the_flag_to_run() {
        assert_eq!(
            needs_other(Side::ModelOwner),
            "needs the model owner's credentials: run verify --side model-owner with them"
        );
        assert!(needs_other(Side::DataOwner).contains("--side data-owner"));
        assert_eq!(other(Side::DataOwner), Some(Side::ModelOwner));
        assert_eq!(other(Side::Both), None);
    }
}
