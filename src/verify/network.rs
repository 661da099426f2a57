//! The data owner's network, live: D3, D8, S1, S2, S3, S5, S7.

use std::collections::BTreeSet;

use super::checks::{Outcome, findings};
use super::state::{Endpoint, EndpointType, IngressRule, LiveState, RouteTarget, SecurityGroup};
use crate::blueprint::{Blueprint, Ipv4Cidr};
use crate::policy::analyze::{
    CheckId, EKS_ENDPOINTS, EKS_REJECTED_AZ_IDS, REQUIRED_ENDPOINTS, Severity,
};

/// Endpoint states that mean the endpoint is not (or no longer) there.
const GONE: [&str; 5] = ["deleted", "deleting", "failed", "rejected", "expired"];

fn live(eps: &[Endpoint]) -> impl Iterator<Item = &Endpoint> {
    eps.iter()
        .filter(|e| !GONE.contains(&e.state.to_ascii_lowercase().as_str()))
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
        let table = tables
            .iter()
            .find(|t| t.subnet_ids.contains(&subnet.id))
            .or_else(|| tables.iter().find(|t| t.main));
        let Some(table) = table else {
            unknown.push(format!("no route table found for subnet {}", subnet.id));
            continue;
        };
        for route in &table.routes {
            let stays = matches!(
                route.target,
                RouteTarget::Local | RouteTarget::GatewayEndpoint(_)
            );
            if route_leaves_vpc(&route.destination, stays) {
                problems.push(format!(
                    "route table {} of subnet {} routes {} to {}: a way out of the VPC",
                    table.id,
                    subnet.id,
                    route.destination,
                    target_words(&route.target)
                ));
            }
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(findings(CheckId::D3, problems))
}

/// D3 for one route: whether it is a way out of the VPC. `local_or_gateway_endpoint`: its
/// target is the VPC itself or a gateway endpoint (S3, DynamoDB). A default route is a way out
/// whatever its target.
pub(crate) fn route_leaves_vpc(destination: &str, local_or_gateway_endpoint: bool) -> bool {
    let any = destination == "0.0.0.0/0" || destination == "::/0";
    any || !local_or_gateway_endpoint
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

fn target_words(t: &RouteTarget) -> String {
    match t {
        RouteTarget::Local => "local".into(),
        RouteTarget::GatewayEndpoint(id) => format!("gateway endpoint {id}"),
        RouteTarget::InternetGateway(id) => format!("internet gateway {id}"),
        RouteTarget::EgressOnlyGateway(id) => format!("egress-only gateway {id}"),
        RouteTarget::NatGateway(id) => format!("NAT gateway {id}"),
        RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
        RouteTarget::Peering(id) => format!("peering connection {id}"),
        RouteTarget::VirtualPrivateGateway(id) => format!("virtual private gateway {id}"),
        RouteTarget::NetworkInterface(id) => format!("network interface {id}"),
        RouteTarget::Instance(id) => format!("instance {id}"),
        RouteTarget::Other(what) => what.clone(),
    }
}

pub(crate) fn d8_endpoints(state: &LiveState) -> Outcome {
    let eps = state.endpoints.as_ref().ok_or(state.reason(CheckId::D8))?;
    let problems = live(eps)
        .filter(|e| e.kind == EndpointType::Interface)
        .filter(|e| !EKS_ENDPOINTS.contains(&e.service.as_str()))
        .map(|e| {
            format!(
                "interface endpoint {} for {} is in the VPC: a private EKS cluster does not need \
                 it, and it can carry data out",
                e.id, e.service_name
            )
        })
        .collect();
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
    let mut needed: Vec<&str> = REQUIRED_ENDPOINTS.to_vec();
    for optional in ["eks", "eks-auth"] {
        if bp.network.interface_endpoints.iter().any(|e| e == optional) {
            needed.push(optional);
        }
    }
    let mut missing: Vec<String> = needed
        .into_iter()
        .filter(|n| {
            !have
                .iter()
                .any(|e| e.kind == EndpointType::Interface && e.service == *n)
        })
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
    let proto = rule.protocol.as_str();
    let ports = proto == "-1"
        || ((proto == "tcp" || proto == "6")
            && rule.from_port.is_none_or(|f| f <= 443)
            && rule.to_port.is_none_or(|t| t >= 443));
    ports
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
    for ep in live(eps).filter(|e| e.kind == EndpointType::Interface) {
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
            .filter(|g| ep.security_groups.contains(&g.id))
            .collect();
        if attached.len() < ep.security_groups.len() || state.security_groups.is_none() {
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
