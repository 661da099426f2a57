//! Step 6: the S3 gateway endpoint and the interface endpoints' security group (the interface
//! endpoints are in `interface.rs`), and what they share.

use aws_sdk_ec2::Client;

use super::{SIDE, client, outcome, subnet_ids};
use crate::aws::ec2::{self, EndpointFix, EndpointKind, NewEndpoint};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::PolicyDocument;

/// Whether an endpoint's policy text means the same as `want` (parsed, not compared as text).
pub(super) fn same_policy(current: Option<&str>, want: &PolicyDocument) -> bool {
    current
        .and_then(|text| PolicyDocument::from_json(text).ok())
        .is_some_and(|doc| &doc == want)
}

/// The full service name of `service` in the blueprint's region, from DescribeVpcEndpointServices.
pub(super) fn resolve<'a>(
    ctx: &Ctx,
    step: &str,
    names: &'a [String],
    service: &str,
) -> Result<&'a str, StepError> {
    ec2::service_name(names, &ctx.bp.region, service).ok_or_else(|| StepError::Blocked {
        step: step.to_string(),
        reason: format!(
            "no endpoint service `{service}` in {}: check the region and the service name",
            ctx.bp.region
        ),
    })
}

/// The journal's subnets as they are now, in the journal's order; one that is gone blocks.
pub(super) async fn recorded_subnets(
    ctx: &Ctx,
    ec2c: &Client,
    step: &str,
) -> Result<Vec<ec2::Subnet>, StepError> {
    let ids = subnet_ids(ctx, step)?;
    let found = ec2::subnets_by_id(ec2c, &ids)
        .await
        .map_err(|e| ctx.aws_error(step, SIDE, e))?;
    ids.iter()
        .map(|id| {
            found
                .iter()
                .find(|s| &s.id == id)
                .cloned()
                .ok_or_else(|| StepError::Blocked {
                    step: step.into(),
                    reason: format!(
                        "subnet {id} of the journal is gone: run the subnet step again"
                    ),
                })
        })
        .collect()
}

/// The names of the endpoint services of a kind, from the run's one listing.
pub(super) async fn services(
    ctx: &Ctx,
    ec2c: &Client,
    kind: EndpointKind,
) -> Result<Vec<String>, crate::aws::AwsError> {
    let all = ctx
        .cache
        .endpoint_services
        .get_or_try_init(|| ec2::all_endpoint_services(ec2c))
        .await?;
    Ok(all
        .iter()
        .filter(|s| s.kinds.contains(&kind))
        .map(|s| s.name.clone())
        .collect())
}

