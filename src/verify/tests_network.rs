//! Live checks on the network and the policies in force: a leaky variant fails, a near miss
//! passes, unknown data is undecided.
#![allow(clippy::unwrap_used)]

use super::live_checks;
use super::tests_fixture::{bp, good, interface, of, route, undecided};
use crate::aws::ec2::{Association, RouteTarget};
use crate::policy::analyze::{CheckId, Severity};

#[test]
fn the_setup_apply_leaves_passes_everything_but_the_cni_writers_and_m5() {
    let r = live_checks(&bp(), &good());
    let ids: Vec<CheckId> = r.findings.iter().map(|f| f.id).collect();
    // D12: the VPC CNI's network-interface descriptions and tag values stay writable (a
    // warning, never critical); M5 is always reported.
    assert_eq!(ids, [CheckId::D12, CheckId::M5], "{:#?}", r.findings);
    assert_eq!(r.findings[0].severity, Severity::Warning);
    assert!(
        r.findings[0].detail.starts_with("the ec2 endpoint"),
        "{:?}",
        r.findings[0]
    );
    assert_eq!(r.checked, CheckId::ALL.to_vec());
    assert!(r.undecided.is_empty(), "{:?}", r.undecided);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("undecided"), "{json}");
}

#[test]
fn d3_an_igw_route_fails_an_s3_prefix_list_route_passes() {
    let mut s = good();
    let tables = s.route_tables.as_mut().unwrap();
    tables[1].routes.push(route(
        "0.0.0.0/0",
        RouteTarget::InternetGateway("igw-1".into()),
    ));
    let r = live_checks(&bp(), &s);
    let d3 = of(&r, CheckId::D3);
    assert_eq!(d3.len(), 2, "{d3:?}");
    assert!(d3[0].1.contains("internet gateway igw-1"), "{d3:?}");
    // The good state already has a prefix-list route to the gateway endpoint, and an IGW on
    // the main table that no shared subnet uses.
    assert!(of(&live_checks(&bp(), &good()), CheckId::D3).is_empty());
}

#[test]
fn d3_a_subnet_without_its_own_table_is_judged_by_the_main_one() {
    let mut s = good();
    s.route_tables.as_mut().unwrap()[1]
        .associations
        .retain(|a: &Association| a.subnet_id.as_deref() == Some("subnet-a"));
    let r = live_checks(&bp(), &s);
    let d3 = of(&r, CheckId::D3);
    assert_eq!(d3.len(), 1, "{d3:?}");
    assert!(d3[0].1.contains("rtb-main of subnet subnet-b"), "{d3:?}");
    s.route_tables = None;
    s.unreadable.push((
        CheckId::D3,
        "ec2:DescribeRouteTables: UnauthorizedOperation".into(),
    ));
    let r = live_checks(&bp(), &s);
    assert!(undecided(&r, CheckId::D3));
    assert!(!r.checked.contains(&CheckId::D3));
    assert!(r.undecided[0].reason.contains("UnauthorizedOperation"));
}

#[test]
fn d2_a_full_access_s3_endpoint_fails_and_a_missing_policy_is_full_access() {
    let mut s = good();
    let eps = s.endpoints.as_mut().unwrap();
    eps[0].policy = Some(
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#.into(),
    );
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::D2).len(), 1);
    s.endpoints.as_mut().unwrap()[0].policy = None;
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::D2).len(), 1);
}

#[test]
fn d2_s4_d10_are_undecided_without_an_s3_endpoint_and_s3_reports_it() {
    let mut s = good();
    s.endpoints.as_mut().unwrap().remove(0);
    let r = live_checks(&bp(), &s);
    for id in [CheckId::D2, CheckId::S4, CheckId::D10] {
        assert!(undecided(&r, id), "{id}");
    }
    assert!(of(&r, CheckId::S3)[0].1.contains("S3 gateway endpoint"));
}

#[test]
fn d4_an_ecr_endpoint_without_policy_allows_push() {
    let mut s = good();
    let eps = s.endpoints.as_mut().unwrap();
    let dkr = eps.iter_mut().find(|e| e.service == "ecr.dkr").unwrap();
    dkr.policy = None;
    let d4 = of(&live_checks(&bp(), &s), CheckId::D4);
    assert_eq!(d4.len(), 1);
    assert!(d4[0].1.contains("ecr.dkr"), "{d4:?}");
}

#[test]
fn d8_a_live_ssm_endpoint_is_flagged_a_deleted_one_is_not() {
    let mut s = good();
    s.endpoints
        .as_mut()
        .unwrap()
        .push(interface("ssmmessages", None));
    let d8 = of(&live_checks(&bp(), &s), CheckId::D8);
    assert_eq!(d8.len(), 1);
    assert!(d8[0].1.contains("ssmmessages"));
    s.endpoints.as_mut().unwrap().last_mut().unwrap().state = "deleted".into();
    assert!(of(&live_checks(&bp(), &s), CheckId::D8).is_empty());
}

#[test]
fn s1_two_subnets_in_one_az_id_fail() {
    let mut s = good();
    s.subnets.as_mut().unwrap()[1].az_id = "use1-az1".into();
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::S1).len(), 1);
    s.subnets.as_mut().unwrap()[1].az_id = "use1-az3".into();
    let s1 = of(&live_checks(&bp(), &s), CheckId::S1);
    assert!(s1[0].1.contains("use1-az3"), "{s1:?}");
}

