//! D12: what each interface endpoint policy lets a request from the subnets store where the
//! model owner reads it from outside the VPC, judged against the writer catalog
//! ([`super::writers`]).
//!
//! Every action the policy allows to a model-owner principal (or to anyone, under
//! `"Principal": "*"`), on a resource of the model owner or of a stranger, with any condition
//! values the caller can choose, is looked up: a catalogued writer counts with its bytes (tags
//! with only the keys and values the conditions leave free), an action the catalog does not
//! know counts as a high writer. One finding per endpoint, as severe as its worst writer.

use std::collections::BTreeSet;

mod reach;

use super::bucket_checks::callers;
use super::endpoint_checks::endpoint_policy;
use super::probe::{self, OTHER};
use super::writers::{self, Bytes, EC2_TAG_VALUE, Known, Rank, Steer, Writer};
use super::{CheckId, Finding, Scene, Severity};
use crate::policy::{ActionSpec, Context, Effect, PolicyDocument, RequestPrincipal};
use reach::{allowed, named_resources, nothing, restricted, tag_key, writer_resources};

/// The action name that stands for "an action no policy names".
const PROBE_ACTION: &str = "EksIsolationProbeWrite";

/// One open writer of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Open {
    label: String,
    rank: Rank,
    /// Free bytes a call; `None` where no maximum is known.
    bytes: Option<u32>,
    what: String,
}

pub(super) fn d12_endpoint_writes(s: &Scene<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for service in &s.bp.network.interface_endpoints {
        let (doc, default) = endpoint_policy(s, service);
        let open = open_writers(s, service, &doc);
        if let Some(f) = finding(service, default, &open) {
            findings.push(f);
        }
    }
    findings
}

/// Who and where: the callers whose writes the model owner can read (not the data owner's),
/// and the accounts whose resources it can read (its own; a stranger's, for a stranger).
struct Stage<'a> {
    s: &'a Scene<'a>,
    who: Vec<RequestPrincipal>,
    accounts: [&'a str; 2],
}

fn open_writers(s: &Scene<'_>, service: &str, doc: &PolicyDocument) -> Vec<Open> {
    let prefixes = writers::prefixes(service);
    let stage = Stage {
        s,
        who: callers(s, &[doc])
            .into_iter()
            .filter(|w| w.account != s.data_owner)
            .collect(),
        accounts: [s.model_owner, s.stranger.as_str()],
    };
    let mut open: Vec<Open> = writers::WRITERS
        .iter()
        .chain(std::iter::once(&writers::GET_FEDERATION_TOKEN))
        .filter(|w| prefixes.iter().any(|p| has_prefix(w.action, p)))
        .filter_map(|w| judge_writer(&stage, doc, w))
        .collect();
    let unknown = unknown_actions(&stage, doc, &prefixes);
    if !unknown.is_empty() {
        open.push(Open {
            label: unknown.join(", "),
            rank: Rank::High,
            bytes: None,
            what: "actions the writer catalog does not know: counted as high".into(),
        });
    }
    open.sort_by_key(|o| o.rank);
    open
}

fn has_prefix(action: &str, prefix: &str) -> bool {
    action
        .split_once(':')
        .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix))
}

