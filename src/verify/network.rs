//! The data owner's network, live: D3, D8, S1, S2, S3, S5, S7.

use std::collections::BTreeSet;

use super::checks::{Outcome, findings};
use super::state::LiveState;
use crate::aws::ec2::{
    Endpoint, EndpointKind, IngressRule, Route, RouteTable, SecurityGroup, table_of_subnet,
};
use crate::blueprint::{Blueprint, Ipv4Cidr};
use crate::policy::analyze::{
    CheckId, EKS_ENDPOINTS, EKS_REJECTED_AZ_IDS, Severity, required_endpoints,
};

fn live(eps: &[Endpoint]) -> impl Iterator<Item = &Endpoint> {
    eps.iter().filter(|e| !e.is_gone())
}

fn interface(e: &Endpoint) -> bool {
    e.kind == Some(EndpointKind::Interface)
}

/// D3 for one subnet, as `verify` and the subnet picker both judge it: the route table it uses
/// (its own, else the VPC's main one) and that table's routes out of the VPC; `None` when it
/// has neither table.
pub fn d3_ways_out<'a>(
    tables: &'a [RouteTable],
    subnet_id: &str,
) -> Option<(&'a RouteTable, Vec<&'a Route>)> {
    let table = table_of_subnet(tables, subnet_id)?;
    Some((
        table,
        table.routes.iter().filter(|r| leaves_vpc(r)).collect(),
    ))
}

/// Whether a route is a way out of the VPC: any target but the VPC itself or a gateway endpoint
/// (S3, DynamoDB); and a default route whatever its target.
fn leaves_vpc(route: &Route) -> bool {
    let destination = route.destination();
    let any = destination == "0.0.0.0/0" || destination == "::/0";
    any || !(route.is_local() || route.is_endpoint())
}

