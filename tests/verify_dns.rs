//! D13 against moto (its DNS Firewall from scripts/standin_dns_firewall.py, its resolver rules
//! its own): the estate as apply leaves it passes D13; then, behind the tool's back, the rule
//! group is taken off the VPC, fail-open is turned on and a rule forwards a domain to a name
//! server outside, and `verify` names exactly those as D13.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // the estate's route table and S3 endpoint are for other tests
#[path = "verify_estate/mod.rs"]
mod estate;
mod support;

use aws_sdk_route53resolver::types::{
    FirewallFailOpenStatus, IpAddressRequest, ResolverEndpointDirection, RuleTypeOption,
    TargetAddress,
};
use eks_isolation::policy::analyze::{CheckId, Report};
use eks_isolation::verify::verify;

fn d13(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.id == CheckId::D13)
        .map(|f| f.detail.clone())
        .collect()
}

#[tokio::test]
async fn the_applied_firewall_passes_and_each_way_around_it_is_d13() {
    let e = estate::build().await;
    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    assert!(report.checked.contains(&CheckId::D13), "{report:#?}");
    assert_eq!(d13(&report), Vec::<String>::new());

    let vpc = e.ids.vpc_id.clone().unwrap();
    let c = aws_sdk_route53resolver::Client::new(&e.data.config);
    c.disassociate_firewall_rule_group()
        .firewall_rule_group_association_id(&e.dns_association)
        .send()
        .await
        .unwrap();
    c.update_firewall_config()
        .resource_id(&vpc)
        .firewall_fail_open(FirewallFailOpenStatus::Enabled)
        .send()
        .await
        .unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&e.data.config);
    let sg = ec2
        .create_security_group()
        .group_name("resolver-out")
        .description("outbound resolver")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
    let mut endpoint = c
        .create_resolver_endpoint()
        .creator_request_id("out")
        .name("out")
        .direction(ResolverEndpointDirection::Outbound)
        .security_group_ids(sg);
    for subnet in &e.ids.subnet_ids {
        endpoint = endpoint.ip_addresses(
            IpAddressRequest::builder()
                .subnet_id(subnet)
                .build()
                .unwrap(),
        );
    }
    let endpoint = endpoint.send().await.unwrap();
    let endpoint = endpoint
        .resolver_endpoint()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let rule = c
        .create_resolver_rule()
        .creator_request_id("fwd")
        .name("to-outside")
        .rule_type(RuleTypeOption::Forward)
        .domain_name("attacker.example")
        .resolver_endpoint_id(&endpoint)
        .target_ips(TargetAddress::builder().ip("203.0.113.53").port(53).build())
        .send()
        .await
        .unwrap();
    let rule = rule.resolver_rule().unwrap().id().unwrap().to_string();
    c.associate_resolver_rule()
        .resolver_rule_id(&rule)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();

    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    let found = d13(&report);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with(&format!(
            "no DNS Firewall rule group is associated with {vpc}"
        )),
        "{found:#?}"
    );
    assert!(found[1].starts_with("fail-open is ENABLED"), "{found:#?}");
    assert!(
        found[2].contains(&rule) && found[2].contains("203.0.113.53:53"),
        "{found:#?}"
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.id != CheckId::D13 || f.severity.as_str() == "critical")
    );
}
