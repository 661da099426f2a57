//! `live_checks`: every THREATS.md check judged on a [`LiveState`]. Pure.
//!
//! The policy checks (D1 D2 D4 D5 D6 D9 D10 D12 S4) reuse the static analyzer on the policies
//! actually in force; the rest are judged here from the network, organization and model-owner
//! state. A check whose data is unknown is listed as undecided, never passed.

use std::collections::BTreeMap;

use super::state::LiveState;
use super::{accounts, network};
use crate::aws::ec2::EndpointKind;
use crate::blueprint::Blueprint;
use crate::policy::PolicyDocument;
use crate::policy::analyze::{self, CheckId, Finding, Inputs, Report, Undecided};

/// A check's verdict: its findings, or why it cannot be decided.
pub(crate) type Outcome = Result<Vec<Finding>, String>;

/// Collects verdicts; several parts of one check merge (any finding decides it failed).
#[derive(Default)]
struct Judge {
    parts: BTreeMap<CheckId, (Vec<Finding>, Vec<String>)>,
}

impl Judge {
    fn add(&mut self, id: CheckId, outcome: Outcome) {
        let entry = self.parts.entry(id).or_default();
        match outcome {
            Ok(findings) => entry.0.extend(findings),
            Err(reason) => entry.1.push(reason),
        }
    }

    fn report(self) -> Report {
        let mut report = Report::default();
        for (id, (findings, mut reasons)) in self.parts {
            // Two parts of one check may fail for the same reason: say it once.
            let mut seen = std::collections::BTreeSet::new();
            reasons.retain(|r| seen.insert(r.clone()));
            if findings.is_empty() && !reasons.is_empty() {
                report.undecided.push(Undecided {
                    id,
                    reason: reasons.join("; "),
                });
            } else {
                report.findings.extend(findings);
                report.checked.push(id);
            }
        }
        report.findings.sort_by_key(|f| f.id);
        report
    }
}

/// Judge every check on the live state.
pub fn live_checks(bp: &Blueprint, state: &LiveState) -> Report {
    let mut judge = Judge::default();
    let mut passes = BTreeMap::new();
    for (id, outcome) in policy_checks(bp, state, &mut passes) {
        judge.add(id, outcome);
    }
    judge.add(CheckId::D3, network::d3_routes(state));
    judge.add(CheckId::D7, accounts::d7_public_endpoint(bp, state));
    judge.add(CheckId::D8, network::d8_endpoints(state));
    judge.add(CheckId::D9, accounts::d9_organization(bp, state));
    judge.add(CheckId::D11, accounts::d11_public_access_block(bp, state));
    judge.add(CheckId::D13, super::dns::d13_dns(state));
    judge.add(CheckId::M1, accounts::m1_trust(bp, state));
    judge.add(CheckId::M2, accounts::m2_repositories(bp, state));
    judge.add(CheckId::M3, accounts::m3_access_entries(bp, state));
    judge.add(CheckId::M4, accounts::m4_open_inbound(state));
    judge.add(CheckId::M5, Ok(vec![accounts::m5_flow_logs(bp)]));
    judge.add(CheckId::M6, super::reach::m6_reach(bp, state));
    judge.add(CheckId::S1, network::s1_subnets(state));
    judge.add(CheckId::S2, network::s2_dns(state));
    judge.add(CheckId::S3, network::s3_required(bp, state));
    judge.add(CheckId::S5, network::s5_reachable(state));
    judge.add(CheckId::S6, accounts::s6_shared(bp, state));
    judge.add(CheckId::S7, network::s7_free_addresses(state));
    let mut report = judge.report();
    // Why a policy check passed, for the checks that did pass.
    passes.retain(|id, _| report.checked.contains(id) && !report.has(*id));
    report.passes = passes;
    report
}

