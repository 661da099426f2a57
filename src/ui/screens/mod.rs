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
use super::screen::Screen;
use super::theme::Theme;
use super::widgets::form::Form;
use crate::blueprint::Problem;

/// The screen a blueprint problem (by dotted key) belongs to.
pub fn problem_screen(key: &str) -> Screen {
    let top = key.split(['.', '[']).next().unwrap_or("");
    match top {
        "network" => Screen::Network,
        "data" => Screen::Data,
        "cluster" => Screen::Cluster,
        "guardrails" => Screen::Policies,
        _ => Screen::Parties,
    }
}

/// The block around a screen's main area: number, name and whose account it concerns.
pub fn screen_block(app: &App, screen: Screen) -> Block<'static> {
    Block::bordered()
        .border_style(app.theme.muted())
        .title(Line::from(vec![
            Span::styled(
                format!(" {} {} ", screen.index() + 1, screen.label()),
                app.theme.title(),
            ),
            Span::styled(format!("· {} ", screen.party().label()), app.theme.muted()),
        ]))
}

/// The problems a form screen shows: those of its screen and of its fields.
pub fn form_problems(app: &App, form: &Form, screen: Screen) -> Vec<Problem> {
    app.derived
        .problems
        .iter()
        .filter(|p| {
            problem_screen(&p.key) == screen
                || form
                    .rows
                    .iter()
                    .any(|r| r.id.is_some_and(|id| id.owns(&p.key)))
        })
        .cloned()
        .collect()
}

/// Draw a form screen: its rows with the problems that belong to this screen or to its fields.
pub fn draw_form(form: &Form, frame: &mut Frame, area: Rect, app: &App, screen: Screen) {
    let problems = form_problems(app, form, screen);
    form.draw(frame, area, screen_block(app, screen), app.theme, &problems);
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