fn judge_writer(st: &Stage<'_>, full: &PolicyDocument, w: &Writer) -> Option<Open> {
    let doc = restricted(full, w.action);
    if !doc.statements.iter().any(|s| s.effect == Effect::Allow) {
        return None;
    }
    let resources = writer_resources(st, &doc, w);
    let stated = match w.bytes {
        Bytes::Stated(n) => Some(n),
        Bytes::Unstated | Bytes::Small => None,
    };
    let size = match w.bytes {
        Bytes::Stated(n) => format!("{n} bytes"),
        Bytes::Unstated => "no stated maximum".to_string(),
        Bytes::Small => "values from a small set".to_string(),
    };
    let open = |rank, bytes, what: String| {
        Some(Open {
            label: w.action.to_string(),
            rank,
            bytes,
            what,
        })
    };
    if w.steer == Steer::Nothing {
        if !allowed(st, &doc, w.action, &resources, &nothing, &|_| {}) {
            return None;
        }
        return open(w.free_rank(), stated, format!("{}, {size}", w.carries));
    }
    // Tags: the caller's own key first, then the keys the policy names, each with a value of
    // the caller's choosing, then with the values the policy names.
    let tagged = |key: &str, value: &str| {
        let (key, value) = (key.to_string(), value.to_string());
        allowed(
            st,
            &doc,
            w.action,
            &resources,
            &tag_key,
            &move |c: &mut Context| {
                c.remove_where(tag_key);
                c.set("aws:TagKeys", vec![key.clone()]);
                c.set(&format!("aws:RequestTag/{key}"), vec![value.clone()]);
            },
        )
    };
    if tagged(&format!("{OTHER}-key"), OTHER) {
        return open(
            w.free_rank(),
            stated,
            format!("{}, any key, {size}", w.carries),
        );
    }
    let (keys, key_patterns) = named_tag_keys(&doc);
    for pattern in &key_patterns {
        if tagged(&probe::instantiate(pattern), OTHER) {
            return open(
                w.free_rank(),
                stated,
                format!("{}, keys matching {pattern}, {size}", w.carries),
            );
        }
    }
    let mut free_keys = Vec::new();
    let mut fixed = false;
    for key in &keys {
        let (literal, patterns) = tag_values(&doc, key);
        if std::iter::once(OTHER.to_string())
            .chain(patterns.iter().map(|p| probe::instantiate(p)))
            .any(|v| tagged(key, &v))
        {
            free_keys.push(key.clone());
        } else if !fixed && literal.iter().any(|v| tagged(key, v)) {
            fixed = true;
        }
    }
    if free_keys.is_empty() {
        return fixed.then(|| Open {
            label: w.action.to_string(),
            rank: Rank::Low,
            bytes: None,
            what: "tag values fixed by the policy's conditions".to_string(),
        });
    }
    let n = u32::try_from(free_keys.len()).unwrap_or(u32::MAX);
    let bytes = n.saturating_mul(EC2_TAG_VALUE);
    open(
        Rank::of_bytes(bytes),
        Some(bytes),
        format!("free values of {}, {bytes} bytes", free_keys.join(", ")),
    )
}

/// Tag keys the policy names (literal ones, and patterns with wildcards), from `aws:TagKeys`
/// values and `aws:RequestTag/<key>` condition keys.
fn named_tag_keys(doc: &PolicyDocument) -> (Vec<String>, Vec<String>) {
    let mut literal = BTreeSet::new();
    let mut patterns = BTreeSet::new();
    for c in doc.statements.iter().flat_map(|s| &s.condition) {
        let key = c.key.to_ascii_lowercase();
        if key == "aws:tagkeys" {
            for v in &c.values {
                if v.contains(['*', '?']) {
                    patterns.insert(v.clone());
                } else {
                    literal.insert(v.clone());
                }
            }
        } else if key.starts_with("aws:requesttag/") {
            literal.insert(c.key["aws:requesttag/".len()..].to_string());
        }
    }
    (
        literal.into_iter().collect(),
        patterns.into_iter().collect(),
    )
}

/// The values the policy names for one tag (`aws:RequestTag/<key>`): literal ones, and
/// patterns with wildcards (each admits free bytes).
fn tag_values(doc: &PolicyDocument, tag_key: &str) -> (Vec<String>, Vec<String>) {
    let key = format!("aws:requesttag/{}", tag_key.to_ascii_lowercase());
    let values = doc
        .statements
        .iter()
        .flat_map(|s| &s.condition)
        .filter(|c| c.key.to_ascii_lowercase() == key)
        .flat_map(|c| c.values.iter().cloned());
    values.partition(|v| !v.contains(['*', '?']))
}

