//! destroy: what this tool made, in the reverse of the catalogue's working order, each record
//! by the step that owns its journal key. Adopted resources and the organization are left alone
//! (their steps say so); what is already gone counts as done. A record leaves the journal once
//! its resource is handled.
//!
//! When the journal is missing or incomplete, [`super::plan::look`] finds what the tool made by
//! its tag: it runs every step's own discovery (the live plan), which finds each resource by the
//! journal, then by the tag `eks-isolation:blueprint=<name>`, then by the blueprint's adopted
//! IDs, and records whether this tool made it; destroy then works from those records.

use super::apply::Summary;
use super::catalogue::{destroy_rank, owner};
use super::ctx::{Ctx, StepError};
use super::journal::Record;
use super::progress::Outcome;

/// The records in the order destroy handles them: the last step's first, and within a step
/// the last recorded first.
pub fn ordered(records: Vec<Record>) -> Vec<Record> {
    let mut records: Vec<Record> = records.into_iter().rev().collect();
    records.sort_by_key(|r| destroy_rank(&r.key));
    records
}

async fn destroy_one(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    match owner(&record.key).and_then(|s| s.destroy) {
        Some(destroy) => destroy(ctx, record).await,
        None => Err(StepError::Blocked {
            step: format!("destroy {}", record.key),
            reason: format!(
                "no step records `{}` ({} {}): remove it by hand, then its journal entry",
                record.key, record.kind, record.id
            ),
        }),
    }
}

/// Destroy what the journal holds. Stops at the first failure: what depends on a resource that
/// is still there must not be attempted before it.
pub async fn destroy(ctx: &Ctx) -> Summary {
    let mut summary = Summary::default();
    for record in ordered(ctx.records()) {
        let id = format!("destroy.{}", record.key);
        match ctx.step(&id, record.side, destroy_one(ctx, &record)).await {
            Ok(outcome) => {
                if let Err(e) = ctx.forget(&record.key) {
                    summary.failures.push(e);
                    break;
                }
                summary.outcomes.push((id, outcome));
            }
            Err(e) => {
                summary.failures.push(e);
                break;
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::Side;

    fn rec(key: &str) -> Record {
        Record {
            key: key.into(),
            kind: "ec2:x".into(),
            id: "x".into(),
            side: Side::DataOwner,
            account: "111111111111".into(),
            created: true,
            recorded_at: 1,
        }
    }

    #[test]
    fn reverse_working_order() {
        let keys = [
            "org",
            "vpc",
            "subnet.0",
            "subnet.1",
            "endpoint.ecr.api",
            "endpoint.s3",
            "endpoint.security_group",
            "bucket",
            "scp",
            "ram.share",
            "eks.cluster",
            "eks.nodegroup",
            "iam.cluster_role",
            "iam.node_role",
            "route_table",
            "org.member",
        ];
        let order: Vec<String> = ordered(keys.iter().map(|k| rec(k)).collect())
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(
            order,
            [
                "eks.nodegroup",
                "eks.cluster",
                "iam.node_role",
                "iam.cluster_role",
                "ram.share",
                "bucket",
                "endpoint.ecr.api",
                "endpoint.security_group",
                "endpoint.s3",
                "route_table",
                "subnet.1",
                "subnet.0",
                "vpc",
                "scp",
                "org.member",
                "org",
            ]
        );
    }
}
