//! The accounts, live: D7, D9 (organization part), D11, M1–M5, S6.

use super::checks::{Outcome, findings};
use super::state::LiveState;
use crate::blueprint::{Blueprint, Ipv4Cidr};
use crate::policy::analyze::{CheckId, Finding};
use crate::policy::generate::{COPY_ACTIONS, LEAVE_ORGANIZATION};
use crate::policy::{Context, Decision, PolicyDocument, Request, RequestPrincipal};

/// A principal no policy names, in `account`.
fn probe_role(bp: &Blueprint, account: &str) -> RequestPrincipal {
    RequestPrincipal {
        arn: format!(
            "arn:{}:iam::{account}:role/eks-isolation-probe",
            bp.partition().as_str()
        ),
        account: account.to_string(),
        service: None,
    }
}

/// Whether `doc` allows `who` to do `action` on `resource` in some context: none, and each
/// value the document names for a condition key, one key at a time.
fn allows_somehow(
    doc: &PolicyDocument,
    who: &RequestPrincipal,
    action: &str,
    resource: &str,
) -> bool {
    let mut base = Context::new();
    base.set("aws:PrincipalArn", vec![who.arn.clone()]);
    base.set("aws:PrincipalAccount", vec![who.account.clone()]);
    let mut contexts = vec![base.clone()];
    for (key, values) in doc.condition_values() {
        if key == "aws:principalarn" || key == "aws:principalaccount" {
            continue;
        }
        for v in values {
            let mut c = base.clone();
            c.set(&key, vec![v.replace('*', "probe")]);
            contexts.push(c);
        }
    }
    contexts.iter().any(|context| {
        let req = Request {
            principal: who,
            action,
            resource,
            context,
        };
        doc.evaluate(&req) == Decision::Allow
    })
}

pub(crate) fn d7_public_endpoint(bp: &Blueprint, state: &LiveState) -> Outcome {
    let mut problems = Vec::new();
    if bp.cluster.endpoint_public_access {
        problems.push(format!(
            "the blueprint asks for a public API endpoint on cluster {}",
            bp.cluster.name
        ));
    }
    match &state.model.cluster {
        None if problems.is_empty() => return Err(state.reason(CheckId::D7)),
        Some(Some(c)) if c.public_access => problems.push(format!(
            "cluster {} has its public API endpoint enabled: kubectl cp, exec, logs and \
             port-forward stream data out through the control plane",
            c.name
        )),
        _ => {}
    }
    Ok(findings(CheckId::D7, problems))
}

