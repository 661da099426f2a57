//! The Network and Data pickers drawn into a `TestBackend` at 80x24 and 160x48: loading,
//! error and empty lists, the VPC list, subnets with badges and a filter, 5,000 subnets
//! scrolled, endpoints with verdicts, and the bucket list. Answers are fed as the task runner
//! would send them; the spinner is at its first frame, so every snapshot is deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};
use eks_isolation::aws::ec2::{Endpoint, EndpointKind, VpcNetwork, VpcSummary};
use eks_isolation::aws::s3::BucketSummary;
use eks_isolation::blueprint::{SubnetSource, VpcSource};
use eks_isolation::ui::live::LiveEvent;
use eks_isolation::ui::live::net::{NetEvent, list_key, subnets_key};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::screens::network::Tab;
use eks_isolation::ui::{Action, App};
use ui_support::big_vpc::{self, VPC};
use ui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = terminal(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn feed(app: &mut App, event: NetEvent) {
    app.update(Action::Live(Box::new(LiveEvent::Net(event))));
}

/// On Network, "use an existing VPC" chosen: the VPC list is on its way.
fn existing() -> App {
    let mut app = app();
    app.update(Action::Goto(Screen::Network));
    press(&mut app, &[ch('v')]);
    app
}

fn vpcs_list() -> Vec<VpcSummary> {
    let v =
        |id: &str, name: Option<&str>, cidr: &str, dns: (Option<bool>, Option<bool>)| VpcSummary {
            id: id.into(),
            name: name.map(str::to_string),
            cidr: cidr.into(),
            dns_support: dns.0,
            dns_hostnames: dns.1,
        };
    vec![
        v(
            VPC,
            Some("inference"),
            "10.40.0.0/16",
            (Some(true), Some(true)),
        ),
        v(
            "vpc-0b2c3d4e5f6071829",
            None,
            "172.31.0.0/16",
            (Some(true), Some(false)),
        ),
        v(
            "vpc-0c3d4e5f607182930",
            Some("legacy-batch-processing-network"),
            "10.99.0.0/20",
            (None, None),
        ),
    ]
}

/// The endpoints of the big VPC: a leaky S3 gateway, two needed services, one not needed.
fn endpoints() -> Vec<Endpoint> {
    let ep = |id: &str, service: &str, kind, policy: Option<&str>| Endpoint {
        id: id.into(),
        vpc_id: VPC.into(),
        service_name: format!("com.amazonaws.us-east-1.{service}"),
        service: service.into(),
        kind: Some(kind),
        state: "available".into(),
        policy: policy.map(str::to_string),
        private_dns: Some(kind == EndpointKind::Interface),
        route_table_ids: vec![],
        subnet_ids: vec![],
        security_group_ids: vec![],
    };
    vec![
        ep(
            "vpce-01a2b3c4d5e6f7081",
            "s3",
            EndpointKind::Gateway,
            Some(
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
            ),
        ),
        ep(
            "vpce-02b3c4d5e6f708192",
            "ecr.dkr",
            EndpointKind::Interface,
            None,
        ),
        ep(
            "vpce-03c4d5e6f70819203",
            "sts",
            EndpointKind::Interface,
            None,
        ),
        ep(
            "vpce-04d5e6f7081920314",
            "sagemaker.runtime",
            EndpointKind::Interface,
            None,
        ),
    ]
}

/// `n` subnets of [`VPC`] with [`endpoints`].
fn network(n: usize) -> VpcNetwork {
    big_vpc::network(n, endpoints())
}

/// On Network with [`VPC`] picked and its `n` subnets listed.
fn with_subnets(n: usize) -> App {
    let mut app = existing();
    let k = list_key(&app.bp);
    feed(
        &mut app,
        NetEvent::Vpcs {
            key: k,
            result: Ok(vpcs_list()),
        },
    );
    press(&mut app, &[key_enter()]);
    let key = subnets_key(&app.bp, VPC);
    feed(
        &mut app,
        NetEvent::Subnets {
            key,
            vpc_id: VPC.into(),
            result: Ok(network(n)),
        },
    );
    app
}

fn key_enter() -> crossterm::event::KeyEvent {
    key(KeyCode::Enter)
}

#[test]
fn vpc_list_loading_error_empty_and_listed() {
    let mut app = existing();
    assert!(app.live.net.vpcs.is_loading());
    snap("net_vpcs_loading", &mut app);
    let k = list_key(&app.bp);
    feed(
        &mut app,
        NetEvent::Vpcs {
            key: k.clone(),
            result: Err(
                "ec2:DescribeVpcs: UnauthorizedOperation: You are not authorized to \
                         perform this operation. User: arn:aws:sts::111111111111:assumed-role/\
                         ReadOnly/alice is not authorized to perform: ec2:DescribeVpcs"
                    .into(),
            ),
        },
    );
    snap("net_vpcs_error", &mut app);
    press(&mut app, &[ch('r')]);
    assert!(app.live.net.vpcs.is_loading(), "r lists again");
    feed(
        &mut app,
        NetEvent::Vpcs {
            key: k.clone(),
            result: Ok(vec![]),
        },
    );
    snap("net_vpcs_empty", &mut app);
    press(&mut app, &[ch('r')]);
    feed(
        &mut app,
        NetEvent::Vpcs {
            key: k,
            result: Ok(vpcs_list()),
        },
    );
    press(&mut app, &[key(KeyCode::Down)]);
    snap("net_vpcs_list", &mut app);
}

#[test]
fn subnets_with_badges_a_selection_and_a_filter() {
    let mut app = with_subnets(24);
    assert_eq!(
        app.bp.network.vpc,
        VpcSource::Existing { vpc_id: VPC.into() }
    );
    assert_eq!(app.network.tab, Tab::Subnets);
    // Select the first two, then filter on az1 and move to a D3 row.
    press(
        &mut app,
        &[ch(' '), key(KeyCode::Down), ch(' '), key(KeyCode::Enter)],
    );
    assert_eq!(app.bp.network.subnets.len(), 2);
    assert_eq!(app.bp.network.subnets[1].az_id, "use1-az2");
    snap("net_subnets_badges", &mut app);
    press(&mut app, &[ch('/')]);
    type_str(&mut app, "az2");
    snap("net_subnets_filter", &mut app);
    let shown = app.network.subnets.visible().len();
    assert_eq!(shown, 4, "use1-az2 rows of 24");
    // q is text while filtering, not quit.
    type_str(&mut app, "q");
    assert!(!app.quit && app.network.subnets.visible().is_empty());
}

#[test]
fn five_thousand_subnets_scrolled() {
    let mut app = with_subnets(5_000);
    for _ in 0..3 {
        press(&mut app, &[key(KeyCode::PageDown)]);
    }
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    snap("net_subnets_5000", &mut app);
    press(&mut app, &[key(KeyCode::End)]);
    let t = terminal(&mut app, 160, 48);
    assert!(t.backend().to_string().contains("subnet-0000000000000b387"));
}

#[test]
fn endpoints_with_their_verdicts_and_the_s3_one_in_use() {
    let mut app = with_subnets(6);
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(app.network.tab, Tab::Endpoints);
    press(&mut app, &[key_enter()]);
    assert_eq!(
        app.bp.network.s3_endpoint_id.as_deref(),
        Some("vpce-01a2b3c4d5e6f7081")
    );
    snap("net_endpoints", &mut app);
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(app.network.tab, Tab::Fields);
    snap("net_fields_existing", &mut app);
}

#[test]
fn clicks_choose_the_mode_a_pane_and_a_row_and_the_wheel_scrolls() {
    let mut app = with_subnets(40);
    app.update(Action::Resize(160, 48));
    let click = |app: &mut App, column, row| {
        app.on_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        });
    };
    // Main area starts at column 20, row 3; inside the border: column 21, row 4. The pane
    // labels are on row 5; a blank row, the title, the column header, then the rows from 9.
    click(&mut app, 23, 5);
    assert_eq!(app.network.tab, Tab::Vpcs);
    click(&mut app, 33, 5);
    assert_eq!(app.network.tab, Tab::Subnets);
    click(&mut app, 40, 9 + 5);
    assert_eq!(app.network.subnets.cursor, 5);
    app.on_mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 40,
        row: 20,
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(app.network.subnets.cursor, 8, "three rows per notch");
    // "○ create a new one" on the mode line.
    click(&mut app, 27, 4);
    assert!(!app.network.existing());
    assert!(matches!(app.bp.network.vpc, VpcSource::Create { .. }));
    assert!(
        app.bp
            .network
            .subnets
            .iter()
            .all(|s| matches!(s.source, SubnetSource::Create { .. }))
    );
}

