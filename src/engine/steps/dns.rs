//! Step 6d (D13): the VPC's DNS Firewall. Two domain lists (the names the cluster needs; every
//! name), one rule group that allows the first and blocks the second with NXDOMAIN, associated
//! with the VPC ahead of any other, and fail-open off. `policy::dns_firewall` says what; this
//! makes the account match it, and `verify` judges the result.

use aws_sdk_route53resolver::Client;

use super::org::ours;
use crate::aws::resolver::{self, Rule};
use crate::aws::{AwsError, ec2};
use crate::blueprint::{Side, names};
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::dns_firewall::{
    ALLOW_PRIORITY, ASSOCIATION_PRIORITY, BLOCK_PRIORITY, EVERY_NAME, needed_names, normal,
};

const STEP: &str = "dns.firewall";
pub(super) const SIDE: Side = Side::DataOwner;
pub const NEEDED: &str = "dns.domains.needed";
pub const EVERYTHING: &str = "dns.domains.everything";
pub const GROUP: &str = "dns.rule_group";
pub const ASSOCIATION: &str = "dns.association";
pub(super) const LIST_KIND: &str = "route53resolver:firewall-domain-list";
pub(super) const GROUP_KIND: &str = "route53resolver:firewall-rule-group";
pub(super) const ASSOCIATION_KIND: &str = "route53resolver:firewall-rule-group-association";

/// A CreatorRequestId: unique per request, so the SDK's own retries of it are not run twice.
fn request_id(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{name}-{nanos}")
}

/// Whether a found resource is this tool's: the journal says it made it, or (read only when
/// the journal does not) it carries this blueprint's tag.
async fn mine(ctx: &Ctx, c: &Client, key: &str, id: &str, arn: &str) -> Result<bool, AwsError> {
    if ours(ctx, key, id, false) {
        return Ok(true);
    }
    let (tag_key, value) = ctx.tag();
    Ok(resolver::tags(c, arn)
        .await?
        .iter()
        .any(|(k, v)| k == tag_key && v == value))
}

/// Make the VPC's DNS Firewall what `policy::dns_firewall` generates.
pub async fn ensure_firewall(ctx: &Ctx) -> Result<Outcome, StepError> {
    let c = ctx.clients(SIDE).resolver();
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let vpc_id = ctx.need(STEP, "vpc")?.id;
    let ec2c = ctx.clients(SIDE).ec2();
    let services = ctx
        .cache
        .endpoint_services
        .get_or_try_init(|| ec2::all_endpoint_services(&ec2c))
        .await
        .map_err(err)?;
    let needed = needed_names(&ctx.bp, services);
    let mut done = Vec::new();
    let lists = resolver::domain_lists(&c).await.map_err(err)?;
    let wanted_all = vec![EVERY_NAME.to_string()];
    let (allow_name, block_name) = (
        names::dns_needed_list(&ctx.bp),
        names::dns_everything_list(&ctx.bp),
    );
    let needed_id = ensure_list(ctx, &c, &lists, (NEEDED, &allow_name), &needed, &mut done).await?;
    let all_id = ensure_list(
        ctx,
        &c,
        &lists,
        (EVERYTHING, &block_name),
        &wanted_all,
        &mut done,
    )
    .await?;
    let group = ensure_group(ctx, &c, &mut done).await?;
    if let (Some(group), Some(needed_id), Some(all_id)) = (&group, needed_id, all_id) {
        ensure_rules(ctx, &c, group, &needed_id, &all_id, &mut done).await?;
    }
    if let Some(group) = &group {
        ensure_association(ctx, &c, group, &vpc_id, &mut done).await?;
    } else {
        // The group is created by this run: its rules and association come with it.
        done.push("its two rules and the VPC association (planned)".to_string());
    }
    let fail_open = resolver::fail_open(&c, &vpc_id).await.map_err(err)?;
    if normal(&fail_open) != "disabled"
        && ctx.go(Note::Change(format!(
            "turn fail-open off on {vpc_id} (it is {fail_open})"
        )))
    {
        resolver::fail_open_off(&c, &vpc_id).await.map_err(err)?;
        done.push(format!("fail-open turned off (was {fail_open})"));
    }
    let summary = format!(
        "rule group {} on {vpc_id}: allow {} names, block every other with NXDOMAIN",
        names::dns_rule_group(&ctx.bp),
        needed.len()
    );
    Ok(if done.is_empty() {
        Outcome::Exists(summary)
    } else if done.iter().any(|d| d.starts_with("created")) {
        Outcome::Created(format!("{summary}; {}", done.join("; ")))
    } else {
        Outcome::Updated(format!("{summary}; {}", done.join("; ")))
    })
}

