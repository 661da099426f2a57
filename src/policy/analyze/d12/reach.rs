//! D12's reach: which requests an endpoint policy allows, and the resources worth trying.

use std::collections::BTreeSet;

use super::Stage;
use crate::policy::analyze::Scene;
use crate::policy::analyze::probe::{self, OTHER};
use crate::policy::analyze::writers::Writer;
use crate::policy::condition;
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
///
/// Judged one Allow statement at a time: every combination of the values its own conditions
/// name (and a fresh one, and none), then, while a Deny applies, one of that Deny's keys set
/// to another value to break it (a Deny holds only when all its conditions do, so breaking one
/// is enough). This keeps the work per statement small however large the policy is.
pub(super) fn allowed(
    st: &Stage<'_>,
    doc: &PolicyDocument,
    action: &str,
    resources: &[(String, String)],
    steered: &dyn Fn(&str) -> bool,
    adjust: &dyn Fn(&mut Context),
) -> bool {
    let denies: Vec<PolicyDocument> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .map(|s| single(doc, s))
        .collect();
    let escapes = deny_candidates(&denies, steered);
    // What the call carries is set by `adjust` alone: a statement whose conditions on those
    // keys fail for it cannot allow the call, whatever else the caller chooses.
    let mut carried = Context::new();
    adjust(&mut carried);
    for statement in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
        let refused = statement
            .condition
            .iter()
            .any(|c| steered(&c.key) && !condition::holds(c, carried.get(&c.key)));
        if refused {
            continue;
        }
        let allow = single(doc, statement);
        let targets: Vec<&(String, String)> = resources
            .iter()
            .filter(|(r, _)| statement.names_resource(r))
            .collect();
        if targets.is_empty() {
            continue;
        }
        for who in st.who.iter().filter(|w| statement.names_principal(w)) {
            let base = st.s.base_context(who);
            for (resource, account) in &targets {
                let mut base = base.clone();
                base.set("aws:ResourceAccount", vec![account.clone()]);
                for trial in probe::contexts_except(&[&allow], &base, steered) {
                    let mut context = trial.context;
                    adjust(&mut context);
                    let req = |c: &Context| -> bool {
                        let r = Request {
                            principal: who,
                            action,
                            resource,
                            context: c,
                        };
                        allow.evaluate(&r) == Decision::Allow
                            && !denies
                                .iter()
                                .any(|d| d.evaluate(&r) == Decision::ExplicitDeny)
                    };
                    if req(&context)
                        || escape(&denies, &escapes, &allow, who, action, resource, context)
                    {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// One statement as a document of its own.
fn single(doc: &PolicyDocument, statement: &crate::policy::Statement) -> PolicyDocument {
    PolicyDocument {
        version: doc.version.clone(),
        id: None,
        statements: vec![statement.clone()],
    }
}

/// Condition keys (lower-case), each with the values a caller can give it (`None`: absent).
type Choices = Vec<(String, Vec<Option<String>>)>;

/// For each Deny, the values its keys can take: absent, each value the policy names (made
/// concrete), and a fresh one. The scenario's keys and the steered ones are not the caller's
/// to change.
fn deny_candidates(denies: &[PolicyDocument], steered: &dyn Fn(&str) -> bool) -> Vec<Choices> {
    denies
        .iter()
        .map(|d| {
            d.condition_values()
                .into_iter()
                .filter(|(k, _)| !probe::is_scenario_key(k) && !steered(k))
                .map(|(k, values)| {
                    let mut candidates = vec![None];
                    candidates.extend(values.iter().map(|v| Some(probe::instantiate(v))));
                    candidates.push(Some(OTHER.to_string()));
                    (k, candidates)
                })
                .collect()
        })
        .collect()
}

/// Whether the caller, from `context` (which `allow` allows), can change keys so that no Deny
/// applies while `allow` still does: each time a Deny applies, one of its keys is set to a
/// value that breaks it.
fn escape(
    denies: &[PolicyDocument],
    candidates: &[Choices],
    allow: &PolicyDocument,
    who: &crate::policy::RequestPrincipal,
    action: &str,
    resource: &str,
    mut context: Context,
) -> bool {
    let verdict = |doc: &PolicyDocument, c: &Context| {
        doc.evaluate(&Request {
            principal: who,
            action,
            resource,
            context: c,
        })
    };
    for _ in 0..=denies.len() {
        let Some(i) = denies
            .iter()
            .position(|d| verdict(d, &context) == Decision::ExplicitDeny)
        else {
            return verdict(allow, &context) == Decision::Allow;
        };
        let fixed = candidates[i].iter().find_map(|(key, values)| {
            values.iter().find_map(|value| {
                let mut c = context.clone();
                match value {
                    Some(v) => {
                        c.set(key, vec![v.clone()]);
                    }
                    None => {
                        c.remove_where(|k| k == key);
                    }
                }
                (verdict(&denies[i], &c) != Decision::ExplicitDeny
                    && verdict(allow, &c) == Decision::Allow)
                    .then_some(c)
            })
        });
        match fixed {
            Some(c) => context = c,
            None => return false,
        }
    }
    false
}

/// Keys the caller sets when it tags (any case): never enumerated, always set by the tag probe.
pub(super) fn tag_key(k: &str) -> bool {
    const REQUEST_TAG: &str = "aws:requesttag/";
    k.eq_ignore_ascii_case("aws:tagkeys")
        || k.get(..REQUEST_TAG.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(REQUEST_TAG))
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
