//! D13 on given DNS states: the generated firewall is clean; each way out is one finding.

use super::*;
use crate::aws::resolver::{Association, ResolverRule, Rule};
use crate::policy::dns_firewall::{ALLOW_PRIORITY, ASSOCIATION_PRIORITY, BLOCK_PRIORITY};

fn needed() -> Vec<String> {
    vec![
        "*.dkr.ecr.us-east-1.amazonaws.com".into(),
        "ec2.us-east-1.amazonaws.com".into(),
        "*.s3.us-east-1.amazonaws.com".into(),
    ]
}

fn association(name: &str, priority: i32) -> Association {
    Association {
        id: format!("rslvr-frgassoc-{name}"),
        group_id: format!("rslvr-frg-{name}"),
        vpc_id: "vpc-1".into(),
        name: name.into(),
        priority,
        status: "COMPLETE".into(),
    }
}

fn rule(name: &str, list: &str, priority: i32, action: &str) -> Rule {
    Rule {
        group_id: "rslvr-frg-iso".into(),
        domain_list_id: Some(list.into()),
        name: name.into(),
        priority,
        action: action.into(),
        block_response: (action == "BLOCK").then(|| "NXDOMAIN".to_string()),
        qtype: None,
    }
}

/// What apply makes: allow the needed names, then block `*` with NXDOMAIN; fail-open off.
pub(crate) fn generated() -> Dns {
    Dns {
        groups: vec![(
            association("iso", ASSOCIATION_PRIORITY),
            vec![
                rule("needed", "fdl-needed", ALLOW_PRIORITY, "ALLOW"),
                rule("everything", "fdl-all", BLOCK_PRIORITY, "BLOCK"),
            ],
        )],
        domains: [
            ("fdl-needed".to_string(), Ok(needed())),
            ("fdl-all".to_string(), Ok(vec!["*".to_string()])),
        ]
        .into(),
        fail_open: "DISABLED".into(),
        resolver_rules: Vec::new(),
        needed: needed(),
    }
}

fn judge(dns: Dns) -> Outcome {
    d13_dns(&LiveState {
        dns: Some(dns),
        ..LiveState::default()
    })
}

fn details(dns: Dns) -> Vec<String> {
    match judge(dns) {
        Ok(findings) => {
            assert!(findings.iter().all(|f| f.id == CheckId::D13));
            findings.into_iter().map(|f| f.detail).collect()
        }
        Err(why) => panic!("undecided: {why}"),
    }
}

#[test]
fn the_generated_firewall_is_clean() {
    assert_eq!(judge(generated()), Ok(Vec::new()));
}

#[test]
fn no_association_is_a_finding() {
    let mut dns = generated();
    dns.groups.clear();
    let d = details(dns);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].starts_with("no DNS Firewall rule group is associated"),
        "{d:#?}"
    );
}

#[test]
fn an_association_still_being_created_is_not_in_force() {
    let mut dns = generated();
    dns.groups[0].0.status = "CREATING".into();
    let d = details(dns);
    assert!(d[0].starts_with("no rule group associated with"), "{d:#?}");
}

#[test]
fn fail_open_on_is_a_finding() {
    let mut dns = generated();
    dns.fail_open = "ENABLED".into();
    let d = details(dns);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].starts_with("fail-open is ENABLED"), "{d:#?}");
}

#[test]
fn an_allow_all_rule_ahead_of_the_block_is_a_finding() {
    let mut dns = generated();
    dns.domains.insert(
        "fdl-open".into(),
        Ok(vec!["*".into(), "ec2.us-east-1.amazonaws.com".into()]),
    );
    dns.groups.insert(
        0,
        (
            association("open", 100),
            vec![rule("open", "fdl-open", 1, "ALLOW")],
        ),
    );
    dns.groups[1].0.priority = 200;
    let d = details(dns);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].contains("rule open (priority 1) of rule group open") && d[0].contains("allows `*`"),
        "{d:#?}"
    );
}

#[test]
fn an_alert_rule_lets_queries_through_too() {
    let mut dns = generated();
    dns.domains
        .insert("fdl-x".into(), Ok(vec!["attacker.example".into()]));
    dns.groups[0]
        .1
        .insert(0, rule("watch", "fdl-x", 50, "ALERT"));
    let d = details(dns);
    assert!(d[0].contains("only alerts on `attacker.example`"), "{d:#?}");
}

#[test]
fn an_allow_rule_after_the_block_changes_nothing() {
    let mut dns = generated();
    dns.domains
        .insert("fdl-x".into(), Ok(vec!["attacker.example".into()]));
    dns.groups[0].1.push(rule("late", "fdl-x", 300, "ALLOW"));
    assert_eq!(judge(dns), Ok(Vec::new()));
}

#[test]
fn a_block_for_one_query_type_is_not_a_block_of_everything() {
    let mut dns = generated();
    dns.groups[0].1[1].qtype = Some("A".into());
    let d = details(dns);
    assert!(d[0].starts_with("no rule group associated with"), "{d:#?}");
}

#[test]
fn a_forwarding_rule_is_a_finding_and_system_rules_are_not() {
    let mut dns = generated();
    let rr = |id: &str, kind: &str, domain: &str| ResolverRule {
        id: id.into(),
        name: id.into(),
        rule_type: kind.into(),
        domain: domain.into(),
        targets: if kind == "FORWARD" {
            vec!["203.0.113.53:53".into()]
        } else {
            Vec::new()
        },
    };
    dns.resolver_rules = vec![
        rr("rslvr-rr-out", "FORWARD", "attacker.example."),
        rr("rslvr-autodefined-rr-internet-resolver", "RECURSIVE", "."),
        rr("rslvr-rr-sys", "SYSTEM", "internal.example."),
    ];
    let d = details(dns);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].contains("forwards attacker.example. to 203.0.113.53:53"),
        "{d:#?}"
    );
}

#[test]
fn an_unreadable_list_that_lets_queries_through_leaves_it_undecided() {
    let mut dns = generated();
    dns.domains.insert(
        "fdl-managed".into(),
        Err("route53resolver:ListFirewallDomains: AccessDeniedException".into()),
    );
    dns.groups[0]
        .1
        .insert(0, rule("managed", "fdl-managed", 10, "ALLOW"));
    let undecided = judge(dns.clone());
    assert!(
        matches!(&undecided, Err(why) if why.contains("fdl-managed") && why.contains("AccessDenied")),
        "{undecided:?}"
    );
    // A way out found elsewhere decides it all the same.
    dns.fail_open = "ENABLED".into();
    assert_eq!(details(dns).len(), 1);
}

#[test]
fn an_unreadable_list_in_a_block_rule_does_not_matter() {
    let mut dns = generated();
    dns.domains
        .insert("fdl-managed".into(), Err("AccessDenied".into()));
    dns.groups[0]
        .1
        .insert(0, rule("malware", "fdl-managed", 10, "BLOCK"));
    assert_eq!(judge(dns), Ok(Vec::new()));
}

#[test]
fn unread_is_undecided_with_the_reason() {
    let mut state = LiveState::default();
    state.unreadable.push((
        CheckId::D13,
        "route53resolver:GetFirewallConfig: AccessDeniedException".into(),
    ));
    assert_eq!(
        d13_dns(&state),
        Err("route53resolver:GetFirewallConfig: AccessDeniedException".into())
    );
}
