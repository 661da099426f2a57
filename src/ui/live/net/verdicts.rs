//! What the pickers say about each live row, with the checks `verify` and `check` already have:
//! a subnet's D3/S1/S7 badges (from its route table and size), a VPC's S2 badge, and an
//! existing endpoint's policy judged by the analyzer as if it were the blueprint's. Pure.

use crate::aws::ec2::{Endpoint, EndpointKind, RouteTable, SubnetSummary, VpcSummary};
use crate::blueprint::Blueprint;
use crate::policy::PolicyDocument;
use crate::policy::analyze::{CheckId, Finding, Severity, default_endpoint_policy};
use crate::policy::generate::generate;
use crate::policy::overrides::{Overrides, PolicyKind};
use crate::ui::derive::analyze_with;
use crate::verify::{az_id_rejected, d3_ways_out, d8_unneeded, s7_severity};

/// How bad a badge is. Shown as a symbol and the check ID, never by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Critical,
    Warning,
    /// Could not be judged (e.g. the route tables were not read).
    Unknown,
}

impl Level {
    pub fn of(severity: Severity) -> Self {
        match severity {
            Severity::Critical => Self::Critical,
            Severity::Warning | Severity::Info => Self::Warning,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Critical => "✗",
            Self::Warning => "⚠",
            Self::Unknown => "?",
        }
    }
}

/// One finding about a row: `✗D3`, with why in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub id: CheckId,
    pub level: Level,
    pub why: String,
}

impl Badge {
    fn new(id: CheckId, level: Level, why: String) -> Self {
        Self { id, level, why }
    }

    /// `✗D3`.
    pub fn short(&self) -> String {
        format!("{}{}", self.level.symbol(), self.id)
    }
}

