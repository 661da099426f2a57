//! The typed IAM policy model. Reads every real-world shape (Statement as object or list,
//! Action/Resource/Principal as string or list, NotAction/NotResource/NotPrincipal, Condition
//! values as strings, bools or numbers) and writes AWS's canonical shape.

use std::collections::BTreeMap;

/// A policy document: identity, resource (bucket), VPC endpoint or service control policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `"*"` or a map such as `{"AWS": [...], "Service": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Any,
    /// Keys as written (`AWS`, `Service`, `Federated`, `CanonicalUser`); values as a list.
    Map(BTreeMap<String, Vec<String>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalSpec {
    Principal(Principal),
    NotPrincipal(Principal),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionSpec {
    Action(Vec<String>),
    NotAction(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceSpec {
    Resource(Vec<String>),
    NotResource(Vec<String>),
}

/// One `operator: { key: values }` test. `operator` as written, e.g. `StringNotEqualsIfExists`
/// or `ForAnyValue:StringLike`; values normalized to strings (`true`, `42`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// `None` for identity policies and SCPs.
    pub principal: Option<PrincipalSpec>,
    pub action: ActionSpec,
    /// `None` only where AWS allows it to be omitted (it is then treated as `*`).
    pub resource: Option<ResourceSpec>,
    pub condition: Vec<Condition>,
}

/// A policy that is not valid JSON or not a valid policy. `line`/`column` are 1-based and point
/// at the offending place in the source text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl PolicyDocument {
    /// Parse a policy from JSON text. Unknown elements, a missing Effect or Action, an Effect
    /// other than Allow/Deny, both Action and NotAction, and unknown condition operators are
    /// errors with line and column.
    pub fn from_json(src: &str) -> Result<Self, ParseError> {
        super::de::parse(src)
    }

    /// Canonical pretty JSON: `Version` first, `Statement` always a list, single values as
    /// strings, multiple as lists.
    pub fn to_json_pretty(&self) -> String {
        // Serializing a `Value` with string keys cannot fail.
        serde_json::to_string_pretty(&super::ser::document(self)).unwrap_or_default()
    }

    /// Every (condition key, value) pair that appears anywhere in the document, with keys
    /// lower-cased. Used by the analyzer to enumerate the request contexts that matter.
    pub fn condition_values(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let conditions = self.statements.iter().flat_map(|s| &s.condition);
        for c in conditions {
            let values = out.entry(c.key.to_ascii_lowercase()).or_default();
            for v in &c.values {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        }
        out
    }
}
