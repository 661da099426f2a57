//! `plan`: the ordered steps of the flow; live (the default), what apply would do to each.

use std::path::Path;

use serde::Serialize;

use super::effective::{PolicyEntry, entries, render_entries};
use super::engine::{open_journal, parties, runtime, state_dir};
use super::{Outcome, exit, load_blueprint};
use crate::cli::Output;
use crate::engine::plan::{self, PlanStep};
use crate::policy::effective::effective;

#[derive(Serialize)]
struct PlanJson<'a> {
    blueprint: &'a str,
    offline: bool,
    steps: &'a [PlanStep],
    /// Live only: whether apply would create, adopt or change something.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<bool>,
    /// Live only: how many AWS calls the plan made (all reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    aws_calls: Option<usize>,
    /// The policies the steps put: generated, or the override file beside the blueprint.
    policies: &'a [PolicyEntry],
}

pub fn plan(config: &Path, offline: bool, output: Output, dir: Option<&Path>) -> Outcome {
    let bp = load_blueprint(config)?;
    let overrides = super::effective::load(config, &bp)?;
    if offline {
        let policies = entries(config, &effective(&bp, &overrides, None), &overrides);
        let steps = plan::offline(&bp);
        print(&bp.name, &steps, None, &policies, output);
        return Ok(exit::OK);
    }
    let journal = open_journal(&state_dir(dir), &bp)?;
    let endpoint = journal.get("endpoint.s3").map(|r| r.id.clone());
    let policies = entries(
        config,
        &effective(&bp, &overrides, endpoint.as_deref()),
        &overrides,
    );
    let rt = runtime()?;
    rt.block_on(async {
        let (data, model) = parties(&bp, output).await?;
        let looked = plan::look(&bp, &data, &model, journal, overrides).await;
        print(
            &bp.name,
            &looked.rows,
            Some(looked.calls.len()),
            &policies,
            output,
        );
        Ok(code(&looked.rows))
    })
}

/// 1 when a step could not be planned, 3 when apply would change something, else 0.
pub fn code(rows: &[PlanStep]) -> u8 {
    if plan::has_errors(rows) {
        exit::FINDINGS
    } else if plan::has_changes(rows) {
        exit::CHANGES
    } else {
        exit::OK
    }
}

fn print(
    name: &str,
    steps: &[PlanStep],
    calls: Option<usize>,
    policies: &[PolicyEntry],
    output: Output,
) {
    match output {
        Output::Json => {
            let json = PlanJson {
                blueprint: name,
                offline: calls.is_none(),
                steps,
                changes: calls.map(|_| plan::has_changes(steps)),
                aws_calls: calls,
                policies,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Output::Text => {
            print!("{}", render_text(steps));
            if let Some(n) = calls {
                println!("{} ({n} AWS calls, all reads)", summary(steps));
            }
            println!("\npolicies the steps put (what `check` judges):");
            print!("{}", render_entries(policies));
        }
    }
}

/// `3 to create, 1 to adopt, 2 to change, 9 exist, 2 run every time`.
pub fn summary(steps: &[PlanStep]) -> String {
    use crate::engine::notes::Mark;
    let n = |m: Mark| steps.iter().filter(|s| s.mark == Some(m)).count();
    let mut parts = vec![
        format!("{} to create", n(Mark::Create)),
        format!("{} to adopt", n(Mark::Adopt)),
        format!("{} to change", n(Mark::Change)),
        format!("{} exist", n(Mark::Exists)),
        format!("{} run every time", n(Mark::Run)),
    ];
    let failed = steps.iter().filter(|s| s.error.is_some()).count();
    if failed > 0 {
        parts.push(format!("{failed} could not be planned"));
    }
    parts.join(", ")
}

/// The plan as a table: step number, side, account, (live) mark, id, action → resource; under a
/// live row, what it would change or why it could not be planned.
pub fn render_text(steps: &[PlanStep]) -> String {
    let live = steps.iter().any(|s| s.mark.is_some() || s.error.is_some());
    let head = if live { "MARK     " } else { "" };
    let id_w = steps.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:>2}  {:<11}  {:<12}  {head}{:<id_w$}  {}\n",
        "#", "SIDE", "ACCOUNT", "STEP", "ACTION → RESOURCE"
    );
    for s in steps {
        let mark = match (live, s.mark, &s.error) {
            (false, _, _) => String::new(),
            (true, _, Some(_)) => format!("{:<9}", "FAILED"),
            (true, Some(m), None) => format!("{:<9}", m.as_str()),
            (true, None, None) => " ".repeat(9),
        };
        out.push_str(&format!(
            "{:>2}  {:<11}  {:<12}  {mark}{:<id_w$}  {} → {}\n",
            s.step,
            s.side.as_str(),
            s.account,
            s.id,
            s.action,
            s.resource
        ));
        let pad = " ".repeat(31 + head.len() + id_w + 2);
        for c in &s.changes {
            out.push_str(&format!("{pad}- {c}\n"));
        }
        if let Some(e) = &s.error {
            out.push_str(&format!("{pad}✗ {e}\n"));
        }
    }
    out
}
