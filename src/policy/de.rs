//! Reading policy JSON with hand-written serde visitors, so that serde_json attaches the line
//! and column of the offending place to every error (including our own policy errors).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::de_condition::Conditions;
use super::model::{
    ActionSpec, Effect, ParseError, PolicyDocument, Principal, PrincipalSpec, ResourceSpec,
    Statement,
};

const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const DOCUMENT_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

/// Parse a policy document, turning serde_json's errors into [`ParseError`]s.
pub(crate) fn parse(src: &str) -> Result<PolicyDocument, ParseError> {
    let mut de = serde_json::Deserializer::from_str(src);
    let doc = de
        .deserialize_map(DocumentVisitor)
        .map_err(to_parse_error)?;
    de.end().map_err(to_parse_error)?;
    Ok(doc)
}

fn to_parse_error(e: serde_json::Error) -> ParseError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("invalid JSON: {message}")
        }
        serde_json::error::Category::Data | serde_json::error::Category::Io => message.to_string(),
    };
    ParseError {
        line: e.line().max(1),
        column: e.column().max(1),
        message,
    }
}

/// "unknown element" with a hint when the name is close to a valid one.
fn unknown<E: de::Error>(what: &str, name: &str, expected: &[&str]) -> E {
    let hint = expected
        .iter()
        .find(|e| e.eq_ignore_ascii_case(name) || edit_distance(e, name) <= 2)
        .map(|e| format!(" (did you mean \"{e}\"?)"))
        .unwrap_or_default();
    E::custom(format!(
        "unknown {what} \"{name}\"{hint}; expected one of {}",
        expected.join(", ")
    ))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A second occurrence of an element, or an element together with its `Not` twin.
fn conflict<E: de::Error>(first: &str, second: &str) -> E {
    if first == second {
        E::custom(format!("duplicate element \"{second}\""))
    } else {
        E::custom(format!("a statement cannot have both {first} and {second}"))
    }
}

pub(crate) fn duplicate<E: de::Error>(what: &str, name: &str) -> E {
    E::custom(format!("duplicate {what} \"{name}\""))
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = PolicyDocument;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a policy document (a JSON object with Version and Statement)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut version, mut id, mut statements) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Version" if version.is_some() => return Err(duplicate("element", &key)),
                "Id" if id.is_some() => return Err(duplicate("element", &key)),
                "Statement" if statements.is_some() => return Err(duplicate("element", &key)),
                "Version" => version = Some(map.next_value_seed(Text("Version"))?),
                "Id" => id = Some(map.next_value_seed(Text("Id"))?),
                "Statement" => statements = Some(map.next_value_seed(Statements)?),
                _ => return Err(unknown("element", &key, DOCUMENT_ELEMENTS)),
            }
        }
        let statements =
            statements.ok_or_else(|| de::Error::custom("the policy has no Statement element"))?;
        Ok(PolicyDocument {
            version,
            id,
            statements,
        })
    }
}

