//! The engine's steps discover through every page (mocked clients, since moto answers each
//! listing in one): what a step looks for is on page 2, after an empty page or one holding only
//! what is not ours, and the step finds it instead of making a second one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "engine_paging/dns.rs"]
mod dns;
#[path = "engine_paging/ec2.rs"]
mod ec2;
#[path = "engine_paging/mocks.rs"]
mod mocks;
#[path = "engine_paging/orgs.rs"]
mod orgs;

use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{dns as dns_step, network, org};
use mocks::{GROUP, SUBNETS, TABLE, VPC, count, ctx, vpc_and_subnets};

#[tokio::test]
async fn tagged_subnets_on_page_two_are_found_not_created_again() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(
        dir.path(),
        &[ec2::subnets_by_tag()],
        &[("vpc", "ec2:vpc", VPC)],
    );
    let out = network::ensure_subnets(&ctx).await.unwrap();
    assert!(matches!(out, Outcome::Exists(_)), "{out:?}");
    for (i, id) in SUBNETS.iter().enumerate() {
        let record = ctx.recorded(&format!("subnet.{i}")).unwrap();
        assert_eq!(record.id, *id, "the page-2 subnet in the blueprint's VPC");
        assert!(record.created);
    }
    assert_eq!(count(&ctx, "ec2:DescribeSubnets"), 4, "two pages a subnet");
    assert_eq!(count(&ctx, "ec2:CreateSubnet"), 0, "{:?}", ctx.calls());
}

#[tokio::test]
async fn the_tagged_route_table_and_a_subnets_old_association_on_page_two_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let rules = [ec2::route_tables(), ec2::reassociate()];
    let ctx = ctx(dir.path(), &rules, &vpc_and_subnets());
    let out = network::ensure_route_table(&ctx).await.unwrap();
    let Outcome::Updated(what) = &out else {
        panic!("{out:?}")
    };
    assert!(
        what.contains(&format!("moved {} from rtb-0old", SUBNETS[1])),
        "{what}"
    );
    assert_eq!(ctx.recorded("route_table").unwrap().id, TABLE);
    let calls = ctx.calls();
    assert_eq!(count(&ctx, "ec2:CreateRouteTable"), 0, "{calls:?}");
    // AssociateRouteTable on a subnet that has an association fails on AWS
    // (Resource.AlreadyAssociated): the association on page 2 is moved instead.
    assert_eq!(count(&ctx, "ec2:AssociateRouteTable"), 0, "{calls:?}");
    assert_eq!(count(&ctx, "ec2:ReplaceRouteTableAssociation"), 1);
}

#[tokio::test]
async fn the_tagged_endpoint_group_on_page_two_is_found_for_subnets_read_over_two_pages() {
    let dir = tempfile::tempdir().unwrap();
    let rules = [ec2::subnets_by_id(), ec2::groups_by_tag()];
    let ctx = ctx(dir.path(), &rules, &vpc_and_subnets());
    let out = network::ensure_endpoint_security_group(&ctx).await.unwrap();
    let Outcome::Exists(what) = &out else {
        panic!("{out:?}")
    };
    assert!(what.contains("10.40.0.0/20, 10.40.16.0/20"), "{what}");
    assert_eq!(ctx.recorded("endpoint.security_group").unwrap().id, GROUP);
    let calls = ctx.calls();
    assert_eq!(count(&ctx, "ec2:CreateSecurityGroup"), 0, "{calls:?}");
    assert_eq!(count(&ctx, "ec2:AuthorizeSecurityGroupIngress"), 0);
}

