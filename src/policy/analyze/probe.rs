//! Probes: the principals, resources and request contexts the checks evaluate.
//!
//! A check asks "is there a request of this kind that the policies allow?". The candidates are
//! the values the policies themselves name, plus a fresh "other" value per key, so a wildcard or
//! a condition a caller can steer is seen for what it allows.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{
    Context, Decision, PolicyDocument, Principal, PrincipalSpec, Request, RequestPrincipal,
};

/// A value no policy names: stands for "anything else".
pub const OTHER: &str = "eks-isolation-probe-other";

/// Keys the scenario decides; they are never enumerated as free.
const SCENARIO_KEYS: [&str; 5] = [
    "aws:sourcevpce",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:resourceaccount",
    "aws:principalorgid",
];

/// Whether a condition key (lower-case) is one the scenario decides, never the caller.
pub fn is_scenario_key(key: &str) -> bool {
    SCENARIO_KEYS.contains(&key)
}

/// Above this many combinations of free keys, vary one key at a time instead.
const MAX_COMBINATIONS: usize = 512;

/// Make a pattern concrete: each `*` becomes a probe word, each `?` one letter. A principal or
/// value built this way matches the pattern but is not any principal the blueprint declares.
pub fn instantiate(pattern: &str) -> String {
    pattern.replace('*', "probe").replace('?', "x")
}

/// A principal with its account taken from its ARN (`arn:p:iam::ACCOUNT:...`).
pub fn principal(arn: &str) -> RequestPrincipal {
    let account = arn.split(':').nth(4).unwrap_or_default().to_string();
    RequestPrincipal {
        arn: arn.to_string(),
        account,
        service: None,
    }
}

/// The anonymous caller.
pub fn anonymous() -> RequestPrincipal {
    RequestPrincipal {
        arn: "*".into(),
        account: String::new(),
        service: None,
    }
}

/// A fresh role in `account` that no policy names.
pub fn fresh_role(partition: &str, account: &str) -> RequestPrincipal {
    principal(&format!("arn:{partition}:iam::{account}:role/{OTHER}"))
}

/// An account ID different from every one given.
pub fn other_account(taken: &[&str]) -> String {
    (0..100u64)
        .map(|i| format!("{:012}", 999_999_999_999 - i))
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .unwrap_or_default()
}

/// Every IAM principal ARN a document names: in Principal/NotPrincipal `AWS` entries and as
/// values of `aws:PrincipalArn` conditions. Account IDs and `:root` ARNs become a fresh role of
/// that account; wildcards are instantiated.
///
/// A pattern is a class of principals, and each party names its own principals (role and user
/// names, paths, session names: THREATS.md, facts): so a pattern is tried as a principal of
/// every account in `accounts` its account segment matches (`arn:aws:iam::*:role/Admin*` is
/// `role/Adminprobe` in the data owner's, the model owner's and a stranger's account), and as
/// its literal account otherwise.
pub fn named_principals(
    doc: &PolicyDocument,
    partition: &str,
    accounts: &[&str],
) -> Vec<RequestPrincipal> {
    let mut arns = BTreeSet::new();
    for st in &doc.statements {
        if let Some(
            PrincipalSpec::Principal(Principal::Map(map))
            | PrincipalSpec::NotPrincipal(Principal::Map(map)),
        ) = &st.principal
        {
            for (kind, values) in map {
                if kind.eq_ignore_ascii_case("AWS") {
                    arns.extend(values.iter().cloned());
                }
            }
        }
        for c in &st.condition {
            if c.key.eq_ignore_ascii_case("aws:PrincipalArn") {
                arns.extend(c.values.iter().cloned());
            }
        }
    }
    arns.into_iter()
        .filter(|a| a != "*")
        .flat_map(|a| {
            if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) {
                vec![fresh_role(partition, &a)]
            } else {
                in_accounts(&a, accounts)
                    .into_iter()
                    .map(|arn| {
                        if arn.ends_with(":root") {
                            let account = arn.split(':').nth(4).unwrap_or_default().to_string();
                            fresh_role(partition, &account)
                        } else {
                            principal(&instantiate(&arn))
                        }
                    })
                    .collect()
            }
        })
        .collect()
}