/// Find (journal, then name) or create one domain list and give it exactly `domains`. `None`
/// when a plan would create it.
async fn ensure_list(
    ctx: &Ctx,
    c: &Client,
    lists: &[resolver::DomainList],
    (key, name): (&str, &str),
    domains: &[String],
    done: &mut Vec<String>,
) -> Result<Option<String>, StepError> {
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let recorded = ctx.recorded(key).map(|r| r.id);
    let found = lists
        .iter()
        .filter(|l| l.managed_owner.is_none())
        .find(|l| recorded.as_ref() == Some(&l.id))
        .or_else(|| {
            lists
                .iter()
                .find(|l| l.name == name && l.managed_owner.is_none())
        });
    let Some(list) = found else {
        if !ctx.go_create(
            &[key],
            format!("domain list {name} of {} name(s)", domains.len()),
        ) {
            return Ok(None);
        }
        let list = resolver::create_domain_list(c, name, &request_id(name), &[ctx.tag()])
            .await
            .map_err(err)?;
        ctx.record(key, LIST_KIND, &list.id, SIDE, true)?;
        resolver::replace_domains(c, &list.id, domains)
            .await
            .map_err(err)?;
        done.push(format!(
            "created domain list {name} ({} names)",
            domains.len()
        ));
        return Ok(Some(list.id));
    };
    let mine = mine(ctx, c, key, &list.id, &list.arn).await.map_err(err)?;
    ctx.record(key, LIST_KIND, &list.id, SIDE, mine)?;
    let mut have: Vec<String> = resolver::domains(c, &list.id)
        .await
        .map_err(err)?
        .iter()
        .map(|d| normal(d))
        .collect();
    have.sort();
    let mut want: Vec<String> = domains.iter().map(|d| normal(d)).collect();
    want.sort();
    if have != want {
        let add: Vec<&str> = want
            .iter()
            .filter(|d| !have.contains(d))
            .map(String::as_str)
            .collect();
        let remove: Vec<&str> = have
            .iter()
            .filter(|d| !want.contains(d))
            .map(String::as_str)
            .collect();
        let what = format!(
            "domain list {name}: add {}; remove {}",
            if add.is_empty() {
                "none".into()
            } else {
                add.join(", ")
            },
            if remove.is_empty() {
                "none".into()
            } else {
                remove.join(", ")
            }
        );
        if ctx.go(Note::Change(what.clone())) {
            resolver::replace_domains(c, &list.id, domains)
                .await
                .map_err(err)?;
            done.push(what);
        }
    }
    Ok(Some(list.id.clone()))
}

/// Find (journal, then name) or create the rule group. `None` when a plan would create it.
async fn ensure_group(
    ctx: &Ctx,
    c: &Client,
    done: &mut Vec<String>,
) -> Result<Option<String>, StepError> {
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let name = names::dns_rule_group(&ctx.bp);
    let recorded = ctx.recorded(GROUP).map(|r| r.id);
    let groups = resolver::rule_groups(c).await.map_err(err)?;
    let me = &ctx.data.identity.account;
    let found = groups
        .iter()
        .find(|g| recorded.as_ref() == Some(&g.id))
        .or_else(|| groups.iter().find(|g| g.name == name && &g.owner == me));
    let Some(group) = found else {
        if !ctx.go_create(
            &[GROUP, ASSOCIATION],
            format!("rule group {name}: allow the needed names, block every other with NXDOMAIN; associate it with the VPC"),
        ) {
            return Ok(None);
        }
        let group = resolver::create_rule_group(c, &name, &request_id(&name), &[ctx.tag()])
            .await
            .map_err(err)?;
        ctx.record(GROUP, GROUP_KIND, &group.id, SIDE, true)?;
        done.push(format!("created rule group {name}"));
        return Ok(Some(group.id));
    };
    let mine = mine(ctx, c, GROUP, &group.id, &group.arn)
        .await
        .map_err(err)?;
    ctx.record(GROUP, GROUP_KIND, &group.id, SIDE, mine)?;
    Ok(Some(group.id.clone()))
}

