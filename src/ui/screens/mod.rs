//! One struct per screen: `handle_key` turns a key into an [`Action`](super::action::Action)
//! (or `None` when the screen does not use it), `draw` renders the screen from state.

pub mod apply;
pub mod cluster;
pub mod data;
pub mod editor;
pub mod monitor;
pub mod network;
pub mod parties;
pub mod policies;
pub mod review;
pub mod review_plan;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::action::Action;
use super::app::App;
use super::step::Step;
use super::theme::Theme;
use super::widgets::form::Form;
use crate::blueprint::Problem;

/// The screen a blueprint problem (by dotted key) belongs to.
pub fn problem_step(key: &str) -> Step {
    let top = key.split(['.', '[']).next().unwrap_or("");
    match top {
        "network" => Step::Network,
        "data" => Step::Data,
        "cluster" => Step::Cluster,
        "guardrails" => Step::Policies,
        _ => Step::Parties,
    }
}

/// The block around a screen's main area: number, name and whose account it concerns.
pub fn screen_block(app: &App, step: Step) -> Block<'static> {
    Block::bordered()
        .border_style(app.theme.muted())
        .title(Line::from(vec![
            Span::styled(
                format!(" {} {} ", step.index() + 1, step.label()),
                app.theme.title(),
            ),
            Span::styled(format!("· {} ", step.party().label()), app.theme.muted()),
        ]))
}

/// The problems a form screen shows: those of its step and of its fields.
pub fn form_problems(app: &App, form: &Form, step: Step) -> Vec<Problem> {
    app.derived
        .problems
        .iter()
        .filter(|p| {
            problem_step(&p.key) == step
                || form
                    .rows
                    .iter()
                    .any(|r| r.id.is_some_and(|id| id.owns(&p.key)))
        })
        .cloned()
        .collect()
}

/// Draw a form screen: its rows with the problems that belong to this step or to its fields.
pub fn draw_form(form: &Form, frame: &mut Frame, area: Rect, app: &App, step: Step) {
    let problems = form_problems(app, form, step);
    form.draw(frame, area, screen_block(app, step), app.theme, &problems);
}

/// A left click on a form screen drawn by [`draw_form`] in `area`: the row under the pointer
/// is selected; clicking the selected row is Enter.
pub fn click_form(
    form: &mut Form,
    area: Rect,
    (col, row): (u16, u16),
    theme: Theme,
    problems: &[Problem],
) -> Option<Action> {
    let inner = Block::bordered().inner(area);
    let i = form.row_at(inner, col, row, theme, problems)?;
    form.click(i)
}
