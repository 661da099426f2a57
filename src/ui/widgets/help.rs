//! The `?` overlay: every binding of the keymap table, grouped by where it applies.

use ratatui::text::{Line, Span};

use crate::ui::keymap::{self, KeyCtx};
use crate::ui::theme::Theme;

/// Contexts in the order the help lists them.
const ORDER: [KeyCtx; 15] = [
    KeyCtx::Global,
    KeyCtx::Form,
    KeyCtx::Identities,
    KeyCtx::ProfilePicker,
    KeyCtx::Input,
    KeyCtx::Subnets,
    KeyCtx::Policies,
    KeyCtx::Editor,
    KeyCtx::Review,
    KeyCtx::Apply,
    KeyCtx::Monitor,
    KeyCtx::ConfirmQuit,
    KeyCtx::Confirm,
    KeyCtx::LoadError,
    KeyCtx::Overlay,
];

pub fn lines(theme: Theme) -> Vec<Line<'static>> {
    let known = keymap::contexts();
    let label_w = keymap::BINDINGS
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    // Contexts not in ORDER follow, in the order the keymap table first uses them.
    let rest = known.iter().filter(|c| !ORDER.contains(c));
    for ctx in ORDER.iter().filter(|c| known.contains(c)).chain(rest) {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(ctx.title(), theme.title()));
        for b in keymap::bindings(*ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<label_w$}  ", b.label), theme.key()),
                Span::raw(b.help),
            ]));
        }
    }
    out
}
