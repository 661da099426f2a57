//! apply: the steps of DESIGN.md in working order, independent chains concurrently.
//!
//! ```text
//! organization → member → SCP ─────────────────────┐
//! VPC → subnets → route table → S3 endpoint ─┬─ SG → interface endpoints
//!                                            └─ bucket (PAB + policy)  ├─ RAM share → cluster → node group
//! IAM roles (model owner) ─────────────────────────┘
//! ```
//!
//! A chain stops at its first failure; the other chains go on to the end of their own work, so
//! one run does as much as it can and a re-run (discover-first steps) converges. After a stop
//! (Ctrl-C) no new step starts; the running calls finish.

use std::future::Future;
use std::pin::Pin;

use super::ctx::{Ctx, StepError};
use super::plan::Side;
use super::progress::Outcome;
use super::steps::{bucket, cluster, network, org, share};

type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Outcome, StepError>> + Send + 'a>>;
type StepFn = for<'a> fn(&'a Ctx) -> StepFuture<'a>;

/// One step of a chain: its id (as in the plan), its side, and what it runs.
struct Step {
    id: &'static str,
    side: Side,
    run: StepFn,
}

macro_rules! step {
    ($id:literal, $side:expr, $f:path) => {
        Step {
            id: $id,
            side: $side,
            run: |ctx| Box::pin($f(ctx)),
        }
    };
}

/// The result of an apply: every step's outcome in order, and every failure.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<(String, Outcome)>,
    pub failures: Vec<StepError>,
}

impl Summary {
    pub fn interrupted(&self) -> bool {
        self.failures
            .iter()
            .any(|f| matches!(f, StepError::Interrupted(_)))
    }

    /// How many steps created, updated or found their resources.
    pub fn count(&self, pick: fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| pick(o)).count()
    }
}

/// Run a chain's steps in order until one fails.
async fn chain(ctx: &Ctx, steps: &[Step]) -> Summary {
    let mut summary = Summary::default();
    for s in steps {
        match ctx.step(s.id, s.side, (s.run)(ctx)).await {
            Ok(outcome) => summary.outcomes.push((s.id.to_string(), outcome)),
            Err(e) => {
                summary.failures.push(e);
                break;
            }
        }
    }
    summary
}

fn merge(into: &mut Summary, from: Summary) {
    into.outcomes.extend(from.outcomes);
    into.failures.extend(from.failures);
}

/// Apply the blueprint. Identities must already be resolved and checked (they are in `ctx`).
pub async fn apply(ctx: &Ctx) -> Summary {
    use Side::{DataOwner as D, ModelOwner as M};
    let org_chain = [
        step!("org.ensure", D, org::ensure_organization),
        step!("org.member", D, org::ensure_member),
        step!("scp.ensure", D, org::ensure_scp),
    ];
    let net_chain = [
        step!("vpc.ensure", D, network::ensure_vpc),
        step!("subnets.ensure", D, network::ensure_subnets),
        step!("route_table.ensure", D, network::ensure_route_table),
        step!("endpoint.s3", D, network::ensure_s3_endpoint),
    ];
    let endpoints_chain = [
        step!(
            "endpoint.security_group",
            D,
            network::ensure_endpoint_security_group
        ),
        step!("endpoint.interface", D, network::ensure_interface_endpoints),
    ];
    let bucket_chain = [step!("bucket.ensure", D, bucket::ensure_bucket)];
    let roles_chain = [step!("iam.roles", M, cluster::ensure_roles)];
    let share_chain = [step!("ram.share", D, share::ensure_share)];
    let cluster_chain = [
        step!("eks.cluster", M, cluster::ensure_cluster),
        step!("eks.nodegroup", M, cluster::ensure_nodegroup),
    ];

    let mut total = Summary::default();
    // The network's later parts wait for the network; the organization and the roles do not.
    let network_then_more = async {
        let mut s = chain(ctx, &net_chain).await;
        if s.failures.is_empty() {
            let (a, b) = tokio::join!(chain(ctx, &endpoints_chain), chain(ctx, &bucket_chain));
            merge(&mut s, a);
            merge(&mut s, b);
        }
        s
    };
    let (o, n, r) = tokio::join!(
        chain(ctx, &org_chain),
        network_then_more,
        chain(ctx, &roles_chain)
    );
    let ready_to_share = o.failures.is_empty() && n.failures.is_empty();
    let ready_for_cluster = ready_to_share && r.failures.is_empty();
    merge(&mut total, o);
    merge(&mut total, n);
    merge(&mut total, r);
    if ready_to_share {
        let s = chain(ctx, &share_chain).await;
        let shared = s.failures.is_empty();
        merge(&mut total, s);
        if ready_for_cluster && shared {
            merge(&mut total, chain(ctx, &cluster_chain).await);
        }
    }
    total
}
