//! The header: the setup, both parties with their live identity (✓ matches the blueprint, ✗
//! another account or an error, a spinner while resolving), and which one the current screen
//! acts as (marked by `▶` and said in words, never by colour alone).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::form::truncate;
use super::identity;
use crate::blueprint::Side;
use crate::ui::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let bp = &app.bp;
    let party = app.screen.party();
    let width = usize::from(area.width);

    let modified = if app.dirty() { " · modified" } else { "" };
    let right = format!("this screen: {} ", party.label());
    let fixed = format!(" {} · {} · ", bp.name, bp.region);
    // The file path gets what room is left, cut from the left.
    let room = width.saturating_sub(
        fixed.chars().count() + modified.chars().count() + right.chars().count() + 1,
    );
    let file = app.config.as_ref().map_or_else(
        || "not saved yet".to_string(),
        |p| truncate_left(&p.display().to_string(), room),
    );
    let mut left = format!("{fixed}{file}{modified}");
    if left.chars().count() + right.chars().count() + 17 <= width {
        left = format!(" eks-isolation ·{left}");
    }
    let left = truncate(&left, width.saturating_sub(right.chars().count() + 1));
    let pad = width.saturating_sub(left.chars().count() + right.chars().count());
    let top = Line::from(vec![
        Span::styled(left, t.title()),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, t.title()),
    ]);

    let party_line = |active: bool, name: &str, side: Side| {
        let marker = if active { " ▶ " } else { "   " };
        let name_style = if active { t.title() } else { t.muted() };
        let v = identity::verdict(app, side);
        let detail = identity::summary(bp, side, v);
        Line::from(vec![
            Span::styled(marker, t.title()),
            Span::styled(format!("{name:<12}"), name_style),
            identity::symbol(v, app.live.spinner, t),
            Span::raw(truncate(&detail, width.saturating_sub(16))),
        ])
    };
    let lines = vec![
        top,
        party_line(party.includes_data_owner(), "data owner", Side::DataOwner),
        party_line(
            party.includes_model_owner(),
            "model owner",
            Side::ModelOwner,
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Keep the end of `s` (the file name of a path) in `width` characters.
fn truncate_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    let keep = width.saturating_sub(1);
    let tail: String = s.chars().skip(n - keep).collect();
    format!("…{tail}")
}