pub(crate) fn d3_routes(state: &LiveState) -> Outcome {
    let subnets = state.subnets.as_ref().ok_or(state.reason(CheckId::D3))?;
    let tables = state
        .route_tables
        .as_ref()
        .ok_or(state.reason(CheckId::D3))?;
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for subnet in subnets {
        let Some((table, out)) = d3_ways_out(tables, &subnet.id) else {
            unknown.push(format!("no route table found for subnet {}", subnet.id));
            continue;
        };
        for route in out {
            problems.push(format!(
                "route table {} of subnet {} routes {} to {}: a way out of the VPC",
                table.id,
                subnet.id,
                route.destination(),
                route.target
            ));
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(findings(CheckId::D3, problems))
}

/// S1 for one subnet: whether EKS rejects its AZ ID.
pub(crate) fn az_id_rejected(az_id: &str) -> bool {
    EKS_REJECTED_AZ_IDS.contains(&az_id)
}

/// S7 for one subnet: critical below 6 free addresses (EKS needs them), a warning below 16.
pub(crate) fn s7_severity(free: u32) -> Option<Severity> {
    match free {
        0..6 => Some(Severity::Critical),
        6..16 => Some(Severity::Warning),
        _ => None,
    }
}

/// D8 for one endpoint, as `verify` and the endpoint picker both say it: an interface endpoint
/// of a service a private EKS cluster does not need, in one sentence; `None` for any other.
pub fn d8_unneeded(ep: &Endpoint) -> Option<String> {
    (interface(ep) && !EKS_ENDPOINTS.contains(&ep.service.as_str())).then(|| {
        format!(
            "interface endpoint {} for {} is in the VPC: a private EKS cluster does not need it, \
             and it can carry data out",
            ep.id, ep.service_name
        )
    })
}

pub(crate) fn d8_endpoints(state: &LiveState) -> Outcome {
    let eps = state.endpoints.as_ref().ok_or(state.reason(CheckId::D8))?;
    let problems = live(eps).filter_map(d8_unneeded).collect();
    Ok(findings(CheckId::D8, problems))
}

pub(crate) fn s1_subnets(state: &LiveState) -> Outcome {
    let subnets = state.subnets.as_ref().ok_or(state.reason(CheckId::S1))?;
    let distinct: BTreeSet<&str> = subnets.iter().map(|s| s.az_id.as_str()).collect();
    let mut problems = Vec::new();
    if distinct.len() < 2 {
        problems.push(format!(
            "{} shared subnet(s) in {} distinct AZ ID(s); EKS needs at least two AZ IDs",
            subnets.len(),
            distinct.len()
        ));
    }
    for s in subnets {
        if az_id_rejected(&s.az_id) {
            problems.push(format!(
                "subnet {} is in {}, an AZ ID that EKS rejects",
                s.id, s.az_id
            ));
        }
    }
    Ok(findings(CheckId::S1, problems))
}

pub(crate) fn s2_dns(state: &LiveState) -> Outcome {
    let vpc = state.vpc.as_ref().ok_or(state.reason(CheckId::S2))?;
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for (what, value) in [
        ("DNS support", vpc.dns_support),
        ("DNS hostnames", vpc.dns_hostnames),
    ] {
        match value {
            Some(true) => {}
            Some(false) => problems.push(format!(
                "VPC {} has {what} off: nodes of a private cluster cannot resolve the endpoints",
                vpc.id
            )),
            None => unknown.push(format!("{what} of VPC {} is unknown", vpc.id)),
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        let mut reason = unknown.join("; ");
        let extra = state.reason(CheckId::S2);
        if state.unreadable.iter().any(|(i, _)| *i == CheckId::S2) {
            reason = format!("{reason} ({extra})");
        }
        return Err(reason);
    }
    Ok(findings(CheckId::S2, problems))
}

pub(crate) fn s3_required(bp: &Blueprint, state: &LiveState) -> Outcome {
    let eps = state.endpoints.as_ref().ok_or(state.reason(CheckId::S3))?;
    let have: Vec<&Endpoint> = live(eps).collect();
    let mut needed: Vec<&str> = required_endpoints(bp);
    for optional in ["eks", "eks-auth"] {
        if !needed.contains(&optional)
            && bp.network.interface_endpoints.iter().any(|e| e == optional)
        {
            needed.push(optional);
        }
    }
    let mut missing: Vec<String> = needed
        .into_iter()
        .filter(|n| !have.iter().any(|e| interface(e) && e.service == *n))
        .map(str::to_string)
        .collect();
    if state.s3_gateway().is_none() {
        missing.insert(0, "the S3 gateway endpoint".into());
    }
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    Ok(findings(
        CheckId::S3,
        vec![format!(
            "the VPC lacks {}: nodes of a private cluster cannot join or pull images without them",
            missing.join(", ")
        )],
    ))
}

/// Whether a rule lets TCP 443 in from a whole CIDR.
fn allows_443_from(rule: &IngressRule, cidr: Ipv4Cidr) -> bool {
    rule.allows_https()
        && rule
            .cidrs
            .iter()
            .filter_map(|c| c.parse::<Ipv4Cidr>().ok())
            .any(|c| c.contains(cidr))
}

pub(crate) fn s5_reachable(state: &LiveState) -> Outcome {
    let eps = state.endpoints.as_ref().ok_or(state.reason(CheckId::S5))?;
    let subnets = state.subnets.as_ref().ok_or(state.reason(CheckId::S5))?;
    let groups: &[SecurityGroup] = state.security_groups.as_deref().unwrap_or_default();
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for ep in live(eps).filter(|e| interface(e)) {
        match ep.private_dns {
            Some(true) => {}
            Some(false) => problems.push(format!(
                "interface endpoint {} ({}) has private DNS off: nodes resolve the public name",
                ep.id, ep.service
            )),
            None => unknown.push(format!("private DNS of endpoint {} is unknown", ep.id)),
        }
        let attached: Vec<&SecurityGroup> = groups
            .iter()
            .filter(|g| ep.security_group_ids.contains(&g.id))
            .collect();
        if attached.len() < ep.security_group_ids.len() || state.security_groups.is_none() {
            unknown.push(format!(
                "security groups of endpoint {} not read ({})",
                ep.id,
                state.reason(CheckId::S5)
            ));
            continue;
        }
        for subnet in subnets {
            let Ok(cidr) = subnet.cidr.parse::<Ipv4Cidr>() else {
                unknown.push(format!("subnet {} has no IPv4 CIDR", subnet.id));
                continue;
            };
            let open = attached
                .iter()
                .any(|g| g.ingress.iter().any(|r| allows_443_from(r, cidr)));
            if !open {
                problems.push(format!(
                    "interface endpoint {} ({}) does not allow TCP 443 from subnet {} ({})",
                    ep.id, ep.service, subnet.id, subnet.cidr
                ));
            }
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(findings(CheckId::S5, problems))
}

pub(crate) fn s7_free_addresses(state: &LiveState) -> Outcome {
    let subnets = state.subnets.as_ref().ok_or(state.reason(CheckId::S7))?;
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for s in subnets {
        match s.available_ips {
            None => unknown.push(format!("free addresses of subnet {} unknown", s.id)),
            Some(n) => {
                let Some(severity) = s7_severity(n) else {
                    continue;
                };
                let mut f = crate::policy::analyze::Finding::new(
                    CheckId::S7,
                    if severity == Severity::Critical {
                        format!(
                            "subnet {} has {n} free addresses: EKS needs at least 6",
                            s.id
                        )
                    } else {
                        format!("subnet {} has {n} free addresses; 16 are recommended", s.id)
                    },
                );
                f.severity = severity;
                out.push(f);
            }
        }
    }
    if out.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(out)
}
