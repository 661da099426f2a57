//! Route 53 Resolver: DNS Firewall (domain lists, rule groups, rules, VPC associations, the
//! fail-open setting) and the resolver rules that forward a domain elsewhere. Reads here, to the
//! last page of every listing; writes in [`write`].

mod write;

pub use write::{
    associate, create_domain_list, create_rule, create_rule_group, delete_domain_list, delete_rule,
    delete_rule_group, disassociate, fail_open_off, replace_domains, update_rule,
};

use aws_sdk_route53resolver::Client;
use aws_sdk_route53resolver::types::{Filter, RuleTypeOption};

use super::AwsError;

/// A DNS Firewall domain list (its domains are read apart: [`domains`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainList {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// Set for AWS-managed lists, whose domains cannot be listed.
    pub managed_owner: Option<String>,
}

/// A DNS Firewall rule group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleGroup {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub owner: String,
}

/// One rule of a rule group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    pub group_id: String,
    /// `None` for a DNS Firewall Advanced (threat protection) rule, which has no domain list.
    pub domain_list_id: Option<String>,
    pub name: String,
    pub priority: i32,
    /// `ALLOW`, `BLOCK` or `ALERT`.
    pub action: String,
    /// `NODATA`, `NXDOMAIN` or `OVERRIDE`, for a BLOCK rule.
    pub block_response: Option<String>,
    /// The one query type the rule applies to; `None`: every type.
    pub qtype: Option<String>,
}

/// A rule group associated with a VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association {
    pub id: String,
    pub group_id: String,
    pub vpc_id: String,
    pub name: String,
    pub priority: i32,
    /// `COMPLETE`, `CREATING`, `UPDATING`, `DELETING`.
    pub status: String,
}

/// A resolver rule associated with a VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverRule {
    pub id: String,
    pub name: String,
    /// `FORWARD`, `SYSTEM`, `RECURSIVE` or `DELEGATE`.
    pub rule_type: String,
    pub domain: String,
    /// The target name servers, `ip:port`.
    pub targets: Vec<String>,
}

fn owned(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

/// Every domain list the account owns or can use (AWS-managed ones included).
pub async fn domain_lists(c: &Client) -> Result<Vec<DomainList>, AwsError> {
    let pages = c
        .list_firewall_domain_lists()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListFirewallDomainLists", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.firewall_domain_lists())
        .map(|l| DomainList {
            id: owned(l.id()),
            arn: owned(l.arn()),
            name: owned(l.name()),
            managed_owner: l.managed_owner_name().map(str::to_string),
        })
        .collect())
}

/// The tags of a DNS Firewall resource, to the last page.
pub async fn tags(c: &Client, arn: &str) -> Result<Vec<(String, String)>, AwsError> {
    let pages = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListTagsForResource", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.tags())
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect())
}

/// The domains of one list, to the last page.
pub async fn domains(c: &Client, list_id: &str) -> Result<Vec<String>, AwsError> {
    let pages = c
        .list_firewall_domains()
        .firewall_domain_list_id(list_id)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListFirewallDomains", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.domains())
        .map(String::to_string)
        .collect())
}

/// Every rule group the account owns or can use.
pub async fn rule_groups(c: &Client) -> Result<Vec<RuleGroup>, AwsError> {
    let pages = c
        .list_firewall_rule_groups()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListFirewallRuleGroups", e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.firewall_rule_groups())
        .map(|g| RuleGroup {
            id: owned(g.id()),
            arn: owned(g.arn()),
            name: owned(g.name()),
            owner: owned(g.owner_id()),
        })
        .collect())
}

/// The rules of one group, in the order DNS Firewall applies them (priority ascending: "DNS
/// Firewall processes the rules in a rule group by order of priority, starting from the lowest
/// setting", FirewallRule.Priority in the Route 53 Resolver API reference).
pub async fn rules(c: &Client, group_id: &str) -> Result<Vec<Rule>, AwsError> {
    let pages = c
        .list_firewall_rules()
        .firewall_rule_group_id(group_id)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListFirewallRules", e))?;
    let mut rules: Vec<Rule> = pages
        .iter()
        .flat_map(|p| p.firewall_rules())
        .map(|r| Rule {
            group_id: owned(r.firewall_rule_group_id()),
            domain_list_id: r.firewall_domain_list_id().map(str::to_string),
            name: owned(r.name()),
            priority: r.priority().unwrap_or_default(),
            action: r
                .action()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            block_response: r.block_response().map(|b| b.as_str().to_string()),
            qtype: r.qtype().map(str::to_string),
        })
        .collect();
    rules.sort_by_key(|r| r.priority);
    Ok(rules)
}

