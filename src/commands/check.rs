//! `check`: offline static analysis of the policies apply would put (generated, with the
//! override files beside the blueprint in their place), or of given files.

use std::path::{Path, PathBuf};

use super::{CliError, Outcome, endpoint_id_arg, exit, load_blueprint};
use crate::cli::{CheckArgs, Output};
use crate::policy::PolicyDocument;
use crate::policy::analyze::{self, CheckId, Inputs, Report, Severity};
use crate::policy::effective::effective;
use crate::policy::overrides::{Override, PolicyKind, override_path};

/// Read and parse one policy file; errors name the option, the file, line and column.
fn read_policy(option: &str, path: &Path) -> Result<PolicyDocument, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("{option} {}: cannot read: {e}", path.display())))?;
    PolicyDocument::from_json(&text)
        .map_err(|e| CliError::usage(format!("{option} {}: {e}", path.display())))
}

pub fn check(args: &CheckArgs) -> Outcome {
    endpoint_id_arg(args.s3_endpoint_id.as_deref())?;
    let explain = match &args.explain {
        None => None,
        Some(name) => Some(explained_id(name)?),
    };
    let bp = load_blueprint(&args.config)?;
    // The files beside the blueprint first (what apply puts); a file given on the command
    // line wins over the one of its kind there.
    let mut overrides = super::effective::load(&args.config, &bp)?;
    let mut given = |kind: PolicyKind, option: &str, path: &Path| -> Result<(), CliError> {
        let doc = read_policy(option, path)?;
        let text = doc.to_json_pretty();
        overrides.insert(kind, Override { text, doc });
        Ok(())
    };
    if let Some(path) = &args.bucket_policy {
        given(PolicyKind::Bucket, "--bucket-policy", path)?;
    }
    if let Some(path) = &args.s3_endpoint_policy {
        given(PolicyKind::S3Endpoint, "--s3-endpoint-policy", path)?;
    }
    for spec in &args.endpoint_policies {
        let Some((service, file)) = spec
            .split_once('=')
            .filter(|(s, f)| !s.is_empty() && !f.is_empty())
        else {
            return Err(CliError::usage(format!(
                "--endpoint-policy {spec}: expected SERVICE=FILE, e.g. ecr.api=ecr-api.json"
            )));
        };
        if !bp.network.interface_endpoints.iter().any(|e| e == service) {
            return Err(CliError::usage(format!(
                "--endpoint-policy {spec}: {service} is not in network.interface_endpoints ({})",
                bp.network.interface_endpoints.join(", ")
            )));
        }
        given(
            PolicyKind::Endpoint(service.to_string()),
            "--endpoint-policy",
            Path::new(file),
        )?;
    }
    let beside: Vec<PathBuf> = overrides
        .keys()
        .filter(|kind| !given_on_command_line(args, kind))
        .map(|kind| override_path(&args.config, kind))
        .collect();
    let set = effective(&bp, &overrides, args.s3_endpoint_id.as_deref());
    let scps = if args.scps.is_empty() {
        vec![set.scp.clone()]
    } else {
        args.scps
            .iter()
            .map(|p| read_policy("--scp", p))
            .collect::<Result<Vec<_>, _>>()?
    };
    let report = analyze::check(&Inputs {
        blueprint: &bp,
        s3_endpoint_id: &set.s3_endpoint_id,
        bucket_policy: &set.bucket,
        s3_endpoint_policy: &set.s3_endpoint,
        endpoint_policies: &set.interface_endpoints,
        scps: &scps,
    });
    match args.output {
        Output::Json => println!("{}", to_json(&report)),
        Output::Text => {
            let endpoint = if set.placeholder {
                format!("{} (placeholder until apply)", set.s3_endpoint_id)
            } else {
                set.s3_endpoint_id.clone()
            };
            println!(
                "blueprint {} ({}), S3 endpoint {endpoint}",
                bp.name,
                args.config.display()
            );
            for file in &beside {
                println!("policy file beside the blueprint: {}", file.display());
            }
            println!();
            match explain {
                Some(id) => print!("{}", super::explain::render(&report, id)),
                None => print!("{}", render_text(&report)),
            }
        }
    }
    // Undecided is not isolated: the same code as a critical finding.
    Ok(if report.has_critical() || !report.undecided.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// `--explain ID`: a check `check` judges.
fn explained_id(name: &str) -> Result<CheckId, CliError> {
    let id = CheckId::parse(name).ok_or_else(|| {
        CliError::usage(format!(
            "--explain {name}: not a check ID (D1…D13, M1…M6, S1…S7)"
        ))
    })?;
    if !analyze::STATIC_CHECKS.contains(&id) {
        return Err(CliError::usage(format!(
            "--explain {id}: {id} is judged on the live accounts by `verify`, not by `check`"
        )));
    }
    Ok(id)
}

/// The JSON every report uses: `{"findings":[{id,severity,title,detail}],"checked":[ids]}`.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// A readable table: one finding per block, the detail wrapped under its title.
pub fn render_text(report: &Report) -> String {
    const WIDTH: usize = 96;
    let mut out = String::new();
    if report.findings.is_empty() {
        out.push_str("no findings\n");
    } else {
        out.push_str(&format!("{:<4} {:<9} {}\n", "ID", "SEVERITY", "FINDING"));
        for f in &report.findings {
            out.push_str(&format!(
                "{:<4} {:<9} {}\n",
                f.id.to_string(),
                f.severity.as_str(),
                f.title
            ));
            for line in wrap(&f.detail, WIDTH - 15) {
                out.push_str(&format!("{:15}{line}\n", ""));
            }
        }
    }
    let checked: Vec<String> = report.checked.iter().map(ToString::to_string).collect();
    out.push_str(&format!("\nchecked: {}\n", checked.join(" ")));
    for u in &report.undecided {
        out.push_str(&format!(
            "undecided: {} {}: {}\n",
            u.id,
            u.id.title(),
            u.reason
        ));
    }
    let verdict = if report.has_critical() {
        "NOT isolated".to_string()
    } else if !report.undecided.is_empty() {
        format!(
            "not shown isolated: {} check(s) undecided",
            report.undecided.len()
        )
    } else {
        "isolated (no critical finding)".to_string()
    };
    out.push_str(&format!(
        "{} critical, {} warning, {} info: {verdict}\n",
        report.count(Severity::Critical),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    ));
    out
}

/// Whether a file of this kind was given on the command line (it wins over the one beside the
/// blueprint).
fn given_on_command_line(args: &CheckArgs, kind: &PolicyKind) -> bool {
    match kind {
        PolicyKind::Bucket => args.bucket_policy.is_some(),
        PolicyKind::S3Endpoint => args.s3_endpoint_policy.is_some(),
        PolicyKind::Endpoint(svc) => args
            .endpoint_policies
            .iter()
            .any(|spec| spec.split_once('=').is_some_and(|(s, _)| s == svc)),
        PolicyKind::Scp => !args.scps.is_empty(),
    }
}

/// Greedy word wrap; a word longer than the width stands on its own line.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_words_whole_and_lines_short() {
        let lines = wrap("aaa bbb ccc dddddddddd e", 7);
        assert_eq!(lines, ["aaa bbb", "ccc", "dddddddddd", "e"]);
    }
}
