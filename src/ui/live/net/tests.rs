use super::*;
use crate::aws::ec2::{Association, EndpointKind, RouteTable};
use crate::blueprint::SubnetSource;
use crate::ui::live::Effect;
use crate::ui::screen::Screen;
use crate::ui::{Action, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app() -> App {
    let mut app = App::new(Blueprint::starter(), None, Theme::NO_COLOR);
    app.take_effects();
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn net_effects(app: &mut App) -> Vec<NetRequest> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Net(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn vpc(id: &str) -> VpcSummary {
    VpcSummary {
        id: id.into(),
        name: Some(format!("{id}-name")),
        cidr: "10.0.0.0/16".into(),
        dns_support: Some(true),
        dns_hostnames: Some(true),
    }
}

fn subnet(id: &str, az_id: &str) -> SubnetSummary {
    SubnetSummary {
        id: id.into(),
        vpc_id: "vpc-0000000a".into(),
        name: None,
        az: "us-east-1a".into(),
        az_id: az_id.into(),
        cidr: "10.0.0.0/24".into(),
        available_ips: Some(250),
    }
}

fn network(vpc_id: &str, subnets: Vec<SubnetSummary>) -> VpcNetwork {
    VpcNetwork {
        vpc_id: vpc_id.into(),
        subnets,
        route_tables: Ok(vec![RouteTable {
            id: "rtb-main".into(),
            vpc_id: vpc_id.into(),
            routes: vec![],
            associations: vec![Association {
                id: "a".into(),
                route_table_id: "rtb-main".into(),
                subnet_id: None,
                main: true,
            }],
        }]),
        endpoints: Ok(vec![Endpoint {
            id: "vpce-0000000a".into(),
            vpc_id: vpc_id.into(),
            service_name: "com.amazonaws.us-east-1.s3".into(),
            service: "s3".into(),
            kind: Some(EndpointKind::Gateway),
            state: "available".into(),
            policy: None,
            private_dns: Some(false),
            route_table_ids: vec!["rtb-main".into()],
            subnet_ids: vec![],
            security_group_ids: vec![],
        }]),
    }
}

fn feed(app: &mut App, event: NetEvent) {
    app.update(Action::Live(Box::new(super::super::LiveEvent::Net(event))));
}

#[test]
fn arriving_asks_once_and_r_asks_again_but_never_twice_at_once() {
    let mut app = app();
    app.update(Action::Goto(Screen::Network));
    assert_eq!(net_effects(&mut app), [NetRequest::Vpcs]);
    assert!(app.live.net.vpcs.is_loading() && app.live.tick_period().is_some());
    app.update(Action::Goto(Screen::Data));
    app.update(Action::Goto(Screen::Network));
    assert_eq!(
        net_effects(&mut app),
        [NetRequest::Buckets],
        "VPCs on their way"
    );
    app.update(Action::Net(NetAction::Refresh(NetList::Vpcs)));
    assert!(net_effects(&mut app).is_empty(), "in flight: not again");
    let key = list_key(&app.bp);
    feed(
        &mut app,
        NetEvent::Vpcs {
            key,
            result: Ok(vec![vpc("vpc-0000000a")]),
        },
    );
    assert_eq!(app.live.net.vpcs.ready().map(Vec::len), Some(1));
    app.update(Action::Goto(Screen::Cluster));
    app.update(Action::Goto(Screen::Network));
    assert!(
        net_effects(&mut app).is_empty(),
        "the list in hand is current"
    );
    app.update(Action::Net(NetAction::Refresh(NetList::Vpcs)));
    assert_eq!(net_effects(&mut app), [NetRequest::Vpcs]);
}

#[test]
fn an_answer_for_another_profile_is_dropped_and_nothing_waits_for_it() {
    let mut app = app();
    app.update(Action::Goto(Screen::Network));
    let old = list_key(&app.bp);
    net_effects(&mut app);
    app.bp.data_owner.profile = Some("other".into());
    feed(
        &mut app,
        NetEvent::Vpcs {
            key: old,
            result: Ok(vec![vpc("vpc-0000000a")]),
        },
    );
    assert_eq!(app.live.net.vpcs, Loadable::Idle);
    assert!(app.live.tick_period().is_none() || app.live.data_identity.is_loading());
    app.update(Action::Goto(Screen::Data));
    app.update(Action::Goto(Screen::Network));
    assert!(net_effects(&mut app).contains(&NetRequest::Vpcs));
    let err = NetEvent::Vpcs {
        key: list_key(&app.bp),
        result: Err("ec2:DescribeVpcs: UnauthorizedOperation: no".into()),
    };
    feed(&mut app, err);
    assert!(matches!(&app.live.net.vpcs, Loadable::Failed(e) if e.contains("Unauthorized")));
}

#[test]
fn picking_a_vpc_lists_its_subnets_and_drops_the_answer_for_the_one_before() {
    let mut app = app();
    app.update(Action::Goto(Screen::Network));
    net_effects(&mut app);
    app.update(Action::Net(NetAction::PickVpc("vpc-0000000a".into())));
    assert_eq!(
        app.bp.network.vpc,
        VpcSource::Existing {
            vpc_id: "vpc-0000000a".into()
        }
    );
    assert!(app.bp.network.subnets.is_empty());
    assert_eq!(
        net_effects(&mut app),
        [NetRequest::Subnets {
            vpc_id: "vpc-0000000a".into()
        }]
    );
    let key1 = subnets_key(&app.bp, "vpc-0000000a");
    app.update(Action::Net(NetAction::PickVpc("vpc-0000000b".into())));
    net_effects(&mut app);
    feed(
        &mut app,
        NetEvent::Subnets {
            key: key1,
            vpc_id: "vpc-0000000a".into(),
            result: Ok(network(
                "vpc-0000000a",
                vec![subnet("subnet-0000000a", "use1-az1")],
            )),
        },
    );
    assert!(
        app.live.net.subnets.is_loading(),
        "vpc-2's list still awaited"
    );
    let key2 = subnets_key(&app.bp, "vpc-0000000b");
    feed(
        &mut app,
        NetEvent::Subnets {
            key: key2,
            vpc_id: "vpc-0000000b".into(),
            result: Ok(network(
                "vpc-0000000b",
                vec![
                    subnet("subnet-0000000b", "use1-az2"),
                    subnet("subnet-0000000c", "use1-az3"),
                ],
            )),
        },
    );
    let view = app.live.net.subnets.ready().unwrap();
    assert_eq!(view.vpc_id, "vpc-0000000b");
    assert_eq!(view.rows[1].badge_text, "✗S1");
    assert_eq!(app.network.subnets.len(), 2);
    assert_eq!(view.endpoints.as_ref().unwrap()[0].service, "s3");
}

#[test]
fn chosen_subnets_are_written_with_their_az_ids_and_none_is_refused() {
    let mut app = app();
    app.update(Action::Goto(Screen::Network));
    app.update(Action::Net(NetAction::PickVpc("vpc-0000000a".into())));
    let key = subnets_key(&app.bp, "vpc-0000000a");
    feed(
        &mut app,
        NetEvent::Subnets {
            key,
            vpc_id: "vpc-0000000a".into(),
            result: Ok(network(
                "vpc-0000000a",
                vec![
                    subnet("subnet-0000000a", "use1-az1"),
                    subnet("subnet-0000000b", "use1-az2"),
                ],
            )),
        },
    );
    app.update(Action::Net(NetAction::UseSubnets(vec![])));
    assert!(matches!(&app.status, Some(crate::ui::Status::Error(e)) if e.contains("Space")));
    // Space on both rows, then Enter.
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let got: Vec<(String, SubnetSource)> = app
        .bp
        .network
        .subnets
        .iter()
        .map(|s| (s.az_id.clone(), s.source.clone()))
        .collect();
    let existing = |id: &str| SubnetSource::Existing {
        subnet_id: id.into(),
    };
    assert_eq!(
        got,
        [
            ("use1-az1".into(), existing("subnet-0000000a")),
            ("use1-az2".into(), existing("subnet-0000000b"))
        ]
    );
    assert!(
        app.derived.problems.is_empty(),
        "{:?}",
        app.derived.problems
    );
    // The S3 gateway endpoint: Enter uses it, Enter again stops.
    app.network.tab = crate::ui::screens::network::Tab::Endpoints;
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.bp.network.s3_endpoint_id.as_deref(),
        Some("vpce-0000000a")
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.bp.network.s3_endpoint_id, None);
}

#[test]
fn creating_a_new_vpc_again_restores_what_was_there() {
    let mut app = app();
    let before = app.bp.network.clone();
    app.update(Action::Goto(Screen::Network));
    press(&mut app, KeyCode::Char('v'));
    assert!(app.network.existing(), "the VPC list, nothing written yet");
    assert_eq!(app.bp.network, before);
    press(&mut app, KeyCode::Char('v'));
    assert!(!app.network.existing());
    app.update(Action::Net(NetAction::PickVpc("vpc-0000000a".into())));
    assert_ne!(app.bp.network, before);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.bp.network, before);
    // With nothing kept: a valid new VPC of the region.
    app.bp.network.vpc = VpcSource::Existing {
        vpc_id: "vpc-00000009".into(),
    };
    app.bp.network.subnets.clear();
    app.network.created = None;
    app.update(Action::Net(NetAction::CreateNewVpc));
    assert_eq!(app.bp.network.subnets.len(), 2);
    assert!(
        app.derived.problems.is_empty(),
        "{:?}",
        app.derived.problems
    );
}

#[test]
fn buckets_are_listed_on_data_and_enter_uses_one() {
    let mut app = app();
    app.update(Action::Goto(Screen::Data));
    assert_eq!(net_effects(&mut app), [NetRequest::Buckets]);
    let key = list_key(&app.bp);
    feed(
        &mut app,
        NetEvent::Buckets {
            key,
            result: Ok(vec![
                BucketSummary {
                    name: "alpha-data".into(),
                    region: Some("us-east-1".into()),
                },
                BucketSummary {
                    name: "inference-demo-data".into(),
                    region: None,
                },
            ]),
        },
    );
    assert_eq!(app.data.buckets.current_key(), Some("inference-demo-data"));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.bp.data.bucket, "alpha-data");
    let stale = NetEvent::Buckets {
        key: "profile x|us-east-1".into(),
        result: Ok(vec![]),
    };
    feed(&mut app, stale);
    assert_eq!(app.live.net.buckets.ready().map(|v| v.rows.len()), Some(2));
}

#[test]
fn hints_follow_the_error() {
    assert!(hint("sts: ExpiredToken: the token expired").contains("sign in again"));
    assert!(hint("ec2:DescribeVpcs: UnauthorizedOperation: x").contains("grant it"));
    assert!(hint("ec2:DescribeVpcs: dispatch failure: io error").contains("reached"));
    assert!(hint("s3:ListBuckets: weird").contains("press r"));
}
