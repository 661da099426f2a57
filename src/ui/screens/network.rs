//! Network (data owner): create a new VPC (a form: CIDR, subnets, endpoints), or use an
//! existing one picked from the live list, with its subnets (multi-select, filtered, with
//! D3/S1/S7 badges), its endpoints (with their policies' verdicts) and the endpoint options.

mod chrome;
pub mod lists;
pub mod rows;

pub use chrome::{mode_parts, tab_cells};

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Block;

use crate::blueprint::{Blueprint, Subnet, VpcSource};
use crate::ui::action::Action;
use crate::ui::fieldmap::{ENDPOINT_SERVICES, FieldId as F, endpoint_enabled, get};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::live::net::{NetAction, NetList};
use crate::ui::widgets::form::{Form, Row};
use crate::ui::widgets::picker::{HEAD, Picker};

/// The panes of the screen while an existing VPC is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Vpcs,
    Subnets,
    Endpoints,
    /// The form: the VPC and subnets as typed, the endpoints to create.
    Fields,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Vpcs, Tab::Subnets, Tab::Endpoints, Tab::Fields];

    pub fn label(self) -> &'static str {
        match self {
            Self::Vpcs => "VPCs",
            Self::Subnets => "Subnets",
            Self::Endpoints => "Endpoints",
            Self::Fields => "Fields",
        }
    }

    /// Lines under a picker's rows about the row under the cursor.
    pub fn detail_height(self) -> u16 {
        match self {
            Self::Vpcs => 1,
            Self::Subnets => 2,
            Self::Endpoints => 3,
            Self::Fields => 0,
        }
    }

    fn list(self) -> Option<NetList> {
        match self {
            Self::Vpcs => Some(NetList::Vpcs),
            Self::Subnets | Self::Endpoints => Some(NetList::Subnets),
            Self::Fields => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NetworkScreen {
    /// The VPC form (create mode), or the endpoint options (existing VPC).
    pub form: Form,
    /// "Use an existing VPC" chosen while the blueprint still creates one (nothing picked).
    pub want_existing: bool,
    pub tab: Tab,
    pub vpcs: Picker,
    pub subnets: Picker,
    pub endpoints: Picker,
    /// The VPC and subnets to create, kept while an existing VPC is used (restored by `v`).
    pub created: Option<(VpcSource, Vec<Subnet>)>,
    /// Whether the blueprint uses an existing VPC (as of the last sync).
    existing_bp: bool,
    /// The blueprint's existing subnet IDs at the last sync (the selection follows them).
    synced: Vec<String>,
}

impl Default for NetworkScreen {
    fn default() -> Self {
        Self {
            form: Form::default(),
            want_existing: false,
            tab: Tab::default(),
            vpcs: Picker::default(),
            subnets: Picker::multi(),
            endpoints: Picker::default(),
            created: None,
            existing_bp: false,
            synced: Vec::new(),
        }
    }
}

/// The form rows: the VPC (a CIDR to create, or an ID), the subnets, the endpoints.
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

/// Where the parts of the screen go inside the main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// "create a new VPC / use an existing one".
    pub mode: Rect,
    /// The panes (existing VPC only; zero height otherwise).
    pub tabs: Rect,
    pub content: Rect,
}

impl NetworkScreen {
    /// Whether the screen shows the existing-VPC panes.
    pub fn existing(&self) -> bool {
        self.existing_bp || self.want_existing
    }

    pub fn sync(&mut self, bp: &Blueprint) {
        let existing = matches!(bp.network.vpc, VpcSource::Existing { .. });
        if existing && !self.existing() {
            // A vpc-… ID typed in the form: the form keeps the keys.
            self.tab = Tab::Fields;
        }
        self.existing_bp = existing;
        if existing {
            self.want_existing = false;
        }
        self.form.sync(rows(bp), bp.partition());
        let ids = bp.network.existing_subnet_ids();
        if ids != self.synced {
            self.subnets.chosen = ids.iter().cloned().collect();
            self.synced = ids;
        }
        self.vpcs.chosen = crate::ui::live::net::existing_vpc(bp)
            .map(str::to_string)
            .into_iter()
            .collect();
        self.endpoints.chosen = bp.network.s3_endpoint_id.iter().cloned().collect();
    }

    pub fn layout(&self, area: Rect) -> Areas {
        let inner = Block::bordered().inner(area);
        let row = |y: u16, h: u16| Rect::new(inner.x, inner.y + y, inner.width, h);
        let tabs_h = u16::from(self.existing());
        let top = 1 + tabs_h + tabs_h;
        Areas {
            mode: row(0, 1.min(inner.height)),
            tabs: row(1, tabs_h.min(inner.height.saturating_sub(1))),
            content: row(top.min(inner.height), inner.height.saturating_sub(top)),
        }
    }

    /// Rows a picker of `tab` shows in `content`.
    pub fn rows_height(tab: Tab, content: Rect) -> usize {
        usize::from(
            content
                .height
                .saturating_sub(HEAD)
                .saturating_sub(tab.detail_height()),
        )
    }

    /// Size the pickers for the main area.
    pub fn fit(&mut self, main: Rect) {
        let content = self.layout(main).content;
        self.vpcs.fit(Self::rows_height(Tab::Vpcs, content));
        self.subnets.fit(Self::rows_height(Tab::Subnets, content));
        self.endpoints
            .fit(Self::rows_height(Tab::Endpoints, content));
    }

    fn picker_mut(&mut self) -> Option<&mut Picker> {
        match self.tab {
            Tab::Vpcs => Some(&mut self.vpcs),
            Tab::Subnets => Some(&mut self.subnets),
            Tab::Endpoints => Some(&mut self.endpoints),
            Tab::Fields => None,
        }
    }

    pub fn picker(&self) -> Option<&Picker> {
        match self.tab {
            Tab::Vpcs => Some(&self.vpcs),
            Tab::Subnets => Some(&self.subnets),
            Tab::Endpoints => Some(&self.endpoints),
            Tab::Fields => None,
        }
    }

    /// The keymap contexts that have the keys (most specific first).
    pub fn key_contexts(&self) -> Vec<KeyCtx> {
        if !self.existing() {
            return vec![
                KeyCtx::Form,
                KeyCtx::Subnets,
                KeyCtx::NetMode,
                KeyCtx::Global,
            ];
        }
        let mut out = Vec::new();
        match self.picker() {
            Some(p) if p.filtering => return vec![KeyCtx::Filter],
            Some(p) => {
                if p.multi {
                    out.push(KeyCtx::MultiPicker);
                }
                out.push(KeyCtx::Picker);
            }
            None => out.extend([KeyCtx::Form, KeyCtx::Subnets]),
        }
        out.extend([KeyCtx::Panes, KeyCtx::NetMode, KeyCtx::Global]);
        out
    }

    /// The subnet the selected form row belongs to.
    fn selected_subnet(&self) -> Option<usize> {
        match self.form.selected_id()? {
            F::SubnetAz(i) | F::SubnetSource(i) => Some(i),
            _ => None,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if self.form.editing() {
            return self.form.handle_key(&key);
        }
        if !self.existing() {
            if keymap::lookup(KeyCtx::NetMode, &key) == Some(Cmd::VpcMode) {
                return Some(Action::Net(NetAction::UseExistingVpc));
            }
            return self.form_key(key);
        }
        if let Some(p) = self.picker_mut()
            && p.filtering
        {
            return p.handle_key(&key).map(|_| Action::Render);
        }
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        let to = match keymap::lookup(KeyCtx::Panes, &key) {
            Some(Cmd::NextPane) => Some(Tab::ALL[(i + 1).min(Tab::ALL.len() - 1)]),
            Some(Cmd::PrevPane) => Some(Tab::ALL[i.saturating_sub(1)]),
            _ => None,
        };
        if let Some(tab) = to {
            return Some(self.show(tab));
        }
        if keymap::lookup(KeyCtx::NetMode, &key) == Some(Cmd::VpcMode) {
            return Some(Action::Net(NetAction::CreateNewVpc));
        }
        let tab = self.tab;
        if let (Some(list), Some(Cmd::Refresh)) = (tab.list(), keymap::lookup(KeyCtx::Picker, &key))
        {
            return Some(Action::Net(NetAction::Refresh(list)));
        }
        let Some(p) = self.picker_mut() else {
            return self.form_key(key);
        };
        match p.handle_key(&key)? {
            crate::ui::widgets::picker::Outcome::Changed => Some(Action::Render),
            crate::ui::widgets::picker::Outcome::Accept => Some(Action::Net(match tab {
                Tab::Vpcs => NetAction::PickVpc(p.current_key()?.to_string()),
                Tab::Subnets => NetAction::UseSubnets(p.chosen_in_order()),
                Tab::Endpoints => NetAction::UseS3Endpoint(p.current_key()?.to_string()),
                Tab::Fields => return None,
            })),
        }
    }

    /// Keys of the form: its own, then adding and removing subnets.
    fn form_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(action) = self.form.handle_key(&key) {
            return Some(action);
        }
        match keymap::lookup(KeyCtx::Subnets, &key)? {
            Cmd::AddRow => Some(Action::AddSubnet),
            Cmd::RemoveRow => self.selected_subnet().map(Action::RemoveSubnet),
            _ => None,
        }
    }

    /// Show a pane; a list not asked for yet is asked for.
    fn show(&mut self, tab: Tab) -> Action {
        self.tab = tab;
        match tab.list() {
            Some(list) => Action::Net(NetAction::Load(list)),
            None => Action::Render,
        }
    }

    /// A left click at (`col`, `row`) inside the main area: the mode, a pane, or a row.
    /// A left click: the mode line, the tabs, a picker's row, or a form row (selected; the
    /// selected one is Enter). `problems`: the form's, as drawn.
    pub fn click(
        &mut self,
        area: Rect,
        (col, row): (u16, u16),
        theme: crate::ui::theme::Theme,
        problems: &[crate::blueprint::Problem],
    ) -> Option<Action> {
        let a = self.layout(area);
        if (!self.existing() || self.tab == Tab::Fields)
            && let Some(i) = self.form.row_at(a.content, col, row, theme, problems)
        {
            return self.form.click(i).or(Some(Action::Render));
        }
        if row == a.mode.y && a.mode.height > 0 {
            let mut x = a.mode.x;
            for (text, choice) in mode_parts(self.existing()) {
                let w = u16::try_from(text.chars().count()).unwrap_or(0);
                if let Some(existing) = choice
                    && col >= x
                    && col < x + w
                    && existing != self.existing()
                {
                    return Some(Action::Net(if existing {
                        NetAction::UseExistingVpc
                    } else {
                        NetAction::CreateNewVpc
                    }));
                }
                x += w;
            }
            return None;
        }
        if !self.existing() {
            return None;
        }
        if row == a.tabs.y && a.tabs.height > 0 {
            let mut x = a.tabs.x;
            for (tab, text) in tab_cells(self.tab) {
                let w = u16::try_from(text.chars().count()).unwrap_or(0);
                if col >= x && col < x + w {
                    return Some(self.show(tab));
                }
                x += w + 1;
            }
            return None;
        }
        let height = Self::rows_height(self.tab, a.content);
        let first = a.content.y + HEAD;
        let picker = self.picker_mut()?;
        if row >= first && picker.click(usize::from(row - first), height) {
            return Some(Action::Render);
        }
        None
    }
}

#[cfg(test)]
mod tests;