fn buckets() -> Vec<BucketSummary> {
    let b = |name: &str, region: Option<&str>| BucketSummary {
        name: name.into(),
        region: region.map(str::to_string),
    };
    vec![
        b("analytics-exports-eu", Some("eu-west-1")),
        b("inference-demo-data", Some("us-east-1")),
        b("model-artifacts", Some("us-east-1")),
        b("old-logs", None),
    ]
}

#[test]
fn bucket_list_loading_listed_and_error() {
    let mut app = app();
    app.update(Action::Goto(Screen::Data));
    assert!(app.live.net.buckets.is_loading());
    snap("data_buckets_loading", &mut app);
    let k = list_key(&app.bp);
    feed(
        &mut app,
        NetEvent::Buckets {
            key: k.clone(),
            result: Ok(buckets()),
        },
    );
    press(&mut app, &[key(KeyCode::Right), key(KeyCode::Up)]);
    snap("data_buckets_list", &mut app);
    press(&mut app, &[key_enter()]);
    assert_eq!(app.bp.data.bucket, "analytics-exports-eu");
    // A click on the form gives it the keys and selects the row; one on a bucket row selects
    // that row. At
    // 160x48 the list starts 7 rows into the main area (row 4 + 7), rows 2 below that.
    app.update(Action::Resize(160, 48));
    let click = |app: &mut App, column, row| {
        app.on_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        });
    };
    // The row under the pointer is selected (a click on the selected one would edit it).
    click(&mut app, 30, 6);
    assert_eq!(
        app.data.pane,
        eks_isolation::ui::screens::data::Pane::Fields
    );
    assert_eq!(
        app.data.form.selected_id(),
        Some(eks_isolation::ui::fieldmap::FieldId::ModelOwnerActions)
    );
    assert!(!app.data.form.editing());
    click(&mut app, 30, 11 + 2 + 2);
    assert_eq!(
        app.data.pane,
        eks_isolation::ui::screens::data::Pane::Buckets
    );
    assert_eq!(app.data.buckets.current_key(), Some("model-artifacts"));
    press(&mut app, &[ch('r')]);
    feed(
        &mut app,
        NetEvent::Buckets {
            key: k,
            result: Err("s3:ListBuckets: ExpiredToken: The provided token has expired.".into()),
        },
    );
    snap("data_buckets_error", &mut app);
}

#[test]
fn no_color_means_no_colour_in_the_pickers_either() {
    let mut apps = Vec::new();
    let mut subnets = with_subnets(30);
    subnets.theme = eks_isolation::ui::Theme::NO_COLOR;
    apps.push(subnets);
    let mut vpcs = existing();
    vpcs.theme = eks_isolation::ui::Theme::NO_COLOR;
    let k = list_key(&vpcs.bp);
    feed(
        &mut vpcs,
        NetEvent::Vpcs {
            key: k,
            result: Ok(vpcs_list()),
        },
    );
    apps.push(vpcs);
    for mut app in apps {
        for tab in [Tab::Vpcs, Tab::Subnets, Tab::Endpoints, Tab::Fields] {
            app.network.tab = tab;
            let t = terminal(&mut app, 160, 48);
            for cell in t.backend().buffer().content() {
                assert!(
                    cell.fg == ratatui::style::Color::Reset
                        && cell.bg == ratatui::style::Color::Reset,
                    "{tab:?}: {:?} has colour",
                    cell.symbol()
                );
            }
        }
    }
}
