//! Live lists of the data owner's network and buckets, for the Network and Data pickers.
//!
//! Each list is asked for (an [`Effect::Net`]) when the user arrives on its screen or presses
//! `r`, at most once at a time; its answer carries the request key (the data owner's profile
//! and region, and for subnets the VPC), and an answer for a key no longer current is dropped.
//! Badges and endpoint verdicts are computed here, once per answer, never while drawing.
//!
//! [`Effect::Net`]: super::Effect::Net

mod actions;
pub mod verdicts;

use super::Loadable;
use crate::aws::ec2::{Endpoint, SubnetSummary, VpcNetwork, VpcSummary};
use crate::aws::s3::BucketSummary;
use crate::blueprint::Side;
use crate::blueprint::{Blueprint, VpcSource};
use crate::ui::App;
use verdicts::{Badge, EndpointRow};

/// A request for a live list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetRequest {
    /// The data owner's VPCs in the blueprint's region.
    Vpcs,
    /// The subnets (and route tables, endpoints) of one VPC.
    Subnets { vpc_id: String },
    /// The data owner's buckets.
    Buckets,
}

/// A live list's answer. `key`: the request it answers (see [`list_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEvent {
    Vpcs {
        key: String,
        result: Result<Vec<VpcSummary>, String>,
    },
    Subnets {
        key: String,
        vpc_id: String,
        result: Result<VpcNetwork, String>,
    },
    Buckets {
        key: String,
        result: Result<Vec<BucketSummary>, String>,
    },
}

/// What the user asks of the lists (from the Network and Data screens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetAction {
    /// `r`: list again from AWS.
    Refresh(NetList),
    /// A pane showing the list opened: list it unless the list in hand is current.
    Load(NetList),
    /// "Use an existing VPC": show the VPC list (nothing is written until one is picked).
    UseExistingVpc,
    /// Use this existing VPC (its subnets are listed next).
    PickVpc(String),
    /// "Create a new VPC": back to the VPC and subnets to create.
    CreateNewVpc,
    /// Use these subnets (IDs of the listed VPC) as the shared subnets.
    UseSubnets(Vec<String>),
    /// Use (or stop using) this S3 gateway endpoint as `network.s3_endpoint_id`.
    UseS3Endpoint(String),
}

/// The three lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetList {
    Vpcs,
    Subnets,
    Buckets,
}

impl NetList {
    fn slot(self) -> usize {
        self as usize
    }
}

/// One VPC of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcRow {
    pub vpc: VpcSummary,
    pub badges: Vec<Badge>,
}

/// One subnet of the picker, with what is drawn computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetRow {
    pub subnet: SubnetSummary,
    pub badges: Vec<Badge>,
    /// `✗D3 ⚠S7`.
    pub badge_text: String,
    /// Free addresses, or `?`.
    pub free_text: String,
}

/// The subnet picker's list: one VPC's subnets with badges, and its endpoints with verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetView {
    pub vpc_id: String,
    pub rows: Vec<SubnetRow>,
    /// The widest cell of each subnet column (see `screens::network::lists`).
    pub widths: Vec<usize>,
    /// Why the route tables could not be read (D3 not judged).
    pub routes_error: Option<String>,
    /// The endpoints as read (judged again when the blueprint may have changed).
    pub raw_endpoints: Result<Vec<Endpoint>, String>,
    pub endpoints: Result<Vec<EndpointRow>, String>,
}

/// The bucket picker's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketView {
    pub rows: Vec<BucketSummary>,
    pub name_width: usize,
}

/// The live lists the pickers show.
#[derive(Debug, Clone, Default)]
pub struct NetState {
    pub vpcs: Loadable<Vec<VpcRow>>,
    pub subnets: Loadable<SubnetView>,
    pub buckets: Loadable<BucketView>,
    /// The request key of each list's answer in hand or on its way, by [`NetList`].
    pub keys: [String; 3],
}

impl NetState {
    pub fn loading(&self) -> bool {
        self.vpcs.is_loading() || self.subnets.is_loading() || self.buckets.is_loading()
    }

