//! The model owner's side: the EKS cluster in the shared subnets
//! (public endpoint as the blueprint says from creation, never switched later), the node group,
//! and removing them and the roles ([`super::roles`]).

pub use super::roles::{RoleSpec, ensure_roles, role_specs, trust_policy};
use aws_sdk_eks::Client as Eks;

use super::org::ours;
use super::share::recorded_subnets;
use crate::aws::eks::{self, ClusterSpec, NodegroupSpec, Timing, WaitError};
use crate::aws::iam;
use crate::blueprint::Side;
use crate::engine::ctx::{Ctx, StepError, hint};
use crate::engine::journal::Record;
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;

const SIDE: Side = Side::ModelOwner;
const ROLE_KIND: &str = "iam:role";
const CLUSTER_KEY: &str = "eks.cluster";
const CLUSTER_KIND: &str = "eks:cluster";
const NODEGROUP_KEY: &str = "eks.nodegroup";
const NODEGROUP_KIND: &str = "eks:nodegroup";

fn blocked(step: &str, reason: impl Into<String>) -> StepError {
    StepError::Blocked {
        step: step.to_string(),
        reason: reason.into(),
    }
}

/// A failed wait as the error of step `step` of the model owner's account `account`.
pub fn wait_error(step: &str, account: &str, e: WaitError) -> StepError {
    match e {
        WaitError::Aws(error) => StepError::Aws {
            step: step.to_string(),
            side: SIDE.as_str(),
            account: account.to_string(),
            hint: hint(&error, SIDE.as_str()),
            error: Box::new(error),
        },
        WaitError::Failed { .. } => blocked(
            step,
            format!("{e}: see its health in the EKS console, delete it, and run again"),
        ),
        WaitError::Timeout { .. } => blocked(
            step,
            format!("{e}: run again later to keep waiting (the journal keeps what is done)"),
        ),
    }
}

/// A role's ARN from the journal ([`Ctx::need`]: a plan waits for a role it creates).
fn role_arn(ctx: &Ctx, step: &str, key: &str) -> Result<String, StepError> {
    match ctx.need(step, key) {
        Ok(r) => Ok(r.id),
        Err(StepError::Blocked { .. }) => Err(blocked(
            step,
            format!("{key} is not recorded yet: run the roles first"),
        )),
        Err(e) => Err(e),
    }
}

fn subnets(ctx: &Ctx, step: &str) -> Result<Vec<String>, StepError> {
    super::share::wait_for_subnets(ctx, step)?;
    let subnets = recorded_subnets(ctx);
    if subnets.is_empty() {
        return Err(blocked(
            step,
            "no shared subnet is recorded yet: run the network steps first",
        ));
    }
    Ok(subnets)
}

/// Find or create the cluster and wait until it is ACTIVE; set the public endpoint back to
/// the blueprint's value when it drifted.
pub async fn ensure_cluster(ctx: &Ctx) -> Result<Outcome, StepError> {
    ensure_cluster_with(ctx, &ctx.clients(SIDE).eks(), Timing::DEFAULT).await
}

