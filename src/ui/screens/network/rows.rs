//! What the Network lists are made of: the rows handed to the pickers, the subnet columns, the
//! words for badges, and what a list shows while loading, on error or empty.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::NetworkScreen;
use crate::ui::app::App;
use crate::ui::live::net::verdicts::{Badge, Level};
use crate::ui::live::net::{SubnetRow, SubnetView, VpcRow, hint};
use crate::ui::live::{Loadable, spinner_frame};
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

pub(super) fn style_of(badges: &[Badge], theme: Theme) -> Style {
    match badges.iter().map(|b| b.level).min() {
        Some(Level::Critical) => theme.error(),
        Some(Level::Warning) => theme.warning(),
        Some(Level::Unknown) => theme.muted(),
        None => theme.ok(),
    }
}

/// `✗ D3 route table … · ⚠ S7 …`, or `ok` when there are none.
pub(super) fn badge_words(badges: &[Badge], ok: &str) -> String {
    if badges.is_empty() {
        return format!("✓ {ok}");
    }
    badges
        .iter()
        .map(|b| format!("{} {} {}", b.level.symbol(), b.id, b.why))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn on_off(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "✓ on",
        Some(false) => "✗ off",
        None => "?",
    }
}

pub(super) fn chars(s: &str) -> usize {
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

pub(super) fn subnet_columns(w: &[usize]) -> [Column; 7] {
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
