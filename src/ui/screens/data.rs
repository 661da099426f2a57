//! Data (data owner): the bucket (typed, or picked from the account's live list), what the
//! model owner may do with it, and who administers it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::blueprint::Blueprint;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::fieldmap::{FieldId as F, get};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::live::net::{BucketView, NetAction, NetList, data_account};
use crate::ui::screen::Screen;
use crate::ui::widgets::form::{Form, Row};
use crate::ui::widgets::picker::{Column, HEAD, Outcome, Picker};

/// Lines the form takes above the bucket list (the fields, an edit's note, a problem).
const FORM_HEIGHT: u16 = 7;
/// Lines under the bucket rows about the one under the cursor.
const DETAIL: u16 = 1;

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Fields,
    Buckets,
}

#[derive(Debug, Clone, Default)]
pub struct DataScreen {
    pub form: Form,
    pub buckets: Picker,
    pub pane: Pane,
}

pub fn rows(bp: &Blueprint) -> Vec<Row> {
    let t = |id, label: &str, hint| Row::text(id, label, get(bp, id), hint);
    vec![
        Row::heading("Bucket (read only through the S3 gateway endpoint)"),
        t(
            F::Bucket,
            "Bucket",
            "an S3 bucket name in the data-owner account (pick one below, or a new name)",
        ),
        t(
            F::ModelOwnerActions,
            "Model-owner actions",
            "S3 actions through the endpoint, comma-separated",
        ),
        t(
            F::DataAdmins,
            "Admin principals",
            "IAM ARNs, comma-separated; exempt from the endpoint-only rule",
        ),
    ]
}

/// The form's area and the bucket list's, inside the main area.
pub fn layout(area: Rect) -> (Rect, Rect) {
    let inner = Block::bordered().inner(area);
    let form_h = FORM_HEIGHT.min(inner.height);
    (
        Rect::new(inner.x, inner.y, inner.width, form_h),
        Rect::new(
            inner.x,
            inner.y + form_h,
            inner.width,
            inner.height - form_h,
        ),
    )
}

fn rows_height(list: Rect) -> usize {
    usize::from(list.height.saturating_sub(HEAD).saturating_sub(DETAIL))
}

