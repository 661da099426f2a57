//! destroy: the journal's resources in reverse working order, each by the module that made it.
//! Adopted resources and the organization are left alone (their modules say so); what is
//! already gone counts as done. A record leaves the journal once its resource is handled.

use super::apply::Summary;
use super::ctx::{Ctx, StepError};
use super::journal::Record;
use super::progress::Outcome;
use super::steps::{bucket, cluster, network, org, share};

/// Reverse working order, by journal key prefix (DESIGN.md steps 9 → 2).
const ORDER: [&str; 16] = [
    "eks.nodegroup",
    "eks.cluster",
    "iam.node_role",
    "iam.cluster_role",
    "ram.share",
    "scp",
    "bucket",
    "endpoint.",
    "endpoint.security_group",
    "endpoint.s3",
    "route_table",
    "subnet.",
    "vpc",
    "org.member",
    "org",
    "",
];

/// Where a record falls in [`ORDER`]: the most specific prefix that matches.
fn rank(key: &str) -> usize {
    let exact = ORDER.iter().position(|p| *p == key);
    exact.unwrap_or_else(|| {
        ORDER
            .iter()
            .position(|p| p.ends_with('.') && key.starts_with(p))
            .unwrap_or(ORDER.len() - 1)
    })
}

/// The records in the order destroy handles them.
pub fn ordered(mut records: Vec<Record>) -> Vec<Record> {
    records.sort_by_key(|r| rank(&r.key));
    records
}

async fn destroy_one(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    let service = record.kind.split(':').next().unwrap_or_default();
    match service {
        "ec2" => network::destroy(ctx, record).await,
        "s3" => bucket::destroy(ctx, record).await,
        "organizations" => org::destroy(ctx, record).await,
        "ram" => share::destroy(ctx, record).await,
        "iam" | "eks" => cluster::destroy(ctx, record).await,
        _ => Err(StepError::Blocked {
            step: format!("destroy {}", record.key),
            reason: format!("unknown resource kind {} in the journal", record.kind),
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
            "subnet.1",
            "subnet.0",
            "endpoint.ecr.api",
            "endpoint.s3",
            "endpoint.security_group",
            "bucket",
            "scp",
            "ram.share",
            "eks.cluster",
            "eks.nodegroup",
            "iam.node_role",
            "iam.cluster_role",
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
                "scp",
                "bucket",
                "endpoint.ecr.api",
                "endpoint.security_group",
                "endpoint.s3",
                "route_table",
                "subnet.1",
                "subnet.0",
                "vpc",
                "org.member",
                "org",
            ]
        );
    }
}