/// The rule groups associated with a VPC, in the order DNS Firewall applies them (priority
/// ascending: "DNS Firewall filters VPC traffic starting from the rule group with the lowest
/// numeric priority setting", AssociateFirewallRuleGroup.Priority).
pub async fn associations(c: &Client, vpc_id: &str) -> Result<Vec<Association>, AwsError> {
    list_associations(c, Some(vpc_id), None).await
}

/// Every association of one rule group, whatever the VPC.
pub async fn group_associations(c: &Client, group_id: &str) -> Result<Vec<Association>, AwsError> {
    list_associations(c, None, Some(group_id)).await
}

async fn list_associations(
    c: &Client,
    vpc_id: Option<&str>,
    group_id: Option<&str>,
) -> Result<Vec<Association>, AwsError> {
    let pages = c
        .list_firewall_rule_group_associations()
        .set_vpc_id(vpc_id.map(str::to_string))
        .set_firewall_rule_group_id(group_id.map(str::to_string))
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListFirewallRuleGroupAssociations", e))?;
    let mut out: Vec<Association> = pages
        .iter()
        .flat_map(|p| p.firewall_rule_group_associations())
        .map(|a| Association {
            id: owned(a.id()),
            group_id: owned(a.firewall_rule_group_id()),
            vpc_id: owned(a.vpc_id()),
            name: owned(a.name()),
            priority: a.priority().unwrap_or_default(),
            status: a
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|a| a.priority);
    Ok(out)
}

/// The VPC's fail-open setting: `ENABLED`, `DISABLED` or `USE_LOCAL_RESOURCE_SETTING`.
pub async fn fail_open(c: &Client, vpc_id: &str) -> Result<String, AwsError> {
    let out = c
        .get_firewall_config()
        .resource_id(vpc_id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:GetFirewallConfig", e))?;
    out.firewall_config()
        .and_then(|f| f.firewall_fail_open())
        .map(|f| f.as_str().to_string())
        .ok_or_else(|| {
            AwsError::answer(
                "route53resolver:GetFirewallConfig",
                "no FirewallFailOpen in the answer",
            )
        })
}

/// The resolver rules associated with a VPC, each read in full.
pub async fn vpc_resolver_rules(c: &Client, vpc_id: &str) -> Result<Vec<ResolverRule>, AwsError> {
    let pages = c
        .list_resolver_rule_associations()
        .filters(Filter::builder().name("VPCId").values(vpc_id).build())
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("route53resolver:ListResolverRuleAssociations", e))?;
    let mut out = Vec::new();
    for a in pages.iter().flat_map(|p| p.resolver_rule_associations()) {
        let Some(rule_id) = a.resolver_rule_id() else {
            continue;
        };
        let got = c
            .get_resolver_rule()
            .resolver_rule_id(rule_id)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("route53resolver:GetResolverRule", e))?;
        let Some(r) = got.resolver_rule() else {
            return Err(AwsError::answer(
                "route53resolver:GetResolverRule",
                format!("no rule in the answer for {rule_id}"),
            ));
        };
        out.push(ResolverRule {
            id: owned(r.id()),
            name: owned(r.name()),
            rule_type: r
                .rule_type()
                .map(RuleTypeOption::as_str)
                .unwrap_or_default()
                .to_string(),
            domain: owned(r.domain_name()),
            targets: r
                .target_ips()
                .iter()
                .map(|t| {
                    let host = t.ip().or(t.ipv6()).unwrap_or_default();
                    match t.port() {
                        Some(port) => format!("{host}:{port}"),
                        None => host.to_string(),
                    }
                })
                .collect(),
        });
    }
    Ok(out)
}