/// The group's rules become exactly: allow the needed list, then block every name.
async fn ensure_rules(
    ctx: &Ctx,
    c: &Client,
    group: &str,
    needed: &str,
    all: &str,
    done: &mut Vec<String>,
) -> Result<(), StepError> {
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let want = |list: &str, name: &str, priority, action: &str| Rule {
        group_id: group.to_string(),
        domain_list_id: Some(list.to_string()),
        name: name.to_string(),
        priority,
        action: action.to_string(),
        block_response: (action == "BLOCK").then(|| "NXDOMAIN".to_string()),
        qtype: None,
    };
    let wanted = [
        want(needed, "allow-needed", ALLOW_PRIORITY, "ALLOW"),
        want(all, "block-everything-else", BLOCK_PRIORITY, "BLOCK"),
    ];
    let have = resolver::rules(c, group).await.map_err(err)?;
    for extra in have
        .iter()
        .filter(|r| !wanted.iter().any(|w| w.domain_list_id == r.domain_list_id))
    {
        let what = format!(
            "remove rule {} (priority {}, {})",
            extra.name, extra.priority, extra.action
        );
        if let (Some(list), true) = (&extra.domain_list_id, ctx.go(Note::Change(what.clone()))) {
            resolver::delete_rule(c, group, list).await.map_err(err)?;
            done.push(what);
        }
    }
    for rule in &wanted {
        let current = have
            .iter()
            .find(|r| r.domain_list_id == rule.domain_list_id);
        match current {
            None => {
                let what = format!(
                    "add rule {} (priority {}, {})",
                    rule.name, rule.priority, rule.action
                );
                if ctx.go(Note::Change(what.clone())) {
                    resolver::create_rule(c, rule, &request_id(&rule.name))
                        .await
                        .map_err(err)?;
                    done.push(what);
                }
            }
            Some(r)
                if r.priority != rule.priority
                    || r.action != rule.action
                    || r.block_response != rule.block_response
                    || r.qtype.is_some() =>
            {
                let what = format!(
                    "rule {}: priority {} {} → priority {} {}",
                    r.name, r.priority, r.action, rule.priority, rule.action
                );
                if ctx.go(Note::Change(what.clone())) {
                    resolver::update_rule(c, rule).await.map_err(err)?;
                    done.push(what);
                }
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Associate the group with the VPC, first among its rule groups.
async fn ensure_association(
    ctx: &Ctx,
    c: &Client,
    group: &str,
    vpc_id: &str,
    done: &mut Vec<String>,
) -> Result<(), StepError> {
    let err = |e| ctx.aws_error(STEP, SIDE, e);
    let associations = resolver::associations(c, vpc_id).await.map_err(err)?;
    if let Some(a) = associations.iter().find(|a| a.group_id == group) {
        // Ours when the journal says so, or when the group it attaches is ours.
        let group_is_ours = ctx.recorded(GROUP).is_some_and(|r| r.created);
        let mine = ours(ctx, ASSOCIATION, &a.id, group_is_ours);
        ctx.record(ASSOCIATION, ASSOCIATION_KIND, &a.id, SIDE, mine)?;
        return Ok(());
    }
    if let Some(other) = associations
        .iter()
        .find(|a| a.priority <= ASSOCIATION_PRIORITY)
    {
        return Err(StepError::Blocked {
            step: STEP.to_string(),
            reason: format!(
                "rule group association {} ({}) holds priority {} on {vpc_id}, ahead of where \
                 the isolation rule group must go: remove it or move it after {}",
                other.name, other.id, other.priority, ASSOCIATION_PRIORITY
            ),
        });
    }
    let name = names::dns_rule_group(&ctx.bp);
    if !ctx.go_create(
        &[ASSOCIATION],
        format!("associate rule group {name} with {vpc_id}"),
    ) {
        return Ok(());
    }
    let a = resolver::associate(
        c,
        group,
        vpc_id,
        ASSOCIATION_PRIORITY,
        &name,
        &request_id(&name),
        &[ctx.tag()],
    )
    .await
    .map_err(err)?;
    ctx.record(ASSOCIATION, ASSOCIATION_KIND, &a.id, SIDE, true)?;
    done.push(format!("associated with {vpc_id}"));
    Ok(())
}

#[path = "dns_destroy.rs"]
mod destroy_impl;
pub use destroy_impl::destroy;
