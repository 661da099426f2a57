//! Which party an action belongs to: the data owner, the model owner, or both.

use serde::{Deserialize, Serialize};

use super::Blueprint;

/// Which account a step, a read or a check runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    DataOwner,
    ModelOwner,
    Both,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DataOwner => "data owner",
            Self::ModelOwner => "model owner",
            Self::Both => "both",
        }
    }
}

impl Blueprint {
    /// The account ID a side runs in (`Both`: the two, joined with " + ").
    pub fn account(&self, side: Side) -> String {
        match side {
            Side::DataOwner => self.data_owner.account_id.clone(),
            Side::ModelOwner => self.model_owner.account_id.clone(),
            Side::Both => format!(
                "{} + {}",
                self.data_owner.account_id, self.model_owner.account_id
            ),
        }
    }
}
