//! The DNS Firewall step's discovery over two pages (moto has no DNS Firewall; the stand-in
//! answers in one page): the domain lists, the rule group, its rules, the domains and the
//! association are each on page 2, and the step finds them instead of making second ones.

use aws_sdk_route53resolver::operation::get_firewall_config::GetFirewallConfigOutput;
use aws_sdk_route53resolver::operation::list_firewall_domain_lists::ListFirewallDomainListsOutput;
use aws_sdk_route53resolver::operation::list_firewall_domains::ListFirewallDomainsOutput;
use aws_sdk_route53resolver::operation::list_firewall_rule_group_associations::ListFirewallRuleGroupAssociationsOutput;
use aws_sdk_route53resolver::operation::list_firewall_rule_groups::ListFirewallRuleGroupsOutput;
use aws_sdk_route53resolver::operation::list_firewall_rules::ListFirewallRulesOutput;
use aws_sdk_route53resolver::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_route53resolver::types::{
    Action, BlockResponse, FirewallConfig, FirewallDomainListMetadata, FirewallFailOpenStatus,
    FirewallRule, FirewallRuleGroupAssociation, FirewallRuleGroupAssociationStatus,
    FirewallRuleGroupMetadata, Tag,
};
use aws_smithy_mocks::{Rule, mock};
use eks_isolation::blueprint::names::TAG_KEY;
use eks_isolation::blueprint::names::{dns_everything_list, dns_needed_list, dns_rule_group};
use eks_isolation::policy::dns_firewall::needed_names;

use super::mocks::{DATA, NEXT, VPC, blueprint, first_page};

pub const NEEDED: &str = "rslvr-fdl-needed";
pub const EVERYTHING: &str = "rslvr-fdl-everything";
pub const GROUP: &str = "rslvr-frg-ours";
pub const ASSOCIATION: &str = "rslvr-frgassoc-ours";

fn arn(kind: &str, id: &str) -> String {
    format!("arn:aws:route53resolver:us-east-1:{DATA}:{kind}/{id}")
}

fn rule(list: &str, priority: i32, action: Action) -> FirewallRule {
    let block = action == Action::Block;
    FirewallRule::builder()
        .firewall_rule_group_id(GROUP)
        .firewall_domain_list_id(list)
        .name(list)
        .priority(priority)
        .action(action)
        .set_block_response(block.then_some(BlockResponse::Nxdomain))
        .build()
}

/// Everything the step reads, as `apply` left it, each listing over two pages; the
/// association in the VPC at `priority` (`others`: other associations on page 1).
pub fn applied(others: Vec<(String, i32)>) -> Vec<Rule> {
    let bp = blueprint();
    let lists = [
        (NEEDED, dns_needed_list(&bp)),
        (EVERYTHING, dns_everything_list(&bp)),
    ];
    let group_name = dns_rule_group(&bp);
    vec![
        mock!(aws_sdk_route53resolver::Client::list_firewall_domain_lists).then_compute_output(
            move |r| {
                if first_page(r.next_token()) {
                    return ListFirewallDomainListsOutput::builder()
                        .firewall_domain_lists(
                            FirewallDomainListMetadata::builder()
                                .id("rslvr-fdl-aws")
                                .name("AWSManagedDomainsMalwareDomainList")
                                .managed_owner_name("Route 53 Resolver DNS Firewall")
                                .build(),
                        )
                        .next_token(NEXT)
                        .build();
                }
                let mut out = ListFirewallDomainListsOutput::builder();
                for (id, name) in &lists {
                    out = out.firewall_domain_lists(
                        FirewallDomainListMetadata::builder()
                            .id(*id)
                            .arn(arn("firewall-domain-list", id))
                            .name(name)
                            .build(),
                    );
                }
                out.build()
            },
        ),
        mock!(aws_sdk_route53resolver::Client::list_tags_for_resource).then_output(|| {
            ListTagsForResourceOutput::builder()
                .tags(
                    Tag::builder()
                        .key(TAG_KEY)
                        .value(blueprint().name)
                        .build()
                        .unwrap(),
                )
                .build()
        }),
        mock!(aws_sdk_route53resolver::Client::list_firewall_domains).then_compute_output(|r| {
            if r.firewall_domain_list_id() == Some(EVERYTHING) {
                return ListFirewallDomainsOutput::builder().domains("*").build();
            }
            let mut names = needed_names(&blueprint(), &[]);
            let second = names.split_off(names.len() / 2);
            if first_page(r.next_token()) {
                return ListFirewallDomainsOutput::builder()
                    .set_domains(Some(names))
                    .next_token(NEXT)
                    .build();
            }
            ListFirewallDomainsOutput::builder()
                .set_domains(Some(second))
                .build()
        }),
        mock!(aws_sdk_route53resolver::Client::list_firewall_rule_groups).then_compute_output(
            move |r| {
                if first_page(r.next_token()) {
                    return ListFirewallRuleGroupsOutput::builder()
                        .next_token(NEXT)
                        .build();
                }
                ListFirewallRuleGroupsOutput::builder()
                    .firewall_rule_groups(
                        FirewallRuleGroupMetadata::builder()
                            .id(GROUP)
                            .arn(arn("firewall-rule-group", GROUP))
                            .name(&group_name)
                            .owner_id(DATA)
                            .build(),
                    )
                    .build()
            },
        ),
        mock!(aws_sdk_route53resolver::Client::list_firewall_rules).then_compute_output(|r| {
            if first_page(r.next_token()) {
                return ListFirewallRulesOutput::builder()
                    .firewall_rules(rule(NEEDED, 100, Action::Allow))
                    .next_token(NEXT)
                    .build();
            }
            ListFirewallRulesOutput::builder()
                .firewall_rules(rule(EVERYTHING, 200, Action::Block))
                .build()
        }),
        mock!(aws_sdk_route53resolver::Client::list_firewall_rule_group_associations)
            .then_compute_output(move |r| {
                let association = |id: &str, group: &str, priority: i32| {
                    FirewallRuleGroupAssociation::builder()
                        .id(id)
                        .firewall_rule_group_id(group)
                        .vpc_id(VPC)
                        .name(id)
                        .priority(priority)
                        .status(FirewallRuleGroupAssociationStatus::Complete)
                        .build()
                };
                if first_page(r.next_token()) {
                    let mut out = ListFirewallRuleGroupAssociationsOutput::builder();
                    for (id, priority) in &others {
                        out = out.firewall_rule_group_associations(association(
                            id,
                            "rslvr-frg-other",
                            *priority,
                        ));
                    }
                    return out.next_token(NEXT).build();
                }
                if others.is_empty() {
                    return ListFirewallRuleGroupAssociationsOutput::builder()
                        .firewall_rule_group_associations(association(ASSOCIATION, GROUP, 100))
                        .build();
                }
                ListFirewallRuleGroupAssociationsOutput::builder().build()
            }),
        mock!(aws_sdk_route53resolver::Client::get_firewall_config).then_output(|| {
            GetFirewallConfigOutput::builder()
                .firewall_config(
                    FirewallConfig::builder()
                        .resource_id(VPC)
                        .firewall_fail_open(FirewallFailOpenStatus::Disabled)
                        .build(),
                )
                .build()
        }),
    ]
}