/// [`ensure_cluster`] with the client and the waiting pace given (tests pass mocked ones).
pub async fn ensure_cluster_with(ctx: &Ctx, c: &Eks, timing: Timing) -> Result<Outcome, StepError> {
    const STEP: &str = CLUSTER_KEY;
    let account = ctx.model.identity.account.clone();
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let waited = |e| wait_error(STEP, &account, e);
    let name = ctx.bp.cluster.name.as_str();
    let public = ctx.bp.cluster.endpoint_public_access;
    let Some(found) = eks::describe_cluster(c, name).await.map_err(err)? else {
        let subnet_ids = subnets(ctx, STEP)?;
        let role = role_arn(ctx, STEP, "iam.cluster_role")?;
        if !ctx.go_create(&[STEP], format!("create the EKS cluster {name}")) {
            return Ok(Outcome::Created(format!("cluster {name} (planned)")));
        }
        let spec = ClusterSpec {
            name,
            version: &ctx.bp.cluster.kubernetes_version,
            role_arn: &role,
            subnet_ids: &subnet_ids,
            public_access: public,
            tag: ctx.tag(),
        };
        let (arn, active) = eks::create_cluster(c, &spec).await.map_err(err)?;
        ctx.record(STEP, CLUSTER_KIND, &arn, SIDE, true)?;
        if !active {
            eks::wait_cluster_active(c, name, timing)
                .await
                .map_err(waited)?;
        }
        return Ok(Outcome::Created(format!(
            "cluster {name} ACTIVE in {} shared subnets, public endpoint {}",
            subnet_ids.len(),
            if public { "on" } else { "off" }
        )));
    };
    let (k, v) = ctx.tag();
    let tagged = found.tags.iter().any(|(a, b)| a == k && b == v);
    ctx.record(
        STEP,
        CLUSTER_KIND,
        &found.arn,
        SIDE,
        ours(ctx, STEP, &found.arn, tagged),
    )?;
    let cl = if found.status == "ACTIVE"
        || !ctx.go(Note::Run(format!(
            "wait until cluster {name} is ACTIVE (now {})",
            found.status
        ))) {
        found
    } else {
        eks::wait_cluster_active(c, name, timing)
            .await
            .map_err(waited)?
    };
    if cl.public_access == public && cl.private_access {
        return Ok(Outcome::Exists(format!(
            "cluster {name} ACTIVE, public endpoint {}",
            if public { "on" } else { "off" }
        )));
    }
    if !ctx.go(Note::Change(format!(
        "cluster {name}: set the public endpoint {}, as the blueprint says (D7)",
        if public { "on" } else { "off" }
    ))) {
        return Ok(Outcome::Updated(format!("cluster {name} (planned)")));
    }
    eks::set_public_access(c, name, public).await.map_err(err)?;
    eks::wait_cluster_active(c, name, timing)
        .await
        .map_err(waited)?;
    Ok(Outcome::Updated(format!(
        "cluster {name}: public endpoint set {} (private on), as the blueprint says",
        if public { "on" } else { "off" }
    )))
}

/// Find or create the managed node group and wait until it is ACTIVE.
pub async fn ensure_nodegroup(ctx: &Ctx) -> Result<Outcome, StepError> {
    ensure_nodegroup_with(ctx, &ctx.clients(SIDE).eks(), Timing::DEFAULT).await
}

/// [`ensure_nodegroup`] with the client and the waiting pace given.
pub async fn ensure_nodegroup_with(
    ctx: &Ctx,
    c: &Eks,
    timing: Timing,
) -> Result<Outcome, StepError> {
    const STEP: &str = NODEGROUP_KEY;
    let account = ctx.model.identity.account.clone();
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let waited = |e| wait_error(STEP, &account, e);
    let cluster = ctx.bp.cluster.name.as_str();
    let name = crate::blueprint::names::nodegroup(&ctx.bp);
    if let Some(found) = eks::describe_nodegroup(c, cluster, &name)
        .await
        .map_err(err)?
    {
        let (k, v) = ctx.tag();
        let tagged = found.tags.iter().any(|(a, b)| a == k && b == v);
        let mine = ours(ctx, STEP, &found.arn, tagged);
        ctx.record(STEP, NODEGROUP_KIND, &found.arn, SIDE, mine)?;
        if found.status != "ACTIVE"
            && ctx.go(Note::Run(format!(
                "wait until node group {name} is ACTIVE (now {})",
                found.status
            )))
        {
            eks::wait_nodegroup_active(c, cluster, &name, timing)
                .await
                .map_err(waited)?;
        }
        return Ok(Outcome::Exists(format!("node group {name} ACTIVE")));
    }
    let subnet_ids = subnets(ctx, STEP)?;
    let role = role_arn(ctx, STEP, "iam.node_role")?;
    if !ctx.go_create(&[STEP], format!("create the node group {name}")) {
        return Ok(Outcome::Created(format!("node group {name} (planned)")));
    }
    let desired = i32::try_from(ctx.bp.cluster.desired_size).unwrap_or(i32::MAX);
    let spec = NodegroupSpec {
        cluster,
        name: &name,
        node_role: &role,
        subnets: &subnet_ids,
        instance_types: &ctx.bp.cluster.instance_types,
        desired,
        tag: ctx.tag(),
    };
    let (arn, active) = eks::create_nodegroup(c, &spec).await.map_err(err)?;
    ctx.record(STEP, NODEGROUP_KIND, &arn, SIDE, true)?;
    if !active {
        eks::wait_nodegroup_active(c, cluster, &name, timing)
            .await
            .map_err(waited)?;
    }
    Ok(Outcome::Created(format!(
        "node group {name}: {desired} × {}",
        ctx.bp.cluster.instance_types.join("/")
    )))
}

