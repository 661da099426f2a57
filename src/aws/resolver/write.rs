//! DNS Firewall writes: create, change and delete domain lists, rule groups, rules and VPC
//! associations, and turn fail-open off.

use aws_sdk_route53resolver::Client;
use aws_sdk_route53resolver::types::{
    Action, BlockResponse, FirewallDomainUpdateOperation, FirewallFailOpenStatus,
    MutationProtectionStatus, Tag,
};

use super::{Association, DomainList, Rule, RuleGroup, owned};
use crate::aws::AwsError;

/// "There is a limit of 1000 domains per request" (UpdateFirewallDomains, Domains).
const DOMAINS_PER_REQUEST: usize = 1000;

fn tags(pairs: &[(&str, &str)]) -> Result<Vec<Tag>, AwsError> {
    pairs
        .iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(*k)
                .value(*v)
                .build()
                .map_err(|e| AwsError::answer("route53resolver:Tag", e.to_string()))
        })
        .collect()
}

/// Create an empty domain list. `request` is the CreatorRequestId, which lets a failed request
/// be retried without running it twice.
pub async fn create_domain_list(
    c: &Client,
    name: &str,
    request: &str,
    tag: &[(&str, &str)],
) -> Result<DomainList, AwsError> {
    let out = c
        .create_firewall_domain_list()
        .name(name)
        .creator_request_id(request)
        .set_tags(Some(tags(tag)?))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:CreateFirewallDomainList", e))?;
    let l = out.firewall_domain_list().ok_or_else(|| {
        AwsError::answer(
            "route53resolver:CreateFirewallDomainList",
            "no list in the answer",
        )
    })?;
    Ok(DomainList {
        id: owned(l.id()),
        arn: owned(l.arn()),
        name: owned(l.name()),
        managed_owner: None,
    })
}

/// Make the list exactly `domains`: REPLACE with the first thousand, ADD the rest.
pub async fn replace_domains(
    c: &Client,
    list_id: &str,
    domains: &[String],
) -> Result<(), AwsError> {
    let mut chunks = domains.chunks(DOMAINS_PER_REQUEST);
    let first = chunks.next().unwrap_or(&[]);
    let mut calls = vec![(FirewallDomainUpdateOperation::Replace, first)];
    calls.extend(chunks.map(|c| (FirewallDomainUpdateOperation::Add, c)));
    for (operation, chunk) in calls {
        c.update_firewall_domains()
            .firewall_domain_list_id(list_id)
            .operation(operation)
            .set_domains(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("route53resolver:UpdateFirewallDomains", e))?;
    }
    Ok(())
}

/// Create an empty rule group.
pub async fn create_rule_group(
    c: &Client,
    name: &str,
    request: &str,
    tag: &[(&str, &str)],
) -> Result<RuleGroup, AwsError> {
    let out = c
        .create_firewall_rule_group()
        .name(name)
        .creator_request_id(request)
        .set_tags(Some(tags(tag)?))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:CreateFirewallRuleGroup", e))?;
    let g = out.firewall_rule_group().ok_or_else(|| {
        AwsError::answer(
            "route53resolver:CreateFirewallRuleGroup",
            "no group in the answer",
        )
    })?;
    Ok(RuleGroup {
        id: owned(g.id()),
        arn: owned(g.arn()),
        name: owned(g.name()),
        owner: owned(g.owner_id()),
    })
}

/// Add `rule` (group, domain list, name, priority, action, block response) to its group.
pub async fn create_rule(c: &Client, rule: &Rule, request: &str) -> Result<(), AwsError> {
    c.create_firewall_rule()
        .creator_request_id(request)
        .firewall_rule_group_id(&rule.group_id)
        .set_firewall_domain_list_id(rule.domain_list_id.clone())
        .name(&rule.name)
        .priority(rule.priority)
        .action(Action::from(rule.action.as_str()))
        .set_block_response(rule.block_response.as_deref().map(BlockResponse::from))
        .set_qtype(rule.qtype.clone())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:CreateFirewallRule", e))?;
    Ok(())
}

/// Set an existing rule's priority, action and block response to `rule`'s.
pub async fn update_rule(c: &Client, rule: &Rule) -> Result<(), AwsError> {
    c.update_firewall_rule()
        .firewall_rule_group_id(&rule.group_id)
        .set_firewall_domain_list_id(rule.domain_list_id.clone())
        .name(&rule.name)
        .priority(rule.priority)
        .action(Action::from(rule.action.as_str()))
        .set_block_response(rule.block_response.as_deref().map(BlockResponse::from))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:UpdateFirewallRule", e))?;
    Ok(())
}

/// Associate a rule group with a VPC at `priority` (100 to 9900, unique per VPC:
/// AssociateFirewallRuleGroup.Priority), mutation protection off so destroy can remove it.
pub async fn associate(
    c: &Client,
    group_id: &str,
    vpc_id: &str,
    priority: i32,
    name: &str,
    request: &str,
    tag: &[(&str, &str)],
) -> Result<Association, AwsError> {
    let out = c
        .associate_firewall_rule_group()
        .firewall_rule_group_id(group_id)
        .vpc_id(vpc_id)
        .priority(priority)
        .name(name)
        .creator_request_id(request)
        .mutation_protection(MutationProtectionStatus::Disabled)
        .set_tags(Some(tags(tag)?))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:AssociateFirewallRuleGroup", e))?;
    let a = out.firewall_rule_group_association().ok_or_else(|| {
        AwsError::answer(
            "route53resolver:AssociateFirewallRuleGroup",
            "no association in the answer",
        )
    })?;
    Ok(Association {
        id: owned(a.id()),
        group_id: owned(a.firewall_rule_group_id()),
        vpc_id: owned(a.vpc_id()),
        name: owned(a.name()),
        priority: a.priority().unwrap_or(priority),
        status: a
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
    })
}

/// Turn fail-open off for the VPC: DNS Firewall then blocks the queries it cannot evaluate.
pub async fn fail_open_off(c: &Client, vpc_id: &str) -> Result<(), AwsError> {
    c.update_firewall_config()
        .resource_id(vpc_id)
        .firewall_fail_open(FirewallFailOpenStatus::Disabled)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:UpdateFirewallConfig", e))?;
    Ok(())
}

/// Remove a rule group from a VPC.
pub async fn disassociate(c: &Client, association_id: &str) -> Result<(), AwsError> {
    c.disassociate_firewall_rule_group()
        .firewall_rule_group_association_id(association_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:DisassociateFirewallRuleGroup", e))?;
    Ok(())
}

/// Remove one rule (named by its group and domain list) from its group.
pub async fn delete_rule(c: &Client, group_id: &str, list_id: &str) -> Result<(), AwsError> {
    c.delete_firewall_rule()
        .firewall_rule_group_id(group_id)
        .firewall_domain_list_id(list_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:DeleteFirewallRule", e))?;
    Ok(())
}

/// Delete a rule group (it must have no rules and no associations left).
pub async fn delete_rule_group(c: &Client, group_id: &str) -> Result<(), AwsError> {
    c.delete_firewall_rule_group()
        .firewall_rule_group_id(group_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:DeleteFirewallRuleGroup", e))?;
    Ok(())
}

/// Delete a domain list (no rule may use it any more).
pub async fn delete_domain_list(c: &Client, list_id: &str) -> Result<(), AwsError> {
    c.delete_firewall_domain_list()
        .firewall_domain_list_id(list_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:DeleteFirewallDomainList", e))?;
    Ok(())
}
