//! TOML → Blueprint with every problem reported by key and line.

use toml::de::DeTable;

use super::Blueprint;
use super::reader::{LineIndex, Reader};
pub(super) use super::serialize::to_toml;

/// One problem in a blueprint: the dotted key, the 1-based line when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}: {}", self.key, self.message),
            None => write!(f, "{}: {}", self.key, self.message),
        }
    }
}

/// All the problems of one blueprint; displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

pub(super) fn parse(src: &str) -> Result<Blueprint, Problems> {
    let (bp, problems) = parse_lenient(src)?;
    if problems.is_empty() {
        Ok(bp)
    } else {
        Err(Problems(problems))
    }
}

/// Parse, keeping the blueprint when every key could be read: then only the semantic problems
/// (values and cross-field rules) remain, with their lines. A syntax error, an unknown key, a
/// wrong type or a missing key is an `Err`.
pub(super) fn parse_lenient(src: &str) -> Result<(Blueprint, Vec<super::Problem>), Problems> {
    let index = LineIndex::new(src);
    let doc = DeTable::parse(src).map_err(|e| Problems(vec![syntax_problem(src, &index, &e)]))?;
    let mut reader = Reader::new(&index);
    let bp = super::walk::blueprint(&mut reader, doc.get_ref());

    let structural = !reader.problems.is_empty();
    let mut problems = reader.problems;
    for mut p in bp.validate() {
        let under_bad = reader.bad.iter().any(|bad| is_under(&p.key, bad));
        if !under_bad {
            p.line = Some(line_for(&reader.lines, &p.key));
            problems.push(p);
        }
    }
    problems.sort_by_key(|p| p.line);
    problems.dedup();
    if structural {
        Err(Problems(problems))
    } else {
        Ok((bp, problems))
    }
}

/// Whether `key` is `bad` itself or a key inside it (`bad.x`, `bad[0]`).
fn is_under(key: &str, bad: &str) -> bool {
    key.strip_prefix(bad)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The line of `key`, or of the nearest enclosing key the file has (a default value has none).
fn line_for(lines: &std::collections::HashMap<String, usize>, key: &str) -> usize {
    let mut key = key;
    loop {
        if let Some(line) = lines.get(key) {
            return *line;
        }
        match key.rfind(['.', '[']) {
            Some(i) => key = &key[..i],
            None => return 1,
        }
    }
}

fn syntax_problem(src: &str, index: &LineIndex, e: &toml::de::Error) -> super::Problem {
    let line = e.span().map_or(1, |s| index.line(s.start));
    super::Problem {
        line: Some(line),
        key: syntax_key(src, line).unwrap_or_else(|| "(document)".into()),
        message: format!("invalid TOML: {}", e.message().trim()),
    }
}

/// Best effort: the dotted key being written on `line`, from the table headers above it and
/// the `key =` on the line itself.
fn syntax_key(src: &str, line: usize) -> Option<String> {
    let mut table: Option<String> = None;
    let mut text = "";
    for l in src.lines().take(line) {
        text = l.trim();
        if let Some(header) = text.strip_prefix('[') {
            let header = header.trim_start_matches('[');
            let end = header.find(']').unwrap_or(header.len());
            table = Some(header[..end].trim().to_string());
        }
    }
    if text.starts_with('[') {
        return table.filter(|t| !t.is_empty());
    }
    let key = text
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.contains(['"', '\'', '#', ' ']));
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k.to_string()),
        (Some(t), None) if !t.is_empty() => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_under_a_bad_key() {
        assert!(is_under("network", "network"));
        assert!(is_under("network.vpc_id", "network"));
        assert!(is_under("network.subnets[0].cidr", "network.subnets"));
        assert!(!is_under("network_x", "network"));
        assert!(!is_under("data", "data_owner"));
    }

    #[test]
    fn syntax_keys() {
        let src = "name = \"x\"\n[network]\nvpc_cidr = 10.0\n[[network.subnets]]\n";
        assert_eq!(syntax_key(src, 1).as_deref(), Some("name"));
        assert_eq!(syntax_key(src, 3).as_deref(), Some("network.vpc_cidr"));
        assert_eq!(syntax_key(src, 4).as_deref(), Some("network.subnets"));
        assert_eq!(syntax_key("\"a b\" = 1", 1), None);
    }
}
