//! Data (data owner): the bucket, what the model owner may do with it, and who administers it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::blueprint::Blueprint;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::fieldmap::{FieldId as F, get};
use crate::ui::step::Step;
use crate::ui::widgets::form::{Form, Row};

#[derive(Debug, Clone, Default)]
pub struct DataScreen {
    pub form: Form,
}

pub fn rows(bp: &Blueprint) -> Vec<Row> {
    let t = |id, label: &str, hint| Row::text(id, label, get(bp, id), hint);
    vec![
        Row::heading("Bucket (read only through the S3 gateway endpoint)"),
        t(
            F::Bucket,
            "Bucket",
            "an S3 bucket name in the data-owner account",
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

impl DataScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.form.sync(rows(bp), bp.partition());
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        self.form.handle_key(&key)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        super::draw_form(&self.form, frame, area, app, Step::Data);
    }
}
