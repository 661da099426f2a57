//! The model owner's cluster gets the EKS Pod Identity Agent add-on when pods get their
//! credentials through EKS Pod Identity (`[cluster] pod_credentials = "pod-identity"`, the
//! default): installed through the EKS API once the cluster exists, waited on until ACTIVE,
//! and removed before the cluster. With `"irsa"` there is nothing to install.

use aws_sdk_eks::Client as Eks;

use super::cluster::wait_error;
use super::org::ours;
use crate::aws::eks::{self, AddonInfo, POD_IDENTITY_AGENT, Timing};
use crate::blueprint::{PodCredentials, Side};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;

const SIDE: Side = Side::ModelOwner;
/// The step's id and its journal key.
pub const KEY: &str = "eks.addon.pod_identity";
const KIND: &str = "eks:addon";

fn blocked(step: &str, reason: impl Into<String>) -> StepError {
    StepError::Blocked {
        step: step.to_string(),
        reason: reason.into(),
    }
}

/// An add-on that will not become ACTIVE by waiting, as the step's error.
fn unhealthy(name: &str, found: &AddonInfo) -> StepError {
    blocked(
        KEY,
        format!(
            "add-on {name} is {}: see its health in the EKS console, delete it, and run again",
            found.status_with_issues()
        ),
    )
}

/// Find or install the Pod Identity Agent add-on and wait until it is ACTIVE.
pub async fn ensure_pod_identity_agent(ctx: &Ctx) -> Result<Outcome, StepError> {
    ensure_pod_identity_agent_with(ctx, &ctx.clients(SIDE).eks(), Timing::DEFAULT).await
}

/// [`ensure_pod_identity_agent`] with the client and the waiting pace given (tests pass mocked
/// ones).
pub async fn ensure_pod_identity_agent_with(
    ctx: &Ctx,
    c: &Eks,
    timing: Timing,
) -> Result<Outcome, StepError> {
    if ctx.bp.cluster.pod_credentials != PodCredentials::PodIdentity {
        return Ok(Outcome::Exists(format!(
            "not needed: pod_credentials = \"{}\" (pods use the sts endpoint, no agent)",
            ctx.bp.cluster.pod_credentials.as_str()
        )));
    }
    let account = ctx.model.identity.account.clone();
    let err = |e| ctx.aws_error(KEY, SIDE, e);
    let waited = |e| wait_error(KEY, &account, e);
    let name = POD_IDENTITY_AGENT;
    // The cluster first: planning, a cluster this run creates makes this step wait for it.
    ctx.need(KEY, "eks.cluster")?;
    let cluster = ctx.bp.cluster.name.as_str();
    let found = match eks::describe_addon(c, cluster, name).await.map_err(err)? {
        Some(found) => found,
        None => {
            if !ctx.go_create(
                &[KEY],
                format!("install the EKS add-on {name} on cluster {cluster}"),
            ) {
                return Ok(Outcome::Created(format!("add-on {name} (planned)")));
            }
            match eks::create_addon(c, cluster, name, ctx.tag()).await {
                Ok(made) => {
                    ctx.record(KEY, KIND, &made.arn, SIDE, true)?;
                    if made.failed() {
                        return Err(unhealthy(name, &made));
                    }
                    if made.status != "ACTIVE" {
                        eks::wait_addon_active(c, cluster, name, timing)
                            .await
                            .map_err(waited)?;
                    }
                    return Ok(Outcome::Created(format!(
                        "add-on {name} ACTIVE on cluster {cluster}"
                    )));
                }
                // Made meanwhile (another run, or the console): adopt what is there.
                Err(e) if eks::is_in_use(&e) => eks::describe_addon(c, cluster, name)
                    .await
                    .map_err(err)?
                    .ok_or_else(|| blocked(KEY, format!("add-on {name}: in use, yet not found")))?,
                Err(e) => return Err(err(e)),
            }
        }
    };
    let (k, v) = ctx.tag();
    let tagged = found.tags.iter().any(|(a, b)| a == k && b == v);
    ctx.record(
        KEY,
        KIND,
        &found.arn,
        SIDE,
        ours(ctx, KEY, &found.arn, tagged),
    )?;
    if found.status == "ACTIVE" {
        return Ok(Outcome::Exists(format!("add-on {name} ACTIVE")));
    }
    if found.failed() {
        return Err(unhealthy(name, &found));
    }
    if ctx.go(Note::Run(format!(
        "wait until add-on {name} is ACTIVE (now {})",
        found.status
    ))) {
        eks::wait_addon_active(c, cluster, name, timing)
            .await
            .map_err(waited)?;
    }
    Ok(Outcome::Exists(format!("add-on {name} ACTIVE")))
}

/// Remove the add-on this tool installed (waiting until EKS has removed it).
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    destroy_with(ctx, record, &ctx.clients(SIDE).eks(), Timing::DEFAULT).await
}

/// [`destroy`] with the client and the waiting pace given.
pub async fn destroy_with(
    ctx: &Ctx,
    record: &Record,
    c: &Eks,
    timing: Timing,
) -> Result<Outcome, StepError> {
    if !record.created {
        return Ok(Outcome::Exists("left alone: not made by this tool".into()));
    }
    let account = ctx.model.identity.account.clone();
    let err = |e| ctx.aws_error(&record.key, SIDE, e);
    let waited = |e| wait_error(&record.key, &account, e);
    // Add-on ARNs end in `addon/<cluster>/<add-on>/<uuid>`.
    let resource = record.id.rsplit(':').next().unwrap_or_default();
    let mut parts = resource.split('/').skip(1);
    let (Some(cluster), Some(name)) = (parts.next(), parts.next()) else {
        return Err(blocked(
            &record.key,
            format!("{} is not an add-on ARN", record.id),
        ));
    };
    match eks::delete_addon(c, cluster, name).await {
        Err(e) if e.is_not_found() => {
            ctx.forget(&record.key)?;
            return Ok(Outcome::Exists("already gone".to_string()));
        }
        Err(e) => return Err(err(e)),
        Ok(()) => {}
    }
    eks::wait_addon_gone(c, cluster, name, timing)
        .await
        .map_err(waited)?;
    ctx.forget(&record.key)?;
    Ok(Outcome::Updated(format!(
        "deleted add-on {name} of cluster {cluster}"
    )))
}