    fn status(&self, list: NetList) -> (bool, bool) {
        match list {
            NetList::Vpcs => (self.vpcs.is_loading(), self.vpcs.ready().is_some()),
            NetList::Subnets => (self.subnets.is_loading(), self.subnets.ready().is_some()),
            NetList::Buckets => (self.buckets.is_loading(), self.buckets.ready().is_some()),
        }
    }

    fn set_loading(&mut self, list: NetList) {
        match list {
            NetList::Vpcs => self.vpcs = Loadable::Loading,
            NetList::Subnets => self.subnets = Loadable::Loading,
            NetList::Buckets => self.buckets = Loadable::Loading,
        }
    }

    fn set_idle(&mut self, list: NetList) {
        match list {
            NetList::Vpcs => self.vpcs = Loadable::Idle,
            NetList::Subnets => self.subnets = Loadable::Idle,
            NetList::Buckets => self.buckets = Loadable::Idle,
        }
    }
}

/// What the VPC and bucket lists depend on: the data owner's credentials and the region.
pub fn list_key(bp: &Blueprint) -> String {
    super::identity_key(bp, Side::DataOwner)
}

/// What a VPC's subnet list depends on.
pub fn subnets_key(bp: &Blueprint, vpc_id: &str) -> String {
    format!("{}|{vpc_id}", list_key(bp))
}

/// The existing VPC the blueprint uses, if any.
pub fn existing_vpc(bp: &Blueprint) -> Option<&str> {
    match &bp.network.vpc {
        VpcSource::Existing { vpc_id } if !vpc_id.is_empty() => Some(vpc_id),
        _ => None,
    }
}

/// The account the lists are of, as the loading line names it: the live identity's, else the
/// blueprint's.
pub fn data_account(app: &App) -> String {
    app.live.data_identity.ready().map_or_else(
        || app.bp.data_owner.account_id.clone(),
        |i| i.account.clone(),
    )
}

/// A hint under a list's error: what usually fixes it.
pub fn hint(error: &str) -> String {
    let has = |s: &str| error.contains(s);
    if has("ExpiredToken") || has("expired") || has("SSO") || has("sso") {
        "the session expired: sign in again (aws sso login), then press r".into()
    } else if has("AccessDenied") || has("UnauthorizedOperation") || has("not authorized") {
        "the data owner's identity may not make this call: grant it, or pick another profile on 1 \
         Parties, then press r"
            .into()
    } else if has("dispatch failure") || has("connect") || has("timed out") || has("dns error") {
        "AWS could not be reached: check the network or proxy, then press r".into()
    } else if has("profile") || has("credentials") || has("No credentials") {
        "check the data owner's profile on 1 Parties, then press r".into()
    } else {
        "press r to list again; check the data owner's profile and region on 1 Parties".into()
    }
}

/// Subnet rows with their badges (`tables`: `None` when they could not be read).
pub fn subnet_rows(
    subnets: Vec<SubnetSummary>,
    tables: Option<&[crate::aws::ec2::RouteTable]>,
) -> Vec<SubnetRow> {
    subnets
        .into_iter()
        .map(|subnet| {
            let badges = verdicts::subnet_badges(&subnet, tables);
            SubnetRow {
                badge_text: verdicts::shorts(&badges),
                free_text: subnet
                    .available_ips
                    .map_or_else(|| "?".into(), |n| n.to_string()),
                subnet,
                badges,
            }
        })
        .collect()
}

/// The whole subnet view of an answer, judged against `bp`.
pub fn subnet_view(bp: &Blueprint, net: VpcNetwork) -> SubnetView {
    let routes_error = net.route_tables.as_ref().err().map(ToString::to_string);
    let rows = subnet_rows(net.subnets, net.route_tables.as_deref().ok());
    let raw_endpoints = net.endpoints.map_err(|e| e.to_string());
    SubnetView {
        widths: crate::ui::screens::network::rows::subnet_widths(&rows),
        endpoints: judge_endpoints(bp, &raw_endpoints),
        vpc_id: net.vpc_id,
        rows,
        routes_error,
        raw_endpoints,
    }
}

