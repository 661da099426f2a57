//! Reading the `Condition` element: `{operator: {key: values}}`, values normalized to strings.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::de::duplicate;
use super::model::Condition;
use super::operator::Operator;

/// `Condition`: `{operator: {key: values}}`.
pub(crate) struct Conditions;

impl<'de> DeserializeSeed<'de> for Conditions {
    type Value = Vec<Condition>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Conditions {
    type Value = Vec<Condition>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Condition as a map {operator: {key: values}}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        while let Some(operator) = map.next_key::<String>()? {
            if Operator::parse(&operator).is_none() {
                return Err(de::Error::custom(format!(
                    "unknown condition operator \"{operator}\""
                )));
            }
            if !seen.insert(operator.clone()) {
                return Err(duplicate("condition operator", &operator));
            }
            out.extend(map.next_value_seed(Block(&operator))?);
        }
        Ok(out)
    }
}

/// One operator's `{key: values}` block.
struct Block<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Block<'_> {
    type Value = Vec<Condition>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Block<'_> {
    type Value = Vec<Condition>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the {} block as a map {{key: values}}", self.0)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<Condition> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.iter().any(|c| c.key == key) {
                return Err(duplicate("condition key", &key));
            }
            let values = map.next_value_seed(Values { list: true })?;
            out.push(Condition {
                operator: self.0.to_string(),
                key,
                values,
            });
        }
        Ok(out)
    }
}

/// Condition values: a string, bool or number, or (when `list`) a list of them; normalized to
/// strings.
struct Values {
    list: bool,
}

impl<'de> DeserializeSeed<'de> for Values {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Values {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.list {
            f.write_str("a condition value (string, number or boolean) or a list of them")
        } else {
            f.write_str("a condition value (string, number or boolean)")
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        if !self.list {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Values { list: false })? {
            out.extend(v);
        }
        Ok(out)
    }
}
