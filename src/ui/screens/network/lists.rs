//! The Network screen's panes: the VPC, subnet and endpoint pickers (columns, cells, the line
//! about the row under the cursor), and what a list shows while loading, on error or empty.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::NetworkScreen;
use crate::policy::analyze::CheckId;
use crate::ui::app::App;
use crate::ui::live::net::verdicts::{Badge, Level};
use crate::ui::live::net::{SubnetRow, SubnetView, VpcRow, data_account, existing_vpc, hint};
use crate::ui::live::{Loadable, spinner_frame};
use crate::ui::step::Step;
use crate::ui::text::wrap;
use crate::ui::theme::Theme;
use crate::ui::widgets::picker::Column;

/// The lines a list shows instead of rows: not asked yet, loading, failed, or empty. `None`:
/// it has rows to pick from. `doing`: `VPCs of 111111111111 in us-east-1`.
pub fn state_lines<T>(
    app: &App,
    list: &Loadable<T>,
    doing: &str,
    empty: Option<String>,
    width: u16,
) -> Option<Vec<Line<'static>>> {
    let theme = app.theme;
    let width = usize::from(width);
    Some(match list {
        Loadable::Idle => vec![Line::styled(
            format!("not listed yet: press r to list the {doing}"),
            theme.muted(),
        )],
        Loadable::Loading => vec![Line::from(vec![
            Span::styled(format!("{} ", spinner_frame(app.live.spinner)), theme.key()),
            Span::raw(format!("listing {doing}…")),
        ])],
        Loadable::Failed(e) => {
            let mut out = vec![Line::styled(
                format!("✗ could not list the {doing}:"),
                theme.error(),
            )];
            out.extend(
                wrap(e, width.saturating_sub(2), 0)
                    .into_iter()
                    .map(|l| Line::styled(format!("  {l}"), theme.error())),
            );
            out.extend(
                wrap(&format!("hint: {}", hint(e)), width, 6)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.text())),
            );
            out
        }
        Loadable::Ready(_) => wrap(&empty?, width, 0)
            .into_iter()
            .map(|l| Line::styled(l, theme.text()))
            .collect(),
    })
}

fn style_of(badges: &[Badge], theme: Theme) -> Style {
    match badges.iter().map(|b| b.level).min() {
        Some(Level::Critical) => theme.error(),
        Some(Level::Warning) => theme.warning(),
        Some(Level::Unknown) => theme.muted(),
        None => theme.ok(),
    }
}

/// `✗ D3 route table … · ⚠ S7 …`, or `ok` when there are none.
fn badge_words(badges: &[Badge], ok: &str) -> String {
    if badges.is_empty() {
        return format!("✓ {ok}");
    }
    badges
        .iter()
        .map(|b| format!("{} {} {}", b.level.symbol(), b.id, b.why))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn on_off(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "✓ on",
        Some(false) => "✗ off",
        None => "?",
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The widest cell of each subnet column: ID, name, AZ, AZ ID, CIDR, free, checks. Computed
/// once per list (not per draw).
pub fn subnet_widths(rows: &[SubnetRow]) -> Vec<usize> {
    let mut w = vec![0; 7];
    for r in rows {
        let s = &r.subnet;
        let cells = [
            chars(&s.id),
            s.name.as_deref().map_or(1, chars),
            chars(&s.az),
            chars(&s.az_id),
            chars(&s.cidr),
            chars(&r.free_text),
            chars(&r.badge_text),
        ];
        for (m, c) in w.iter_mut().zip(cells) {
            *m = (*m).max(c);
        }
    }
    w
}

fn subnet_columns(w: &[usize]) -> [Column; 7] {
    let at = |i: usize| w.get(i).copied().unwrap_or(0);
    [
        Column::new("Subnet ID", at(0), 0),
        Column::new("Name", at(1), 6).flex(),
        Column::new("AZ", at(2), 5),
        Column::new("AZ ID", at(3), 2),
        Column::new("CIDR", at(4), 3),
        Column::new("Free", at(5), 4).right(),
        Column::new("Checks", at(6), 1),
    ]
}

impl NetworkScreen {
    /// New VPC rows: the picker's keys and search text; the cursor on the blueprint's VPC.
    pub fn load_vpcs(&mut self, rows: &[VpcRow], current: Option<&str>) {
        let first = self.vpcs.is_empty();
        self.vpcs.set_items(
            rows.iter().map(|r| r.vpc.id.clone()).collect(),
            rows.iter()
                .map(|r| {
                    format!(
                        "{} {} {}",
                        r.vpc.id,
                        r.vpc.name.as_deref().unwrap_or(""),
                        r.vpc.cidr
                    )
                })
                .collect(),
        );
        if let (true, Some(id)) = (first, current) {
            self.vpcs.select_key(id);
        }
    }

    /// New subnet and endpoint rows for the VPC the blueprint uses.
    pub fn load_subnets(&mut self, view: &SubnetView) {
        let first = self.subnets.is_empty();
        self.subnets.set_items(
            view.rows.iter().map(|r| r.subnet.id.clone()).collect(),
            view.rows
                .iter()
                .map(|r| {
                    let s = &r.subnet;
                    format!(
                        "{} {} {} {} {} {}",
                        s.id,
                        s.name.as_deref().unwrap_or(""),
                        s.az,
                        s.az_id,
                        s.cidr,
                        r.badge_text
                    )
                })
                .collect(),
        );
        if first && let Some(id) = self.synced.first().cloned() {
            self.subnets.select_key(&id);
        }
        let eps = view.endpoints.as_deref().unwrap_or_default();
        self.endpoints.set_items(
            eps.iter().map(|e| e.endpoint.id.clone()).collect(),
            eps.iter()
                .map(|e| format!("{} {}", e.endpoint.id, e.service))
                .collect(),
        );
    }
}

/// The form (create mode, or the endpoint options of an existing VPC).
pub fn draw_form(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let problems = super::super::form_problems(&s.form, app, Step::Network);
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
    let title = Line::from(vec![
        Span::styled(doing, theme.title()),
        Span::raw(format!(" · {} · Enter uses one", s.vpcs.summary("VPCs"))),
    ]);
    s.vpcs
        .draw(frame, area, title, &columns, &cells, detail, true, theme);
}

/// The subnet list of the VPC in use, when it is the one in hand.
fn subnet_list(app: &App) -> (Option<&str>, &Loadable<SubnetView>) {
    (existing_vpc(&app.bp), &app.live.net.subnets)
}

pub fn draw_subnets(s: &NetworkScreen, frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let (vpc, list) = subnet_list(app);
    let Some(vpc) = vpc else {
        return render(
            frame,
            area,
            vec![Line::styled(
                "no VPC picked yet: pick one on the VPCs pane (←)",
                theme.muted(),
            )],
        );
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
        return render(
            frame,
            area,
            vec![Line::styled(
                "no VPC picked yet: pick one on the VPCs pane (←)",
                theme.muted(),
            )],
        );
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
