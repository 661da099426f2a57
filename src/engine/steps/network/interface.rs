//! Step 6c: every interface endpoint of the blueprint, concurrently, with its policy, one subnet
//! per zone, the endpoint security group and private DNS.

use aws_sdk_ec2::Client;
use futures::future::join_all;

use super::endpoints::{recorded_subnets, resolve, same_policy, services};
use super::{SIDE, client};
use crate::aws::ec2::{self, EndpointFix, EndpointKind, NewEndpoint};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::PolicyDocument;

/// What an interface endpoint needs, shared by the concurrent ensures.
struct Common<'a> {
    ec2: Client,
    vpc_id: String,
    subnets: Vec<String>,
    group: String,
    names: Vec<String>,
    policies: std::collections::BTreeMap<String, PolicyDocument>,
    tag: (&'a str, &'a str),
    /// Every live endpoint carrying the blueprint's tag, read once for all services.
    ours: Vec<ec2::Endpoint>,
}

/// Step 6c: every interface endpoint of the blueprint, concurrently.
pub async fn ensure_interface_endpoints(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "endpoint.interface";
    let ec2c = client(ctx);
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    let group = ctx.need(STEP, "endpoint.security_group")?.id;
    // One subnet per AZ: an interface endpoint takes at most one subnet of each zone.
    let mut subnets = Vec::new();
    let mut zones = Vec::new();
    for subnet in recorded_subnets(ctx, &ec2c, STEP).await? {
        if !zones.contains(&subnet.az_id) {
            zones.push(subnet.az_id);
            subnets.push(subnet.id);
        }
    }
    let names = services(ctx, &ec2c, EndpointKind::Interface)
        .await
        .map_err(err)?;
    let (tag_key, tag_value) = ctx.tag();
    let ours = ec2::endpoints_tagged(&ec2c, &[(tag_key, tag_value)])
        .await
        .map_err(err)?;
    let common = Common {
        ours,
        ec2: ec2c,
        vpc_id,
        subnets,
        group,
        names,
        policies: ctx.policies(None).interface_endpoints,
        tag: ctx.tag(),
    };
    let results = join_all(
        ctx.bp
            .network
            .interface_endpoints
            .iter()
            .map(|service| ensure_one(ctx, &common, service)),
    )
    .await;
    let (mut made, mut fine, mut fixed) = (Vec::new(), Vec::new(), Vec::new());
    for result in results {
        match result? {
            Outcome::Created(m) => made.push(m),
            Outcome::Exists(m) => fine.push(m),
            Outcome::Updated(m) => fixed.push(m),
        }
    }
    let all: Vec<String> = made.iter().chain(&fine).chain(&fixed).cloned().collect();
    let what = all.join(", ");
    Ok(if !made.is_empty() {
        Outcome::Created(what)
    } else if !fixed.is_empty() {
        Outcome::Updated(what)
    } else {
        Outcome::Exists(what)
    })
}

async fn ensure_one(ctx: &Ctx, c: &Common<'_>, service: &str) -> Result<Outcome, StepError> {
    let key = format!("endpoint.{service}");
    let err = |e| ctx.aws_error(&key, SIDE, e);
    let want = c.policies.get(service);
    let tags = [c.tag, (crate::blueprint::names::ENDPOINT_TAG_KEY, service)];
    // Discover: the journal's ID, then our tagged endpoint of this service in the VPC (both
    // from the one listing), and only an untagged journal ID costs a call of its own.
    let recorded = ctx.recorded(&key);
    let mut found = recorded
        .as_ref()
        .and_then(|r| c.ours.iter().find(|e| e.id == r.id).cloned());
    if found.is_none()
        && let Some(r) = &recorded
    {
        found = ec2::endpoint(&c.ec2, &r.id).await.map_err(err)?;
    }
    if found.is_none() {
        let name = resolve(ctx, &key, &c.names, service)?;
        found = c
            .ours
            .iter()
            .find(|e| e.vpc_id == c.vpc_id && e.service_name == name)
            .cloned();
    }
    let Some(endpoint) = found else {
        let name = resolve(ctx, &key, &c.names, service)?;
        if !ctx.go_create(
            &[key.as_str()],
            format!("create the {service} interface endpoint"),
        ) {
            return Ok(Outcome::Created(format!("{service} (planned)")));
        }
        let new = NewEndpoint {
            vpc_id: &c.vpc_id,
            service_name: name,
            policy: want.map(PolicyDocument::to_json_pretty),
            subnet_ids: c.subnets.clone(),
            security_group_ids: vec![c.group.clone()],
            ..NewEndpoint::default()
        };
        let e = ec2::create_endpoint(&c.ec2, EndpointKind::Interface, new, &tags)
            .await
            .map_err(err)?;
        ctx.record(&key, "ec2:vpc-endpoint", &e.id, SIDE, true)?;
        return Ok(Outcome::Created(format!("{service} {}", e.id)));
    };
    ctx.record(&key, "ec2:vpc-endpoint", &endpoint.id, SIDE, true)?;
    let mut fix = EndpointFix::default();
    let mut fixes = Vec::new();
    if let Some(want) = want
        && !same_policy(endpoint.policy.as_deref(), want)
    {
        fix.policy = Some(want.to_json_pretty());
        fixes.push("policy".to_string());
    }
    fix.add_subnet_ids = c
        .subnets
        .iter()
        .filter(|id| !endpoint.subnet_ids.contains(id))
        .cloned()
        .collect();
    if !fix.add_subnet_ids.is_empty() {
        fixes.push("subnets".to_string());
    }
    if !endpoint.security_group_ids.contains(&c.group) {
        fix.add_security_group_ids.push(c.group.clone());
        fixes.push("security group".to_string());
    }
    if endpoint.private_dns != Some(true) {
        fix.private_dns = true;
        fixes.push("private DNS".to_string());
    }
    if fix.is_empty() {
        return Ok(Outcome::Exists(format!("{service} {}", endpoint.id)));
    }
    let what = if fix.policy.is_some() {
        fixes
            .join(", ")
            .replacen("policy", "policy (differs from the generated one)", 1)
    } else {
        fixes.join(", ")
    };
    if !ctx.go(Note::Change(format!(
        "{service} {}: correct {what}",
        endpoint.id
    ))) {
        return Ok(Outcome::Updated(format!("{service} (planned)")));
    }
    ec2::modify_endpoint(&c.ec2, &endpoint.id, fix)
        .await
        .map_err(err)?;
    Ok(Outcome::Updated(format!(
        "{service} {} (corrected {})",
        endpoint.id,
        fixes.join(", ")
    )))
}
