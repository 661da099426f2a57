//! D13 over two pages of every listing: the firewall association, the block-everything rule, a
//! name outside AWS in the allow list and a forwarding rule are each on page 2 (moto lacks DNS
//! Firewall, and its resolver listings come in one page).

use aws_sdk_ec2::operation::describe_vpc_endpoint_services::DescribeVpcEndpointServicesOutput;
use aws_sdk_ec2::types::{PrivateDnsDetails, ServiceDetail, ServiceTypeDetail};
use aws_sdk_route53resolver::operation::get_firewall_config::GetFirewallConfigOutput;
use aws_sdk_route53resolver::operation::get_resolver_rule::GetResolverRuleOutput;
use aws_sdk_route53resolver::operation::list_firewall_domains::ListFirewallDomainsOutput;
use aws_sdk_route53resolver::operation::list_firewall_rule_group_associations::ListFirewallRuleGroupAssociationsOutput;
use aws_sdk_route53resolver::operation::list_firewall_rules::ListFirewallRulesOutput;
use aws_sdk_route53resolver::operation::list_resolver_rule_associations::ListResolverRuleAssociationsOutput;
use aws_sdk_route53resolver::types::{
    Action, BlockResponse, FirewallConfig, FirewallFailOpenStatus, FirewallRule,
    FirewallRuleGroupAssociation, FirewallRuleGroupAssociationStatus, ResolverRule,
    ResolverRuleAssociation, RuleTypeOption, TargetAddress,
};
use aws_smithy_mocks::{Rule, mock};

use super::{NEXT, VPC, first_page};

pub const GROUP: &str = "rslvr-frg-paged";
pub const NEEDED: &str = "rslvr-fdl-needed";
pub const EVERYTHING: &str = "rslvr-fdl-everything";
/// The name outside AWS on page 2 of the allow list.
pub const OUTSIDE: &str = "exfil.attacker.example";
/// The forwarding rule on page 2 of the VPC's resolver rule associations.
pub const FORWARD: &str = "rslvr-rr-outside";

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

/// The data owner's endpoint services, with the private DNS name of each enabled one.
pub fn endpoint_services_rule() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpc_endpoint_services).then_compute_output(|r| {
        let details = r.service_names().iter().map(|name| {
            let short = name.trim_start_matches("com.amazonaws.us-east-1.");
            let dns = match short {
                "ecr.dkr" => "*.dkr.ecr.us-east-1.amazonaws.com".to_string(),
                "ecr.api" => "api.ecr.us-east-1.amazonaws.com".to_string(),
                "eks-auth" => "eks-auth.us-east-1.api.aws".to_string(),
                other => format!("{other}.us-east-1.amazonaws.com"),
            };
            ServiceDetail::builder()
                .service_name(name)
                .owner("amazon")
                .service_type(
                    ServiceTypeDetail::builder()
                        .service_type("Interface".into())
                        .build(),
                )
                .private_dns_name(&dns)
                .private_dns_names(PrivateDnsDetails::builder().private_dns_name(dns).build())
                .build()
        });
        DescribeVpcEndpointServicesOutput::builder()
            .set_service_details(Some(details.collect()))
            .build()
    })
}

/// Every DNS Firewall and resolver read of the VPC, each listing in two pages.
pub fn rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_route53resolver::Client::list_firewall_rule_group_associations)
            .then_compute_output(|r| {
                assert_eq!(r.vpc_id(), Some(VPC));
                if first_page(r.next_token()) {
                    return ListFirewallRuleGroupAssociationsOutput::builder()
                        .next_token(NEXT)
                        .build();
                }
                ListFirewallRuleGroupAssociationsOutput::builder()
                    .firewall_rule_group_associations(
                        FirewallRuleGroupAssociation::builder()
                            .id("rslvr-frgassoc-paged")
                            .firewall_rule_group_id(GROUP)
                            .vpc_id(VPC)
                            .name("isolation")
                            .priority(100)
                            .status(FirewallRuleGroupAssociationStatus::Complete)
                            .build(),
                    )
                    .build()
            }),
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
        mock!(aws_sdk_route53resolver::Client::list_firewall_domains).then_compute_output(|r| {
            if r.firewall_domain_list_id() == Some(EVERYTHING) {
                return ListFirewallDomainsOutput::builder().domains("*").build();
            }
            if first_page(r.next_token()) {
                return ListFirewallDomainsOutput::builder()
                    .domains("ec2.us-east-1.amazonaws.com")
                    .domains("*.dkr.ecr.us-east-1.amazonaws.com")
                    .next_token(NEXT)
                    .build();
            }
            ListFirewallDomainsOutput::builder()
                .domains(OUTSIDE)
                .build()
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
        mock!(aws_sdk_route53resolver::Client::list_resolver_rule_associations)
            .then_compute_output(|r| {
                if first_page(r.next_token()) {
                    return ListResolverRuleAssociationsOutput::builder()
                        .next_token(NEXT)
                        .build();
                }
                ListResolverRuleAssociationsOutput::builder()
                    .resolver_rule_associations(
                        ResolverRuleAssociation::builder()
                            .resolver_rule_id(FORWARD)
                            .vpc_id(VPC)
                            .build(),
                    )
                    .build()
            }),
        mock!(aws_sdk_route53resolver::Client::get_resolver_rule).then_output(|| {
            GetResolverRuleOutput::builder()
                .resolver_rule(
                    ResolverRule::builder()
                        .id(FORWARD)
                        .name("to-outside")
                        .rule_type(RuleTypeOption::Forward)
                        .domain_name("attacker.example.")
                        .target_ips(TargetAddress::builder().ip("203.0.113.53").port(53).build())
                        .build(),
                )
                .build()
        }),
    ]
}
