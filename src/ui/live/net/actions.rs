//! What the Network and Data pickers ask for, applied to the blueprint and the lists.

use std::collections::HashSet;

use super::{NetAction, NetList, existing_vpc, judge_endpoints};
use crate::blueprint::{Subnet, SubnetSource, VpcSource};
use crate::ui::App;
use crate::ui::app::Status;
use crate::ui::fieldmap::next_subnet;
use crate::ui::screen::Screen;

impl App {
    pub(crate) fn on_net_action(&mut self, action: NetAction) {
        match action {
            NetAction::Refresh(NetList::Subnets) if existing_vpc(&self.bp).is_none() => {
                self.status = Some(Status::Info("pick a VPC first (← VPCs)".into()));
            }
            NetAction::Refresh(list) => self.net_request(list, true),
            NetAction::Load(list) => self.net_request(list, false),
            NetAction::UseExistingVpc => {
                self.network.want_existing = true;
                self.network.tab = crate::ui::screens::network::Tab::Vpcs;
                self.refresh();
                self.net_request(NetList::Vpcs, false);
            }
            NetAction::PickVpc(id) => self.pick_vpc(id),
            NetAction::CreateNewVpc => self.create_new_vpc(),
            NetAction::UseSubnets(ids) => self.use_subnets(&ids),
            NetAction::UseS3Endpoint(id) => self.use_s3_endpoint(&id),
        }
    }

    fn pick_vpc(&mut self, id: String) {
        let mut msg = format!("using VPC {id}: select its subnets (Space), then Enter");
        if existing_vpc(&self.bp) != Some(id.as_str()) {
            let net = &mut self.bp.network;
            match &net.vpc {
                VpcSource::Create { .. } => {
                    self.network.created = Some((net.vpc.clone(), net.subnets.clone()));
                }
                VpcSource::Existing { .. } => {
                    if let Some(old) = net.s3_endpoint_id.take() {
                        msg.push_str(&format!(" ({old} was of the other VPC: no longer used)"));
                    }
                }
            }
            net.vpc = VpcSource::Existing { vpc_id: id };
            net.subnets.clear();
            self.network.subnets.set_items(Vec::new(), Vec::new());
            self.refresh();
        }
        self.network.want_existing = false;
        self.network.tab = crate::ui::screens::network::Tab::Subnets;
        self.net_request(NetList::Subnets, false);
        self.status = Some(Status::Info(msg));
    }

    fn create_new_vpc(&mut self) {
        self.network.want_existing = false;
        if matches!(self.bp.network.vpc, VpcSource::Existing { .. }) {
            let (vpc, subnets) = self.network.created.take().unwrap_or_else(|| {
                let mut bp = self.bp.clone();
                bp.network.vpc = VpcSource::Create {
                    cidr: "10.40.0.0/16".into(),
                };
                bp.network.subnets.clear();
                let first = next_subnet(&bp);
                bp.network.subnets.push(first);
                let second = next_subnet(&bp);
                bp.network.subnets.push(second);
                (bp.network.vpc, bp.network.subnets)
            });
            let net = &mut self.bp.network;
            net.vpc = vpc;
            net.subnets = subnets;
            net.s3_endpoint_id = None;
            self.status = Some(Status::Info(
                "creating a new VPC: check its CIDR and subnets".into(),
            ));
        }
        self.refresh();
    }

    fn use_subnets(&mut self, ids: &[String]) {
        let Some(view) = self.live.net.subnets.ready() else {
            self.status = Some(Status::Error("the subnets are not listed yet".into()));
            return;
        };
        if existing_vpc(&self.bp) != Some(view.vpc_id.as_str()) {
            self.status = Some(Status::Error("the list is of another VPC: press r".into()));
            return;
        }
        if ids.is_empty() {
            self.status = Some(Status::Error(
                "no subnet selected: Space selects (✓), then Enter".into(),
            ));
            return;
        }
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let chosen: Vec<&super::SubnetRow> = view
            .rows
            .iter()
            .filter(|r| wanted.contains(r.subnet.id.as_str()))
            .collect();
        let flagged = chosen
            .iter()
            .filter(|r| {
                r.badges
                    .iter()
                    .any(|b| b.level != super::verdicts::Level::Unknown)
            })
            .count();
        let mut azs: Vec<&str> = chosen.iter().map(|r| r.subnet.az_id.as_str()).collect();
        azs.sort_unstable();
        azs.dedup();
        let subnets: Vec<Subnet> = chosen
            .iter()
            .map(|r| Subnet {
                az_id: r.subnet.az_id.clone(),
                source: SubnetSource::Existing {
                    subnet_id: r.subnet.id.clone(),
                },
            })
            .collect();
        let mut msg = format!(
            "✓ {} subnet(s) in use, in {}",
            subnets.len(),
            azs.join(", ")
        );
        if flagged > 0 {
            msg.push_str(&format!("; ⚠ {flagged} of them with findings (see ✗/⚠)"));
        }
        self.bp.network.subnets = subnets;
        self.refresh();
        self.status = Some(Status::Info(msg));
    }

    fn use_s3_endpoint(&mut self, id: &str) {
        let row = self
            .live
            .net
            .subnets
            .ready()
            .and_then(|v| v.endpoints.as_ref().ok())
            .and_then(|eps| eps.iter().find(|e| e.endpoint.id == id));
        let Some(row) = row else {
            return;
        };
        if !row.is_s3_gateway() {
            self.status = Some(Status::Error(format!(
                "{id} is a {} endpoint: only an S3 gateway endpoint can be network.s3_endpoint_id",
                row.service
            )));
            return;
        }
        let findings = super::verdicts::shorts(&row.badges);
        let net = &mut self.bp.network;
        if net.s3_endpoint_id.as_deref() == Some(id) {
            net.s3_endpoint_id = None;
            self.status = Some(Status::Info(format!(
                "{id} no longer used: apply creates the S3 gateway endpoint"
            )));
        } else {
            net.s3_endpoint_id = Some(id.to_string());
            let mut msg = format!("✓ {id} is the S3 gateway endpoint; the bucket policy names it");
            if !findings.is_empty() {
                msg.push_str(&format!(" (its policy now: {findings})"));
            }
            self.status = Some(Status::Info(msg));
        }
        self.refresh();
    }

    /// The user arrived on the Network or Data screen: ask for what it lists (unless what is
    /// in hand answers the blueprint as it is now), and judge the endpoints in hand again.
    pub(crate) fn net_arrive(&mut self) {
        match self.screen {
            Screen::Network => {
                self.net_request(NetList::Vpcs, false);
                self.net_request(NetList::Subnets, false);
                if let crate::ui::live::Loadable::Ready(view) = &mut self.live.net.subnets {
                    view.endpoints = judge_endpoints(&self.bp, &view.raw_endpoints);
                }
            }
            Screen::Data => self.net_request(NetList::Buckets, false),
            _ => {}
        }
    }

    /// Size the pickers for the terminal (after every update, like the other scroll limits).
    pub(crate) fn fit_pickers(&mut self) {
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let main = crate::ui::layout::areas(area).main;
        self.network.fit(main);
        self.data.fit(main);
    }
}
