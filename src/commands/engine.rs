//! `apply`, `verify` and `destroy`: the live commands. Identities are resolved and checked
//! before anything changes; progress is printed as lines (text) or JSON lines (json). `apply`
//! puts the effective policy set (the override files beside the blueprint in place of the
//! generated policies), after asking about its critical findings.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{CliError, Outcome as Exit, exit, load_blueprint};
use crate::aws::{Party, resolve_parties};
use crate::blueprint::Blueprint;
use crate::cli::Output;
use crate::engine::apply::Summary;
use crate::engine::ctx::Options;
use crate::engine::destroy::ordered;
use crate::engine::journal::{Journal, default_state_dir};
use crate::engine::progress::{Progress, StepState};
use crate::engine::run::{self, Work};
use crate::policy::effective::{analyze, effective};
use crate::policy::overrides::Overrides;

/// What `apply` and `destroy` share: the blueprint, where the journal lives, how to report.
pub struct LiveArgs<'a> {
    pub config: &'a Path,
    pub state_dir: Option<&'a Path>,
    pub output: Output,
    pub yes: bool,
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(format!("cannot start the async runtime: {e}")))
}

pub(super) fn failure(line: String) -> CliError {
    CliError {
        lines: vec![line],
        code: exit::FINDINGS,
    }
}

/// Resolve and check both identities; one line per party on stderr (text mode).
pub(super) async fn parties(bp: &Blueprint, output: Output) -> Result<(Party, Party), CliError> {
    let (data, model) = resolve_parties(bp)
        .await
        .map_err(|e| failure(e.to_string()))?;
    print_parties(bp, output, &[&data, &model]);
    Ok((data, model))
}

/// One line per resolved party on stderr (text mode).
pub(super) fn print_parties(bp: &Blueprint, output: Output, parties: &[&Party]) {
    if output == Output::Text {
        for p in parties {
            eprintln!(
                "{:<11} {} as {} ({}), region {}",
                p.side.as_str(),
                p.identity.account,
                p.identity.arn,
                p.identity.source,
                bp.region
            );
        }
    }
}

fn print_progress(p: &Progress, output: Output) {
    match output {
        Output::Json => {
            if let Ok(line) = serde_json::to_string(p) {
                println!("{line}");
            }
        }
        Output::Text => {
            let state = match p.state {
                StepState::Pending => "pending",
                StepState::Running => "running",
                StepState::Done => "done",
                StepState::Skipped => "exists",
                StepState::Failed => "FAILED",
            };
            println!(
                "{:>7.1}s  {:<11} {}  {:<26} {:<7} {}",
                p.elapsed.as_secs_f64(),
                p.side.as_str(),
                p.account,
                p.step,
                state,
                p.message
            );
        }
    }
    let _ = std::io::stdout().flush();
}

/// Ask on the terminal; refuse when there is none (use --yes in scripts).
fn confirm(question: &str, expected: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "not a terminal, so no confirmation can be asked: pass --yes",
        ));
    }
    eprint!("{question} ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::usage(format!("cannot read the answer: {e}")))?;
    Ok(answer.trim() == expected)
}

/// Run `work` with progress printing and Ctrl-C handling; returns its summary.
async fn run_live(
    work: Work,
    ctx_parts: (Blueprint, Party, Party, Journal),
    overrides: Overrides,
    output: Output,
    options: Options,
) -> Summary {
    let (bp, data, model, journal) = ctx_parts;
    let run = run::start(work, bp, (data, model), journal, options, overrides);
    let stop_tx = run.stop.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "stopping: the running calls finish, no new step starts (Ctrl-C again to abort)"
            );
            let _ = stop_tx.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(exit::INTERRUPTED));
            }
        }
    });
    let summary = run.follow(|p| print_progress(&p, output)).await;
    ctrl_c.abort();
    summary
}