fn judge_endpoints(
    bp: &Blueprint,
    raw: &Result<Vec<Endpoint>, String>,
) -> Result<Vec<EndpointRow>, String> {
    raw.as_ref()
        .map(|eps| eps.iter().map(|e| verdicts::endpoint_row(bp, e)).collect())
        .map_err(Clone::clone)
}

impl App {
    /// Ask for a list unless the one in hand (or on its way) answers the blueprint as it is
    /// now. `force` (`r`): ask again even then, unless a request is on its way.
    pub(crate) fn net_request(&mut self, list: NetList, force: bool) {
        let (key, request) = match list {
            NetList::Vpcs => (list_key(&self.bp), NetRequest::Vpcs),
            NetList::Buckets => (list_key(&self.bp), NetRequest::Buckets),
            NetList::Subnets => {
                let Some(vpc) = existing_vpc(&self.bp) else {
                    return;
                };
                let vpc_id = vpc.to_string();
                (
                    subnets_key(&self.bp, &vpc_id),
                    NetRequest::Subnets { vpc_id },
                )
            }
        };
        let net = &mut self.live.net;
        let (loading, ready) = net.status(list);
        if net.keys[list.slot()] == key && (loading || (ready && !force)) {
            return;
        }
        net.keys[list.slot()] = key;
        net.set_loading(list);
        self.effects.push(super::Effect::Net(request));
    }

    pub(crate) fn on_net(&mut self, event: NetEvent) {
        let current = list_key(&self.bp);
        match event {
            NetEvent::Vpcs { key, result } => {
                if !self.net_current(NetList::Vpcs, &key, &current) {
                    return;
                }
                let rows = result.map(|vpcs| {
                    vpcs.into_iter()
                        .map(|vpc| VpcRow {
                            badges: verdicts::vpc_badges(&vpc),
                            vpc,
                        })
                        .collect::<Vec<_>>()
                });
                if let Ok(rows) = &rows {
                    self.network.load_vpcs(rows, existing_vpc(&self.bp));
                }
                self.live.net.vpcs = Loadable::from_result(rows);
            }
            NetEvent::Subnets {
                key,
                vpc_id,
                result,
            } => {
                let selected = existing_vpc(&self.bp) == Some(vpc_id.as_str());
                let current = subnets_key(&self.bp, &vpc_id);
                if !selected || !self.net_current(NetList::Subnets, &key, &current) {
                    // A VPC no longer in use: nothing waits for this answer any more.
                    if !selected && self.live.net.keys[NetList::Subnets.slot()] == key {
                        self.live.net.set_idle(NetList::Subnets);
                        self.live.net.keys[NetList::Subnets.slot()].clear();
                    }
                    return;
                }
                let view = result.map(|net| subnet_view(&self.bp, net));
                if let Ok(view) = &view {
                    self.network.load_subnets(view);
                }
                self.live.net.subnets = Loadable::from_result(view);
            }
            NetEvent::Buckets { key, result } => {
                if !self.net_current(NetList::Buckets, &key, &current) {
                    return;
                }
                let view = result.map(|rows| BucketView {
                    name_width: rows.iter().map(|b| b.name.len()).max().unwrap_or(0),
                    rows,
                });
                if let Ok(view) = &view {
                    self.data.load_buckets(view, &self.bp.data.bucket);
                }
                self.live.net.buckets = Loadable::from_result(view);
            }
        }
    }

    /// Whether an answer with `key` is for the list as the wizard wants it now (`current`).
    /// When it is stale and nothing newer was asked for, the list goes back to idle (asked
    /// again on the next arrival), so no spinner waits for nothing.
    fn net_current(&mut self, list: NetList, key: &str, current: &str) -> bool {
        let asked = &self.live.net.keys[list.slot()];
        if key == current && asked == key {
            return true;
        }
        if asked == key {
            self.live.net.set_idle(list);
            self.live.net.keys[list.slot()].clear();
        }
        false
    }
}

#[cfg(test)]
mod tests;
