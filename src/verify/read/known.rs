//! The IDs `verify` and the monitor read by: what the blueprint adopts, then what the journal
//! recorded. Whatever is unknown is found by the tag `eks-isolation:blueprint=<name>`.

use crate::blueprint::{Blueprint, VpcSource};
use crate::engine::journal::Journal;

/// The IDs of what was made or adopted (from the journal or the blueprint).
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
    pub fn from_journal(bp: &Blueprint, journal: &Journal) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_ids_fill_in_what_the_blueprint_does_not_adopt() {
        use crate::blueprint::Side;
        use crate::engine::journal::Record;
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
}
