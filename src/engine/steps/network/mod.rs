//! The data owner's network (DESIGN.md steps 5–6): VPC, subnets, the route table with only the
//! `local` route, the S3 gateway endpoint, the endpoint security group and the interface
//! endpoints. Every step discovers by journal ID, then by the blueprint tag, then by the
//! blueprint's adopted ID; creates only what is missing (tagged at creation, so a crash before
//! the journal write is recovered by tag); records at once; and corrects drift.

mod destroy;
mod endpoints;
mod interface;

pub use destroy::destroy;
pub use endpoints::{ensure_endpoint_security_group, ensure_s3_endpoint};
pub use interface::ensure_interface_endpoints;

use aws_sdk_ec2::Client;

use crate::aws::ec2;
use crate::blueprint::Side;
use crate::blueprint::{SubnetSource, VpcSource};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;

const SIDE: Side = Side::DataOwner;

pub(super) fn client(ctx: &Ctx) -> Client {
    ctx.clients(SIDE).ec2()
}

/// The IDs of every subnet of the blueprint, from the journal.
pub(super) fn subnet_ids(ctx: &Ctx, step: &str) -> Result<Vec<String>, StepError> {
    (0..ctx.bp.network.subnets.len())
        .map(|i| ctx.need(step, &format!("subnet.{i}")).map(|r| r.id))
        .collect()
}

/// Create, found, or found and corrected.
pub(super) fn outcome(created: bool, fixes: &[String], what: String) -> Outcome {
    if created {
        Outcome::Created(what)
    } else if fixes.is_empty() {
        Outcome::Exists(what)
    } else {
        Outcome::Updated(format!("{what}; {}", fixes.join("; ")))
    }
}

/// Step 5a: the VPC, with DNS support and DNS hostnames on.
pub async fn ensure_vpc(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "vpc";
    let ec2c = client(ctx);
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let (tag_key, tag_value) = ctx.tag();
    let tags = [(tag_key, tag_value)];
    let (id, created_now, what) = match &ctx.bp.network.vpc {
        VpcSource::Existing { vpc_id } => {
            if ec2::vpc(&ec2c, vpc_id).await.map_err(err)?.is_none() {
                return Err(StepError::Blocked {
                    step: STEP.into(),
                    reason: format!("the blueprint's VPC {vpc_id} does not exist in this account"),
                });
            }
            ctx.record(STEP, "ec2:vpc", vpc_id, SIDE, false)?;
            (vpc_id.clone(), false, format!("adopted {vpc_id}"))
        }
        VpcSource::Create { cidr } => {
            let mut found = None;
            if let Some(r) = ctx.recorded(STEP) {
                found = ec2::vpc(&ec2c, &r.id).await.map_err(err)?;
            }
            if found.is_none() {
                found = ec2::vpcs_tagged(&ec2c, &tags)
                    .await
                    .map_err(err)?
                    .into_iter()
                    .next();
            }
            match found {
                Some(v) => {
                    let created = ctx.recorded(STEP).is_none_or(|r| r.created);
                    ctx.record(STEP, "ec2:vpc", &v.id, SIDE, created)?;
                    (v.id.clone(), false, format!("{} ({})", v.id, v.cidr))
                }
                None => {
                    if !ctx.go_create(&[STEP], format!("create the VPC {cidr}")) {
                        return Ok(Outcome::Created(format!("VPC {cidr} (planned)")));
                    }
                    let v = ec2::create_vpc(&ec2c, cidr, &tags).await.map_err(err)?;
                    ctx.record(STEP, "ec2:vpc", &v.id, SIDE, true)?;
                    (v.id.clone(), true, format!("{} ({cidr})", v.id))
                }
            }
        }
    };
    let (support, hostnames) = ec2::vpc_dns(&ec2c, &id).await.map_err(err)?;
    let mut fixes = Vec::new();
    if !support && ctx.go(Note::Change(format!("{id}: turn DNS support on"))) {
        ec2::enable_vpc_dns(&ec2c, &id, false).await.map_err(err)?;
        fixes.push("turned DNS support on".to_string());
    }
    if !hostnames && ctx.go(Note::Change(format!("{id}: turn DNS hostnames on"))) {
        ec2::enable_vpc_dns(&ec2c, &id, true).await.map_err(err)?;
        fixes.push("turned DNS hostnames on".to_string());
    }
    let what = if created_now {
        format!("{what} with DNS support and hostnames")
    } else {
        what
    };
    Ok(outcome(
        created_now,
        if created_now { &[] } else { &fixes },
        what,
    ))
}

/// Step 5b: every subnet of the blueprint, in its AZ ID, tagged with its index.
pub async fn ensure_subnets(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "subnets";
    let ec2c = client(ctx);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    // Every subnet at once; the results keep the blueprint's order.
    let results = futures::future::try_join_all(
        ctx.bp
            .network
            .subnets
            .iter()
            .enumerate()
            .map(|(i, want)| ensure_subnet(ctx, &ec2c, &vpc_id, i, want)),
    )
    .await?;
    let (mut made, mut found, mut adopted) = (Vec::new(), Vec::new(), Vec::new());
    for r in results {
        match r {
            SubnetDone::Made(m) => made.push(m),
            SubnetDone::Found(m) => found.push(m),
            SubnetDone::Adopted(m) => adopted.push(m),
        }
    }
    let mut parts = Vec::new();
    for (label, list) in [("created", &made), ("found", &found), ("adopted", &adopted)] {
        if !list.is_empty() {
            parts.push(format!("{label} {}", list.join(", ")));
        }
    }
    Ok(outcome(!made.is_empty(), &[], parts.join("; ")))
}

