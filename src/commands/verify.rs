//! `verify`: every check on the live state, with both parties' credentials or one party's
//! alone (`--side`); the other party's checks are then undecided and its credentials unused.

use super::engine::{LiveArgs, failure, open_journal, print_parties, runtime, state_dir};
use super::{CliError, Outcome as Exit, exit, load_blueprint};
use crate::aws::{Party, resolve_side};
use crate::blueprint::{Blueprint, Side};
use crate::cli::Output;

/// Resolve and check the parties of a run as `side` only (see [`resolve_side`]).
async fn parties_of(
    bp: &Blueprint,
    output: Output,
    side: Side,
) -> Result<(Option<Party>, Option<Party>), CliError> {
    let (data, model) = resolve_side(bp, side)
        .await
        .map_err(|e| failure(e.to_string()))?;
    let resolved: Vec<&Party> = data.iter().chain(model.iter()).collect();
    print_parties(bp, output, &resolved);
    Ok((data, model))
}

/// `side` as `verify`'s JSON names it.
fn side_name(side: Side) -> &'static str {
    match side {
        Side::DataOwner => "data-owner",
        Side::ModelOwner => "model-owner",
        Side::Both => "both",
    }
}

/// The first line of `verify`'s text: which side ran, and what that leaves undecided.
fn side_line(bp: &Blueprint, side: Side) -> String {
    match crate::verify::read::whose::other(side) {
        None => format!(
            "side: both (data owner {}, model owner {})",
            bp.data_owner.account_id, bp.model_owner.account_id
        ),
        Some(other) => format!(
            "side: {} alone ({}); the {}'s checks are undecided: they need its credentials",
            side.as_str(),
            bp.account(side),
            other.as_str()
        ),
    }
}

pub fn verify_cmd(args: &LiveArgs<'_>, side: Side) -> Exit {
    let bp = load_blueprint(args.config)?;
    let journal = open_journal(&state_dir(args.state_dir), &bp)?;
    let rt = runtime()?;
    rt.block_on(async {
        let (data, model) = parties_of(&bp, args.output, side).await?;
        let ids = crate::verify::KnownIds::from_journal(&bp, &journal);
        let report = crate::verify::verify_as(&bp, data.as_ref(), model.as_ref(), &ids).await;
        match args.output {
            Output::Json => {
                let mut json = serde_json::to_value(&report).unwrap_or_default();
                if let Some(fields) = json.as_object_mut() {
                    fields.insert("side".into(), side_name(side).into());
                }
                let text = serde_json::to_string_pretty(&json)
                    .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
                println!("{text}");
            }
            Output::Text => {
                println!("{}", side_line(&bp, side));
                // The undecided checks are listed by render_text, with the verdict.
                print!("{}", super::check::render_text(&report));
            }
        }
        Ok(if report.has_critical() {
            exit::FINDINGS
        } else {
            exit::OK
        })
    })
}
