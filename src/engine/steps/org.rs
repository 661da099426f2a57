//! The organization (data owner = management account), the model owner's membership
//! (invite + accept), and the isolation SCP attached to the model-owner account.

use std::time::Duration;

use aws_sdk_organizations::Client;

use crate::aws::AwsError;
use crate::aws::organizations as orgs;
use crate::blueprint::Side;
use crate::blueprint::names;
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::PolicyDocument;

const ORG_KIND: &str = "organizations:organization";
const MEMBER_KIND: &str = "organizations:account";
const SCP_KIND: &str = "organizations:policy";

fn client(ctx: &Ctx, side: Side) -> Client {
    ctx.clients(side).organizations()
}

/// Whether the resource `id` under `key` is this tool's: the journal says it made it, or it
/// carries the blueprint tag.
pub(crate) fn ours(ctx: &Ctx, key: &str, id: &str, tagged: bool) -> bool {
    tagged || ctx.recorded(key).is_some_and(|r| r.id == id && r.created)
}

fn blocked(step: &str, reason: impl Into<String>) -> StepError {
    StepError::Blocked {
        step: step.to_string(),
        reason: reason.into(),
    }
}

/// Find or create the organization; the data owner must be its management account, with
/// all features on.
pub async fn ensure_organization(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "org";
    let side = Side::DataOwner;
    let c = client(ctx, side);
    let me = &ctx.data.identity.account;
    let found = orgs::describe_organization(&c)
        .await
        .map_err(|e| ctx.aws_error(STEP, side, e))?;
    let Some(org) = found else {
        if !ctx.go_create(&[STEP], "create the organization (all features)") {
            return Ok(Outcome::Created("organization (planned)".into()));
        }
        let org = orgs::create_organization(&c)
            .await
            .map_err(|e| ctx.aws_error(STEP, side, e))?;
        ctx.record(STEP, ORG_KIND, &org.id, side, true)?;
        return Ok(Outcome::Created(format!(
            "organization {} (all features)",
            org.id
        )));
    };
    if &org.management_account != me {
        return Err(blocked(
            STEP,
            format!(
                "the data-owner account {me} is a member of organization {} whose management \
                 account is {}; the data owner must be the management account: run as that \
                 account's owner, or leave that organization first",
                org.id, org.management_account
            ),
        ));
    }
    if org.feature_set != "ALL" {
        return Err(blocked(
            STEP,
            format!(
                "organization {} has feature set {}; SCPs need ALL: enable all features \
                 (organizations:EnableAllFeatures, then every member accepts), and run again",
                org.id, org.feature_set
            ),
        ));
    }
    let created = ours(ctx, STEP, &org.id, false);
    ctx.record(STEP, ORG_KIND, &org.id, side, created)?;
    Ok(Outcome::Exists(format!(
        "organization {} (all features)",
        org.id
    )))
}

/// Make the model-owner account a member: invite it and accept the invitation as the model
/// owner. An invitation already open is accepted, not sent again.
pub async fn ensure_member(ctx: &Ctx) -> Result<Outcome, StepError> {
    ensure_member_with(
        ctx,
        &client(ctx, Side::DataOwner),
        &client(ctx, Side::ModelOwner),
    )
    .await
}

/// [`ensure_member`] with the two sides' clients given (tests pass mocked ones).
pub async fn ensure_member_with(
    ctx: &Ctx,
    data: &Client,
    model: &Client,
) -> Result<Outcome, StepError> {
    const STEP: &str = "org.member";
    let d = |e| ctx.aws_error(STEP, Side::DataOwner, e);
    let m = |e| ctx.aws_error(STEP, Side::ModelOwner, e);
    let target = ctx.bp.model_owner.account_id.clone();
    let org = orgs::describe_organization(data)
        .await
        .map_err(d)?
        .ok_or_else(|| {
            blocked(
                STEP,
                "the data owner has no organization yet: run org first",
            )
        })?;
    if orgs::list_account_ids(data)
        .await
        .map_err(d)?
        .contains(&target)
    {
        let created = ours(ctx, STEP, &target, false);
        ctx.record(STEP, MEMBER_KIND, &target, Side::DataOwner, created)?;
        return Ok(Outcome::Exists(format!(
            "account {target} is a member of {}",
            org.id
        )));
    }
    if let Some(other) = orgs::describe_organization(model).await.map_err(m)?
        && other.id != org.id
    {
        return Err(blocked(
            STEP,
            format!(
                "the model-owner account {target} is in organization {}; it must leave it \
                 (organizations:LeaveOrganization) before it can join {}",
                other.id, org.id
            ),
        ));
    }
    let open = orgs::open_invitations(model, &org.id).await.map_err(m)?;
    let plan = match open.first() {
        Some(h) => format!("accept the open invitation {h} as the model owner"),
        None => format!(
            "invite account {target} to {} and accept as the model owner",
            org.id
        ),
    };
    if !ctx.go_create(&[STEP], plan) {
        return Ok(Outcome::Created(format!(
            "account {target} joins {}",
            org.id
        )));
    }
    let (handshake, invited) = match open.first() {
        Some(h) => (h.clone(), false),
        None => {
            let id = orgs::invite_account(data, &target).await.map_err(d)?;
            let open = orgs::open_invitations(model, &org.id).await.map_err(m)?;
            let listed = open.iter().find(|h| **h == id).or(open.first()).cloned();
            (listed.unwrap_or(id), true)
        }
    };
    orgs::accept_handshake(model, &handshake).await.map_err(m)?;
    ctx.record(STEP, MEMBER_KIND, &target, Side::DataOwner, true)?;
    let how = if invited {
        "invited and accepted"
    } else {
        "accepted the open invitation"
    };
    Ok(Outcome::Created(format!(
        "account {target} joined {} ({how}, handshake {handshake})",
        org.id
    )))
}

