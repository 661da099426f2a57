//! The footer: key hints for what has the keys now, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;
use crate::ui::keymap::{self, Binding, Ctx};
use crate::ui::theme::Theme;

/// The hints that fit in `width`, most specific context first; `? help` always stays when the
/// global keys are active.
pub fn hints(contexts: &[Ctx], width: usize) -> Vec<&'static Binding> {
    let all: Vec<&Binding> = contexts
        .iter()
        .flat_map(|c| keymap::bindings(*c))
        .filter(|b| b.footer)
        .collect();
    let help = all
        .iter()
        .position(|b| b.ctx == Ctx::Global && b.cmd == keymap::Cmd::Help);
    let cost = |b: &Binding| b.label.chars().count() + 1 + b.hint.chars().count() + 2;
    let reserved = help.map_or(0, |i| cost(all[i]));
    let mut used = 1 + reserved;
    let mut out = Vec::new();
    for (i, b) in all.iter().enumerate() {
        if Some(i) == help {
            continue;
        }
        if used + cost(b) > width {
            break;
        }
        used += cost(b);
        out.push(*b);
    }
    if let Some(i) = help {
        out.push(all[i]);
    }
    out
}

pub fn line(contexts: &[Ctx], width: usize, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for b in hints(contexts, width) {
        spans.push(Span::styled(b.label, theme.key()));
        spans.push(Span::raw(format!(" {}  ", b.hint)));
    }
    Line::from(spans)
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.key_contexts();
    frame.render_widget(
        Paragraph::new(line(&contexts, usize::from(area.width), app.theme)),
        area,
    );
}
