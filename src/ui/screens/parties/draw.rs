//! Drawing the Identities screen, and where its parts are (the same [`Geometry`] serves clicks,
//! so a click lands on what is drawn there). Wide (≥ 96 columns inside): the setup on top, the
//! two panes side by side. Narrow: the active pane in full, the other one as a summary line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{PartiesScreen, side_of};
use crate::blueprint::Problem;
use crate::blueprint::Side;
use crate::ui::app::App;
use crate::ui::screen::Screen;
use crate::ui::text::wrap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{FormView, truncate};
use crate::ui::widgets::identity::{self, Verdict};

/// Inner width from which the panes go side by side.
pub const WIDE: u16 = 96;

/// What is under a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A form row, by index.
    Row(usize),
    /// Elsewhere in a side's pane.
    Pane(Side),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneArea {
    pub side: Side,
    /// The whole pane (its border or title line included).
    pub outer: Rect,
    /// Where its lines go.
    pub content: Rect,
    /// Narrow layout, inactive side: a summary line only.
    pub collapsed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub setup: Rect,
    pub panes: [PaneArea; 2],
    pub wide: bool,
}

fn label(side: Side) -> &'static str {
    if side == Side::ModelOwner {
        "Model owner"
    } else {
        "Data owner"
    }
}

impl PartiesScreen {
    /// The setup fields (name, region), and the problems no field owns.
    fn setup_view(&self, width: u16, theme: Theme, problems: &[Problem]) -> FormView {
        let include = |r: &crate::ui::widgets::form::Row| r.id.and_then(side_of).is_none();
        let label_w = self.form.label_width();
        self.form
            .view(&include, usize::from(width), label_w, theme, problems, true)
    }

    /// A side's fields.
    fn pane_view(&self, side: Side, width: u16, theme: Theme, problems: &[Problem]) -> FormView {
        let include = |r: &crate::ui::widgets::form::Row| r.id.and_then(side_of) == Some(side);
        self.form.view(
            &include,
            usize::from(width),
            self.form.label_width(),
            theme,
            problems,
            false,
        )
    }
}

impl Geometry {
    pub fn new(screen: &PartiesScreen, area: Rect, theme: Theme, problems: &[Problem]) -> Self {
        let inner = Block::bordered().inner(area);
        let setup_lines = screen.setup_view(inner.width, theme, problems).lines.len();
        let setup_h = u16::try_from(setup_lines)
            .unwrap_or(u16::MAX)
            .clamp(2, (inner.height / 3).max(2));
        let [setup, _, rest] = Layout::vertical([
            Constraint::Length(setup_h),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        let wide = inner.width >= WIDE;
        let panes = if wide {
            let [d, m] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                .spacing(1)
                .areas(rest);
            [(Side::DataOwner, d), (Side::ModelOwner, m)].map(|(side, outer)| PaneArea {
                side,
                outer,
                content: Block::bordered().inner(outer),
                collapsed: false,
            })
        } else {
            let full = rest.height.saturating_sub(2);
            let data_h = if screen.active == Side::ModelOwner {
                2.min(rest.height)
            } else {
                full
            };
            let [d, m] =
                Layout::vertical([Constraint::Length(data_h), Constraint::Min(0)]).areas(rest);
            [(Side::DataOwner, d), (Side::ModelOwner, m)].map(|(side, outer)| PaneArea {
                side,
                outer,
                content: Rect {
                    y: outer.y.saturating_add(1).min(outer.bottom()),
                    height: outer.height.saturating_sub(1),
                    ..outer
                },
                collapsed: side != screen.active,
            })
        };
        Self { setup, panes, wide }
    }

    pub fn hit(
        &self,
        screen: &PartiesScreen,
        (col, row): (u16, u16),
        theme: Theme,
        problems: &[Problem],
    ) -> Option<Hit> {
        let pos = Position::new(col, row);
        for pane in &self.panes {
            if !pane.outer.contains(pos) {
                continue;
            }
            if !pane.collapsed && pane.content.contains(pos) {
                let view = screen.pane_view(pane.side, pane.content.width, theme, problems);
                let y = usize::from(row - pane.content.y);
                if let Some(i) = view.row_at(usize::from(pane.content.height), y) {
                    return Some(Hit::Row(i));
                }
            }
            return Some(Hit::Pane(pane.side));
        }
        if self.setup.contains(pos) {
            let view = screen.setup_view(self.setup.width, theme, problems);
            let y = usize::from(row - self.setup.y);
            return view.row_at(usize::from(self.setup.height), y).map(Hit::Row);
        }
        None
    }
}

/// Lines under `first`, wrapped to `width` and indented by 4.
fn detail(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(4), 2)
        .into_iter()
        .map(|l| Line::styled(format!("    {l}"), style))
        .collect()
}

/// A side's live identity: a status after the "Live identity" label, then the ARN, region and
/// source, or the exact error and a hint.
pub fn identity_lines(app: &App, side: Side, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let bp = &app.bp;
    let label_w = app.parties.form.label_width();
    let head = |spans: Vec<Span<'static>>| {
        let mut all = vec![Span::styled(
            format!("  {:<label_w$} ", "Live identity"),
            t.muted(),
        )];
        all.extend(spans);
        Line::from(all)
    };
    let v = identity::verdict(app, side);
    let symbol = identity::symbol(v, app.live.spinner, t);
    let source = identity::source_short(bp, side);
    let room = width.saturating_sub(label_w + 5);
    let mut out = Vec::new();
    let about = |out: &mut Vec<Line<'static>>, id: &crate::ui::live::IdentityView, account| {
        let text = format!("region {} · {}", id.region, id.source);
        let text = if account {
            format!("account {} · {text}", id.account)
        } else {
            text
        };
        out.extend(detail(&text, width, t.text()));
        out.extend(detail(&id.arn, width, t.muted()));
    };
    match v {
        Verdict::Idle => out.push(head(vec![
            symbol,
            Span::styled(" not resolved yet: r resolves", t.muted()),
        ])),
        Verdict::Resolving => {
            out.push(head(vec![symbol, Span::raw(" resolving…")]));
            out.extend(detail(
                &format!("{source} in {}", bp.region),
                width,
                t.muted(),
            ));
        }
        Verdict::Matches(id) => {
            let text = truncate(" matches the blueprint", room);
            out.push(head(vec![symbol, Span::styled(text, t.ok())]));
            about(&mut out, id, true);
        }
        Verdict::Mismatch(id) => {
            let what = if side == Side::ModelOwner && bp.model_owner.role_arn.is_some() {
                "role"
            } else {
                "profile"
            };
            out.push(head(vec![
                symbol,
                Span::styled(" wrong account", t.error()),
            ]));
            out.extend(detail(
                &format!(
                    "✗ account {} is not the blueprint's {}: switch the {what} or fix the \
                     account ID",
                    id.account,
                    identity::expected_account(bp, side)
                ),
                width,
                t.error(),
            ));
            about(&mut out, id, false);
        }
        Verdict::Failed(e) => {
            out.push(head(vec![
                symbol,
                Span::styled(format!(" no identity ({source})"), t.error()),
            ]));
            // The hint first: a long error may not fit a small terminal.
            if let Some(h) = identity::hint(e, bp, side, &app.parties.profiles) {
                out.extend(detail(&format!("→ {h}"), width, t.warning()));
            }
            out.extend(detail(e, width, t.error()));
        }
    }
    out
}