/// What became of one subnet of the blueprint.
enum SubnetDone {
    Made(String),
    Found(String),
    Adopted(String),
}

/// Subnet `i`: adopt it, find it (journal, then tag), or create it in its AZ ID.
async fn ensure_subnet(
    ctx: &Ctx,
    ec2c: &aws_sdk_ec2::Client,
    vpc_id: &str,
    i: usize,
    want: &crate::blueprint::Subnet,
) -> Result<SubnetDone, StepError> {
    const STEP: &str = "subnets";
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let key = format!("subnet.{i}");
    let (tag_key, tag_value) = ctx.tag();
    match &want.source {
        SubnetSource::Existing { subnet_id } => {
            let s = ec2::subnet(ec2c, subnet_id).await.map_err(err)?;
            let Some(s) = s.filter(|s| s.vpc_id == vpc_id) else {
                return Err(StepError::Blocked {
                    step: STEP.into(),
                    reason: format!("the blueprint's subnet {subnet_id} is not in {vpc_id}"),
                });
            };
            ctx.record(&key, "ec2:subnet", &s.id, SIDE, false)?;
            Ok(SubnetDone::Adopted(s.id))
        }
        SubnetSource::Create { cidr } => {
            let index = i.to_string();
            let tags = [
                (tag_key, tag_value),
                (crate::blueprint::names::SUBNET_TAG_KEY, index.as_str()),
            ];
            let mut existing = None;
            if let Some(r) = ctx.recorded(&key) {
                existing = ec2::subnet(ec2c, &r.id).await.map_err(err)?;
            }
            if existing.is_none() {
                existing = ec2::subnets_tagged(ec2c, &tags)
                    .await
                    .map_err(err)?
                    .into_iter()
                    .find(|s| s.vpc_id == vpc_id);
            }
            match existing {
                Some(s) => {
                    let created = ctx.recorded(&key).is_none_or(|r| r.created);
                    ctx.record(&key, "ec2:subnet", &s.id, SIDE, created)?;
                    Ok(SubnetDone::Found(format!("{} ({})", s.id, s.az_id)))
                }
                None => {
                    let what = format!("create subnet {cidr} in {}", want.az_id);
                    if !ctx.go_create(&[key.as_str()], what) {
                        return Ok(SubnetDone::Made(format!("{cidr} (planned)")));
                    }
                    let s = ec2::create_subnet(ec2c, vpc_id, cidr, &want.az_id, &tags)
                        .await
                        .map_err(err)?;
                    ctx.record(&key, "ec2:subnet", &s.id, SIDE, true)?;
                    Ok(SubnetDone::Made(format!(
                        "{} ({}, {cidr})",
                        s.id, want.az_id
                    )))
                }
            }
        }
    }
}

/// Step 5c: one route table with only the `local` route (and the S3 gateway endpoint's route),
/// associated with every subnet.
pub async fn ensure_route_table(ctx: &Ctx) -> Result<Outcome, StepError> {
    const STEP: &str = "route_table";
    let ec2c = client(ctx);
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    let subnets = subnet_ids(ctx, STEP)?;
    let (tag_key, tag_value) = ctx.tag();
    let tags = [(tag_key, tag_value)];
    let mut table = None;
    if let Some(r) = ctx.recorded(STEP) {
        table = ec2::route_table(&ec2c, &r.id).await.map_err(err)?;
    }
    if table.is_none() {
        table = ec2::route_tables_tagged(&ec2c, &tags)
            .await
            .map_err(err)?
            .into_iter()
            .find(|t| t.vpc_id == vpc_id);
    }
    let created = table.is_none();
    let table = match table {
        Some(t) => t,
        None => {
            let what = format!(
                "create a local-only route table on {} subnet(s)",
                subnets.len()
            );
            if !ctx.go_create(&[STEP], what) {
                return Ok(Outcome::Created("route table (planned)".into()));
            }
            ec2::create_route_table(&ec2c, &vpc_id, &tags)
                .await
                .map_err(err)?
        }
    };
    ctx.record(STEP, "ec2:route-table", &table.id, SIDE, true)?;
    let mut fixes = Vec::new();
    for route in &table.routes {
        if !route.is_local()
            && !route.is_endpoint()
            && ctx.go(Note::Change(format!(
                "{}: remove route {} via {}",
                table.id,
                route.destination(),
                route.target
            )))
        {
            ec2::delete_route(&ec2c, &table.id, route)
                .await
                .map_err(err)?;
            fixes.push(format!(
                "removed route {} via {}",
                route.destination(),
                route.target.id()
            ));
        }
    }
    // Each subnet not yet on the table: moved from its old table, or associated; concurrently.
    let missing = subnets.iter().filter(|subnet| {
        !table
            .associations
            .iter()
            .any(|a| a.subnet_id.as_deref() == Some(subnet.as_str()))
            && ctx.go(Note::Change(format!("{}: associate {subnet}", table.id)))
    });
    let moved = futures::future::try_join_all(missing.map(|subnet| {
        let (ec2c, table_id) = (&ec2c, &table.id);
        async move {
            match ec2::subnet_association(ec2c, subnet).await? {
                Some(a) => {
                    ec2::reassociate(ec2c, &a.id, table_id).await?;
                    Ok::<_, crate::aws::AwsError>(format!(
                        "moved {subnet} from {}",
                        a.route_table_id
                    ))
                }
                None => {
                    ec2::associate(ec2c, table_id, subnet).await?;
                    Ok(format!("associated {subnet}"))
                }
            }
        }
    }))
    .await
    .map_err(err)?;
    fixes.extend(moved);
    let what = format!("{} (local only) for {} subnets", table.id, subnets.len());
    Ok(outcome(created, if created { &[] } else { &fixes }, what))
}
