//! D6 and the SCP-content part of D9: what the SCPs in force leave possible for the model owner.
//!
//! SCPs are a ceiling: an action is possible only if some SCP allows it and none denies it.
//! Where no SCP given has an Allow statement, AWS's default `FullAWSAccess` is assumed beside
//! them. Several SCPs are taken as one level (any Allow suffices), which can only make an action
//! look more possible, never less: the safe side for a check.

use super::probe::{self, OTHER};
use super::{CheckId, Evidence, Finding, Scene, examples};
use crate::policy::generate::{COPY_ACTIONS, LEAVE_ORGANIZATION};
use crate::policy::{Decision, Effect, PolicyDocument, Request};

/// The model owner's callers an SCP can tell apart: a fresh role, and every principal pattern
/// the SCPs name, as the model owner's own (it names its roles, paths and sessions: an
/// exemption for `arn:aws:iam::*:role/OrgAdmin*` is a role it can create).
fn model_callers(s: &Scene<'_>, scps: &[&PolicyDocument]) -> Vec<crate::policy::RequestPrincipal> {
    let mut who = vec![probe::fresh_role(s.partition, s.model_owner)];
    for doc in scps {
        who.extend(
            probe::named_principals(doc, s.partition, &[s.model_owner])
                .into_iter()
                .filter(|p| p.account == s.model_owner),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    who.retain(|w| seen.insert(w.arn.clone()));
    who
}

/// If the model owner can do `action` under the SCPs, the context that shows it and the
/// request as evidence.
fn possible(s: &Scene<'_>, action: &str) -> Option<(String, Option<Evidence>)> {
    let scps: Vec<&PolicyDocument> = s.inputs.scps.iter().collect();
    if scps.is_empty() {
        return Some((String::new(), None));
    }
    let allow_list = scps
        .iter()
        .any(|d| d.statements.iter().any(|st| st.effect == Effect::Allow));
    let service = action.split(':').next().unwrap_or_default();
    let resource = format!(
        "arn:{}:{service}:{}:{}:{OTHER}/{OTHER}",
        s.partition, s.bp.region, s.model_owner
    );
    model_callers(s, &scps).into_iter().find_map(|caller| {
        let base = s.base_context(&caller);
        probe::contexts(&scps, &base).into_iter().find_map(|trial| {
            let req = Request {
                principal: &caller,
                action,
                resource: &resource,
                context: &trial.context,
            };
            let denied = match probe::combined(&scps, &req) {
                Decision::ExplicitDeny => true,
                Decision::Allow => false,
                Decision::NotApplicable => allow_list,
            };
            (!denied).then(|| {
                let mut evidence = Evidence::of(scps[0], "SCPs in force", &req);
                evidence.statements = scps.iter().flat_map(|d| d.explain(&req).1).collect();
                let note = if caller.arn.ends_with(OTHER) {
                    trial.note.clone()
                } else {
                    format!(" as {}{}", caller.arn, trial.note)
                };
                (note, Some(evidence))
            })
        })
    })
}

pub(super) fn d6_copy_paths(s: &Scene<'_>) -> Vec<Finding> {
    let mut proof = None;
    let open: Vec<String> = COPY_ACTIONS
        .iter()
        .filter_map(|a| {
            possible(s, a).map(|(note, evidence)| {
                if proof.is_none() {
                    proof = evidence;
                }
                format!("{a}{note}")
            })
        })
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let total = COPY_ACTIONS.len();
    vec![
        Finding::new(
            CheckId::D6,
            format!(
                "{} of {total} copy actions are not denied to account {}: {}",
                open.len(),
                s.model_owner,
                examples(&open, 4)
            ),
        )
        .with_evidence(proof),
    ]
}

pub(super) fn d9_escape(s: &Scene<'_>) -> Vec<Finding> {
    if s.inputs.scps.is_empty() {
        return vec![Finding::new(
            CheckId::D9,
            format!(
                "no isolation SCP is in force above account {}",
                s.model_owner
            ),
        )];
    }
    match possible(s, LEAVE_ORGANIZATION) {
        None => Vec::new(),
        Some((note, evidence)) => vec![
            Finding::new(
                CheckId::D9,
                format!(
                    "{LEAVE_ORGANIZATION} is not denied to account {}{note}: leaving the \
                     organization sheds every SCP",
                    s.model_owner
                ),
            )
            .with_evidence(evidence),
        ],
    }
}
