//! D13: whether a name outside AWS can be resolved from the shared subnets. Pure.
//!
//! DNS Firewall applies the VPC's rule groups in association-priority order and each group's
//! rules in rule-priority order (both lowest first, Route 53 Resolver API reference:
//! AssociateFirewallRuleGroup.Priority, FirewallRule.Priority). The first rule whose domain list
//! matches a query decides it. A query for `<data>.attacker.example` is kept inside AWS only
//! when a BLOCK rule for every name (`*`, every query type) comes before any rule that lets a
//! name outside the needed ones through. ALLOW and ALERT both "permit the request to go
//! through" (FirewallRule.Action), so both count as letting it through.

use super::checks::Outcome;
use super::state::{Dns, LiveState};
use crate::policy::analyze::{CheckId, Finding};
use crate::policy::dns_firewall::{EVERY_NAME, normal, within};

/// Association states in which the rule group filters the VPC's queries.
const IN_FORCE: [&str; 2] = ["COMPLETE", "UPDATING"];

/// D13: one finding per way out; undecided when the evidence is incomplete and nothing else
/// already decided it failed.
pub(crate) fn d13_dns(state: &LiveState) -> Outcome {
    let dns = state.dns.as_ref().ok_or(state.reason(CheckId::D13))?;
    let vpc = state.vpc.as_ref().map_or("the VPC", |v| v.id.as_str());
    let mut ways = Vec::new();
    let mut unknown = Vec::new();
    match firewall(dns, &mut ways, &mut unknown) {
        Some(_) => {}
        None if unknown.is_empty() => ways.push(if dns.groups.is_empty() {
            format!(
                "no DNS Firewall rule group is associated with {vpc}: the Amazon-provided \
                 resolver forwards a query for <data>.attacker.example to the attacker's name \
                 server"
            )
        } else {
            format!(
                "no rule group associated with {vpc} blocks every other name (a BLOCK rule for \
                 `*` on every query type): names outside AWS still resolve"
            )
        }),
        None => {}
    }
    if normal(&dns.fail_open) != "disabled" {
        ways.push(format!(
            "fail-open is {} on {vpc}: DNS Firewall lets through the queries it cannot evaluate",
            dns.fail_open
        ));
    }
    for rule in dns
        .resolver_rules
        .iter()
        .filter(|r| r.rule_type == "FORWARD")
    {
        ways.push(format!(
            "resolver rule {} ({}) forwards {} to {}: a name server the data owner cannot \
             prove is its own",
            rule.name,
            rule.id,
            rule.domain,
            if rule.targets.is_empty() {
                "its endpoint's targets".to_string()
            } else {
                rule.targets.join(", ")
            }
        ));
    }
    if ways.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(ways
        .into_iter()
        .map(|detail| Finding::new(CheckId::D13, detail))
        .collect())
}

/// Walk the rules in DNS Firewall's order: each rule that lets a name outside the needed ones
/// through before the catch-all block is a way out. `Some(rule name)` of the catch-all block,
/// `None` when there is none (or an unreadable list came first: then `unknown` says why).
fn firewall(dns: &Dns, ways: &mut Vec<String>, unknown: &mut Vec<String>) -> Option<String> {
    for (association, rules) in dns
        .groups
        .iter()
        .filter(|(a, _)| IN_FORCE.contains(&a.status.as_str()))
    {
        for rule in rules {
            let at = format!(
                "rule {} (priority {}) of rule group {} (association priority {})",
                rule.name, rule.priority, association.name, association.priority
            );
            let lets_through = matches!(rule.action.as_str(), "ALLOW" | "ALERT");
            let Some(list) = &rule.domain_list_id else {
                if lets_through {
                    ways.push(format!(
                        "{at} lets queries through without a domain list, ahead of any block"
                    ));
                }
                continue;
            };
            let domains = match dns.domains.get(list) {
                Some(Ok(domains)) => domains,
                Some(Err(why)) if lets_through => {
                    unknown.push(format!("{at}: domain list {list} unread: {why}"));
                    return None;
                }
                None if lets_through => {
                    unknown.push(format!("{at}: domain list {list} not read"));
                    return None;
                }
                _ => continue,
            };
            if lets_through {
                let outside: Vec<&str> = domains
                    .iter()
                    .filter(|d| !within(d, &dns.needed))
                    .map(String::as_str)
                    .collect();
                if !outside.is_empty() {
                    ways.push(format!(
                        "{at} {} {}, names the cluster does not need, ahead of the block",
                        if rule.action == "ALERT" {
                            "only alerts on"
                        } else {
                            "allows"
                        },
                        shorten(&outside)
                    ));
                }
            } else if rule.action == "BLOCK"
                && rule.qtype.is_none()
                && domains.iter().any(|d| d == EVERY_NAME)
            {
                return Some(rule.name.clone());
            }
        }
    }
    None
}

/// The first few names, and how many more.
fn shorten(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

#[cfg(test)]
#[path = "tests_dns.rs"]
pub(crate) mod tests;
