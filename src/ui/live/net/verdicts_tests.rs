use super::*;
use crate::aws::ec2::{Association, Route, RouteTarget};

fn subnet(id: &str, az_id: &str, free: Option<u32>) -> SubnetSummary {
    SubnetSummary {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        name: None,
        az: "us-east-1a".into(),
        az_id: az_id.into(),
        cidr: "10.0.0.0/24".into(),
        available_ips: free,
    }
}

/// A route to `dest` through the target of this ID (its kind from the ID's prefix).
fn route(dest: &str, target: &str) -> Route {
    let id = target.to_string();
    Route {
        cidr: Some(dest.into()),
        ipv6_cidr: None,
        prefix_list: None,
        target: match target {
            "local" => RouteTarget::Local,
            _ if target.starts_with("vpce-") => RouteTarget::GatewayEndpoint(id),
            _ if target.starts_with("igw-") => RouteTarget::InternetGateway(id),
            _ if target.starts_with("pcx-") => RouteTarget::Peering(id),
            _ => RouteTarget::Other {
                kind: "gateway",
                id,
            },
        },
    }
}

fn table(id: &str, subnets: &[&str], main: bool, routes: Vec<Route>) -> RouteTable {
    let mut associations: Vec<Association> = subnets
        .iter()
        .map(|s| Association {
            id: format!("rtbassoc-{s}"),
            route_table_id: id.into(),
            subnet_id: Some((*s).into()),
            main: false,
        })
        .collect();
    if main {
        associations.push(Association {
            id: "rtbassoc-main".into(),
            route_table_id: id.into(),
            subnet_id: None,
            main: true,
        });
    }
    RouteTable {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        routes,
        associations,
    }
}

fn shorts_of(s: &SubnetSummary, tables: Option<&[RouteTable]>) -> String {
    shorts(&subnet_badges(s, tables))
}

#[test]
fn d3_comes_from_the_subnets_own_table_else_the_main_one() {
    let local = route("10.0.0.0/16", "local");
    let tables = vec![
        table("rtb-main", &[], true, vec![local.clone()]),
        table(
            "rtb-out",
            &["subnet-out"],
            false,
            vec![
                local.clone(),
                route("0.0.0.0/0", "igw-1"),
                route("192.168.0.0/16", "pcx-1"),
            ],
        ),
        table(
            "rtb-s3",
            &["subnet-s3"],
            false,
            vec![local.clone(), route("pl-63a5400a", "vpce-1")],
        ),
    ];
    let badges = subnet_badges(&subnet("subnet-out", "use1-az1", Some(200)), Some(&tables));
    assert_eq!(shorts(&badges), "✗D3");
    assert_eq!(
        badges[0].why,
        "route table rtb-out routes 0.0.0.0/0 → igw-1 and 1 more: a way out"
    );
    assert_eq!(
        shorts_of(&subnet("subnet-s3", "use1-az1", Some(200)), Some(&tables)),
        "",
        "local and a gateway endpoint stay inside"
    );
    assert_eq!(
        shorts_of(&subnet("subnet-x", "use1-az1", Some(200)), Some(&tables)),
        "",
        "no association of its own: the main table"
    );
    // A default route is a way out even through an endpoint.
    let odd = vec![table(
        "rtb-m",
        &[],
        true,
        vec![route("0.0.0.0/0", "vpce-9")],
    )];
    assert_eq!(
        shorts_of(&subnet("subnet-x", "use1-az1", Some(200)), Some(&odd)),
        "✗D3"
    );
}

#[test]
fn unread_or_missing_route_tables_leave_d3_unknown() {
    let s = subnet("subnet-a", "use1-az1", Some(200));
    let badges = subnet_badges(&s, None);
    assert_eq!(shorts(&badges), "?D3");
    assert_eq!(badges[0].level, Level::Unknown);
    assert_eq!(shorts_of(&s, Some(&[])), "?D3");
}

#[test]
fn s1_and_s7_come_from_the_az_id_and_the_free_addresses() {
    let tables = vec![table("rtb-main", &[], true, vec![])];
    for (az, free, want) in [
        ("use1-az3", Some(200), "✗S1"),
        ("usw1-az2", Some(200), "✗S1"),
        ("cac1-az3", Some(200), "✗S1"),
        ("use1-az1", Some(5), "✗S7"),
        ("use1-az1", Some(6), "⚠S7"),
        ("use1-az1", Some(15), "⚠S7"),
        ("use1-az1", Some(16), ""),
        ("use1-az1", None, ""),
        ("use1-az3", Some(0), "✗S1 ✗S7"),
    ] {
        assert_eq!(
            shorts_of(&subnet("subnet-a", az, free), Some(&tables)),
            want,
            "{az} {free:?}"
        );
    }
    let b = subnet_badges(&subnet("subnet-a", "use1-az1", Some(3)), Some(&tables));
    assert_eq!(b[0].why, "3 free addresses: EKS needs at least 6");
}

