//! Live lists of the data owner's network and buckets, for the Network and Data pickers.

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

/// A live list's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEvent {
    Vpcs(Result<Vec<VpcRow>, String>),
    Buckets(Result<Vec<String>, String>),
}

/// One VPC of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcRow {
    pub id: String,
    pub name: Option<String>,
    pub cidr: String,
}

/// The live lists the pickers show.
#[derive(Debug, Clone, Default)]
pub struct NetState {
    pub vpcs: super::Loadable<Vec<VpcRow>>,
    pub buckets: super::Loadable<Vec<String>>,
}

impl NetState {
    pub fn loading(&self) -> bool {
        self.vpcs.is_loading() || self.buckets.is_loading()
    }
}

impl crate::ui::App {
    pub(crate) fn on_net(&mut self, _event: NetEvent) {}
}
