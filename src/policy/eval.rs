//! Evaluating one policy document against one request, with AWS's logic.

use std::collections::BTreeMap;

use super::condition;
use super::matching::wildcard_match;
use super::model::{ActionSpec, Effect, PolicyDocument, PrincipalSpec, ResourceSpec, Statement};
use super::principal;

/// Who makes the request. `account` is the 12-digit account ID ("" for anonymous);
/// `arn` the principal's ARN (`*` for anonymous). A service principal has `service` set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestPrincipal {
    pub arn: String,
    pub account: String,
    pub service: Option<String>,
}

/// The request context: condition key (case-insensitive) → values. A key that is not present
/// is absent from the request (this matters for `...IfExists`, `Null` and negated operators).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    values: BTreeMap<String, Vec<String>>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Set a key (stored lower-cased) to one or more values.
    pub fn set(&mut self, key: &str, values: Vec<String>) -> &mut Self {
        self.values.insert(key.to_ascii_lowercase(), values);
        self
    }

    /// Builder form of [`Context::set`] with one value.
    #[must_use]
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.set(key, vec![value.to_string()]);
        self
    }

    /// Drop every key (lower-cased) for which `drop` holds.
    pub fn remove_where(&mut self, drop: impl Fn(&str) -> bool) -> &mut Self {
        self.values.retain(|k, _| !drop(k));
        self
    }

    /// Every key set (lower-cased) with its values.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn get(&self, key: &str) -> Option<&[String]> {
        // A request has a handful of keys: a case-insensitive scan costs less than building
        // the lower-cased key for every lookup.
        self.values
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub principal: &'a RequestPrincipal,
    /// e.g. `s3:GetObject` (matched case-insensitively).
    pub action: &'a str,
    /// e.g. `arn:aws:s3:::bucket/key` (matched case-sensitively).
    pub resource: &'a str,
    pub context: &'a Context,
}

/// The outcome of one document for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Some statement denies it; nothing else can allow it.
    ExplicitDeny,
    /// Some statement allows it and none denies it.
    Allow,
    /// No statement applies: an implicit deny.
    NotApplicable,
}

impl PolicyDocument {
    /// Evaluate every statement: explicit Deny wins, then Allow, else NotApplicable.
    /// `aws:PrincipalArn` and `aws:PrincipalAccount` are taken from the principal when the
    /// context does not set them.
    pub fn evaluate(&self, req: &Request<'_>) -> Decision {
        let keys = Keys::new(req);
        let mut allowed = false;
        for s in self.statements.iter().filter(|s| applies(s, req, &keys)) {
            match s.effect {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => allowed = true,
            }
        }
        if allowed {
            Decision::Allow
        } else {
            Decision::NotApplicable
        }
    }
}

impl PolicyDocument {
    /// [`PolicyDocument::evaluate`], with the statements that decided it: every Deny that
    /// applies for an explicit deny, every Allow that applies for an allow, none otherwise.
    /// Each is named by its Sid, or `#N` (1-based) when it has none.
    pub fn explain(&self, req: &Request<'_>) -> (Decision, Vec<String>) {
        let keys = Keys::new(req);
        let applying: Vec<(usize, &Statement)> = self
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| applies(s, req, &keys))
            .collect();
        let name = |(i, s): &(usize, &Statement)| s.sid.clone().unwrap_or(format!("#{}", i + 1));
        let denies: Vec<String> = applying
            .iter()
            .filter(|(_, s)| s.effect == Effect::Deny)
            .map(name)
            .collect();
        if !denies.is_empty() {
            return (Decision::ExplicitDeny, denies);
        }
        let allows: Vec<String> = applying.iter().map(name).collect();
        if allows.is_empty() {
            (Decision::NotApplicable, allows)
        } else {
            (Decision::Allow, allows)
        }
    }
}

/// Condition key lookup: the request context, then the keys AWS derives from the principal.
struct Keys<'a> {
    context: &'a Context,
    principal_arn: Option<[String; 1]>,
    principal_account: Option<[String; 1]>,
}

impl<'a> Keys<'a> {
    fn new(req: &Request<'a>) -> Self {
        let p = req.principal;
        let known = !p.is_anonymous();
        let arn = p.effective_arn();
        Self {
            context: req.context,
            principal_arn: (known && !arn.is_empty()).then_some([arn]),
            principal_account: (known && !p.account.is_empty()).then(|| [p.account.clone()]),
        }
    }

    fn get(&self, key: &str) -> Option<&[String]> {
        if let Some(v) = self.context.get(key) {
            return Some(v);
        }
        let derived = if key.eq_ignore_ascii_case("aws:PrincipalArn") {
            &self.principal_arn
        } else if key.eq_ignore_ascii_case("aws:PrincipalAccount") {
            &self.principal_account
        } else {
            &None
        };
        derived.as_ref().map(|v| v.as_slice())
    }
}

impl Statement {
    /// Whether the statement's Principal matches `who`.
    pub(crate) fn names_principal(&self, who: &RequestPrincipal) -> bool {
        match &self.principal {
            None => true,
            Some(PrincipalSpec::Principal(p)) => principal::matches(p, who),
            Some(PrincipalSpec::NotPrincipal(p)) => !principal::matches(p, who),
        }
    }

    /// Whether the statement's Resource matches `resource`.
    pub(crate) fn names_resource(&self, resource: &str) -> bool {
        match &self.resource {
            None => true,
            Some(ResourceSpec::Resource(r)) => any_match(r, resource, false),
            Some(ResourceSpec::NotResource(r)) => !any_match(r, resource, false),
        }
    }
}

/// A statement applies when its principal, action, resource and every condition match.
fn applies(s: &Statement, req: &Request<'_>, keys: &Keys<'_>) -> bool {
    let action = match &s.action {
        ActionSpec::Action(a) => any_match(a, req.action, true),
        ActionSpec::NotAction(a) => !any_match(a, req.action, true),
    };
    s.names_principal(req.principal)
        && action
        && s.names_resource(req.resource)
        && s.condition
            .iter()
            .all(|c| condition::holds(c, keys.get(&c.key)))
}

fn any_match(patterns: &[String], value: &str, case_insensitive: bool) -> bool {
    patterns
        .iter()
        .any(|p| wildcard_match(p, value, case_insensitive))
}
