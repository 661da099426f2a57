//! A VPC of many subnets with every kind of badge: the Network screen's snapshots and the
//! picker benchmark (`benches/picker.rs` includes this file) draw the same one.

use eks_isolation::aws::ec2::{
    Association, Endpoint, Route, RouteTable, RouteTarget, SubnetSummary, VpcNetwork,
};

pub const VPC: &str = "vpc-0a1b2c3d4e5f60718";

/// `n` subnets of [`VPC`]: every sixth in use1-az3 (S1), some nearly full (S7), every
/// fiftieth from the seventh behind a route table with an internet gateway (D3); and
/// `endpoints`.
pub fn network(n: usize, endpoints: Vec<Endpoint>) -> VpcNetwork {
    let azs = ["a", "b", "c", "d", "e", "f"];
    let subnets: Vec<SubnetSummary> = (0..n)
        .map(|i| SubnetSummary {
            id: format!("subnet-{:017x}", 0xa000 + i),
            vpc_id: VPC.into(),
            name: (i % 3 != 0).then(|| format!("private-{}", azs[i % 6])),
            az: format!("us-east-1{}", azs[i % 6]),
            az_id: format!("use1-az{}", i % 6 + 1),
            cidr: format!("10.{}.{}.0/24", 40 + i / 256, i % 256),
            available_ips: Some(match i {
                _ if i % 97 == 4 => 3,
                _ if i % 89 == 5 => 12,
                _ => 250 - (i % 200) as u32,
            }),
        })
        .collect();
    let local = Route {
        cidr: Some("10.40.0.0/16".into()),
        ipv6_cidr: None,
        prefix_list: None,
        target: RouteTarget::Local,
    };
    let assoc = |table: &str, subnet: Option<String>| Association {
        id: format!("rtbassoc-{}", subnet.clone().unwrap_or_default()),
        route_table_id: table.into(),
        main: subnet.is_none(),
        subnet_id: subnet,
    };
    let open = "rtb-0e5f60718293a4b5c";
    let tables = vec![
        RouteTable {
            id: "rtb-0d4e5f60718293a4b".into(),
            vpc_id: VPC.into(),
            routes: vec![local.clone()],
            associations: vec![assoc("rtb-0d4e5f60718293a4b", None)],
        },
        RouteTable {
            id: open.into(),
            vpc_id: VPC.into(),
            routes: vec![
                local,
                Route {
                    cidr: Some("0.0.0.0/0".into()),
                    ipv6_cidr: None,
                    prefix_list: None,
                    target: RouteTarget::InternetGateway("igw-0f60718293a4b5c6d".into()),
                },
            ],
            associations: subnets
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 50 == 7)
                .map(|(_, s)| assoc(open, Some(s.id.clone())))
                .collect(),
        },
    ];
    VpcNetwork {
        vpc_id: VPC.into(),
        subnets,
        route_tables: Ok(tables),
        endpoints: Ok(endpoints),
    }
}