/// A string element, named for the error message.
struct Text(&'static str);

impl<'de> DeserializeSeed<'de> for Text {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Text {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as a string", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// `Statement`: one statement object or a list of them.
struct Statements;

impl<'de> DeserializeSeed<'de> for Statements {
    type Value = Vec<Statement>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Statements {
    type Value = Vec<Statement>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Statement as an object or a list of objects")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(vec![StatementVisitor.visit_map(map)?])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element_seed(OneStatement)? {
            out.push(s);
        }
        Ok(out)
    }
}

struct OneStatement;

impl<'de> DeserializeSeed<'de> for OneStatement {
    type Value = Statement;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Statement, D::Error> {
        d.deserialize_map(StatementVisitor)
    }
}

struct StatementVisitor;

impl<'de> Visitor<'de> for StatementVisitor {
    type Value = Statement;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a statement (a JSON object with Effect, Action and Resource)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Statement, A::Error> {
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<(&str, PrincipalSpec)> = None;
        let mut action: Option<(&str, ActionSpec)> = None;
        let mut resource: Option<(&str, ResourceSpec)> = None;
        let mut condition = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Sid" if sid.is_some() => return Err(duplicate("element", &key)),
                "Effect" if effect.is_some() => return Err(duplicate("element", &key)),
                "Condition" if condition.is_some() => return Err(duplicate("element", &key)),
                "Principal" | "NotPrincipal" if principal.is_some() => {
                    return Err(conflict(principal.map_or("", |p| p.0), &key));
                }
                "Action" | "NotAction" if action.is_some() => {
                    return Err(conflict(action.map_or("", |a| a.0), &key));
                }
                "Resource" | "NotResource" if resource.is_some() => {
                    return Err(conflict(resource.map_or("", |r| r.0), &key));
                }
                "Sid" => sid = Some(map.next_value_seed(Text("Sid"))?),
                "Effect" => effect = Some(map.next_value_seed(EffectSeed)?),
                "Principal" => {
                    let p = map.next_value_seed(PrincipalSeed("Principal"))?;
                    principal = Some(("Principal", PrincipalSpec::Principal(p)));
                }
                "NotPrincipal" => {
                    let p = map.next_value_seed(PrincipalSeed("NotPrincipal"))?;
                    principal = Some(("NotPrincipal", PrincipalSpec::NotPrincipal(p)));
                }
                "Action" => {
                    let v = map.next_value_seed(StrList("Action"))?;
                    action = Some(("Action", ActionSpec::Action(v)));
                }
                "NotAction" => {
                    let v = map.next_value_seed(StrList("NotAction"))?;
                    action = Some(("NotAction", ActionSpec::NotAction(v)));
                }
                "Resource" => {
                    let v = map.next_value_seed(StrList("Resource"))?;
                    resource = Some(("Resource", ResourceSpec::Resource(v)));
                }
                "NotResource" => {
                    let v = map.next_value_seed(StrList("NotResource"))?;
                    resource = Some(("NotResource", ResourceSpec::NotResource(v)));
                }
                "Condition" => condition = Some(map.next_value_seed(Conditions)?),
                _ => return Err(unknown("element", &key, STATEMENT_ELEMENTS)),
            }
        }
        let which = sid
            .as_ref()
            .map_or_else(|| "statement".to_string(), |s| format!("statement \"{s}\""));
        let effect = effect.ok_or_else(|| de::Error::custom(format!("{which} has no Effect")))?;
        let (_, action) = action.ok_or_else(|| {
            de::Error::custom(format!("{which} has neither Action nor NotAction"))
        })?;
        Ok(Statement {
            sid,
            effect,
            principal: principal.map(|p| p.1),
            action,
            resource: resource.map(|r| r.1),
            condition: condition.unwrap_or_default(),
        })
    }
}

struct EffectSeed;

impl<'de> DeserializeSeed<'de> for EffectSeed {
    type Value = Effect;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Effect, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for EffectSeed {
    type Value = Effect;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Effect as \"Allow\" or \"Deny\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Effect, E> {
        match v {
            "Allow" => Ok(Effect::Allow),
            "Deny" => Ok(Effect::Deny),
            _ => Err(E::custom(format!(
                "Effect must be \"Allow\" or \"Deny\", not \"{v}\""
            ))),
        }
    }
}

/// A string or a list of strings (Action, Resource, principal IDs), named for errors.
struct StrList(&'static str);

impl<'de> DeserializeSeed<'de> for StrList {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrList {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as a string or a list of strings", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element_seed(Text(self.0))? {
            out.push(s);
        }
        Ok(out)
    }
}

/// `"*"` or `{"AWS": ..., "Service": ..., ...}`.
struct PrincipalSeed(&'static str);

impl<'de> DeserializeSeed<'de> for PrincipalSeed {
    type Value = Principal;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Principal, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PrincipalSeed {
    type Value = Principal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as \"*\" or a map such as {{\"AWS\": [...]}}", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Principal, E> {
        if v == "*" {
            Ok(Principal::Any)
        } else {
            Err(E::custom(format!(
                "{} must be \"*\" or a map such as {{\"AWS\": \"{v}\"}}, not the string \"{v}\"",
                self.0
            )))
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Principal, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let Some(&kind) = PRINCIPAL_TYPES.iter().find(|t| **t == key) else {
                return Err(unknown("principal type", &key, PRINCIPAL_TYPES));
            };
            if out.contains_key(kind) {
                return Err(duplicate("principal type", kind));
            }
            let ids = map.next_value_seed(StrList(kind))?;
            out.insert(kind.to_string(), ids);
        }
        Ok(Principal::Map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("Effect", "Efect"), 1);
        assert_eq!(edit_distance("Effect", "Effect"), 0);
        assert_eq!(edit_distance("Action", "Actoin"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
