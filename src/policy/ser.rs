//! Writing AWS's canonical policy shape.

use serde_json::{Map, Value};

use super::model::{
    ActionSpec, Condition, Effect, PolicyDocument, Principal, PrincipalSpec, ResourceSpec,
    Statement,
};

/// The document as a JSON value with AWS's key order (serde_json keeps insertion order).
pub(crate) fn document(doc: &PolicyDocument) -> Value {
    let mut out = Map::new();
    if let Some(v) = &doc.version {
        out.insert("Version".into(), Value::String(v.clone()));
    }
    if let Some(id) = &doc.id {
        out.insert("Id".into(), Value::String(id.clone()));
    }
    let statements = doc.statements.iter().map(statement).collect();
    out.insert("Statement".into(), Value::Array(statements));
    Value::Object(out)
}

/// One value as a string, several (or none) as a list.
fn one_or_many(values: &[String]) -> Value {
    match values {
        [one] => Value::String(one.clone()),
        _ => Value::Array(values.iter().cloned().map(Value::String).collect()),
    }
}

fn statement(s: &Statement) -> Value {
    let mut out = Map::new();
    if let Some(sid) = &s.sid {
        out.insert("Sid".into(), Value::String(sid.clone()));
    }
    let effect = match s.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    out.insert("Effect".into(), Value::String(effect.into()));
    match &s.principal {
        Some(PrincipalSpec::Principal(p)) => {
            out.insert("Principal".into(), principal(p));
        }
        Some(PrincipalSpec::NotPrincipal(p)) => {
            out.insert("NotPrincipal".into(), principal(p));
        }
        None => {}
    }
    let (key, actions) = match &s.action {
        ActionSpec::Action(a) => ("Action", a),
        ActionSpec::NotAction(a) => ("NotAction", a),
    };
    out.insert(key.into(), one_or_many(actions));
    match &s.resource {
        Some(ResourceSpec::Resource(r)) => {
            out.insert("Resource".into(), one_or_many(r));
        }
        Some(ResourceSpec::NotResource(r)) => {
            out.insert("NotResource".into(), one_or_many(r));
        }
        None => {}
    }
    if !s.condition.is_empty() {
        out.insert("Condition".into(), conditions(&s.condition));
    }
    Value::Object(out)
}

fn principal(p: &Principal) -> Value {
    match p {
        Principal::Any => Value::String("*".into()),
        Principal::Map(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), one_or_many(v)))
                .collect(),
        ),
    }
}

/// One operator's keys and values, in order.
type Block<'a> = Vec<(&'a str, Vec<String>)>;

/// Grouped by operator, then key, each in order of first appearance. Two conditions with the
/// same operator and key cannot both be written as JSON: their values are merged.
fn conditions(conditions: &[Condition]) -> Value {
    let mut ops: Vec<(&str, Block<'_>)> = Vec::new();
    for c in conditions {
        let block = match ops.iter_mut().position(|(op, _)| *op == c.operator) {
            Some(i) => &mut ops[i].1,
            None => {
                ops.push((&c.operator, Vec::new()));
                let last = ops.len() - 1;
                &mut ops[last].1
            }
        };
        match block.iter_mut().find(|(k, _)| *k == c.key) {
            Some((_, values)) => values.extend(c.values.iter().cloned()),
            None => block.push((&c.key, c.values.clone())),
        }
    }
    Value::Object(
        ops.into_iter()
            .map(|(op, block)| {
                let block = block
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), one_or_many(&v)))
                    .collect();
                (op.to_string(), Value::Object(block))
            })
            .collect(),
    )
}
