//! The screen list (titled "Steps" on screen): every screen, the current one marked `▶`, each with ✓ or ✗ and a count.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::ui::app::App;
use crate::ui::screen::Screen;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let mut lines: Vec<Line> = Screen::ALL
        .iter()
        .map(|screen| {
            let current = *screen == app.screen;
            let n = app.screen_problems(*screen);
            let mark = if n == 0 {
                Span::styled("✓", t.ok())
            } else {
                Span::styled(format!("✗{n}"), t.error())
            };
            let label = format!("{} {:<10}", screen.index() + 1, screen.label());
            Line::from(vec![
                Span::styled(if current { "▶ " } else { "  " }, t.title()),
                Span::styled(label, if current { t.selected() } else { t.text() }),
                Span::raw(" "),
                mark,
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled("✓ ok  ✗n problems", t.muted()));
    let block = Block::bordered().border_style(t.muted()).title(" Steps ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
