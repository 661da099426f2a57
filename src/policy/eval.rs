//! Evaluating one policy document against one request, with AWS's logic.

use std::collections::BTreeMap;

use super::model::PolicyDocument;

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

    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.values
            .get(&key.to_ascii_lowercase())
            .map(Vec::as_slice)
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
        let _ = req;
        todo!("policy helper")
    }
}
