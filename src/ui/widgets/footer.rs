//! The footer: key hints for what has the keys now, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;
use crate::ui::keymap::{self, Binding, KeyCtx};
use crate::ui::theme::Theme;

/// The hints that fit in `width`, in table order (most specific context first). When they do
/// not all fit, the ones with the highest priority number go first.
pub fn hints(contexts: &[KeyCtx], width: usize) -> Vec<&'static Binding> {
    let all: Vec<&'static Binding> = contexts
        .iter()
        .flat_map(|c| keymap::bindings(*c))
        .filter(|b| b.footer > 0)
        .collect();
    let cost = |b: &Binding| b.label.chars().count() + 1 + b.hint.chars().count() + 2;
    let mut keep = vec![true; all.len()];
    let mut used: usize = 1 + all.iter().map(|b| cost(b)).sum::<usize>();
    while used > width {
        // Drop the least important (highest number; the last of equals) that is not essential.
        let Some(i) = (0..all.len())
            .filter(|i| keep[*i] && all[*i].footer > 1)
            .max_by_key(|i| (all[*i].footer, *i))
        else {
            break;
        };
        keep[i] = false;
        used -= cost(all[i]);
    }
    all.into_iter()
        .zip(keep)
        .filter_map(|(b, k)| k.then_some(b))
        .collect()
}

pub fn line(contexts: &[KeyCtx], width: usize, theme: Theme) -> Line<'static> {
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