/// An ARN pattern with its account segment made each of `accounts` it matches (ARN matching
/// is ArnLike's: `*` and `?` within the segment); unchanged when the segment has no wildcard.
fn in_accounts(pattern: &str, accounts: &[&str]) -> Vec<String> {
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    let Some(segment) = parts.get(4).filter(|s| s.contains(['*', '?'])) else {
        return vec![pattern.to_string()];
    };
    accounts
        .iter()
        .filter(|a| crate::policy::wildcard_match(segment, a, false))
        .map(|a| {
            let mut p = parts.clone();
            p[4] = a;
            p.join(":")
        })
        .collect()
}

/// The resources of `service` a document names (Resource and NotResource), made concrete as
/// targets in `account` and `region`: a pattern is a class of resources its owner can name
/// (`repository/models/*` is any repository the owner calls `models/...`), so its wildcards
/// are instantiated, and an open account or region segment becomes the one given. Patterns
/// whose account or region cannot be these are left out.
pub fn named_resources(
    docs: &[&PolicyDocument],
    service: &str,
    account: &str,
    region: &str,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for st in docs.iter().flat_map(|d| &d.statements) {
        let Some(
            crate::policy::ResourceSpec::Resource(list)
            | crate::policy::ResourceSpec::NotResource(list),
        ) = &st.resource
        else {
            continue;
        };
        for r in list {
            let mut parts: Vec<&str> = r.splitn(6, ':').collect();
            if parts.len() < 6 || parts[0] != "arn" {
                continue;
            }
            let m =
                |pattern: &str, value: &str| crate::policy::wildcard_match(pattern, value, false);
            if !m(parts[2], service) || !m(parts[4], account) || !m(parts[3], region) {
                continue;
            }
            if parts[5].chars().all(|c| c == '*') {
                continue; // names nothing: the fresh "other" target stands for it
            }
            parts[2] = service;
            parts[3] = region;
            parts[4] = account;
            out.insert(instantiate(&parts.join(":")));
        }
    }
    out
}

/// The values a document names for one condition key (lower-case), wildcards instantiated.
pub fn named_values(docs: &[&PolicyDocument], key: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for doc in docs {
        if let Some(values) = doc.condition_values().get(&key.to_ascii_lowercase()) {
            out.extend(values.iter().map(|v| instantiate(v)));
        }
    }
    out
}

/// The free condition keys of the documents (those no scenario decides) with their candidate
/// values: `None` = absent, each named value, and [`OTHER`].
fn free_keys(
    docs: &[&PolicyDocument],
    skip: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Vec<Option<String>>> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for doc in docs {
        for (key, values) in doc.condition_values() {
            if SCENARIO_KEYS.contains(&key.as_str()) || skip(&key) {
                continue;
            }
            let entry = keys.entry(key).or_default();
            entry.extend(values.iter().map(|v| instantiate(v)));
            entry.extend(values.iter().flat_map(|v| witnesses(v)));
        }
    }
    keys.into_iter()
        .map(|(k, named)| {
            let mut candidates = vec![None];
            candidates.extend(named.into_iter().map(Some));
            candidates.push(Some(OTHER.to_string()));
            (k, candidates)
        })
        .collect()
}