#[test]
fn s2_dns_off_fails_unknown_is_undecided() {
    let mut s = good();
    s.vpc.as_mut().unwrap().dns_hostnames = Some(false);
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::S2).len(), 1);
    s.vpc.as_mut().unwrap().dns_hostnames = None;
    let r = live_checks(&bp(), &s);
    assert!(of(&r, CheckId::S2).is_empty());
    assert!(undecided(&r, CheckId::S2));
    assert!(!r.checked.contains(&CheckId::S2));
}

#[test]
fn s3_a_missing_pod_credentials_endpoint_fails() {
    let mut s = good();
    s.endpoints
        .as_mut()
        .unwrap()
        .retain(|e| e.service != "eks-auth");
    let s3 = of(&live_checks(&bp(), &s), CheckId::S3);
    assert!(s3[0].1.contains("eks-auth"), "{s3:?}");
    // With IRSA the pods need sts instead.
    let mut irsa = bp();
    irsa.cluster.pod_credentials = crate::blueprint::PodCredentials::Irsa;
    irsa.network.interface_endpoints.retain(|e| e != "eks-auth");
    let s3 = of(&live_checks(&irsa, &s), CheckId::S3);
    assert!(
        s3[0].1.contains("sts") && !s3[0].1.contains("eks-auth"),
        "{s3:?}"
    );
}

#[test]
fn s5_443_from_one_subnet_only_fails_private_dns_off_fails() {
    let mut s = good();
    s.security_groups.as_mut().unwrap()[0].ingress[0].cidrs = vec!["10.40.0.0/20".into()];
    let s5 = of(&live_checks(&bp(), &s), CheckId::S5);
    assert!(!s5.is_empty());
    assert!(s5.iter().all(|f| f.1.contains("subnet-b")), "{s5:?}");
    // Near miss: all traffic from the VPC CIDR covers 443 from every subnet.
    let mut s = good();
    let rule = &mut s.security_groups.as_mut().unwrap()[0].ingress[0];
    rule.protocol = "-1".into();
    rule.from_port = None;
    rule.to_port = None;
    assert!(of(&live_checks(&bp(), &s), CheckId::S5).is_empty());
    s.endpoints.as_mut().unwrap()[1].private_dns = Some(false);
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::S5).len(), 1);
}

#[test]
fn s7_five_free_is_critical_ten_a_warning_twenty_passes() {
    for (free, expected) in [
        (5, Some(Severity::Critical)),
        (10, Some(Severity::Warning)),
        (20, None),
    ] {
        let mut s = good();
        s.subnets.as_mut().unwrap()[0].available_ips = Some(free);
        let s7 = of(&live_checks(&bp(), &s), CheckId::S7);
        assert_eq!(s7.first().map(|f| f.0), expected, "{free}: {s7:?}");
    }
    let mut s = good();
    s.subnets.as_mut().unwrap()[0].available_ips = None;
    assert!(undecided(&live_checks(&bp(), &s), CheckId::S7));
}

#[test]
fn a_deleted_s3_gateway_endpoint_is_not_there() {
    // Alone: S3 reports the gateway endpoint missing; D2, S4, D10 have no endpoint to judge.
    let mut s = good();
    s.endpoints.as_mut().unwrap()[0].state = "deleted".into();
    let r = live_checks(&bp(), &s);
    let s3 = of(&r, CheckId::S3);
    assert_eq!(s3.len(), 1, "{s3:?}");
    assert!(s3[0].1.contains("the S3 gateway endpoint"), "{s3:?}");
    for id in [CheckId::D2, CheckId::S4, CheckId::D10] {
        assert!(undecided(&r, id), "{id}");
    }
    // Before a live one (as when the journal names the deleted one): the live one is judged,
    // not the full-access policy the deleted one was left with.
    let mut s = good();
    let eps = s.endpoints.as_mut().unwrap();
    let mut deleted = eps[0].clone();
    deleted.id = "vpce-0deleted".into();
    deleted.state = "Deleted".into();
    deleted.policy = None;
    eps.insert(0, deleted);
    let r = live_checks(&bp(), &s);
    assert!(of(&r, CheckId::D2).is_empty(), "{:?}", of(&r, CheckId::D2));
    assert!(of(&r, CheckId::S3).is_empty(), "{:?}", of(&r, CheckId::S3));
    assert!(r.undecided.is_empty(), "{:?}", r.undecided);
}

#[test]
fn d8_an_s3_interface_endpoint_is_flagged_the_s3_gateway_is_not() {
    let mut s = good();
    s.endpoints.as_mut().unwrap().push(interface("s3", None));
    let d8 = of(&live_checks(&bp(), &s), CheckId::D8);
    assert_eq!(d8.len(), 1, "{d8:?}");
    assert!(d8[0].1.contains("com.amazonaws.us-east-1.s3"), "{d8:?}");
}

#[test]
fn undecided_checks_appear_in_the_json_and_not_in_checked() {
    let mut s = good();
    s.vpc.as_mut().unwrap().dns_support = None;
    let r = live_checks(&bp(), &s);
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(json["undecided"][0]["id"], "S2", "{json}");
    assert!(
        !json["checked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "S2")
    );
}
