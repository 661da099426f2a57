//! `verify`: every THREATS.md check, judged on the live state of both accounts.
//!
//! Two layers: [`read::read_state`] takes a plain-data snapshot ([`LiveState`]) with read-only
//! calls; [`live_checks`] judges it without any I/O. What could not be read is reported as
//! undecided, never as passed.

mod accounts;
mod checks;
mod network;
pub mod state;
#[cfg(test)]
mod tests_accounts;
#[cfg(test)]
mod tests_fixture;
#[cfg(test)]
mod tests_network;

pub use checks::live_checks;
pub use state::LiveState;
