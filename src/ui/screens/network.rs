//! Network (data owner): the VPC, the subnets shared with the model owner, the interface
//! endpoints and the S3 gateway endpoint.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::blueprint::Blueprint;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::fieldmap::{ENDPOINT_SERVICES, FieldId as F, endpoint_enabled, get};
use crate::ui::keymap::{self, Cmd, Ctx};
use crate::ui::step::Step;
use crate::ui::widgets::form::{Form, Row};

#[derive(Debug, Clone, Default)]
pub struct NetworkScreen {
    pub form: Form,
}

pub fn rows(bp: &Blueprint) -> Vec<Row> {
    let t = |id, label: String, hint| Row::text(id, label, get(bp, id), hint);
    let mut rows = vec![
        Row::heading("VPC"),
        t(
            F::Vpc,
            "VPC".into(),
            "a CIDR to create (e.g. 10.40.0.0/16), or vpc-… to adopt",
        ),
        Row::heading("Subnets shared with the model owner (≥2, distinct AZ IDs)"),
    ];
    for i in 0..bp.network.subnets.len() {
        let n = i + 1;
        rows.push(t(
            F::SubnetAz(i),
            format!("Subnet {n} AZ ID"),
            "an AZ ID such as use1-az1",
        ));
        rows.push(t(
            F::SubnetSource(i),
            format!("Subnet {n} CIDR / ID"),
            "a CIDR inside the VPC, or subnet-… to adopt",
        ));
    }
    rows.push(Row::button(F::AddSubnet, "Add a subnet"));
    rows.push(Row::heading("Interface endpoints"));
    for (i, svc) in ENDPOINT_SERVICES.iter().enumerate() {
        rows.push(Row::toggle(F::Endpoint(i), *svc, endpoint_enabled(bp, i)));
    }
    rows.push(Row::heading("S3 gateway endpoint"));
    rows.push(t(
        F::S3EndpointId,
        "Endpoint ID".into(),
        "vpce-… of an existing endpoint; empty = apply creates it",
    ));
    rows
}

impl NetworkScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.form.sync(rows(bp), bp.partition());
    }

    /// The subnet the selected row belongs to.
    fn selected_subnet(&self) -> Option<usize> {
        match self.form.selected_id()? {
            F::SubnetAz(i) | F::SubnetSource(i) => Some(i),
            _ => None,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(action) = self.form.handle_key(&key) {
            return Some(action);
        }
        match keymap::lookup(Ctx::Subnets, &key)? {
            Cmd::AddRow => Some(Action::AddSubnet),
            Cmd::RemoveRow => self.selected_subnet().map(Action::RemoveSubnet),
            _ => None,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        super::draw_form(&self.form, frame, area, app, Step::Network);
    }
}
