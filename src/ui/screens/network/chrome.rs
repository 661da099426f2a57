//! The top of the Network screen (the choice between a new VPC and an existing one, the
//! panes), and drawing the whole screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{NetworkScreen, Tab, lists};
use crate::ui::app::App;
use crate::ui::screen::Screen;

/// `(text, wants existing)` of the mode line's parts; the choice marked `◉`.
pub fn mode_parts(existing: bool) -> [(String, Option<bool>); 4] {
    let radio = |on: bool| if on { "◉" } else { "○" };
    [
        ("VPC: ".into(), None),
        (
            format!("{} create a new one", radio(!existing)),
            Some(false),
        ),
        ("  ".into(), None),
        (
            format!("{} use an existing one", radio(existing)),
            Some(true),
        ),
    ]
}

/// The pane labels as drawn: ` ▶VPCs │  Subnets │ …`, one cell per tab.
pub fn tab_cells(current: Tab) -> Vec<(Tab, String)> {
    Tab::ALL
        .iter()
        .map(|t| {
            let mark = if *t == current { "▶" } else { " " };
            (*t, format!(" {mark}{} ", t.label()))
        })
        .collect()
}

impl NetworkScreen {
    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let block = crate::ui::screens::screen_block(app, Screen::Network);
        frame.render_widget(block, area);
        let a = self.layout(area);
        let theme = app.theme;
        let mut spans: Vec<Span> = Vec::new();
        for (text, choice) in mode_parts(self.existing()) {
            spans.push(match choice {
                None => Span::styled(text, theme.title()),
                Some(c) if c == self.existing() => Span::styled(text, theme.text()),
                Some(_) => Span::styled(text, theme.muted()),
            });
        }
        spans.push(Span::styled("  (v)", theme.key()));
        frame.render_widget(Paragraph::new(Line::from(spans)), a.mode);
        if !self.existing() {
            lists::draw_form(self, frame, a.content, app);
            return;
        }
        let mut tabs: Vec<Span> = Vec::new();
        for (i, (tab, text)) in tab_cells(self.tab).into_iter().enumerate() {
            if i > 0 {
                tabs.push(Span::styled("│", theme.muted()));
            }
            tabs.push(if tab == self.tab {
                Span::styled(text, theme.selected())
            } else {
                Span::styled(text, theme.muted())
            });
        }
        tabs.push(Span::styled("  ←/→", theme.key()));
        frame.render_widget(Paragraph::new(Line::from(tabs)), a.tabs);
        match self.tab {
            Tab::Vpcs => lists::draw_vpcs(self, frame, a.content, app),
            Tab::Subnets => lists::draw_subnets(self, frame, a.content, app),
            Tab::Endpoints => lists::draw_endpoints(self, frame, a.content, app),
            Tab::Fields => lists::draw_form(self, frame, a.content, app),
        }
    }
}