impl PartiesScreen {
    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let problems = super::super::form_problems(app, &self.form, Screen::Parties);
        let block = super::super::screen_block(app, Screen::Parties);
        frame.render_widget(block, area);
        let g = Geometry::new(self, area, t, &problems);
        self.setup_view(g.setup.width, t, &problems)
            .render(frame, g.setup);
        for pane in &g.panes {
            self.draw_pane(frame, pane, g.wide, app, &problems);
        }
        if let Some(picker) = &self.picker {
            picker.draw(frame, area, &self.profiles, app.bp.partition(), t);
        }
    }

    fn draw_pane(
        &self,
        frame: &mut Frame,
        pane: &PaneArea,
        wide: bool,
        app: &App,
        problems: &[Problem],
    ) {
        let t = app.theme;
        let active = pane.side == self.active;
        let title = match (active, wide) {
            (true, _) => format!("▶ {} · active", label(pane.side)),
            (false, true) => format!("{} · s switches", label(pane.side)),
            (false, false) => format!("  {} · s switches", label(pane.side)),
        };
        let title_style = if active { t.title() } else { t.muted() };
        if wide {
            let border = if active { t.title() } else { t.muted() };
            frame.render_widget(
                Block::bordered()
                    .border_style(border)
                    .title(Span::styled(format!(" {title} "), title_style)),
                pane.outer,
            );
        } else {
            let w = usize::from(pane.outer.width);
            let rule = "─".repeat(w.saturating_sub(title.chars().count() + 1));
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(title, title_style),
                    Span::styled(format!(" {rule}"), t.muted()),
                ])),
                Rect {
                    height: 1.min(pane.outer.height),
                    ..pane.outer
                },
            );
        }
        if pane.collapsed {
            let v = identity::verdict(app, pane.side);
            let text = identity::summary(&app.bp, pane.side, v);
            let line = Line::from(vec![
                Span::raw("  "),
                identity::symbol(v, app.live.spinner, t),
                Span::raw(truncate(
                    &text,
                    usize::from(pane.content.width).saturating_sub(3),
                )),
            ]);
            frame.render_widget(Paragraph::new(line), pane.content);
            return;
        }
        let width = pane.content.width;
        let mut view = self.pane_view(pane.side, width, t, problems);
        let mut more = vec![Line::default()];
        more.extend(identity_lines(app, pane.side, usize::from(width)));
        view.extend(more);
        let height = usize::from(pane.content.height);
        let last = view.offset(height) + height;
        if view.lines.len() > last
            && let Some(line) = last.checked_sub(1).and_then(|i| view.lines.get_mut(i))
        {
            *line = Line::styled(
                "    … more below: a larger terminal shows it all",
                t.muted(),
            );
        }
        view.render(frame, pane.content);
    }
}