impl DataScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.form.sync(rows(bp), bp.partition());
        self.buckets.chosen = std::iter::once(bp.data.bucket.clone()).collect();
    }

    /// New bucket rows; the cursor on the blueprint's bucket the first time.
    pub fn load_buckets(&mut self, view: &BucketView, current: &str) {
        let first = self.buckets.is_empty();
        let names: Vec<String> = view.rows.iter().map(|b| b.name.clone()).collect();
        self.buckets.set_items(names.clone(), names);
        if first {
            self.buckets.select_key(current);
        }
    }

    pub fn fit(&mut self, main: Rect) {
        self.buckets.fit(rows_height(layout(main).1));
    }

    fn focus(&mut self, pane: Pane) {
        self.pane = pane;
        self.form.unfocused = pane == Pane::Buckets;
    }

    pub fn key_contexts(&self) -> Vec<KeyCtx> {
        match self.pane {
            Pane::Buckets if self.buckets.filtering => vec![KeyCtx::Filter],
            Pane::Buckets => vec![KeyCtx::Picker, KeyCtx::Panes, KeyCtx::Global],
            Pane::Fields => vec![KeyCtx::Form, KeyCtx::Panes, KeyCtx::Global],
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if self.form.editing() {
            return self.form.handle_key(&key);
        }
        if self.pane == Pane::Buckets && self.buckets.filtering {
            return self.buckets.handle_key(&key).map(|_| Action::Render);
        }
        match keymap::lookup(KeyCtx::Panes, &key) {
            Some(Cmd::NextPane) => {
                self.focus(Pane::Buckets);
                return Some(Action::Render);
            }
            Some(Cmd::PrevPane) => {
                self.focus(Pane::Fields);
                return Some(Action::Render);
            }
            _ => {}
        }
        if self.pane == Pane::Fields {
            return self.form.handle_key(&key);
        }
        if keymap::lookup(KeyCtx::Picker, &key) == Some(Cmd::Refresh) {
            return Some(Action::Net(NetAction::Refresh(NetList::Buckets)));
        }
        match self.buckets.handle_key(&key)? {
            Outcome::Changed => Some(Action::Render),
            Outcome::Accept => Some(Action::SetField(
                F::Bucket,
                self.buckets.current_key()?.to_string(),
            )),
        }
    }

    /// A left click inside the main area: the form takes the keys, or the bucket row under
    /// the pointer is selected.
    /// A left click: a form row (focused and selected; the selected one is Enter) or a
    /// bucket. `problems`: the form's, as drawn.
    pub fn click(
        &mut self,
        area: Rect,
        (col, row): (u16, u16),
        theme: crate::ui::theme::Theme,
        problems: &[crate::blueprint::Problem],
    ) -> Option<Action> {
        let (form, list) = layout(area);
        let inside =
            |r: Rect| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height;
        if inside(form) {
            self.focus(Pane::Fields);
            return self
                .form
                .row_at(form, col, row, theme, problems)
                .and_then(|i| self.form.click(i))
                .or(Some(Action::Render));
        }
        // While a field is being edited, a click elsewhere does nothing (as the arrows do).
        if inside(list) && !self.form.editing() {
            self.focus(Pane::Buckets);
            let first = list.y + HEAD;
            if row >= first {
                self.buckets
                    .click(usize::from(row - first), rows_height(list));
            }
            return Some(Action::Render);
        }
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        let theme = app.theme;
        frame.render_widget(super::screen_block(app, Screen::Data), area);
        let (form_area, list_area) = layout(area);
        let problems = super::form_problems(app, &self.form, Screen::Data);
        self.form
            .draw(frame, form_area, Block::new(), theme, &problems);
        let account = data_account(app);
        let doing = format!("buckets of {account}");
        let list = &app.live.net.buckets;
        let empty = list
            .ready()
            .filter(|v| v.rows.is_empty())
            .map(|_| format!("no buckets in {account}: type a new name above; apply creates it"));
        if let Some(mut lines) =
            super::network::rows::state_lines(app, list, &doing, empty, list_area.width)
        {
            lines.insert(0, Line::styled("Buckets of the data owner", theme.title()));
            frame.render_widget(Paragraph::new(lines), list_area);
            return;
        }
        let Some(view) = list.ready() else { return };
        let region = app.bp.region.as_str();
        let columns = [
            Column::new("Bucket", view.name_width, 0),
            Column::new("Region", 14, 1),
            Column::new("Note", 80, 2).flex(),
        ];
        let note = |r: Option<&str>| -> (String, bool) {
            match r {
                Some(r) if r != region => (
                    format!("⚠ in {r}: the S3 gateway endpoint of {region} cannot reach it"),
                    true,
                ),
                Some(_) => (String::new(), false),
                None => ("region not reported".into(), false),
            }
        };
        let cells = |i: usize| {
            let b = &view.rows[i];
            let (text, warn) = note(b.region.as_deref());
            vec![
                Span::raw(b.name.clone()),
                Span::raw(b.region.clone().unwrap_or_else(|| "?".into())),
                Span::styled(text, if warn { theme.warning() } else { theme.muted() }),
            ]
        };
        let focused = self.pane == Pane::Buckets;
        let detail = self
            .buckets
            .current()
            .map(|i| {
                let b = &view.rows[i];
                let used = if b.name == app.bp.data.bucket {
                    "✓ the blueprint's bucket".to_string()
                } else {
                    "Enter uses it".to_string()
                };
                Line::styled(format!("{} · {used}", b.name), theme.muted())
            })
            .into_iter()
            .collect();
        let mut title = vec![
            Span::styled(format!("Buckets of {account}"), theme.title()),
            Span::raw(format!(" · {}", self.buckets.summary("buckets"))),
        ];
        if !focused {
            title.push(Span::styled(" · → to pick one", theme.muted()));
        }
        self.buckets.draw(
            frame,
            list_area,
            Line::from(title),
            &columns,
            &cells,
            detail,
            focused,
            theme,
        );
    }
}
