//! Apply: the data-owner and model-owner steps in panes, live, with the selected step's log.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::step::Step;

#[derive(Debug, Clone, Default)]
pub struct ApplyScreen {
    pub selected: usize,
}

impl ApplyScreen {
    pub fn handle_key(&mut self, _key: KeyEvent) -> Option<Action> {
        None
    }

    /// What a left click at (`col`, `row`) inside `area` (the main area) asks for.
    pub fn click(&mut self, _area: Rect, _col: u16, _row: u16) -> Option<Action> {
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let block = super::screen_block(app, Step::Apply);
        frame.render_widget(Paragraph::new("").block(block), area);
    }
}