#[test]
fn a_vpc_with_dns_off_or_unknown_has_an_s2_badge() {
    let vpc = |s, h| VpcSummary {
        id: "vpc-1".into(),
        name: None,
        cidr: "10.0.0.0/16".into(),
        dns_support: s,
        dns_hostnames: h,
    };
    assert!(vpc_badges(&vpc(Some(true), Some(true))).is_empty());
    let off = vpc_badges(&vpc(Some(true), Some(false)));
    assert_eq!(shorts(&off), "✗S2");
    assert!(
        off[0].why.starts_with("DNS hostnames off"),
        "{}",
        off[0].why
    );
    assert_eq!(shorts(&vpc_badges(&vpc(None, Some(true)))), "?S2");
}

fn endpoint(service: &str, kind: EndpointKind, policy: Option<&str>) -> Endpoint {
    Endpoint {
        id: "vpce-0123456789abcdef0".into(),
        vpc_id: "vpc-1".into(),
        service_name: format!("com.amazonaws.us-east-1.{service}"),
        service: service.into(),
        kind: Some(kind),
        state: "available".into(),
        policy: policy.map(str::to_string),
        private_dns: Some(kind == EndpointKind::Interface),
        route_table_ids: vec![],
        subnet_ids: vec![],
        security_group_ids: vec![],
    }
}

const OPEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

#[test]
fn an_s3_gateway_endpoint_is_judged_for_d2_and_s4() {
    let bp = Blueprint::starter();
    let open = endpoint_row(&bp, &endpoint("s3", EndpointKind::Gateway, Some(OPEN)));
    assert!(open.is_s3_gateway());
    assert_eq!(shorts(&open.badges), "✗D2");
    assert!(
        open.badges[0].why.contains("buckets other than"),
        "{open:?}"
    );
    // The generated policy (for this endpoint) passes both.
    let generated = generate(&bp, Some("vpce-0123456789abcdef0"));
    let text = generated.s3_endpoint.to_json_pretty();
    let good = endpoint_row(&bp, &endpoint("s3", EndpointKind::Gateway, Some(&text)));
    assert!(good.badges.is_empty(), "{good:?}");
    assert_eq!(good.note, "✓ D2, S4: no finding");
    // Only the data bucket: ECR layers blocked.
    let only = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::inference-demo-data/*"}]}"#;
    let blocked = endpoint_row(&bp, &endpoint("s3", EndpointKind::Gateway, Some(only)));
    assert_eq!(shorts(&blocked.badges), "✗S4");
}

#[test]
fn ecr_and_logs_endpoints_without_a_policy_are_d4_and_d5() {
    let bp = Blueprint::starter();
    let ecr = endpoint_row(&bp, &endpoint("ecr.dkr", EndpointKind::Interface, None));
    assert_eq!(shorts(&ecr.badges), "✗D4");
    assert!(ecr.note.contains("AWS's default"), "{}", ecr.note);
    let logs = endpoint_row(&bp, &endpoint("logs", EndpointKind::Interface, Some("")));
    assert_eq!(shorts(&logs.badges), "✗D5");
    // Even when the blueprint does not enable the service.
    let mut without = bp.clone();
    without.network.interface_endpoints.clear();
    let ecr = endpoint_row(
        &without,
        &endpoint("ecr.api", EndpointKind::Interface, None),
    );
    assert_eq!(shorts(&ecr.badges), "✗D4");
}

#[test]
fn other_endpoints_are_d8_noted_or_unparsed() {
    let bp = Blueprint::starter();
    let runtime = endpoint("sagemaker.runtime", EndpointKind::Interface, None);
    let sm = endpoint_row(&bp, &runtime);
    assert_eq!(shorts(&sm.badges), "⚠D8");
    // The sentence `verify` reports for the same endpoint.
    assert_eq!(
        Some(sm.badges[0].why.clone()),
        crate::verify::d8_unneeded(&runtime)
    );
    assert!(
        sm.badges[0].why.contains(&runtime.id),
        "{}",
        sm.badges[0].why
    );
    let sts = endpoint_row(&bp, &endpoint("sts", EndpointKind::Interface, None));
    assert!(sts.badges.is_empty());
    assert!(sts.note.contains("no policy check"), "{}", sts.note);
    let ddb = endpoint_row(&bp, &endpoint("dynamodb", EndpointKind::Gateway, None));
    assert!(ddb.badges.is_empty() && !ddb.is_s3_gateway());
    let bad = endpoint_row(&bp, &endpoint("s3", EndpointKind::Gateway, Some("{nope")));
    assert_eq!(shorts(&bad.badges), "?D2");
    assert!(bad.badges[0].why.starts_with("its policy does not parse"));
}
