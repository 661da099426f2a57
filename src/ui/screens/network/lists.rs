//! The Network screen's panes: the VPC, subnet and endpoint pickers (cells and the lines about
//! the row under the cursor).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::NetworkScreen;
use super::rows::{badge_words, chars, on_off, state_lines, style_of, subnet_columns};
use crate::policy::analyze::CheckId;
use crate::ui::app::App;
use crate::ui::live::Loadable;
use crate::ui::live::net::{SubnetView, VpcRow, data_account, existing_vpc};
use crate::ui::screen::Screen;
use crate::ui::text::wrap;
use crate::ui::widgets::picker::Column;

/// The form (create mode, or the endpoint options of an existing VPC).
pub fn draw_form(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let problems = super::super::form_problems(app, &s.form, Screen::Network);
    s.form.draw(frame, area, Block::new(), app.theme, &problems);
}

fn render(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn draw_vpcs(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let (account, region) = (data_account(app), app.bp.region.clone());
    let doing = format!("VPCs of {account} in {region}");
    let list = &app.live.net.vpcs;
    let empty = list
        .ready()
        .filter(|r| r.is_empty())
        .map(|_| format!("no VPCs in {account} / {region}: press v to create a new one"));
    if let Some(lines) = state_lines(app, list, &doing, empty, area.width) {
        return render(frame, area, lines);
    }
    let Some(rows) = list.ready() else { return };
    let max = |f: &dyn Fn(&VpcRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let columns = [
        Column::new("VPC ID", max(&|r| chars(&r.vpc.id)), 0),
        Column::new("Name", max(&|r| r.vpc.name.as_deref().map_or(1, chars)), 5).flex(),
        Column::new("CIDR", max(&|r| chars(&r.vpc.cidr)), 1),
        Column::new("DNS s/host", 10, 2),
        Column::new("Checks", 3, 3),
    ];
    let cells = |i: usize| {
        let r = &rows[i];
        let (sup, host) = (r.vpc.dns_support, r.vpc.dns_hostnames);
        let style = match (sup, host) {
            (Some(true), Some(true)) => theme.ok(),
            (Some(false), _) | (_, Some(false)) => theme.error(),
            _ => theme.muted(),
        };
        vec![
            Span::raw(r.vpc.id.clone()),
            Span::raw(r.vpc.name.clone().unwrap_or_else(|| "—".into())),
            Span::raw(r.vpc.cidr.clone()),
            Span::styled(format!("{}/{}", on_off(sup), on_off(host)), style),
            Span::styled(
                crate::ui::live::net::verdicts::shorts(&r.badges),
                style_of(&r.badges, theme),
            ),
        ]
    };
    let detail = s
        .vpcs
        .current()
        .map(|i| {
            let r = &rows[i];
            Line::styled(
                format!(
                    "{} · {}",
                    r.vpc.id,
                    badge_words(&r.badges, "DNS support and hostnames on (S2)")
                ),
                style_of(&r.badges, theme),
            )
        })
        .into_iter()
        .collect();
    let mut title = vec![
        Span::styled(doing, theme.title()),
        Span::raw(format!(" · {} · Enter uses one", s.vpcs.summary("VPCs"))),
    ];
    if let Some(id) = existing_vpc(&app.bp)
        && !rows.iter().any(|r| r.vpc.id == id)
    {
        title.insert(
            1,
            Span::styled(format!(" · ⚠ {id} (in use) is not listed"), theme.warning()),
        );
    }
    let title = Line::from(title);
    s.vpcs
        .draw(frame, area, title, &columns, &cells, detail, true, theme);
}

/// What the Subnets and Endpoints panes say before a VPC is picked.
fn no_vpc_yet(frame: &mut Frame, area: Rect, theme: crate::ui::theme::Theme) {
    render(
        frame,
        area,
        vec![Line::styled(
            "no VPC picked yet: pick one on the VPCs pane (←)",
            theme.muted(),
        )],
    );
}

/// The subnet list of the VPC in use, when it is the one in hand.
fn subnet_list(app: &App) -> (Option<&str>, &Loadable<SubnetView>) {
    (existing_vpc(&app.bp), &app.live.net.subnets)
}

pub fn draw_subnets(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let (vpc, list) = subnet_list(app);
    let Some(vpc) = vpc else {
        return no_vpc_yet(frame, area, theme);
    };
    let doing = format!("subnets of {vpc}");
    let empty = list.ready().filter(|v| v.rows.is_empty()).map(|_| {
        format!("VPC {vpc} has no subnets: add some in the console, or create a new VPC (v)")
    });
    if let Some(lines) = state_lines(app, list, &doing, empty, area.width) {
        return render(frame, area, lines);
    }
    let Some(view) = list.ready() else { return };
    let columns = subnet_columns(&view.widths);
    let cells = |i: usize| {
        let r = &view.rows[i];
        let sn = &r.subnet;
        let free_style = if r.badges.iter().any(|b| b.id == CheckId::S7) {
            style_of(&r.badges, theme)
        } else {
            theme.text()
        };
        vec![
            Span::raw(sn.id.clone()),
            match &sn.name {
                Some(n) => Span::raw(n.clone()),
                None => Span::styled("—", theme.muted()),
            },
            Span::raw(sn.az.clone()),
            Span::raw(sn.az_id.clone()),
            Span::raw(sn.cidr.clone()),
            Span::styled(r.free_text.clone(), free_style),
            Span::styled(r.badge_text.clone(), style_of(&r.badges, theme)),
        ]
    };
    let detail = match s.subnets.current() {
        Some(i) => {
            let r = &view.rows[i];
            let sn = &r.subnet;
            vec![
                Line::raw(format!(
                    "{} · {} · {} ({}) · {} · {} free",
                    sn.id,
                    sn.name.as_deref().unwrap_or("no name"),
                    sn.az,
                    sn.az_id,
                    sn.cidr,
                    r.free_text
                )),
                Line::styled(
                    badge_words(&r.badges, "no D3, S1 or S7 finding"),
                    style_of(&r.badges, theme),
                ),
            ]
        }
        None => vec![Line::styled("no subnet matches the filter", theme.muted())],
    };
    let mut title = vec![
        Span::styled(format!("Subnets of {vpc}"), theme.title()),
        Span::raw(format!(
            " · {} · Space selects, Enter uses them",
            s.subnets.summary("subnets")
        )),
    ];
    if let Some(e) = &view.routes_error {
        title.push(Span::styled(
            format!(" · ?D3 routes not read: {e}"),
            theme.warning(),
        ));
    }
    s.subnets.draw(
        frame,
        area,
        Line::from(title),
        &columns,
        &cells,
        detail,
        true,
        theme,
    );
}

pub fn draw_endpoints(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let (vpc, list) = subnet_list(app);
    let Some(vpc) = vpc else {
        return no_vpc_yet(frame, area, theme);
    };
    let doing = format!("endpoints of {vpc}");
    let eps = list.ready().map(|v| &v.endpoints);
    let list: Loadable<&Vec<_>> = match (list, eps) {
        (_, Some(Ok(eps))) => Loadable::Ready(eps),
        (_, Some(Err(e))) => Loadable::Failed(e.clone()),
        (Loadable::Loading, _) => Loadable::Loading,
        (Loadable::Failed(e), _) => Loadable::Failed(e.clone()),
        _ => Loadable::Idle,
    };
    let empty = list.ready().filter(|e| e.is_empty()).map(|_| {
        format!("no endpoints in {vpc}: apply creates the S3 gateway endpoint and those on Fields")
    });
    if let Some(lines) = state_lines(app, &list, &doing, empty, area.width) {
        return render(frame, area, lines);
    }
    let Some(rows) = list.ready() else { return };
    let max = |f: &dyn Fn(&crate::ui::live::net::verdicts::EndpointRow) -> usize| {
        rows.iter().map(f).max().unwrap_or(0)
    };
    let columns = [
        Column::new("Endpoint ID", max(&|r| chars(&r.endpoint.id)), 0),
        Column::new("Service", max(&|r| chars(&r.service)), 1),
        Column::new("Type", 9, 3),
        Column::new("State", max(&|r| chars(&r.endpoint.state)), 4),
        Column::new(
            "Checks",
            max(&|r| chars(&crate::ui::live::net::verdicts::shorts(&r.badges))),
            2,
        ),
        Column::new("Note", max(&|r| chars(&r.note)), 5).flex(),
    ];
    let cells = |i: usize| {
        let r = &rows[i];
        let kind = match r.endpoint.kind {
            Some(crate::aws::ec2::EndpointKind::Gateway) => "gateway",
            Some(crate::aws::ec2::EndpointKind::Interface) => "interface",
            None => "other",
        };
        vec![
            Span::raw(r.endpoint.id.clone()),
            Span::raw(r.service.clone()),
            Span::raw(kind),
            Span::raw(r.endpoint.state.clone()),
            Span::styled(
                crate::ui::live::net::verdicts::shorts(&r.badges),
                style_of(&r.badges, theme),
            ),
            Span::styled(r.note.clone(), theme.muted()),
        ]
    };
    let height = usize::from(super::Tab::Endpoints.detail_height());
    let detail = s
        .endpoints
        .current()
        .map(|i| {
            let r = &rows[i];
            let text = format!("{} · {}", r.endpoint.id, badge_words(&r.badges, &r.note));
            wrap(&text, usize::from(area.width), 2)
                .into_iter()
                .take(height)
                .map(|l| Line::styled(l, style_of(&r.badges, theme)))
                .collect()
        })
        .unwrap_or_default();
    let title = Line::from(vec![
        Span::styled(format!("Endpoints of {vpc}"), theme.title()),
        Span::raw(format!(
            " · {} · ✓ = network.s3_endpoint_id (Enter on the S3 gateway endpoint)",
            s.endpoints.summary("endpoints")
        )),
    ]);
    s.endpoints
        .draw(frame, area, title, &columns, &cells, detail, true, theme);
}