#[tokio::test]
async fn endpoints_and_their_services_on_page_two_are_found_not_created_again() {
    let dir = tempfile::tempdir().unwrap();
    let rules = [
        ec2::subnets_by_id(),
        ec2::endpoint_services(),
        ec2::endpoints_by_tag(),
    ];
    let mut records = vec![
        ("route_table", "ec2:route-table", TABLE),
        ("endpoint.security_group", "ec2:security-group", GROUP),
    ];
    records.extend(vpc_and_subnets());
    let ctx = ctx(dir.path(), &rules, &records);

    let s3 = network::ensure_s3_endpoint(&ctx).await.unwrap();
    assert_eq!(
        s3,
        Outcome::Exists("vpce-0s3".into()),
        "not the deleted one"
    );
    let interface = network::ensure_interface_endpoints(&ctx).await.unwrap();
    assert!(matches!(interface, Outcome::Exists(_)), "{interface:?}");
    for service in &ctx.bp.network.interface_endpoints {
        let record = ctx.recorded(&format!("endpoint.{service}")).unwrap();
        assert_eq!(record.id, format!("vpce-0{}", service.replace('.', "")));
    }
    let calls = ctx.calls();
    assert_eq!(count(&ctx, "ec2:CreateVpcEndpoint"), 0, "{calls:?}");
    assert_eq!(count(&ctx, "ec2:ModifyVpcEndpoint"), 0, "{calls:?}");
    assert_eq!(
        count(&ctx, "ec2:DescribeVpcEndpointServices"),
        2,
        "both pages, once a run"
    );
}

#[tokio::test]
async fn the_scps_root_and_blueprint_tag_on_page_two_keep_it_ours() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), &orgs::rules(), &[]);
    let out = org::ensure_scp(&ctx).await.unwrap();
    let Outcome::Exists(what) = &out else {
        panic!("{out:?}")
    };
    assert!(what.contains(orgs::SCP), "{what}");
    let record = ctx.recorded("scp").unwrap();
    assert_eq!(record.id, orgs::SCP);
    assert!(
        record.created,
        "the blueprint tag on page 2 marks it ours: destroy removes it"
    );
    let calls = ctx.calls();
    assert_eq!(
        count(&ctx, "organizations:EnablePolicyType"),
        0,
        "{calls:?}"
    );
    assert_eq!(count(&ctx, "organizations:CreatePolicy"), 0, "{calls:?}");
    assert_eq!(count(&ctx, "organizations:ListRoots"), 2);
}

#[tokio::test]
async fn a_token_that_repeats_ends_the_endpoint_service_listing() {
    // The SDK's paginators stop on a repeated token; the hand-followed listing does the same.
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path(), &[ec2::endpoint_services_stuck()], &[]);
    let client = ctx.clients(eks_isolation::blueprint::Side::DataOwner).ec2();
    let services = eks_isolation::aws::ec2::all_endpoint_services(&client)
        .await
        .unwrap();
    assert_eq!(
        services.len(),
        2,
        "the first page and the one that repeated its token"
    );
    assert_eq!(count(&ctx, "ec2:DescribeVpcEndpointServices"), 2);
}

#[tokio::test]
async fn the_dns_firewall_on_page_two_is_found_whole_and_nothing_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = dns::applied(Vec::new());
    rules.push(ec2::endpoint_services());
    let ctx = ctx(dir.path(), &rules, &[("vpc", "ec2:vpc", VPC)]);
    let out = dns_step::ensure_firewall(&ctx).await.unwrap();
    assert!(
        matches!(out, Outcome::Exists(_)),
        "{out:?} {:?}",
        ctx.calls()
    );
    for (key, id) in [
        (dns_step::NEEDED, dns::NEEDED),
        (dns_step::EVERYTHING, dns::EVERYTHING),
        (dns_step::GROUP, dns::GROUP),
        (dns_step::ASSOCIATION, dns::ASSOCIATION),
    ] {
        let record = ctx.recorded(key).unwrap();
        assert_eq!(record.id, id, "{key}");
        assert!(record.created, "{key}: tagged as ours");
    }
    let calls = ctx.calls();
    assert!(
        calls
            .iter()
            .all(|c| c.contains(":List") || c.contains(":Get") || c.contains(":Describe")),
        "reads only: {calls:?}"
    );
    assert_eq!(
        count(&ctx, "route53resolver:ListFirewallDomains"),
        3,
        "two pages + `*`"
    );
}

#[tokio::test]
async fn another_rule_group_holding_the_first_place_blocks_the_step_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = dns::applied(vec![("allow-everything".to_string(), 100)]);
    rules.push(ec2::endpoint_services());
    let ctx = ctx(dir.path(), &rules, &[("vpc", "ec2:vpc", VPC)]);
    let err = dns_step::ensure_firewall(&ctx)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("allow-everything") && err.contains("priority 100"),
        "{err}"
    );
    assert_eq!(count(&ctx, "route53resolver:AssociateFirewallRuleGroup"), 0);
}
