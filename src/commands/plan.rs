//! `plan`: the ordered steps of the flow.

use std::path::Path;

use serde::Serialize;

use super::effective::{PolicyEntry, entries, render_entries};
use super::{CliError, Outcome, exit, load_blueprint};
use crate::cli::Output;
use crate::engine::plan::{self, PlanStep};
use crate::policy::effective::effective;

#[derive(Serialize)]
struct PlanJson<'a> {
    blueprint: &'a str,
    offline: bool,
    steps: &'a [PlanStep],
    /// The policies the steps put: generated, or the override file beside the blueprint.
    policies: &'a [PolicyEntry],
}

pub fn plan(config: &Path, offline: bool, output: Output) -> Outcome {
    if !offline {
        return Err(CliError::usage(
            "a live plan needs the AWS engine, which this version does not have yet: use --offline",
        ));
    }
    let bp = load_blueprint(config)?;
    let overrides = super::effective::load(config, &bp)?;
    let policies = entries(config, &effective(&bp, &overrides, None), &overrides);
    let steps = plan::offline(&bp);
    match output {
        Output::Json => {
            let json = PlanJson {
                blueprint: &bp.name,
                offline,
                steps: &steps,
                policies: &policies,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Output::Text => {
            print!("{}", render_text(&steps));
            println!("\npolicies the steps put (what `check` judges):");
            print!("{}", render_entries(&policies));
        }
    }
    Ok(exit::OK)
}

/// The plan as a table: step number, account side, account ID, action, resource.
pub fn render_text(steps: &[PlanStep]) -> String {
    // With journal marks (apply), a column says what is recorded already.
    let marked = steps.iter().any(|s| s.exists.is_some());
    let head = if marked { "JOURNAL   " } else { "" };
    let mut out = format!(
        "{:>2}  {head}{:<11}  {:<12}  {}\n",
        "#", "SIDE", "ACCOUNT", "ACTION → RESOURCE"
    );
    for s in steps {
        let mark = match (marked, s.exists) {
            (false, _) => "",
            (true, Some(true)) => "recorded  ",
            (true, Some(false)) => "new       ",
            (true, None) => "          ",
        };
        out.push_str(&format!(
            "{:>2}  {mark}{:<11}  {:<12}  {} → {}\n",
            s.step,
            s.side.as_str(),
            if s.account.len() > 12 {
                "both"
            } else {
                s.account.as_str()
            },
            s.action,
            s.resource
        ));
    }
    out
}
