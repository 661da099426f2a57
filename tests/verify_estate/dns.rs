//! The estate's DNS Firewall as `apply` leaves it (through the stand-in moto gets from
//! scripts/standin_dns_firewall.py): the needed names allowed, every other blocked with
//! NXDOMAIN, the group associated with the VPC, fail-open off (its default).

use aws_config::SdkConfig;
use aws_sdk_route53resolver::types::{Action, BlockResponse, FirewallDomainUpdateOperation};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::dns_firewall::{
    ALLOW_PRIORITY, ASSOCIATION_PRIORITY, BLOCK_PRIORITY, EVERY_NAME, needed_names,
};

/// The two lists, the rule group with its two rules, and the association: the association's ID.
pub async fn firewall(config: &SdkConfig, bp: &Blueprint, vpc: &str) -> String {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let services = eks_isolation::aws::ec2::all_endpoint_services(&ec2)
        .await
        .unwrap();
    let c = aws_sdk_route53resolver::Client::new(config);
    let mut lists = Vec::new();
    for (name, domains) in [
        ("needed", needed_names(bp, &services)),
        ("everything", vec![EVERY_NAME.to_string()]),
    ] {
        let list = c
            .create_firewall_domain_list()
            .name(name)
            .creator_request_id(name)
            .send()
            .await
            .unwrap();
        let id = list
            .firewall_domain_list()
            .unwrap()
            .id()
            .unwrap()
            .to_string();
        c.update_firewall_domains()
            .firewall_domain_list_id(&id)
            .operation(FirewallDomainUpdateOperation::Replace)
            .set_domains(Some(domains))
            .send()
            .await
            .unwrap();
        lists.push(id);
    }
    let group = c
        .create_firewall_rule_group()
        .name("isolation")
        .creator_request_id("isolation")
        .send()
        .await
        .unwrap();
    let group = group
        .firewall_rule_group()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    for (list, priority, action) in [
        (&lists[0], ALLOW_PRIORITY, Action::Allow),
        (&lists[1], BLOCK_PRIORITY, Action::Block),
    ] {
        let block = action == Action::Block;
        c.create_firewall_rule()
            .creator_request_id(list)
            .firewall_rule_group_id(&group)
            .firewall_domain_list_id(list)
            .name(list)
            .priority(priority)
            .action(action)
            .set_block_response(block.then_some(BlockResponse::Nxdomain))
            .send()
            .await
            .unwrap();
    }
    let association = c
        .associate_firewall_rule_group()
        .creator_request_id("isolation")
        .firewall_rule_group_id(&group)
        .vpc_id(vpc)
        .priority(ASSOCIATION_PRIORITY)
        .name("isolation")
        .send()
        .await
        .unwrap();
    association
        .firewall_rule_group_association()
        .unwrap()
        .id()
        .unwrap()
        .to_string()
}