/// The SCP text as sent: compact JSON (SCPs are limited to 5,120 characters).
fn scp_content(doc: &PolicyDocument) -> String {
    let pretty = doc.to_json_pretty();
    serde_json::from_str::<serde_json::Value>(&pretty).map_or(pretty, |v| v.to_string())
}

/// Enable SCPs on the root, create or correct the isolation SCP, attach it to the model owner.
pub async fn ensure_scp(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "scp";
    let side = Side::DataOwner;
    let c = client(ctx, side);
    let err = |e| ctx.aws_error(STEP, side, e);
    let target = &ctx.bp.model_owner.account_id;
    let mut done = Vec::new();
    let (root, enabled) = orgs::root(&c).await.map_err(err)?;
    if !enabled
        && ctx.go(Note::Change(format!(
            "enable SERVICE_CONTROL_POLICY on {root}"
        )))
    {
        orgs::enable_scp_type(&c, &root).await.map_err(err)?;
        done.push(format!("enabled SERVICE_CONTROL_POLICY on {root}"));
    }
    let content = scp_content(&ctx.policies(None).scp);
    let wanted = PolicyDocument::from_json(&content).ok();
    let name = names::scp(&ctx.bp);
    let (id, created) = match orgs::find_scp(&c, &name).await.map_err(err)? {
        Some(id) => {
            let (tag_key, tag_value) = ctx.tag();
            let tagged = orgs::has_tag(&c, &id, tag_key, tag_value)
                .await
                .map_err(err)?;
            let created = ours(ctx, STEP, &id, tagged);
            ctx.record(STEP, SCP_KIND, &id, side, created)?;
            let current = orgs::policy_content(&c, &id).await.map_err(err)?;
            if PolicyDocument::from_json(&current).ok() != wanted
                && ctx.go(Note::Change(format!(
                    "{name}: the content differs from the generated SCP; replace it"
                )))
            {
                orgs::update_policy_content(&c, &id, &content)
                    .await
                    .map_err(err)?;
                done.push(format!("corrected the drifted content of {name}"));
            }
            (id, false)
        }
        None => {
            if !ctx.go_create(
                &[STEP],
                format!("create {name} and attach it to account {target}"),
            ) {
                return Ok(Outcome::Created(format!("{name} (planned)")));
            }
            let id = orgs::create_scp(&c, &name, &content, ctx.tag())
                .await
                .map_err(err)?;
            ctx.record(STEP, SCP_KIND, &id, side, true)?;
            done.push(format!("created {name} ({id})"));
            (id, true)
        }
    };
    if !orgs::policy_targets(&c, &id)
        .await
        .map_err(err)?
        .contains(target)
        && ctx.go(Note::Change(format!("attach {name} to account {target}")))
    {
        attach_when_enabled(&c, &id, target).await.map_err(err)?;
        done.push(format!("attached it to account {target}"));
    }
    Ok(match (created, done.is_empty()) {
        (true, _) => Outcome::Created(done.join("; ")),
        (false, true) => Outcome::Exists(format!("{name} ({id}) attached to {target}")),
        (false, false) => Outcome::Updated(done.join("; ")),
    })
}

/// AttachPolicy, waiting out the moments after EnablePolicyType while the root is still
/// PENDING_ENABLE (up to about 30 s); an attachment that already exists is fine.
async fn attach_when_enabled(c: &Client, id: &str, target: &str) -> Result<(), AwsError> {
    let mut tries = 0;
    loop {
        match orgs::attach_policy(c, id, target).await {
            Err(e) if e.code.as_deref() == Some("DuplicatePolicyAttachmentException") => {
                return Ok(());
            }
            Err(e) if e.code.as_deref() == Some("PolicyTypeNotEnabledException") && tries < 15 => {
                tries += 1;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            other => return other,
        }
    }
}

/// Undo what this module made: the SCP is detached and deleted; the organization and the
/// membership are left in place.
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    if record.kind != SCP_KIND {
        return Ok(Outcome::Exists("left in place".to_string()));
    }
    if !record.created {
        return Ok(Outcome::Exists("left alone: not made by this tool".into()));
    }
    let side = Side::DataOwner;
    let c = client(ctx, side);
    let err = |e| ctx.aws_error(&record.key, side, e);
    let gone = |ctx: &Ctx| -> Result<Outcome, StepError> {
        ctx.forget(&record.key)?;
        Ok(Outcome::Exists("already gone".to_string()))
    };
    let targets = match orgs::policy_targets(&c, &record.id).await {
        Ok(t) => t,
        Err(e) if e.is_not_found() => return gone(ctx),
        Err(e) => return Err(err(e)),
    };
    for target in &targets {
        match orgs::detach_policy(&c, &record.id, target).await {
            Err(e) if !e.is_not_found() => return Err(err(e)),
            _ => {}
        }
    }
    match orgs::delete_policy(&c, &record.id).await {
        Err(e) if e.is_not_found() => return gone(ctx),
        Err(e) => return Err(err(e)),
        Ok(()) => {}
    }
    ctx.forget(&record.key)?;
    Ok(Outcome::Updated(format!(
        "deleted SCP {} (detached from {})",
        record.id,
        targets.join(", ")
    )))
}
