//! `verify`: every THREATS.md check, judged on the live state of both accounts.
//!
//! Two layers: [`read::read_state`] takes a plain-data snapshot ([`LiveState`]) with read-only
//! calls; [`live_checks`] judges it without any I/O. What could not be read is reported as
//! undecided, never as passed.

mod accounts;
mod checks;
mod dns;
mod network;
mod reach;
pub mod read;
pub mod state;
#[cfg(test)]
mod tests_accounts;
#[cfg(test)]
mod tests_fixture;
#[cfg(test)]
mod tests_network;

pub(crate) use checks::POLICY_CHECKS;
pub use checks::live_checks;
pub(crate) use network::{az_id_rejected, s7_severity};
pub use network::{d3_ways_out, d8_unneeded};
pub use reach::{READING_SERVICES, reading_service};
pub use read::whose::{checks_read_by, needs_other};
pub use read::{Clients, DataClients, KnownIds, ModelClients, read_state, read_with};
pub use state::LiveState;

use crate::aws::Party;
use crate::blueprint::Blueprint;
use crate::policy::analyze::Report;

/// Read both accounts and judge every check.
pub async fn verify(bp: &Blueprint, data: &Party, model: &Party, ids: &KnownIds) -> Report {
    verify_as(bp, Some(data), Some(model), ids).await
}

/// Read the accounts of the parties given and judge every check: those of a party not given
/// are undecided because they need its credentials.
pub async fn verify_as(
    bp: &Blueprint,
    data: Option<&Party>,
    model: Option<&Party>,
    ids: &KnownIds,
) -> Report {
    let state = read_state(bp, data, model, ids).await;
    live_checks(bp, &state)
}