pub(crate) fn d9_organization(bp: &Blueprint, state: &LiveState) -> Outcome {
    let org = state
        .organization
        .as_ref()
        .ok_or(state.reason(CheckId::D9))?;
    let model = &bp.model_owner.account_id;
    if !org.model_owner_member {
        return Ok(findings(
            CheckId::D9,
            vec![format!(
                "account {model} is not a member of organization {}: no SCP binds it",
                org.id
            )],
        ));
    }
    let mut problems = Vec::new();
    if !org.scp_enabled {
        problems.push(format!(
            "SERVICE_CONTROL_POLICY is not enabled on the root of {}: no SCP is in force",
            org.id
        ));
    }
    let scps = state.scps.as_ref().ok_or(state.reason(CheckId::D9))?;
    let caller = probe_role(bp, model);
    let resource = format!(
        "arn:{}:ec2:{}:{model}:*",
        bp.partition().as_str(),
        bp.region
    );
    let isolating = scps.iter().any(|scp| {
        PolicyDocument::from_json(&scp.content).is_ok_and(|doc| {
            COPY_ACTIONS
                .iter()
                .chain([&LEAVE_ORGANIZATION])
                .any(|action| {
                    let ctx = Context::new();
                    let req = Request {
                        principal: &caller,
                        action,
                        resource: &resource,
                        context: &ctx,
                    };
                    doc.evaluate(&req) == Decision::ExplicitDeny
                })
        })
    });
    if !isolating {
        let names: Vec<&str> = scps.iter().map(|s| s.name.as_str()).collect();
        problems.push(format!(
            "no isolation SCP is attached above account {model} (in force: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ));
    }
    Ok(findings(CheckId::D9, problems))
}

pub(crate) fn d11_public_access_block(bp: &Blueprint, state: &LiveState) -> Outcome {
    let pab = state
        .public_access_block
        .ok_or(state.reason(CheckId::D11))?;
    let settings = [
        ("BlockPublicAcls", pab.block_public_acls),
        ("IgnorePublicAcls", pab.ignore_public_acls),
        ("BlockPublicPolicy", pab.block_public_policy),
        ("RestrictPublicBuckets", pab.restrict_public_buckets),
    ];
    if settings.iter().all(|(_, v)| v.is_none()) {
        return Ok(findings(
            CheckId::D11,
            vec![format!(
                "bucket {} has no public-access block",
                bp.data.bucket
            )],
        ));
    }
    let off: Vec<&str> = settings
        .iter()
        .filter(|(_, v)| *v != Some(true))
        .map(|(n, _)| *n)
        .collect();
    if off.is_empty() {
        return Ok(Vec::new());
    }
    Ok(findings(
        CheckId::D11,
        vec![format!(
            "bucket {}'s public-access block has {} off",
            bp.data.bucket,
            off.join(", ")
        )],
    ))
}

/// The data owner's principals worth trying: a fresh role, the account root, the admins.
fn data_owner_principals(bp: &Blueprint) -> Vec<RequestPrincipal> {
    let data = &bp.data_owner.account_id;
    let mut who = vec![
        probe_role(bp, data),
        RequestPrincipal {
            arn: format!("arn:{}:iam::{data}:root", bp.partition().as_str()),
            account: data.clone(),
            service: None,
        },
    ];
    for admin in &bp.data_owner.admin_principals {
        who.push(RequestPrincipal {
            arn: admin.clone(),
            account: admin.split(':').nth(4).unwrap_or_default().to_string(),
            service: None,
        });
    }
    who
}

pub(crate) fn m1_trust(bp: &Blueprint, state: &LiveState) -> Outcome {
    let roles = state
        .model
        .roles
        .as_ref()
        .ok_or(state.reason(CheckId::M1))?;
    let who = data_owner_principals(bp);
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for role in roles {
        let doc = match PolicyDocument::from_json(&role.trust_policy) {
            Ok(d) => d,
            Err(e) => {
                unknown.push(format!("trust policy of {} does not parse: {e}", role.name));
                continue;
            }
        };
        if let Some(p) = who
            .iter()
            .find(|p| allows_somehow(&doc, p, "sts:AssumeRole", &role.arn))
        {
            let who = if p.arn.ends_with("/eks-isolation-probe") {
                format!("any principal of the data-owner account {}", p.account)
            } else {
                p.arn.clone()
            };
            problems.push(format!(
                "role {} trusts the data owner: {who} can assume it",
                role.name
            ));
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(findings(CheckId::M1, problems))
}

/// ECR actions tried against a repository policy: reads, writes and policy changes.
const REPOSITORY_ACTIONS: [&str; 8] = [
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:DescribeImages",
    "ecr:ListImages",
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:SetRepositoryPolicy",
    "ecr:DeleteRepository",
];

pub(crate) fn m2_repositories(bp: &Blueprint, state: &LiveState) -> Outcome {
    let repos = state
        .model
        .repositories
        .as_ref()
        .ok_or(state.reason(CheckId::M2))?;
    let who = data_owner_principals(bp);
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for repo in repos {
        let Some(text) = &repo.policy else { continue };
        let doc = match PolicyDocument::from_json(text) {
            Ok(d) => d,
            Err(e) => {
                unknown.push(format!(
                    "policy of repository {} does not parse: {e}",
                    repo.name
                ));
                continue;
            }
        };
        let granted: Vec<&str> = REPOSITORY_ACTIONS
            .into_iter()
            .filter(|a| who.iter().any(|p| allows_somehow(&doc, p, a, &repo.arn)))
            .collect();
        if !granted.is_empty() {
            problems.push(format!(
                "repository {} grants the data owner {}",
                repo.name,
                granted.join(", ")
            ));
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(findings(CheckId::M2, problems))
}

pub(crate) fn m3_access_entries(bp: &Blueprint, state: &LiveState) -> Outcome {
    if let Some(None) = state.model.cluster {
        return Ok(Vec::new());
    }
    let entries = state
        .model
        .access_entries
        .as_ref()
        .ok_or(state.reason(CheckId::M3))?;
    let data = &bp.data_owner.account_id;
    let problems = entries
        .iter()
        .filter(|arn| arn.split(':').nth(4) == Some(data.as_str()))
        .map(|arn| format!("access entry {arn} gives a data-owner principal cluster access"))
        .collect();
    Ok(findings(CheckId::M3, problems))
}

pub(crate) fn m4_open_inbound(state: &LiveState) -> Outcome {
    if let Some(None) = state.model.cluster {
        return Ok(Vec::new());
    }
    let groups = state
        .model
        .security_groups
        .as_ref()
        .ok_or(state.reason(CheckId::M4))?;
    let vpc = state
        .vpc
        .as_ref()
        .and_then(|v| v.cidr.parse::<Ipv4Cidr>().ok());
    let mut problems = Vec::new();
    // Without the VPC's CIDR (the data owner reads it), an IPv4 range may be the whole VPC.
    let mut unknown = Vec::new();
    for g in groups {
        for rule in &g.ingress {
            for cidr in &rule.cidrs {
                let anywhere = cidr == "0.0.0.0/0" || cidr == "::/0";
                if vpc.is_none() && !anywhere && cidr.parse::<Ipv4Cidr>().is_ok() {
                    unknown.push(format!("{} from {cidr}", g.id));
                }
                let whole_vpc =
                    vpc.is_some_and(|v| cidr.parse::<Ipv4Cidr>().is_ok_and(|c| c.contains(v)));
                if anywhere || whole_vpc {
                    let ports = match (rule.protocol.as_str(), rule.from_port, rule.to_port) {
                        ("-1", _, _) => "all traffic".to_string(),
                        (p, Some(f), Some(t)) if f == t => format!("{p} {f}"),
                        (p, Some(f), Some(t)) => format!("{p} {f}-{t}"),
                        (p, _, _) => p.to_string(),
                    };
                    problems.push(format!(
                        "security group {} allows {ports} inbound from {cidr}",
                        g.id
                    ));
                }
            }
        }
    }
    if problems.is_empty() && !unknown.is_empty() {
        return Err(format!(
            "the VPC's CIDR is unknown ({}), so whether {} is the whole VPC is unknown",
            state.reason(CheckId::S2),
            unknown.join(", ")
        ));
    }
    Ok(findings(CheckId::M4, problems))
}

pub(crate) fn m5_flow_logs(bp: &Blueprint) -> Finding {
    Finding::new(
        CheckId::M5,
        format!(
            "the data owner {}, as VPC owner, can create flow logs on the model owner's network \
             interfaces in the shared subnets: addresses, ports and bytes, never payloads",
            bp.data_owner.account_id
        ),
    )
}

pub(crate) fn s6_shared(bp: &Blueprint, state: &LiveState) -> Outcome {
    let org = state
        .organization
        .as_ref()
        .ok_or(state.reason(CheckId::S6))?;
    let mut problems = Vec::new();
    if org.ram_service_access == Some(false) {
        problems.push(format!(
            "RAM sharing with organization {} is off: subnets cannot be shared inside it",
            org.id
        ));
    }
    let ram = state.ram.as_ref().ok_or(state.reason(CheckId::S6))?;
    let subnets = state.subnets.as_ref().ok_or(state.reason(CheckId::S6))?;
    let model = &bp.model_owner.account_id;
    let to_model = |p: &String| {
        p == model
            || p.ends_with(&format!("/{}", org.id))
            || org
                .model_owner_parents
                .iter()
                .any(|parent| p.ends_with(&format!("/{parent}")))
    };
    let shares: Vec<_> = ram
        .shares
        .iter()
        .filter(|s| s.status.eq_ignore_ascii_case("ACTIVE") && s.principals.iter().any(to_model))
        .collect();
    let unshared: Vec<&str> = subnets
        .iter()
        .filter(|sub| {
            !shares.iter().any(|sh| {
                sh.resources
                    .iter()
                    .any(|r| r.ends_with(&format!("subnet/{}", sub.id)))
            })
        })
        .map(|s| s.id.as_str())
        .collect();
    if !unshared.is_empty() {
        problems.push(format!(
            "subnet(s) {} are in no active resource share with account {model}",
            unshared.join(", ")
        ));
    }
    if problems.is_empty() && org.ram_service_access.is_none() {
        return Err(format!(
            "whether RAM sharing with the organization is on is unknown ({})",
            state.reason(CheckId::S6)
        ));
    }
    Ok(findings(CheckId::S6, problems))
}
