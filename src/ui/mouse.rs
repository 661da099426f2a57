//! Clicks: the screen list goes to a screen; on a screen, the row under the pointer is focused
//! and selected (each screen says what is under a cell).

use super::app::App;
use super::layout;
use super::screen::Screen;
use super::screens::{click_form, form_problems};

impl App {
    pub(super) fn on_click(&mut self, col: u16, row: u16) {
        if self.overlay.is_some() {
            return;
        }
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        if layout::too_small(area) {
            return;
        }
        let a = layout::areas(area);
        let inside = |r: ratatui::layout::Rect| {
            col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
        };
        if inside(a.screens) {
            // One line per screen inside the border.
            let i = usize::from(row.saturating_sub(a.screens.y + 1));
            if row > a.screens.y
                && let Some(screen) = Screen::from_index(i)
            {
                self.update(super::Action::Goto(screen));
            }
            return;
        }
        if inside(a.main) {
            let theme = self.theme;
            let action = match self.screen {
                Screen::Parties => {
                    let problems = form_problems(self, &self.parties.form, Screen::Parties);
                    self.parties.click(a.main, (col, row), theme, &problems)
                }
                Screen::Network => {
                    let problems = form_problems(self, &self.network.form, Screen::Network);
                    self.network.click(a.main, (col, row), theme, &problems)
                }
                Screen::Data => {
                    let problems = form_problems(self, &self.data.form, Screen::Data);
                    self.data.click(a.main, (col, row), theme, &problems)
                }
                Screen::Cluster => {
                    let problems = form_problems(self, &self.cluster.form, Screen::Cluster);
                    click_form(&mut self.cluster.form, a.main, (col, row), theme, &problems)
                }
                Screen::Apply => self.apply.click(a.main, col, row),
                Screen::Monitor => self.monitor.click(a.main, col, row),
                Screen::Policies | Screen::Review => None,
            };
            if let Some(action) = action {
                self.update(action);
            }
        }
    }
}
