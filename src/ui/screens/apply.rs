//! Apply: before a run, the plan marked from the journal and the identity banner; during and
//! after a run, the data-owner and model-owner steps in panes side by side, the selected step's
//! messages under them, and a summary line. The panes are drawn in `apply/panes.rs`.

mod panes;

pub use panes::step_at;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::blueprint::Side;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::live::run::{Phase, RunAction};
use crate::ui::live::{Loadable, spinner_frame};
use crate::ui::screen::Screen;
use crate::ui::text::wrap;
use crate::ui::widgets::form::truncate;

#[derive(Debug, Clone, Default)]
pub struct ApplyScreen {
    /// The selected step (an index into `app.live.run.steps`).
    pub selected: usize,
    /// Select the first step that fails (until the user selects one).
    pub follow: bool,
    /// The plan's first row shown (before a run).
    pub plan_scroll: usize,
}

impl ApplyScreen {
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let action = match keymap::lookup(KeyCtx::Apply, &key)? {
            Cmd::Apply => RunAction::Ask,
            Cmd::Up => RunAction::Up,
            Cmd::Down => RunAction::Down,
            Cmd::OtherPane => RunAction::OtherPane,
            _ => return None,
        };
        Some(Action::Run(action))
    }

    /// What a left click at (`col`, `row`) inside `area` (the main area) asks for.
    pub fn click(&mut self, area: Rect, col: u16, row: u16) -> Option<Action> {
        Some(Action::Run(RunAction::Click(area, col, row)))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let block = super::screen_block(app, Screen::Apply);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [banner, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        frame.render_widget(Paragraph::new(banner_lines(app, banner.width)), banner);
        if app.live.run.phase == Phase::Idle {
            self.draw_plan(frame, body, app);
        } else {
            panes::draw(self, frame, body, app);
        }
    }

    fn draw_plan(&self, frame: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let width = usize::from(area.width);
        let mut top: Vec<Line> = Vec::new();
        if let Some(reason) = &app.live.run.refused {
            top.extend(
                wrap(&format!("✗ not applied: {reason}"), width, 2)
                    .into_iter()
                    .map(|l| Line::styled(l, t.error())),
            );
        }
        let steps = app.derived.plan.clone();
        // The journal as read for Policies and Review (again each time this screen shows).
        let r = &app.recorded;
        let journal = match (&r.path, &r.error) {
            (_, Some(e)) => format!("journal: ✗ {e}"),
            (Some(path), None) => {
                format!("journal {}: {} recorded", path.display(), r.ids.len())
            }
            (None, None) => "journal: not read".into(),
        };
        top.push(Line::from(vec![
            Span::styled(format!("Plan, {} steps", steps.len()), t.title()),
            Span::styled(
                truncate(&format!(" · {journal}"), width.saturating_sub(18)),
                t.muted(),
            ),
        ]));
        let bottom = Line::from(vec![
            Span::styled("a", t.key()),
            Span::raw(": apply (asks first, naming both accounts)"),
        ]);
        let rows = usize::from(area.height).saturating_sub(top.len() + 1);
        let max = steps.len().saturating_sub(rows);
        let scroll = self.plan_scroll.min(max);
        let wide = width >= 100;
        let id_w = steps
            .iter()
            .map(|s| s.id.chars().count())
            .max()
            .unwrap_or(0);
        let mut lines = top;
        for s in steps.iter().skip(scroll).take(rows) {
            let (mark, style) = match s.mark {
                Some(
                    m @ (crate::engine::notes::Mark::Exists | crate::engine::notes::Mark::Run),
                ) => (m.as_str(), t.muted()),
                Some(m) => (m.as_str(), t.text()),
                None => ("", t.muted()),
            };
            let side = match s.side {
                Side::DataOwner => "data",
                Side::ModelOwner => "model",
                Side::Both => "both",
            };
            let what = if wide {
                format!("{} → {}", s.action, s.resource)
            } else {
                s.action.clone()
            };
            let text = format!("{mark:<9}{side:<6}{:<id_w$} {what}", s.id);
            lines.push(Line::styled(truncate(&text, width), style));
        }
        while lines.len() + 1 < usize::from(area.height) {
            lines.push(Line::default());
        }
        lines.push(bottom);
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// The identity banner: which account each side acts as (account, credentials, region), or
/// why it does not.
pub fn banner_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let t = app.theme;
    let width = usize::from(width);
    [Side::DataOwner, Side::ModelOwner]
        .into_iter()
        .map(|side| {
            let expected = match side {
                Side::ModelOwner => &app.bp.model_owner.account_id,
                _ => &app.bp.data_owner.account_id,
            };
            let source = crate::aws::identity::source_of(&app.bp, side);
            let name = format!("{:<12}", side.as_str());
            let (symbol, style, text): (String, Style, String) = match app.live.identity(side) {
                Loadable::Ready(v) if &v.account == expected => (
                    "✓".into(),
                    t.ok(),
                    format!("{} · {} · {} · {}", v.account, v.source, v.region, v.arn),
                ),
                Loadable::Ready(v) => (
                    "✗".into(),
                    t.error(),
                    format!(
                        "{} is account {}, the blueprint names {expected}",
                        v.source, v.account
                    ),
                ),
                Loadable::Failed(e) => ("✗".into(), t.error(), e.clone()),
                Loadable::Loading => (
                    spinner_frame(app.live.spinner).to_string(),
                    t.muted(),
                    format!("resolving {source}"),
                ),
                Loadable::Idle => ("·".into(), t.muted(), format!("{source} not resolved")),
            };
            let rest = width.saturating_sub(15);
            Line::from(vec![
                Span::styled(format!("{symbol} "), style),
                Span::styled(name, t.title()),
                Span::styled(truncate(&text, rest), style),
            ])
        })
        .collect()
}