/// `✗D3 ⚠S7`, or empty.
pub fn shorts(badges: &[Badge]) -> String {
    badges
        .iter()
        .map(Badge::short)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A subnet's badges: D3 from the routes of the table it uses (`tables`: `None` when they
/// could not be read), S1 from its AZ ID, S7 from its free addresses.
pub fn subnet_badges(s: &SubnetSummary, tables: Option<&[RouteTable]>) -> Vec<Badge> {
    let mut out = Vec::new();
    match tables.map(|t| d3_ways_out(t, &s.id)) {
        None => out.push(Badge::new(
            CheckId::D3,
            Level::Unknown,
            "routes not read".into(),
        )),
        Some(None) => out.push(Badge::new(
            CheckId::D3,
            Level::Unknown,
            "no route table found (no main table either)".into(),
        )),
        Some(Some((table, ways_out))) => {
            if let Some(first) = ways_out.first() {
                let more = match ways_out.len() {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                out.push(Badge::new(
                    CheckId::D3,
                    Level::of(CheckId::D3.severity()),
                    format!(
                        "route table {} routes {} → {}{more}: a way out",
                        table.id,
                        first.destination(),
                        first.target.id()
                    ),
                ));
            }
        }
    }
    if az_id_rejected(&s.az_id) {
        out.push(Badge::new(
            CheckId::S1,
            Level::of(CheckId::S1.severity()),
            format!("EKS rejects AZ ID {}", s.az_id),
        ));
    }
    if let Some(n) = s.available_ips
        && let Some(severity) = s7_severity(n)
    {
        let why = if severity == Severity::Critical {
            format!("{n} free addresses: EKS needs at least 6")
        } else {
            format!("{n} free addresses: 16 are recommended")
        };
        out.push(Badge::new(CheckId::S7, Level::of(severity), why));
    }
    out
}

/// A VPC's S2 badge: DNS support or hostnames off (or unknown).
pub fn vpc_badges(v: &VpcSummary) -> Vec<Badge> {
    let off: Vec<&str> = [
        ("DNS support", v.dns_support),
        ("DNS hostnames", v.dns_hostnames),
    ]
    .iter()
    .filter(|(_, on)| *on == Some(false))
    .map(|(what, _)| *what)
    .collect();
    if !off.is_empty() {
        return vec![Badge::new(
            CheckId::S2,
            Level::of(CheckId::S2.severity()),
            format!(
                "{} off: nodes cannot resolve the endpoints' private names",
                off.join(" and ")
            ),
        )];
    }
    if v.dns_support.is_none() || v.dns_hostnames.is_none() {
        return vec![Badge::new(
            CheckId::S2,
            Level::Unknown,
            "DNS settings not read (ec2:DescribeVpcAttribute)".into(),
        )];
    }
    Vec::new()
}

/// An existing endpoint of the VPC with what the checks say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRow {
    pub endpoint: Endpoint,
    /// `s3`, `ecr.api`, …
    pub service: String,
    pub badges: Vec<Badge>,
    /// What was judged, in words (`policy checked for D2, S4: no finding`).
    pub note: String,
}

impl EndpointRow {
    /// The S3 gateway endpoint (the one `network.s3_endpoint_id` names).
    pub fn is_s3_gateway(&self) -> bool {
        self.service == "s3" && self.endpoint.kind == Some(EndpointKind::Gateway)
    }
}

/// Judge an existing endpoint: its policy (AWS's default when it has none) stands in for the
/// blueprint's policy of that service, and the analyzer runs the checks of that service only:
/// D2 and S4 for the S3 gateway endpoint, D4 for ECR, D5 for logs, D8 for a service a private
/// cluster does not need.
pub fn endpoint_row(bp: &Blueprint, ep: &Endpoint) -> EndpointRow {
    let service = ep.service.clone();
    let row = |badges: Vec<Badge>, note: String| EndpointRow {
        endpoint: ep.clone(),
        service: service.clone(),
        badges,
        note,
    };
    let interface = ep.kind == Some(EndpointKind::Interface);
    let gateway = ep.kind == Some(EndpointKind::Gateway);
    if let Some(why) = d8_unneeded(ep) {
        // As `verify` judges it and says it (D8 of the live network).
        let d8 = Badge::new(CheckId::D8, Level::of(CheckId::D8.severity()), why);
        return row(vec![d8], "not needed by a private cluster".into());
    }
    let (kind, checks): (PolicyKind, &[CheckId]) = match service.as_str() {
        "s3" if gateway => (PolicyKind::S3Endpoint, &[CheckId::D2, CheckId::S4]),
        "ecr.api" | "ecr.dkr" if interface => {
            (PolicyKind::Endpoint(service.clone()), &[CheckId::D4])
        }
        "logs" if interface => (PolicyKind::Endpoint(service.clone()), &[CheckId::D5]),
        _ if interface => {
            return row(
                Vec::new(),
                "needed by a private cluster; no policy check for this service".into(),
            );
        }
        _ if gateway => {
            return row(
                Vec::new(),
                format!("gateway endpoint for {service}: not used by the cluster"),
            );
        }
        _ => return row(Vec::new(), "not a gateway or interface endpoint".into()),
    };
    let doc = match ep.policy.as_deref().filter(|p| !p.trim().is_empty()) {
        None => default_endpoint_policy(),
        Some(text) => match PolicyDocument::from_json(text) {
            Ok(doc) => doc,
            Err(e) => {
                return row(
                    vec![Badge::new(
                        checks[0],
                        Level::Unknown,
                        format!("its policy does not parse: {e}"),
                    )],
                    "policy not judged".into(),
                );
            }
        },
    };
    // The blueprint with this endpoint in place of its own: only this service enabled, so
    // every finding of these checks is about this endpoint.
    let mut judged = bp.clone();
    judged.network.interface_endpoints = if interface {
        vec![service.clone()]
    } else {
        Vec::new()
    };
    if gateway {
        judged.network.s3_endpoint_id = Some(ep.id.clone());
    }
    let generated = generate(&judged, None);
    let report = analyze_with(&judged, &generated, &Overrides::new(), Some((&kind, &doc)));
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| checks.contains(&f.id))
        .collect();
    let names = checks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let default = if ep.policy.as_deref().is_none_or(|p| p.trim().is_empty()) {
        " (no policy: AWS's default allows everything)"
    } else {
        ""
    };
    let note = if findings.is_empty() {
        format!("✓ {names}: no finding{default}")
    } else {
        format!("policy checked for {names}{default}")
    };
    let badges = findings
        .iter()
        .map(|f| Badge::new(f.id, Level::of(f.severity), f.detail.clone()))
        .collect();
    row(badges, note)
}

#[cfg(test)]
#[path = "verdicts_tests.rs"]
mod tests;
