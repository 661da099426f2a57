//! Apply: the identity banner, then the data-owner and model-owner steps in panes side by
//! side: the rows of the live plan, each with its mark before a run (what apply would do) and
//! its state once the run reports on it. Under them the selected step (what it would change,
//! or its messages), and a summary (the live plan's, the run's). The panes are drawn in
//! `apply/panes.rs`, what the plan says of a step in `apply/planned.rs`.

mod panes;
mod planned;
mod summary;

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
use crate::ui::live::run::RunAction;
use crate::ui::live::{Loadable, spinner_frame};
use crate::ui::screen::Screen;
use crate::ui::widgets::form::truncate;

#[derive(Debug, Clone, Default)]
pub struct ApplyScreen {
    /// The selected step (an index into `app.live.run.steps`).
    pub selected: usize,
    /// Select the first step that fails (until the user selects one).
    pub follow: bool,
}

impl ApplyScreen {
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let action = match keymap::lookup(KeyCtx::Apply, &key)? {
            Cmd::Apply => RunAction::Ask,
            Cmd::Up => RunAction::Up,
            Cmd::Down => RunAction::Down,
            Cmd::OtherPane => RunAction::OtherPane,
            Cmd::Refresh => return Some(Action::RefreshPlan),
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
        panes::draw(self, frame, body, app);
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
