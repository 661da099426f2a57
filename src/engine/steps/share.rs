//! RAM: sharing with the organization on, and the subnets shared with the model-owner account.

use aws_sdk_ram::Client;

use super::org::ours;
use crate::aws::{organizations, ram};
use crate::blueprint::Side;
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;

const KEY: &str = "ram.share";
const KIND: &str = "ram:resource-share";

/// The ARNs of the subnets the network steps recorded (`subnet.0`, `subnet.1`, ...).
pub fn subnet_arns(ctx: &Ctx) -> Vec<String> {
    let account = &ctx.data.identity.account;
    let partition = ctx.bp.partition().as_str();
    let region = &ctx.bp.region;
    recorded_subnets(ctx)
        .iter()
        .map(|id| format!("arn:{partition}:ec2:{region}:{account}:subnet/{id}"))
        .collect()
}

/// When planning: the step waits while a subnet of the blueprint is one this run creates.
pub fn wait_for_subnets(ctx: &Ctx, step: &str) -> Result<(), StepError> {
    match (0..ctx.bp.network.subnets.len())
        .map(|i| format!("subnet.{i}"))
        .find(|k| ctx.is_planned(k))
    {
        Some(on) => Err(StepError::Waits {
            step: step.to_string(),
            on,
        }),
        None => Ok(()),
    }
}

/// The subnet IDs recorded under `subnet.<i>`, in index order.
pub fn recorded_subnets(ctx: &Ctx) -> Vec<String> {
    let mut subnets: Vec<(usize, String)> = ctx
        .records()
        .into_iter()
        .filter_map(|r| {
            let i = r.key.strip_prefix("subnet.")?.parse().ok()?;
            Some((i, r.id))
        })
        .collect();
    subnets.sort();
    subnets.into_iter().map(|(_, id)| id).collect()
}

/// Turn on sharing with the organization, then find or create the share of the subnets with
/// the model-owner account, adding what it lacks.
pub async fn ensure_share(ctx: &Ctx) -> Result<Outcome, StepError> {
    // RAM's EnableSharingWithAwsOrganization gives RAM trusted access in Organizations, which
    // is what the organization (and verify's S6) shows. Where that did not take, turn it on;
    // checked beside the share itself.
    let org = ctx.clients(Side::DataOwner).organizations();
    let trusted = async {
        if organizations::service_access_enabled(&org, organizations::RAM_SERVICE).await?
            || !ctx.go(Note::Change(
                "give RAM trusted access to the organization".into(),
            ))
        {
            return Ok(false);
        }
        organizations::enable_service_access(&org, organizations::RAM_SERVICE).await?;
        Ok::<_, crate::aws::AwsError>(true)
    };
    let ram = ctx.clients(Side::DataOwner).ram();
    let (outcome, trusted) = tokio::join!(ensure_share_with(ctx, &ram), trusted);
    let outcome = outcome?;
    if !trusted.map_err(|e| ctx.aws_error(KEY, Side::DataOwner, e))? {
        return Ok(outcome);
    }
    let note = "gave RAM trusted access to the organization";
    Ok(match outcome {
        Outcome::Created(m) => Outcome::Created(format!("{m}; {note}")),
        Outcome::Updated(m) | Outcome::Exists(m) => Outcome::Updated(format!("{m}; {note}")),
    })
}

/// [`ensure_share`] with the data owner's RAM client given (tests pass a mocked one).
pub async fn ensure_share_with(ctx: &Ctx, c: &Client) -> Result<Outcome, StepError> {
    let side = Side::DataOwner;
    let err = |e| ctx.aws_error(KEY, side, e);
    wait_for_subnets(ctx, KEY)?;
    let subnets = subnet_arns(ctx);
    if subnets.is_empty() {
        return Err(StepError::Blocked {
            step: KEY.to_string(),
            reason: "no subnet is recorded yet: run the network steps first".to_string(),
        });
    }
    let principal = ctx.bp.model_owner.account_id.clone();
    // Idempotent, and RAM offers no read of this setting beside Organizations' trusted access:
    // it runs every time.
    if ctx.go(Note::Run(
        "turn RAM sharing with the organization on (runs every time)".into(),
    )) {
        ram::enable_org_sharing(c).await.map_err(err)?;
    }
    let name = crate::blueprint::names::share(&ctx.bp);
    let Some(share) = ram::find_share(c, &name).await.map_err(err)? else {
        if !ctx.go_create(
            &[KEY],
            format!(
                "share {} subnet(s) with account {principal} as {name}",
                subnets.len()
            ),
        ) {
            return Ok(Outcome::Created(format!("share {name} (planned)")));
        }
        let arn = ram::create_share(c, &name, &principal, &subnets, ctx.tag())
            .await
            .map_err(err)?;
        ctx.record(KEY, KIND, &arn, side, true)?;
        return Ok(Outcome::Created(format!(
            "share {name} of {} subnets with account {principal}",
            subnets.len()
        )));
    };
    let (tag_key, tag_value) = ctx.tag();
    let tagged = share
        .tags
        .iter()
        .any(|(k, v)| k == tag_key && v == tag_value);
    ctx.record(
        KEY,
        KIND,
        &share.arn,
        side,
        ours(ctx, KEY, &share.arn, tagged),
    )?;
    let principals = ram::associated(c, &share.arn, true).await.map_err(err)?;
    let resources = ram::associated(c, &share.arn, false).await.map_err(err)?;
    let add_principals: Vec<String> = Some(principal)
        .into_iter()
        .filter(|p| !principals.contains(p))
        .collect();
    let add_resources: Vec<String> = subnets
        .into_iter()
        .filter(|s| !resources.contains(s))
        .collect();
    if add_principals.is_empty() && add_resources.is_empty() {
        return Ok(Outcome::Exists(format!(
            "share {name} holds every subnet and the model owner"
        )));
    }
    let adding = add_principals
        .iter()
        .chain(&add_resources)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if !ctx.go(Note::Change(format!("share {name}: add {adding}"))) {
        return Ok(Outcome::Updated(format!("share {name} (planned)")));
    }
    ram::associate(c, &share.arn, &add_principals, &add_resources)
        .await
        .map_err(err)?;
    Ok(Outcome::Updated(format!(
        "share {name}: added {}",
        add_principals
            .iter()
            .chain(&add_resources)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Delete the resource share this tool made.
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    if !record.created {
        return Ok(Outcome::Exists("left alone: not made by this tool".into()));
    }
    let side = Side::DataOwner;
    let c = ctx.clients(Side::DataOwner).ram();
    let err = |e| ctx.aws_error(&record.key, side, e);
    let live = ram::own_shares(&c)
        .await
        .map_err(err)?
        .into_iter()
        .any(|s| s.arn == record.id && ram::is_live(&s.status));
    if !live {
        ctx.forget(&record.key)?;
        return Ok(Outcome::Exists("already gone".to_string()));
    }
    match ram::delete_share(&c, &record.id).await {
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("UnknownResourceException") => {
            ctx.forget(&record.key)?;
            return Ok(Outcome::Exists("already gone".to_string()));
        }
        Err(e) => return Err(err(e)),
        Ok(()) => {}
    }
    ctx.forget(&record.key)?;
    Ok(Outcome::Updated(format!(
        "deleted resource share {}",
        record.id
    )))
}