fn gone(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    ctx.forget(&record.key)?;
    Ok(Outcome::Exists("already gone".to_string()))
}

/// Remove a role, cluster or node group this tool made (waiting until EKS has deleted it).
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    destroy_with(ctx, record, Timing::DEFAULT).await
}

/// [`destroy`] with the waiting pace given.
pub async fn destroy_with(
    ctx: &Ctx,
    record: &Record,
    timing: Timing,
) -> Result<Outcome, StepError> {
    if !record.created {
        return Ok(Outcome::Exists("left alone: not made by this tool".into()));
    }
    let account = ctx.model.identity.account.clone();
    let err = |e| ctx.aws_error(&record.key, SIDE, e);
    let waited = |e| wait_error(&record.key, &account, e);
    // Role ARNs end in `role/<name>`; cluster ARNs in `cluster/<name>`; node group ARNs in
    // `nodegroup/<cluster>/<name>/<uuid>`.
    let path = record.id.split_once(":role/").map(|(_, n)| n);
    let resource = record.id.rsplit(':').next().unwrap_or_default();
    let mut parts = resource.split('/').skip(1);
    match record.kind.as_str() {
        ROLE_KIND => {
            let name = path
                .unwrap_or(resource)
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let c = ctx.clients(SIDE).iam();
            if iam::get_role(&c, name).await.map_err(err)?.is_none() {
                return gone(ctx, record);
            }
            for policy in iam::attached_policies(&c, name).await.map_err(err)? {
                iam::detach_policy(&c, name, &policy).await.map_err(err)?;
            }
            iam::delete_role(&c, name).await.map_err(err)?;
            ctx.forget(&record.key)?;
            Ok(Outcome::Updated(format!("deleted role {name}")))
        }
        CLUSTER_KIND => {
            let name = parts.next().unwrap_or_default();
            let c = ctx.clients(SIDE).eks();
            match eks::delete_cluster(&c, name).await {
                Err(e) if e.is_not_found() => return gone(ctx, record),
                Err(e) => return Err(err(e)),
                Ok(()) => {}
            }
            eks::wait_cluster_gone(&c, name, timing)
                .await
                .map_err(waited)?;
            ctx.forget(&record.key)?;
            Ok(Outcome::Updated(format!("deleted cluster {name}")))
        }
        NODEGROUP_KIND => {
            let cluster = parts.next().unwrap_or_default();
            let name = parts.next().unwrap_or_default();
            let c = ctx.clients(SIDE).eks();
            match eks::delete_nodegroup(&c, cluster, name).await {
                Err(e) if e.is_not_found() => return gone(ctx, record),
                Err(e) => return Err(err(e)),
                Ok(()) => {}
            }
            eks::wait_nodegroup_gone(&c, cluster, name, timing)
                .await
                .map_err(waited)?;
            ctx.forget(&record.key)?;
            Ok(Outcome::Updated(format!("deleted node group {name}")))
        }
        other => Err(blocked(
            &record.key,
            format!("cluster::destroy cannot remove a {other}"),
        )),
    }
}