/// The values next to a named one that an ordering or a range tells apart from it: a number's
/// neighbours (`NumericLessThan 3600` holds for 3599, not for 3600), a date's second before
/// and after (epoch seconds, which the Date operators accept), and for an address or CIDR an
/// address inside it and the one just below it (`IpAddress 203.0.113.0/24` holds for
/// 203.0.113.0, never for the text `203.0.113.0/24`). Empty for other values.
pub fn witnesses(value: &str) -> Vec<String> {
    let v = value.trim();
    if let Ok(n) = v.parse::<i64>() {
        return vec![(n - 1).to_string(), (n + 1).to_string()];
    }
    if let Some(x) = v.parse::<f64>().ok().filter(|x| x.is_finite()) {
        return vec![(x - 1.0).to_string(), (x + 1.0).to_string()];
    }
    if let Some(secs) = crate::policy::date_seconds(v) {
        let secs = secs.floor() as i64;
        return vec![(secs - 1).to_string(), (secs + 1).to_string()];
    }
    let (net, len) = v.split_once('/').unwrap_or((v, ""));
    match net.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => {
            let bits: u32 = len.parse().unwrap_or(32).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            let first = ip.to_bits() & mask;
            vec![
                std::net::Ipv4Addr::from_bits(first).to_string(),
                std::net::Ipv4Addr::from_bits(first.wrapping_sub(1)).to_string(),
            ]
        }
        Ok(std::net::IpAddr::V6(ip)) => {
            let bits: u32 = len.parse().unwrap_or(128).min(128);
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            let first = ip.to_bits() & mask;
            vec![
                std::net::Ipv6Addr::from_bits(first).to_string(),
                std::net::Ipv6Addr::from_bits(first.wrapping_sub(1)).to_string(),
            ]
        }
        Err(_) => Vec::new(),
    }
}

/// One request context to try, and what it sets beyond the base (for findings' details).
pub struct Trial {
    pub context: Context,
    pub note: String,
}

/// Every request context worth trying on top of `base`: all combinations of the free keys'
/// candidates (or, when there are too many, each key varied alone, and all absent).
pub fn contexts(docs: &[&PolicyDocument], base: &Context) -> Vec<Trial> {
    contexts_except(docs, base, &|_| false)
}

/// [`contexts`], leaving alone the keys (lower-case) for which `skip` holds: the caller sets
/// those itself.
pub fn contexts_except(
    docs: &[&PolicyDocument],
    base: &Context,
    skip: &dyn Fn(&str) -> bool,
) -> Vec<Trial> {
    let free = free_keys(docs, skip);
    let total = free
        .values()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))
        .unwrap_or(usize::MAX);
    let mut out = vec![(base.clone(), Vec::<String>::new())];
    if total <= MAX_COMBINATIONS {
        for (key, candidates) in &free {
            let mut next = Vec::with_capacity(out.len() * candidates.len());
            for (ctx, note) in &out {
                for value in candidates {
                    let mut c = ctx.clone();
                    let mut n = note.clone();
                    if let Some(v) = value {
                        c.set(key, vec![v.clone()]);
                        n.push(format!("{key}={v}"));
                    }
                    next.push((c, n));
                }
            }
            out = next;
        }
    } else {
        for (key, candidates) in &free {
            for value in candidates.iter().flatten() {
                let mut c = base.clone();
                c.set(key, vec![value.clone()]);
                out.push((c, vec![format!("{key}={value}")]));
            }
        }
    }
    out.into_iter()
        .map(|(context, note)| Trial {
            context,
            note: if note.is_empty() {
                String::new()
            } else {
                format!(" (with {})", note.join(", "))
            },
        })
        .collect()
}

/// The decision of several documents taken together: any explicit Deny wins, then any Allow.
pub fn combined(docs: &[&PolicyDocument], req: &Request<'_>) -> Decision {
    let mut allowed = false;
    for doc in docs {
        match doc.evaluate(req) {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::Allow => allowed = true,
            Decision::NotApplicable => {}
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::NotApplicable
    }
}

/// The base context of a request by `who`: principal ARN, account and organization.
pub fn base_context(
    who: &RequestPrincipal,
    org_members: &[&str],
    org_ids: &BTreeSet<String>,
) -> Context {
    let mut ctx = Context::new();
    if who.account.is_empty() {
        return ctx;
    }
    ctx.set("aws:PrincipalArn", vec![who.arn.clone()]);
    ctx.set("aws:PrincipalAccount", vec![who.account.clone()]);
    let org = if org_members.contains(&who.account.as_str()) {
        org_ids
            .iter()
            .next()
            .cloned()
            .unwrap_or_else(|| "o-eks-isolation-probe".to_string())
    } else {
        format!("o-{OTHER}")
    };
    ctx.set("aws:PrincipalOrgID", vec![org]);
    ctx
}