/// Step 6a: the S3 gateway endpoint on the route table, with the generated policy.
pub async fn ensure_s3_endpoint(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "endpoint.s3";
    let ec2c = client(ctx);
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    let table = ctx.need(STEP, "route_table")?.id;
    let want = ctx.policies(None).s3_endpoint;
    let (tag_key, tag_value) = ctx.tag();
    let tags = [
        (tag_key, tag_value),
        (crate::blueprint::names::ENDPOINT_TAG_KEY, "s3"),
    ];

    let mut found = None;
    let mut created = true;
    if let Some(r) = ctx.recorded(STEP) {
        found = ec2::endpoint(&ec2c, &r.id).await.map_err(err)?;
        created = r.created;
    }
    if found.is_none() {
        found = ec2::endpoints_tagged(&ec2c, &tags)
            .await
            .map_err(err)?
            .into_iter()
            .find(|e| e.vpc_id == vpc_id);
        created = true;
    }
    if found.is_none()
        && let Some(id) = &ctx.bp.network.s3_endpoint_id
    {
        found = ec2::endpoint(&ec2c, id).await.map_err(err)?;
        if found.as_ref().is_none_or(|e| e.vpc_id != vpc_id) {
            return Err(StepError::Blocked {
                step: STEP.into(),
                reason: format!("the blueprint's S3 endpoint {id} is not an endpoint of {vpc_id}"),
            });
        }
        created = false;
    }
    let Some(endpoint) = found else {
        let names = services(ctx, &ec2c, EndpointKind::Gateway)
            .await
            .map_err(err)?;
        let service = resolve(ctx, STEP, &names, "s3")?;
        if !ctx.go_create(
            &[STEP],
            format!("create the {service} gateway endpoint on {table}"),
        ) {
            return Ok(Outcome::Created(format!("{service} (planned)")));
        }
        let new = NewEndpoint {
            vpc_id: &vpc_id,
            service_name: service,
            policy: Some(want.to_json_pretty()),
            route_table_ids: vec![table.clone()],
            ..NewEndpoint::default()
        };
        let e = ec2::create_endpoint(&ec2c, EndpointKind::Gateway, new, &tags)
            .await
            .map_err(err)?;
        ctx.record(STEP, "ec2:vpc-endpoint", &e.id, SIDE, true)?;
        return Ok(Outcome::Created(format!("{} ({service}) on {table}", e.id)));
    };
    ctx.record(STEP, "ec2:vpc-endpoint", &endpoint.id, SIDE, created)?;
    let mut fix = EndpointFix::default();
    let mut fixes = Vec::new();
    if !same_policy(endpoint.policy.as_deref(), &want)
        && ctx.go(Note::Change(format!(
            "{}: the policy differs from the generated one; replace it",
            endpoint.id
        )))
    {
        fix.policy = Some(want.to_json_pretty());
        fixes.push("replaced a drifted policy".to_string());
    }
    if !endpoint.route_table_ids.contains(&table)
        && ctx.go(Note::Change(format!(
            "{}: add route table {table}",
            endpoint.id
        )))
    {
        fix.add_route_table_ids.push(table.clone());
        fixes.push(format!("added route table {table}"));
    }
    if !fix.is_empty() {
        ec2::modify_endpoint(&ec2c, &endpoint.id, fix)
            .await
            .map_err(err)?;
    }
    let what = if created {
        endpoint.id.clone()
    } else {
        format!("adopted {}", endpoint.id)
    };
    Ok(outcome(false, &fixes, what))
}

/// Step 6b: the security group of the interface endpoints, allowing 443 from every subnet.
pub async fn ensure_endpoint_security_group(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "endpoint.security_group";
    let ec2c = client(ctx);
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    let mut cidrs = Vec::new();
    for subnet in recorded_subnets(ctx, &ec2c, STEP).await? {
        if !cidrs.contains(&subnet.cidr) {
            cidrs.push(subnet.cidr);
        }
    }
    let (tag_key, tag_value) = ctx.tag();
    let tags = [(tag_key, tag_value)];
    let mut group = None;
    if let Some(r) = ctx.recorded(STEP) {
        group = ec2::security_group(&ec2c, &r.id).await.map_err(err)?;
    }
    if group.is_none() {
        group = ec2::security_groups_tagged(&ec2c, &tags)
            .await
            .map_err(err)?
            .into_iter()
            .find(|g| g.vpc_id == vpc_id);
    }
    let created = group.is_none();
    let group = match group {
        Some(g) => g,
        None => {
            let name = crate::blueprint::names::endpoint_security_group(&ctx.bp);
            let what = format!("create {name} allowing 443 from {}", cidrs.join(", "));
            if !ctx.go_create(&[STEP], what) {
                return Ok(Outcome::Created(format!("{name} (planned)")));
            }
            let description = "HTTPS from the isolated subnets to the VPC endpoints";
            ec2::create_security_group(&ec2c, &vpc_id, &name, description, &tags)
                .await
                .map_err(err)?
        }
    };
    ctx.record(STEP, "ec2:security-group", &group.id, SIDE, true)?;
    let missing: Vec<String> = cidrs
        .iter()
        .filter(|c| !group.https_from().contains(c))
        .cloned()
        .collect();
    if !missing.is_empty()
        && ctx.go(Note::Change(format!(
            "{}: allow 443 from {}",
            group.id,
            missing.join(", ")
        )))
    {
        ec2::allow_https_from(&ec2c, &group.id, &missing)
            .await
            .map_err(err)?;
    }
    let fixes: Vec<String> = if created || missing.is_empty() {
        Vec::new()
    } else {
        vec![format!("allowed 443 from {}", missing.join(", "))]
    };
    let what = format!("{} allowing 443 from {}", group.id, cidrs.join(", "));
    Ok(outcome(created, &fixes, what))
}
