//! Destroy what the network steps made, one journal record at a time (the caller goes in
//! reverse journal order: endpoints, security group, route table, subnets, VPC).

use std::time::Duration;

use aws_sdk_ec2::Client;

use super::{SIDE, client};
use crate::aws::{AwsError, ec2};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::progress::Outcome;

/// How long to keep trying while AWS still releases what depended on a resource (endpoint
/// network interfaces take a minute or two).
const PATIENCE: Duration = Duration::from_secs(300);
const PAUSE: Duration = Duration::from_secs(5);

/// Remove one network resource of the journal: `ec2:vpc-endpoint`, `ec2:security-group`,
/// `ec2:route-table`, `ec2:subnet` or `ec2:vpc`. Adopted ones are left alone.
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    let step = format!("destroy {}", record.key);
    if !record.created {
        ctx.forget(&record.key)?;
        return Ok(Outcome::Exists(format!(
            "{} was adopted: left alone",
            record.id
        )));
    }
    let ec2c = client(ctx);
    let id = record.id.as_str();
    let result = match record.kind.as_str() {
        "ec2:vpc-endpoint" => delete_endpoint(&ec2c, id).await,
        "ec2:security-group" => patiently(|| ec2::delete_security_group(&ec2c, id)).await,
        "ec2:route-table" => delete_route_table(&ec2c, id).await,
        "ec2:subnet" => patiently(|| ec2::delete_subnet(&ec2c, id)).await,
        "ec2:vpc" => patiently(|| ec2::delete_vpc(&ec2c, id)).await,
        other => {
            return Err(StepError::Blocked {
                step,
                reason: format!("the network steps do not make `{other}`"),
            });
        }
    };
    match result {
        Ok(true) => {
            ctx.forget(&record.key)?;
            Ok(Outcome::Updated(format!("deleted {id}")))
        }
        Ok(false) => {
            ctx.forget(&record.key)?;
            Ok(Outcome::Exists("already gone".into()))
        }
        Err(e) if e.is_not_found() => {
            ctx.forget(&record.key)?;
            Ok(Outcome::Exists("already gone".into()))
        }
        Err(e) => Err(ctx.aws_error(&step, SIDE, e)),
    }
}

/// Retry a delete while AWS answers DependencyViolation. `Ok(true)` when deleted.
async fn patiently<F, Fut>(mut delete: F) -> Result<bool, AwsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), AwsError>>,
{
    let started = tokio::time::Instant::now();
    loop {
        match delete().await {
            Ok(()) => return Ok(true),
            Err(e)
                if e.code.as_deref() == Some("DependencyViolation")
                    && started.elapsed() < PATIENCE =>
            {
                tokio::time::sleep(PAUSE).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Delete an endpoint and wait until it is gone. `Ok(false)` when it already was.
async fn delete_endpoint(ec2c: &Client, id: &str) -> Result<bool, AwsError> {
    if ec2::endpoint(ec2c, id).await?.is_none() {
        return Ok(false);
    }
    ec2::delete_endpoint(ec2c, id).await?;
    let started = tokio::time::Instant::now();
    while ec2::endpoint(ec2c, id).await?.is_some() {
        if started.elapsed() >= PATIENCE {
            return Err(AwsError::answer(
                "ec2:DescribeVpcEndpoints",
                format!("{id} is still being deleted after {} s", PATIENCE.as_secs()),
            ));
        }
        tokio::time::sleep(PAUSE).await;
    }
    Ok(true)
}

/// Disassociate every subnet, then delete the table. `Ok(false)` when it already was gone.
async fn delete_route_table(ec2c: &Client, id: &str) -> Result<bool, AwsError> {
    let Some(table) = ec2::route_table(ec2c, id).await? else {
        return Ok(false);
    };
    for association in table.associations.iter().filter(|a| !a.main) {
        ec2::disassociate(ec2c, &association.id).await?;
    }
    ec2::delete_route_table(ec2c, id).await?;
    Ok(true)
}
