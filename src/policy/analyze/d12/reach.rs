//! D12's reach: which requests an endpoint policy allows, and the resources worth trying.

use std::collections::BTreeSet;

use super::Stage;
use crate::policy::analyze::Scene;
use crate::policy::analyze::probe::{self, OTHER};
use crate::policy::analyze::writers::Writer;
use crate::policy::{
    ActionSpec, Context, Decision, Effect, PolicyDocument, Request, ResourceSpec, wildcard_match,
};

/// The statements of `doc` that can apply to `action` (the rest never change its verdict).
pub(super) fn restricted(doc: &PolicyDocument, action: &str) -> PolicyDocument {
    let covers = |patterns: &[String]| patterns.iter().any(|p| wildcard_match(p, action, true));
    PolicyDocument {
        version: doc.version.clone(),
        id: None,
        statements: doc
            .statements
            .iter()
            .filter(|st| match &st.action {
                ActionSpec::Action(a) => covers(a),
                ActionSpec::NotAction(a) => !covers(a),
            })
            .cloned()
            .collect(),
    }
}

/// Whether some caller may do `action` on some of `resources` through `doc` in a context it
/// can choose, after `adjust` sets what the call carries (the keys `steered` holds for are
/// left to `adjust`, not enumerated).
pub(super) fn allowed(
    st: &Stage<'_>,
    doc: &PolicyDocument,
    action: &str,
    resources: &[(String, String)],
    steered: &dyn Fn(&str) -> bool,
    adjust: &dyn Fn(&mut Context),
) -> bool {
    let allows: Vec<_> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .collect();
    // Only a caller and a resource some Allow names can be allowed.
    let resources: Vec<&(String, String)> = resources
        .iter()
        .filter(|(r, _)| allows.iter().any(|s| s.names_resource(r)))
        .collect();
    if resources.is_empty() {
        return false;
    }
    let accounts: BTreeSet<&str> = resources.iter().map(|(_, a)| a.as_str()).collect();
    st.who
        .iter()
        .filter(|who| allows.iter().any(|s| s.names_principal(who)))
        .any(|who| {
            let base = st.s.base_context(who);
            accounts.iter().any(|account| {
                let mut base = base.clone();
                base.set("aws:ResourceAccount", vec![(*account).to_string()]);
                let trials = probe::contexts_except(&[doc], &base, steered);
                resources
                    .iter()
                    .filter(|(_, a)| a == account)
                    .any(|(resource, _)| {
                        trials.iter().any(|trial| {
                            let mut context = trial.context.clone();
                            adjust(&mut context);
                            let req = Request {
                                principal: who,
                                action,
                                resource,
                                context: &context,
                            };
                            doc.evaluate(&req) == Decision::Allow
                        })
                    })
            })
        })
}

/// Keys the caller sets when it tags: never enumerated, always set by the tag probe.
pub(super) fn tag_key(k: &str) -> bool {
    k == "aws:tagkeys" || k.starts_with("aws:requesttag/")
}

pub(super) fn nothing(_: &str) -> bool {
    false
}

/// Resources to try for a writer: its templates in each readable account, and the resources
/// of its type the policy names.
pub(super) fn writer_resources(
    st: &Stage<'_>,
    doc: &PolicyDocument,
    w: &Writer,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for template in w.resources {
        for account in st.accounts {
            out.push((fill(st.s, template, account), account.to_string()));
        }
        let kind = template
            .splitn(6, ':')
            .nth(5)
            .and_then(|r| r.split('{').next())
            .unwrap_or_default();
        out.extend(named_resources(st, doc, Some(kind)));
    }
    out
}

fn fill(s: &Scene<'_>, template: &str, account: &str) -> String {
    template
        .replace("{p}", s.partition)
        .replace("{r}", &s.bp.region)
        .replace("{a}", account)
        .replace("{x}", OTHER)
}

/// The resource ARNs the policy's Allow statements name, made concrete in each readable
/// account (an account the ARN names literally stays; the data owner's are not readable).
pub(super) fn named_resources(
    st: &Stage<'_>,
    doc: &PolicyDocument,
    kind: Option<&str>,
) -> Vec<(String, String)> {
    let mut out = BTreeSet::new();
    for statement in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
        let Some(ResourceSpec::Resource(list)) = &statement.resource else {
            continue;
        };
        for pattern in list {
            let parts: Vec<&str> = pattern.splitn(6, ':').collect();
            if parts.len() != 6 {
                continue;
            }
            let resource = probe::instantiate(parts[5]);
            if kind.is_some_and(|k| !resource.starts_with(k)) {
                continue;
            }
            let region = if parts[3].contains(['*', '?']) {
                st.s.bp.region.clone()
            } else {
                parts[3].to_string()
            };
            let literal = parts[4].len() == 12 && parts[4].bytes().all(|b| b.is_ascii_digit());
            let accounts: Vec<&str> = if literal {
                vec![parts[4]]
            } else if parts[4].is_empty() {
                Vec::new()
            } else {
                st.accounts.to_vec()
            };
            for account in accounts.into_iter().filter(|a| *a != st.s.data_owner) {
                let arn = format!(
                    "arn:{}:{}:{region}:{account}:{resource}",
                    st.s.partition, parts[2]
                );
                out.insert((arn, account.to_string()));
            }
        }
    }
    out.into_iter().collect()
}