/// The checks the static analyzer decides from policies: D1 D2 D4 D5 D6 D9 D10 D12 S4.
pub(crate) const POLICY_CHECKS: [CheckId; 9] = [
    CheckId::D1,
    CheckId::D2,
    CheckId::D4,
    CheckId::D5,
    CheckId::D6,
    CheckId::D9,
    CheckId::D10,
    CheckId::D12,
    CheckId::S4,
];

fn parse(what: &str, text: &str) -> Result<PolicyDocument, String> {
    PolicyDocument::from_json(text).map_err(|e| format!("the {what} does not parse: {e}"))
}

fn empty_document() -> PolicyDocument {
    PolicyDocument {
        version: None,
        id: None,
        statements: Vec::new(),
    }
}

/// Run the static analyzer on the policies in force; checks whose policy is unknown are
/// undecided.
fn policy_checks(
    bp: &Blueprint,
    state: &LiveState,
    passes: &mut BTreeMap<CheckId, Vec<String>>,
) -> Vec<(CheckId, Outcome)> {
    let mut unknown: BTreeMap<CheckId, String> = BTreeMap::new();
    let mut mark = |ids: &[CheckId], reason: String| {
        for id in ids {
            unknown.entry(*id).or_insert_with(|| reason.clone());
        }
    };

    let bucket_policy = match &state.bucket {
        None => {
            mark(&[CheckId::D1, CheckId::D10], state.reason(CheckId::D1));
            empty_document()
        }
        Some(b) => match b.policy.as_deref().map(|t| parse("bucket policy", t)) {
            None => empty_document(),
            Some(Ok(doc)) => doc,
            Some(Err(e)) => {
                mark(&[CheckId::D1, CheckId::D10], e);
                empty_document()
            }
        },
    };

    let s3_ids = [CheckId::D2, CheckId::S4, CheckId::D10];
    let (s3_endpoint_id, s3_policy) = match (&state.endpoints, state.s3_gateway()) {
        (None, _) => {
            mark(&s3_ids, state.reason(CheckId::D2));
            (String::new(), empty_document())
        }
        (Some(_), None) => {
            mark(&s3_ids, "there is no S3 gateway endpoint in the VPC".into());
            (String::new(), empty_document())
        }
        (Some(_), Some(ep)) => {
            let doc = match ep.policy.as_deref().map(|t| parse("S3 endpoint policy", t)) {
                None => analyze_default_policy(),
                Some(Ok(doc)) => doc,
                Some(Err(e)) => {
                    mark(&s3_ids, e);
                    empty_document()
                }
            };
            (ep.id.clone(), doc)
        }
    };

    let mut live_bp = bp.clone();
    let mut endpoint_policies = BTreeMap::new();
    match &state.endpoints {
        None => mark(
            &[CheckId::D4, CheckId::D5, CheckId::D12],
            state.reason(CheckId::D4),
        ),
        Some(eps) => {
            live_bp.network.interface_endpoints.clear();
            for ep in eps
                .iter()
                .filter(|e| e.kind == Some(EndpointKind::Interface))
            {
                if !live_bp.network.interface_endpoints.contains(&ep.service) {
                    live_bp.network.interface_endpoints.push(ep.service.clone());
                }
                let Some(text) = &ep.policy else { continue };
                match parse(&format!("{} endpoint policy", ep.service), text) {
                    Ok(doc) => {
                        endpoint_policies.entry(ep.service.clone()).or_insert(doc);
                    }
                    // D12 judges every interface endpoint: one it cannot read leaves it open.
                    Err(e) => match ep.service.as_str() {
                        "ecr.api" | "ecr.dkr" => mark(&[CheckId::D4, CheckId::D12], e),
                        "logs" => mark(&[CheckId::D5, CheckId::D12], e),
                        _ => mark(&[CheckId::D12], e),
                    },
                }
            }
        }
    }
    live_bp.network.s3_endpoint_id = Some(s3_endpoint_id.clone());

    let mut scps = Vec::new();
    match &state.scps {
        None => mark(&[CheckId::D6, CheckId::D9], state.reason(CheckId::D6)),
        Some(list) => {
            for scp in list {
                match parse(&format!("SCP {}", scp.name), &scp.content) {
                    Ok(doc) => scps.push(doc),
                    Err(e) => mark(&[CheckId::D6, CheckId::D9], e),
                }
            }
        }
    }

    let inputs = Inputs {
        blueprint: &live_bp,
        s3_endpoint_id: &s3_endpoint_id,
        bucket_policy: &bucket_policy,
        s3_endpoint_policy: &s3_policy,
        endpoint_policies: &endpoint_policies,
        scps: &scps,
    };
    let report = analyze::check(&inputs);
    *passes = report
        .passes
        .iter()
        .filter(|(id, _)| !unknown.contains_key(id))
        .map(|(id, lines)| (*id, lines.clone()))
        .collect();
    POLICY_CHECKS
        .iter()
        .map(|&id| {
            if let Some(reason) = unknown.get(&id) {
                return (id, Err(reason.clone()));
            }
            // With no SCP in force, the live D9 says so itself (with what is attached).
            if id == CheckId::D9 && scps.is_empty() {
                return (id, Ok(Vec::new()));
            }
            // A policy outside what the analyzer models leaves the check undecided.
            if let Some(u) = report.undecided.iter().find(|u| u.id == id) {
                return (id, Err(u.reason.clone()));
            }
            let findings = report
                .findings
                .iter()
                .filter(|f| f.id == id)
                .cloned()
                .collect();
            (id, Ok(findings))
        })
        .collect()
}

