//! apply: the steps of DESIGN.md in working order, independent chains concurrently.
//!
//! ```text
//! organization → member → SCP ───────────────┐
//! IAM roles (model owner) ───────────────────┤
//! VPC → subnets ─┬─ RAM share ───────────────┴─ cluster → node group
//!                ├─ route table → S3 endpoint ─┬─ bucket policy
//! bucket (tag, public-access block) ───────────┘
//!                └─ endpoint SG → interface endpoints
//! ```
//!
//! The cluster waits only for what it needs (the share, the roles, and the SCP in force before
//! the model owner runs anything); the endpoints and the bucket go on beside it.
//!
//! A chain stops at its first failure; the other chains go on to the end of their own work, so
//! one run does as much as it can and a re-run (discover-first steps) converges. After a stop
//! (Ctrl-C) no new step starts; the running calls finish.

use std::future::Future;
use std::pin::Pin;

use super::ctx::{Ctx, StepError};
use super::progress::Outcome;
use crate::blueprint::Side;
use tokio::sync::watch;

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
    let roles_chain = [step!("iam.roles", M, cluster::ensure_roles)];
    let net_chain = [
        step!("vpc.ensure", D, network::ensure_vpc),
        step!("subnets.ensure", D, network::ensure_subnets),
    ];
    let routes_chain = [
        step!("route_table.ensure", D, network::ensure_route_table),
        step!("endpoint.s3", D, network::ensure_s3_endpoint),
    ];
    let bucket_chain = [step!("bucket.ensure", D, bucket::ensure_bucket)];
    let policy_chain = [step!("bucket.policy", D, bucket::ensure_bucket_policy)];
    let endpoints_chain = [
        step!(
            "endpoint.security_group",
            D,
            network::ensure_endpoint_security_group
        ),
        step!("endpoint.interface", D, network::ensure_interface_endpoints),
    ];
    let share_chain = [step!("ram.share", D, share::ensure_share)];
    let cluster_chain = [
        step!("eks.cluster", M, cluster::ensure_cluster),
        step!("eks.nodegroup", M, cluster::ensure_nodegroup),
    ];

    // Each of the first chains says when it is over, and whether it went through.
    let (org_done, org_ok) = watch::channel(None::<bool>);
    let (roles_done, roles_ok) = watch::channel(None::<bool>);
    let (bucket_done, bucket_ok) = watch::channel(None::<bool>);
    let signal = |tx: watch::Sender<Option<bool>>, s: Summary| {
        let _ = tx.send(Some(s.failures.is_empty()));
        s
    };
    let org = async { signal(org_done, chain(ctx, &org_chain).await) };
    let roles = async { signal(roles_done, chain(ctx, &roles_chain).await) };
    let bucket = async { signal(bucket_done, chain(ctx, &bucket_chain).await) };
    let network = async {
        let mut s = chain(ctx, &net_chain).await;
        if !s.failures.is_empty() {
            return s;
        }
        let cluster = async {
            let mut s = Summary::default();
            if !went_through(org_ok).await {
                return s;
            }
            let shared = chain(ctx, &share_chain).await;
            let ok = shared.failures.is_empty();
            merge(&mut s, shared);
            if ok && went_through(roles_ok).await {
                merge(&mut s, chain(ctx, &cluster_chain).await);
            }
            s
        };
        // The bucket policy names the S3 endpoint, and needs the bucket.
        let routes = async {
            let mut s = chain(ctx, &routes_chain).await;
            if s.failures.is_empty() && went_through(bucket_ok).await {
                merge(&mut s, chain(ctx, &policy_chain).await);
            }
            s
        };
        let (a, b, c) = tokio::join!(routes, chain(ctx, &endpoints_chain), cluster);
        merge(&mut s, a);
        merge(&mut s, b);
        merge(&mut s, c);
        s
    };
    let (o, r, b, n) = tokio::join!(org, roles, bucket, network);
    let mut total = Summary::default();
    merge(&mut total, o);
    merge(&mut total, r);
    merge(&mut total, b);
    merge(&mut total, n);
    total
}

/// Wait until a chain is over; whether it went through.
async fn went_through(mut rx: watch::Receiver<Option<bool>>) -> bool {
    match rx.wait_for(Option::is_some).await {
        Ok(v) => v.unwrap_or(false),
        Err(_) => false,
    }
}
