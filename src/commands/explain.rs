//! `check --explain ID`: one check's verdict for people, with its evidence.

use super::check::wrap;
use crate::policy::analyze::{CheckId, PASS_TRIED, Report};

const WIDTH: usize = 96;

/// The check's title and verdict; each finding's detail and the request that proves it.
pub fn render(report: &Report, id: CheckId) -> String {
    let mut out = format!("{id} {} ({})\n", id.title(), id.severity());
    let findings: Vec<_> = report.findings.iter().filter(|f| f.id == id).collect();
    if findings.is_empty() {
        if report.checked.contains(&id) {
            for line in wrap(&format!("passed: {PASS_TRIED}"), WIDTH) {
                out.push_str(&format!("{line}\n"));
            }
            if let Some(lines) = report.passes.get(&id) {
                out.push_str("what stops each caller's request:\n");
                for l in lines {
                    for (i, w) in wrap(l, WIDTH - 4).into_iter().enumerate() {
                        out.push_str(&format!("{}{w}\n", if i == 0 { "  - " } else { "    " }));
                    }
                }
            }
        } else if let Some(u) = report.undecided.iter().find(|u| u.id == id) {
            out.push_str(&format!("undecided: {}\n", u.reason));
        } else {
            out.push_str("not judged here\n");
        }
        return out;
    }
    for (n, f) in findings.iter().enumerate() {
        out.push_str(&format!(
            "\nfinding {} of {} ({}):\n",
            n + 1,
            findings.len(),
            f.severity
        ));
        for line in wrap(&f.detail, WIDTH - 2) {
            out.push_str(&format!("  {line}\n"));
        }
        match &f.evidence {
            Some(e) => {
                out.push_str("  a request that gets through:\n");
                for line in e.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            None => out.push_str("  (this check states the fact; no single request proves it)\n"),
        }
    }
    out
}
