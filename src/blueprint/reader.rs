//! A typed reader over a spanned TOML tree: looks keys up, checks their types, reports unknown
//! and missing keys, and remembers the line of every key it sees.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Problem;

/// Byte offset → 1-based line number.
pub(super) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(super) fn new(src: &str) -> Self {
        let starts = std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts.collect())
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// A table being read: its dotted path and the line that opens it.
pub(super) struct Tbl<'a, 'i> {
    pub(super) path: String,
    pub(super) line: usize,
    table: &'a DeTable<'i>,
}

/// Walks the tree, collecting structural problems, key lines, and keys whose value is unusable
/// (semantic problems under those keys are noise and get dropped).
pub(super) struct Reader<'x> {
    index: &'x LineIndex,
    pub(super) problems: Vec<Problem>,
    pub(super) lines: HashMap<String, usize>,
    pub(super) bad: Vec<String>,
}

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// `path.key`, quoting keys that are not bare.
pub(super) fn join(path: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

fn a_type(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'x> Reader<'x> {
    pub(super) fn new(index: &'x LineIndex) -> Self {
        Self {
            index,
            problems: Vec::new(),
            lines: HashMap::new(),
            bad: Vec::new(),
        }
    }

    pub(super) fn problem(&mut self, line: usize, key: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            line: Some(line),
            key: key.to_string(),
            message: message.into(),
        });
        self.bad.push(key.to_string());
    }

    /// Start reading `table`; every key not in `allowed` is reported.
    pub(super) fn open<'a, 'i>(
        &mut self,
        path: &str,
        table: &'a DeTable<'i>,
        line: usize,
        allowed: &[&str],
    ) -> Tbl<'a, 'i> {
        self.lines.insert(path.to_string(), line);
        for key in table.keys() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let message = match suggest(name, allowed) {
                    Some(s) => format!(
                        "unknown key, did you mean {s:?}? (allowed: {})",
                        allowed.join(", ")
                    ),
                    None => format!("unknown key (allowed: {})", allowed.join(", ")),
                };
                self.problem(
                    self.index.line(key.span().start),
                    &join(path, name),
                    message,
                );
            }
        }
        Tbl {
            path: path.to_string(),
            line,
            table,
        }
    }

    /// The value under `key` and its dotted path, recording its line.
    pub(super) fn get<'a, 'i>(
        &mut self,
        t: &Tbl<'a, 'i>,
        key: &str,
    ) -> Option<(String, &'a Value<'i>)> {
        let (k, v) = t.table.get_key_value(key)?;
        let path = join(&t.path, key);
        self.lines
            .insert(path.clone(), self.index.line(k.span().start));
        Some((path, v))
    }

    pub(super) fn missing(&mut self, t: &Tbl<'_, '_>, key: &str, expected: &str) {
        let message = format!("missing required key (expected {expected})");
        self.problem(t.line, &join(&t.path, key), message);
    }

    fn wrong_type(&mut self, path: &str, v: &Value<'_>, expected: &str) {
        let mut message = format!("expected {expected}, found {}", a_type(v.get_ref()));
        let number = match v.get_ref() {
            DeValue::Integer(n) => Some(n.to_string()),
            DeValue::Float(x) => Some(x.to_string()),
            _ => None,
        };
        if let Some(n) = number.filter(|_| expected == "a string") {
            message.push_str(&format!(" (put it in quotes: \"{n}\")"));
        }
        let line = self
            .line_of(path)
            .unwrap_or_else(|| self.index.line(v.span().start));
        self.problem(line, path, message);
    }

    pub(super) fn line_of(&self, path: &str) -> Option<usize> {
        self.lines.get(path).copied()
    }

    pub(super) fn value_line(&self, v: &Value<'_>) -> usize {
        self.index.line(v.span().start)
    }

    /// A string; `None` (reported) when it is missing or not a string.
    pub(super) fn req_string(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<String> {
        if !t.table.contains_key(key) {
            self.missing(t, key, "a string");
        }
        self.opt_string(t, key)
    }

    /// A string that may be absent; a wrong type is reported and read as absent.
    pub(super) fn opt_string(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<String> {
        let (path, v) = self.get(t, key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(&path, v, "a string");
                None
            }
        }
    }

    /// A list of strings; a wrong element is reported under `key[i]` and read as `""`.
    pub(super) fn string_list(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<Vec<String>> {
        let Some((path, v)) = self.get(t, key) else {
            if required {
                self.missing(t, key, "a list of strings");
            }
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(&path, v, "a list of strings");
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            self.lines.insert(item_path.clone(), self.value_line(item));
            match item.get_ref() {
                DeValue::String(s) => out.push(s.to_string()),
                _ => {
                    self.wrong_type(&item_path, item, "a string");
                    out.push(String::new());
                }
            }
        }
        Some(out)
    }

    pub(super) fn opt_bool(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<bool> {
        let (path, v) = self.get(t, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(&path, v, "a boolean (true or false)");
                None
            }
        }
    }

    /// An integer; `None` (reported) when missing, not an integer, or beyond `i64`.
    pub(super) fn req_integer(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<i64> {
        let Some((path, v)) = self.get(t, key) else {
            self.missing(t, key, "an integer");
            return None;
        };
        match v.get_ref() {
            DeValue::Integer(n) => {
                let parsed = i64::from_str_radix(n.as_str(), n.radix()).ok();
                if parsed.is_none() {
                    let line = self.value_line(v);
                    self.problem(line, &path, format!("{n} is too large"));
                }
                parsed
            }
            _ => {
                self.wrong_type(&path, v, "an integer");
                None
            }
        }
    }

    /// A sub-table; missing (when required) and wrong types are reported.
    pub(super) fn table<'a, 'i>(
        &mut self,
        t: &Tbl<'a, 'i>,
        key: &str,
        required: bool,
        allowed: &[&str],
    ) -> Option<Tbl<'a, 'i>> {
        let Some((path, v)) = self.get(t, key) else {
            if required {
                self.missing(t, key, &format!("a table [{}]", join(&t.path, key)));
            }
            return None;
        };
        match v.get_ref() {
            DeValue::Table(table) => {
                let line = self.value_line(v);
                Some(self.open(&path, table, line, allowed))
            }
            _ => {
                self.wrong_type(&path, v, &format!("a table [{path}]"));
                None
            }
        }
    }

    /// A list of tables (`[[key]]`), each opened with `allowed`; `None` when absent. An item
    /// that is not a table is reported and kept as `None`, so later indices stay right.
    pub(super) fn table_list<'a, 'i>(
        &mut self,
        t: &Tbl<'a, 'i>,
        key: &str,
        allowed: &[&str],
    ) -> Option<Vec<Option<Tbl<'a, 'i>>>> {
        let (path, v) = self.get(t, key)?;
        let expected = format!("a list of tables [[{path}]]");
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(&path, v, &expected);
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            match item.get_ref() {
                DeValue::Table(table) => {
                    let line = self.value_line(item);
                    out.push(Some(self.open(&item_path, table, line, allowed)));
                }
                _ => {
                    self.lines.insert(item_path.clone(), self.value_line(item));
                    self.wrong_type(&item_path, item, "a table");
                    out.push(None);
                }
            }
        }
        Some(out)
    }
}

/// The allowed key closest to a mistyped one, when it is a near miss.
fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|a| (distance(&key, a), *a))
        .filter(|(d, a)| *d <= 2 && *d * 3 <= a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(
            [0, 1, 2, 4, 5, 6, 99].map(|o| idx.line(o)),
            [1, 1, 2, 2, 3, 4, 4]
        );
    }

    #[test]
    fn suggestions() {
        let allowed = ["account_id", "profile", "admin_principals"];
        assert_eq!(suggest("acount_id", &allowed), Some("account_id"));
        assert_eq!(suggest("account-id", &allowed), Some("account_id"));
        assert_eq!(suggest("Profile", &allowed), Some("profile"));
        assert_eq!(suggest("prfoile", &allowed), Some("profile"));
        assert_eq!(suggest("region", &allowed), None);
        assert_eq!(suggest("id", &["az_id", "cidr"]), None);
        assert_eq!(distance("vpc_cdir", "vpc_cidr"), 1);
    }

    #[test]
    fn joins_keys() {
        assert_eq!(join("", "name"), "name");
        assert_eq!(join("network", "vpc_id"), "network.vpc_id");
        assert_eq!(join("data", "a.b"), "data.\"a.b\"");
    }
}
