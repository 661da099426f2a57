//! DESIGN.md step 1, as a step of every run: the side's live identity is the blueprint's
//! account (STS GetCallerIdentity), asked again right before anything else of that side runs.

use crate::aws::AwsError;
use crate::blueprint::Side;
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;

/// Check the side's caller identity against the blueprint; runs every time.
pub async fn check(ctx: &Ctx, side: Side) -> Result<Outcome, StepError> {
    let step = id(side);
    let expected = ctx.bp.account(side);
    let source = crate::aws::identity::source_of(&ctx.bp, side);
    // A read, so it runs when planning too; the plan marks it `run`.
    let _ = ctx.go(Note::Run(format!(
        "check the {} identity ({source}) is account {expected}",
        side.as_str()
    )));
    let out = ctx
        .clients(side)
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| ctx.aws_error(step, side, AwsError::from_sdk("sts:GetCallerIdentity", e)))?;
    let account = out.account().unwrap_or_default();
    if account != expected {
        return Err(StepError::Blocked {
            step: step.to_string(),
            reason: format!(
                "the {} credentials ({source}) are now account {account}, not the blueprint's \
                 {expected}: nothing of this side runs",
                side.as_str()
            ),
        });
    }
    Ok(Outcome::Exists(format!(
        "account {account} as {}",
        out.arn().unwrap_or_default()
    )))
}

/// The step id of a side's identity check.
pub fn id(side: Side) -> &'static str {
    match side {
        Side::ModelOwner => "identity.model_owner",
        _ => "identity.data_owner",
    }
}

pub async fn check_data_owner(ctx: &Ctx) -> Result<Outcome, StepError> {
    check(ctx, Side::DataOwner).await
}

pub async fn check_model_owner(ctx: &Ctx) -> Result<Outcome, StepError> {
    check(ctx, Side::ModelOwner).await
}
