//! Destroy what the DNS Firewall step made: the association, then the rule group (its rules
//! first, once no VPC uses it), then the domain lists. Fail-open is left as it is (off is
//! DNS Firewall's default: "By default, fail open is disabled", UpdateFirewallConfig).

use std::time::Duration;

use super::{ASSOCIATION_KIND, GROUP_KIND, LIST_KIND, SIDE};
use crate::aws::{AwsError, resolver};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::journal::Record;
use crate::engine::progress::Outcome;

/// How long a disassociation may take before the rule group's delete gives up.
const PATIENCE: Duration = Duration::from_secs(300);
const PAUSE: Duration = Duration::from_secs(5);

/// Delete one record's resource; one already gone is forgotten.
pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome, StepError> {
    if !record.created {
        return Ok(Outcome::Exists("left alone: not made by this tool".into()));
    }
    let c = ctx.clients(SIDE).resolver();
    let deleted = match record.kind.as_str() {
        ASSOCIATION_KIND => resolver::disassociate(&c, &record.id).await,
        GROUP_KIND => delete_group(&c, &record.id).await,
        LIST_KIND => resolver::delete_domain_list(&c, &record.id).await,
        other => {
            return Err(StepError::Blocked {
                step: record.key.clone(),
                reason: format!("the DNS Firewall step does not make a `{other}`"),
            });
        }
    };
    match deleted {
        Ok(()) => {
            ctx.forget(&record.key)?;
            Ok(Outcome::Updated(format!("deleted {}", record.id)))
        }
        Err(e) if e.is_not_found() => {
            ctx.forget(&record.key)?;
            Ok(Outcome::Exists("already gone".into()))
        }
        Err(e) => Err(ctx.aws_error(&record.key, SIDE, e)),
    }
}

/// Wait until no VPC uses the group (a disassociation takes a while), delete its rules, then it.
async fn delete_group(c: &aws_sdk_route53resolver::Client, id: &str) -> Result<(), AwsError> {
    let started = tokio::time::Instant::now();
    loop {
        let left = resolver::group_associations(c, id).await?;
        if left.is_empty() {
            break;
        }
        if started.elapsed() >= PATIENCE {
            let names: Vec<String> = left
                .iter()
                .map(|a| format!("{} ({})", a.id, a.vpc_id))
                .collect();
            return Err(AwsError::answer(
                "route53resolver:ListFirewallRuleGroupAssociations",
                format!(
                    "rule group {id} is still associated after {} s: {}",
                    PATIENCE.as_secs(),
                    names.join(", ")
                ),
            ));
        }
        tokio::time::sleep(PAUSE).await;
    }
    for rule in resolver::rules(c, id).await? {
        if let Some(list) = &rule.domain_list_id {
            match resolver::delete_rule(c, id, list).await {
                Err(e) if !e.is_not_found() => return Err(e),
                _ => {}
            }
        }
    }
    resolver::delete_rule_group(c, id).await
}
