//! Clicks: the step list goes to a screen; on a screen, the row under the pointer is focused
//! and selected (each screen says what is under a cell).

use super::app::App;
use super::layout;
use super::screens::{click_form, form_problems};
use super::step::Step;

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
        if inside(a.steps) {
            // One line per step inside the border.
            let i = usize::from(row.saturating_sub(a.steps.y + 1));
            if row > a.steps.y
                && let Some(step) = Step::from_index(i)
            {
                self.update(super::Action::Goto(step));
            }
            return;
        }
        if inside(a.main) {
            let theme = self.theme;
            let action = match self.step {
                Step::Parties => {
                    let problems = form_problems(self, &self.parties.form, Step::Parties);
                    self.parties.click(a.main, (col, row), theme, &problems)
                }
                Step::Network => {
                    let problems = form_problems(self, &self.network.form, Step::Network);
                    self.network.click(a.main, (col, row), theme, &problems)
                }
                Step::Data => {
                    let problems = form_problems(self, &self.data.form, Step::Data);
                    self.data.click(a.main, (col, row), theme, &problems)
                }
                Step::Cluster => {
                    let problems = form_problems(self, &self.cluster.form, Step::Cluster);
                    click_form(&mut self.cluster.form, a.main, (col, row), theme, &problems)
                }
                Step::Apply => self.apply.click(a.main, col, row),
                Step::Monitor => self.monitor.click(a.main, col, row),
                Step::Policies | Step::Review => None,
            };
            if let Some(action) = action {
                self.update(action);
            }
        }
    }
}
