//! Parties: the setup's name and region, and both accounts. Concerns both parties.

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
pub struct PartiesScreen {
    pub form: Form,
}

pub fn rows(bp: &Blueprint) -> Vec<Row> {
    let t = |id, label: &str, hint| Row::text(id, label, get(bp, id), hint);
    vec![
        Row::heading("Setup"),
        t(
            F::Name,
            "Name",
            "lower-case letters, digits and dashes; tags everything created",
        ),
        t(F::Region, "Region", "e.g. us-east-1 (both accounts use it)"),
        Row::heading("Data owner (VPC, bucket, organization)"),
        t(F::DataAccount, "Account ID", "12 digits"),
        t(
            F::DataProfile,
            "AWS profile",
            "a profile in ~/.aws/config; empty = default chain",
        ),
        t(
            F::DataAdmins,
            "Admin principals",
            "IAM ARNs, comma-separated; exempt from the endpoint-only rule",
        ),
        Row::heading("Model owner (EKS cluster)"),
        t(F::ModelAccount, "Account ID", "12 digits"),
        t(
            F::ModelProfile,
            "AWS profile",
            "a profile in ~/.aws/config; empty = default chain",
        ),
        t(
            F::ModelRole,
            "Role ARN",
            "role to assume in the model-owner account; empty = none",
        ),
    ]
}

impl PartiesScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.form.sync(rows(bp), bp.partition());
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        self.form.handle_key(&key)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        super::draw_form(&self.form, frame, area, app, Step::Parties);
    }
}
