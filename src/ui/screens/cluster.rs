//! Cluster (model owner): the EKS cluster in the shared subnets.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::blueprint::Blueprint;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::fieldmap::{FieldId as F, get};
use crate::ui::screen::Screen;
use crate::ui::widgets::form::{Form, Row, RowKind};

#[derive(Debug, Clone, Default)]
pub struct ClusterScreen {
    pub form: Form,
}

/// How pods get AWS credentials (`cluster.pod_credentials`), each with what it needs.
pub const POD_CREDENTIALS: &[(&str, &str)] = &[
    (
        "pod-identity",
        "eks-auth endpoint + the Pod Identity Agent add-on, no sts endpoint",
    ),
    (
        "irsa",
        "sts endpoint, AssumeRoleWithWebIdentity only; D12 warns of session names",
    ),
];

/// Shown next to the public-endpoint toggle while it is on.
pub const PUBLIC_WARNING: &str =
    "D7 critical: kubectl cp, exec, logs and port-forward can stream data out";

pub fn rows(bp: &Blueprint) -> Vec<Row> {
    let t = |id, label: &str, hint| Row::text(id, label, get(bp, id), hint);
    let mut public = Row::toggle(
        F::PublicAccess,
        "Public API endpoint",
        bp.cluster.endpoint_public_access,
    );
    public.kind = RowKind::Toggle {
        on: bp.cluster.endpoint_public_access,
        warning: Some(PUBLIC_WARNING),
    };
    vec![
        Row::heading("EKS cluster (model-owner account, in the shared subnets)"),
        t(
            F::ClusterName,
            "Name",
            "letters, digits, - and _; starts with a letter or digit",
        ),
        t(F::KubernetesVersion, "Kubernetes version", "e.g. 1.33"),
        public,
        Row::choice(
            F::PodCredentials,
            "Pod credentials",
            get(bp, F::PodCredentials),
            POD_CREDENTIALS,
        ),
        Row::heading("Managed node group"),
        t(
            F::InstanceTypes,
            "Instance types",
            "EC2 instance types, comma-separated",
        ),
        t(F::DesiredSize, "Desired size", "number of nodes"),
    ]
}

impl ClusterScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.form.sync(rows(bp), bp.partition());
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        self.form.handle_key(&key)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, app: &App) {
        super::draw_form(&self.form, frame, area, app, Screen::Cluster);
    }
}
