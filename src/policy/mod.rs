//! IAM policy documents: the typed model, an evaluator with AWS's logic, the generators that
//! turn a blueprint into policies, the overrides written in their place and the effective set
//! they make together, and the analyzer behind THREATS.md. All pure except
//! [`overrides::load`], which reads the override files beside a blueprint.

pub mod analyze;
pub mod dns_firewall;
pub mod effective;
pub mod endpoint_policies;
mod eval;
pub mod generate;
mod matching;
mod model;
pub mod overrides;

mod cidr;
mod condition;
mod date;
mod de;
mod de_condition;
mod operator;
mod principal;
mod ser;
#[cfg(test)]
mod tests_conditions;
#[cfg(test)]
mod tests_eval;
#[cfg(test)]
mod tests_model;

pub use eval::{Context, Decision, Request, RequestPrincipal};
pub use matching::wildcard_match;
pub use model::{
    ActionSpec, Condition, Effect, ParseError, PolicyDocument, Principal, PrincipalSpec,
    ResourceSpec, Statement,
};
pub use principal::session_role;

/// Seconds since the epoch of a date the `Date*` operators accept.
pub(crate) fn date_seconds(s: &str) -> Option<f64> {
    date::parse(s)
}