/// The run's end: counts, failures and the journal (text), or one `{"summary": …}` line with
/// `extra`'s fields too (json).
fn finish(
    summary: &Summary,
    journal: &Path,
    verb: &str,
    output: Output,
    extra: &serde_json::Value,
) -> Exit {
    let counts = summary.counts();
    let (created, unchanged) = (counts.created, counts.unchanged);
    let changed = counts.created + counts.updated;
    let failures: Vec<String> = summary.failures.iter().map(ToString::to_string).collect();
    // apply creates and updates; destroy removes, or finds gone or leaves alone.
    let (reads, writes) = summary.reads_and_writes();
    let calls = serde_json::json!({"reads": reads, "writes": writes});
    let counts = if verb == "destroy" {
        serde_json::json!({"removed": changed, "kept_or_gone": unchanged, "aws_calls": calls})
    } else {
        serde_json::json!({"created": created, "updated": changed - created,
            "unchanged": unchanged, "aws_calls": calls})
    };
    match output {
        Output::Json => {
            let mut s = serde_json::json!({
                "command": verb, "failures": failures, "interrupted": summary.interrupted(),
                "journal": journal.display().to_string()});
            if let (Some(s), Some(c), Some(e)) =
                (s.as_object_mut(), counts.as_object(), extra.as_object())
            {
                s.extend(c.clone());
                s.extend(e.clone());
            }
            println!("{}", serde_json::json!({ "summary": s }));
        }
        Output::Text => {
            let counted = if verb == "destroy" {
                format!("{changed} removed, {unchanged} left in place or already gone")
            } else {
                format!(
                    "{created} created, {} updated, {unchanged} unchanged",
                    changed - created
                )
            };
            println!(
                "{verb}: {counted}, {} failed ({reads} AWS reads, {writes} writes); journal {}",
                failures.len(),
                journal.display()
            );
            for f in &failures {
                eprintln!("eks-isolation: {f}");
            }
            if summary.interrupted() {
                eprintln!(
                    "eks-isolation: stopped; run the same command again to resume from the journal"
                );
            }
        }
    }
    Ok(if summary.interrupted() {
        exit::INTERRUPTED
    } else if failures.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

pub(super) fn state_dir(arg: Option<&Path>) -> PathBuf {
    arg.map_or_else(default_state_dir, Path::to_path_buf)
}

pub(super) fn open_journal(dir: &Path, bp: &Blueprint) -> Result<Journal, CliError> {
    Journal::open(dir, &bp.name).map_err(|e| CliError::usage(e.to_string()))
}

pub fn apply_cmd(args: &LiveArgs<'_>, accept_findings: &[String]) -> Exit {
    let bp = load_blueprint(args.config)?;
    let overrides = super::effective::load(args.config, &bp)?;
    let accepted = super::effective::parse_accepted(accept_findings)?;
    let journal = open_journal(&state_dir(args.state_dir), &bp)?;
    // What the run will put, judged before any AWS call: with the S3 endpoint a previous run
    // recorded (the bucket step names that one), else the blueprint's, else the placeholder.
    let recorded_endpoint = journal.get("endpoint.s3").map(|r| r.id.clone());
    let endpoint = bp.network.s3_endpoint_id.clone().or(recorded_endpoint);
    let report = analyze(&bp, &effective(&bp, &overrides, endpoint.as_deref()));
    let critical = super::effective::critical(&report);
    let findings = serde_json::json!({
        "findings": report.findings,
        "accepted": accepted.iter().filter(|id| critical.contains(id)).collect::<Vec<_>>(),
    });
    if args.yes
        && let Some(reason) = super::effective::refusal(&critical, &accepted, args.config)
    {
        if args.output == Output::Json {
            let mut s = serde_json::json!({"command": "apply", "refused": reason});
            if let (Some(s), Some(f)) = (s.as_object_mut(), findings.as_object()) {
                s.extend(f.clone());
            }
            println!("{}", serde_json::json!({ "summary": s }));
        }
        return Err(CliError::usage(reason));
    }
    let rt = runtime()?;
    rt.block_on(async {
        let (data, model) = parties(&bp, args.output).await?;
        if args.output == Output::Text {
            // The live plan: the same steps, only looking (read-only), then apply asks.
            let looked =
                crate::engine::plan::look(&bp, &data, &model, journal.clone(), overrides.clone())
                    .await;
            print!("{}", super::plan::render_text(&looked.rows));
            println!(
                "{}; journal {}",
                super::plan::summary(&looked.rows),
                journal.path().display()
            );
            if !overrides.is_empty() {
                let set = effective(&bp, &overrides, endpoint.as_deref());
                println!("policies put in place of the generated ones:");
                let entries = super::effective::entries(args.config, &set, &overrides);
                let edited: Vec<_> = entries.into_iter().filter(|e| e.file.is_some()).collect();
                print!("{}", super::effective::render_entries(&edited));
            }
            if !critical.is_empty() {
                print!("{}", super::effective::render_critical(&report.findings));
            }
        }
        let with = if critical.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = critical.iter().map(ToString::to_string).collect();
            format!(" with critical finding(s) {}", ids.join(", "))
        };
        if !args.yes
            && !confirm(
                &format!(
                    "apply{with} to data owner {} and model owner {}? type yes:",
                    data.identity.account, model.identity.account
                ),
                "yes",
            )?
        {
            return Err(CliError::usage("not confirmed; nothing changed"));
        }
        let path = journal.path().to_path_buf();
        let parts = (bp, data, model, journal);
        let options = Options::default();
        let summary = run_live(Work::Apply, parts, overrides, args.output, options).await;
        finish(&summary, &path, "apply", args.output, &findings)
    })
}

pub fn destroy_cmd(args: &LiveArgs<'_>, delete_data: bool) -> Exit {
    let bp = load_blueprint(args.config)?;
    let mut journal = open_journal(&state_dir(args.state_dir), &bp)?;
    let rt = runtime()?;
    rt.block_on(async {
        let (data, model) = parties(&bp, args.output).await?;
        // The journal, plus what every step's discovery finds by the blueprint's tag (all of
        // it when the journal is missing): read-only.
        let looked =
            crate::engine::plan::look(&bp, &data, &model, journal.clone(), Overrides::new()).await;
        let found: Vec<_> = looked
            .records
            .iter()
            .filter(|r| journal.get(&r.key).is_none())
            .cloned()
            .collect();
        let records = ordered(looked.records);
        if args.output == Output::Text {
            if !found.is_empty() {
                println!(
                    "found by the tag eks-isolation:blueprint={} (not in the journal {}): {}",
                    bp.name,
                    journal.path().display(),
                    found.len()
                );
            }
            for r in &records {
                let what = if r.created {
                    "delete"
                } else {
                    "leave (adopted)"
                };
                println!(
                    "{what:<16} {:<24} {} {} in {}",
                    r.key, r.kind, r.id, r.account
                );
            }
            if records.is_empty() {
                println!("nothing of blueprint {} was found", bp.name);
            }
        }
        if !args.yes
            && !records.is_empty()
            && !confirm(
                &format!(
                    "destroy what blueprint {} made? type its name to confirm:",
                    bp.name
                ),
                &bp.name,
            )?
        {
            return Err(CliError::usage("not confirmed; nothing changed"));
        }
        // What discovery found joins the journal, so an interrupted destroy resumes from it.
        for r in found {
            journal.record(r).map_err(|e| failure(e.to_string()))?;
        }
        let path = journal.path().to_path_buf();
        let options = Options { delete_data };
        let parts = (bp, data, model, journal);
        let summary = run_live(Work::Destroy, parts, Overrides::new(), args.output, options).await;
        finish(
            &summary,
            &path,
            "destroy",
            args.output,
            &serde_json::json!({}),
        )
    })
}