/// AWS's policy for an endpoint without one (full access).
fn analyze_default_policy() -> PolicyDocument {
    // Same document the analyzer assumes for interface endpoints without a policy.
    let text = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    PolicyDocument::from_json(text).unwrap_or_else(|_| empty_document())
}

/// Findings for one check from a list of problems (empty = pass).
pub(crate) fn findings(id: CheckId, problems: Vec<String>) -> Vec<Finding> {
    problems.into_iter().map(|p| Finding::new(id, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;
    use crate::verify::tests_fixture::{bp, good};

    #[test]
    fn a_pass_says_what_stops_each_caller_and_a_policy_variable_is_undecided() {
        let mut state = good();
        let report = live_checks(&bp(), &state);
        let d1 = report.passes.get(&CheckId::D1).expect("D1 passes");
        assert!(
            d1.iter()
                .any(|l| l.starts_with("denied by statement DenyOffEndpoint")),
            "{d1:?}"
        );

        // One more Allow, for the model owner's own home prefix through the endpoint: no
        // finding by itself, but `${aws:username}` is outside what the analyzer evaluates.
        let bucket = state.bucket.as_mut().expect("the fixture has a bucket");
        let text = bucket.policy.take().unwrap_or_default();
        let mut doc = PolicyDocument::from_json(&text).expect("the fixture's policy parses");
        let home = PolicyDocument::from_json(&format!(
            r#"{{"Statement":[{{"Sid":"Home","Effect":"Allow",
              "Principal":{{"AWS":"arn:aws:iam::222222222222:root"}},"Action":"s3:GetObject",
              "Resource":"arn:aws:s3:::{}/home/${{aws:username}}/*",
              "Condition":{{"StringEquals":{{"aws:SourceVpce":"{}"}}}}}}]}}"#,
            bucket.name,
            crate::verify::tests_fixture::S3_ENDPOINT
        ))
        .expect("the added statement parses");
        doc.statements.extend(home.statements);
        bucket.policy = Some(doc.to_json_pretty());
        let report = live_checks(&bp(), &state);
        let u = report
            .undecided
            .iter()
            .find(|u| u.id == CheckId::D1)
            .expect("D1 undecided");
        assert!(u.reason.contains("${aws:username}"), "{}", u.reason);
        assert!(!report.checked.contains(&CheckId::D1));
        assert!(!report.passes.contains_key(&CheckId::D1));
    }
}
