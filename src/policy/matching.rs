//! Wildcard matching as IAM does it: `*` any run of characters, `?` exactly one.

/// Match `value` against `pattern` with `*` and `?`. `case_insensitive` for action names.
pub fn wildcard_match(pattern: &str, value: &str, case_insensitive: bool) -> bool {
    let _ = (pattern, value, case_insensitive);
    todo!("policy helper")
}