/// The actions this endpoint's policy allows that the catalog does not know, by the pattern
/// that allows them (`ec2:*`, `ec2:Create*`, `ec2:CreateSnapshot`), or "ec2 actions no
/// statement names" for `*` and NotAction.
fn unknown_actions(st: &Stage<'_>, doc: &PolicyDocument, prefixes: &[&str]) -> Vec<String> {
    let mut candidates: Vec<(String, String)> = Vec::new();
    for statement in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
        if let ActionSpec::Action(list) = &statement.action {
            for pattern in list {
                let action = probe::instantiate(pattern);
                if prefixes.iter().any(|p| has_prefix(&action, p))
                    && !candidates.iter().any(|(_, label)| label == pattern)
                {
                    candidates.push((action, pattern.clone()));
                }
            }
        }
    }
    // Last, an action no statement names (allowed by `*` or a NotAction): only worth naming
    // when no pattern above already shows it.
    for p in prefixes {
        candidates.push((
            format!("{p}:{PROBE_ACTION}"),
            format!("{p} actions no statement names"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (action, label) in candidates {
        let fresh = action.ends_with(PROBE_ACTION);
        if (fresh && !out.is_empty()) || out.contains(&label) || !lookup_unknown(&action) {
            continue;
        }
        let reduced = restricted(doc, &action);
        let prefix = action.split(':').next().unwrap_or_default();
        let mut resources: Vec<(String, String)> = st
            .accounts
            .iter()
            .map(|a| {
                let arn = format!(
                    "arn:{}:{prefix}:{}:{a}:{OTHER}",
                    st.s.partition, st.s.bp.region
                );
                (arn, a.to_string())
            })
            .collect();
        resources.extend(named_resources(st, &reduced, None));
        if allowed(st, &reduced, &action, &resources, &nothing, &|_| {}) {
            out.push(label);
        }
    }
    out
}

fn lookup_unknown(action: &str) -> bool {
    writers::lookup(action) == Known::Unknown
}

/// One endpoint's finding: its open writers, worst first, and its budget a call.
fn finding(service: &str, default: bool, open: &[Open]) -> Option<Finding> {
    let worst = open.first()?.rank;
    let severity = match worst {
        Rank::High => Severity::Critical,
        Rank::Medium => Severity::Warning,
        Rank::Low => Severity::Info,
    };
    let writers: Vec<String> = open
        .iter()
        .map(|o| format!("{} ({}; {})", o.label, o.what, o.rank.word()))
        .collect();
    let unbounded = open
        .iter()
        .any(|o| o.bytes.is_none() && o.rank == Rank::High);
    let most = open.iter().filter_map(|o| o.bytes).max();
    let unstated: Vec<&str> = open
        .iter()
        .filter(|o| o.bytes.is_none() && o.rank == Rank::Medium)
        .map(|o| o.label.as_str())
        .collect();
    let budget = if unbounded {
        "no stated maximum".to_string()
    } else {
        let mut b = match most {
            Some(n) => format!("{n} bytes per call"),
            None if unstated.is_empty() => "a few bits per call".to_string(),
            None => String::new(),
        };
        if !unstated.is_empty() {
            if !b.is_empty() {
                b.push_str(", plus ");
            }
            b.push_str(&format!(
                "fields with no stated maximum ({})",
                unstated.join(", ")
            ));
        }
        b
    };
    let note = if default {
        " (no endpoint policy: AWS's default allows everything)"
    } else {
        ""
    };
    Some(Finding {
        id: CheckId::D12,
        severity,
        title: CheckId::D12.title().to_string(),
        detail: format!(
            "the {service} endpoint{note} lets requests from the subnets store what the model \
             owner reads from outside: {}; budget: {budget}",
            writers.join("; ")
        ),
        evidence: None,
    })
}
