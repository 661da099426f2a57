//! Wildcard matching as IAM does it: `*` any run of characters, `?` exactly one.

/// Match `value` against `pattern` with `*` and `?`. `case_insensitive` for action names.
///
/// Iterative greedy matching with a single backtrack point (the last `*`): O(len(pattern) ×
/// len(value)) in the worst case, never exponential.
pub fn wildcard_match(pattern: &str, value: &str, case_insensitive: bool) -> bool {
    // The common cases without building character vectors: a lone `*`, and no wildcard.
    if pattern == "*" {
        return true;
    }
    if !pattern.bytes().any(|b| b == b'*' || b == b'?') {
        return if !case_insensitive {
            pattern == value
        } else if pattern.is_ascii() && value.is_ascii() {
            pattern.eq_ignore_ascii_case(value)
        } else {
            pattern.to_lowercase() == value.to_lowercase()
        };
    }
    if pattern.is_ascii() && value.is_ascii() {
        return ascii_match(pattern.as_bytes(), value.as_bytes(), case_insensitive);
    }
    let (pattern, value): (Vec<char>, Vec<char>) = if case_insensitive {
        (
            pattern.to_lowercase().chars().collect(),
            value.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), value.chars().collect())
    };
    let (mut p, mut v) = (0usize, 0usize);
    // Position of the last `*` in the pattern and the value position it is matched up to.
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, v));
                p += 1;
            }
            Some(&c) if c == '?' || c == value[v] => {
                p += 1;
                v += 1;
            }
            _ => match star {
                // Let the last `*` swallow one more character and retry after it.
                Some((sp, sv)) => {
                    star = Some((sp, sv + 1));
                    p = sp + 1;
                    v = sv + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// The same matching on ASCII bytes, without allocating (ASCII case folding only, which is all
/// that ASCII text has).
fn ascii_match(pattern: &[u8], value: &[u8], case_insensitive: bool) -> bool {
    let same = |p: u8, v: u8| {
        if case_insensitive {
            p.eq_ignore_ascii_case(&v)
        } else {
            p == v
        }
    };
    let (mut p, mut v) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, v));
                p += 1;
            }
            Some(&c) if c == b'?' || same(c, value[v]) => {
                p += 1;
                v += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    star = Some((sp, sv + 1));
                    p = sp + 1;
                    v = sv + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn literal_and_star() {
        assert!(wildcard_match("s3:GetObject", "s3:GetObject", false));
        assert!(!wildcard_match("s3:GetObject", "s3:GetObjects", false));
        assert!(!wildcard_match("s3:GetObjects", "s3:GetObject", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("*", "anything at all", false));
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("", "x", false));
        assert!(wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b",
            false
        ));
        assert!(wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket2/x",
            false
        ));
        assert!(wildcard_match(
            "iam:*AccessKey*",
            "iam:ListAccessKeys",
            false
        ));
        assert!(wildcard_match("a*b*c", "aXXbYYbZZc", false));
        assert!(!wildcard_match("a*b*c", "aXXbYYbZZ", false));
        assert!(wildcard_match("**a**", "bab", false));
    }

    #[test]
    fn question_mark_is_exactly_one_character() {
        assert!(wildcard_match("vpce-?", "vpce-1", false));
        assert!(!wildcard_match("vpce-?", "vpce-", false));
        assert!(!wildcard_match("vpce-?", "vpce-12", false));
        assert!(wildcard_match("a?c", "aéc", false));
        assert!(wildcard_match("*?", "x", false));
        assert!(!wildcard_match("*?", "", false));
    }

    #[test]
    fn case_sensitivity() {
        assert!(wildcard_match("ecr:batch*", "ecr:BatchDeleteImage", true));
        assert!(wildcard_match("s3:get*", "s3:GetObject", true));
        assert!(wildcard_match("S3:GETOBJECT", "s3:GetObject", true));
        assert!(!wildcard_match("s3:get*", "s3:GetObject", false));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject", true));
        assert!(!wildcard_match(
            "arn:aws:s3:::Bucket/*",
            "arn:aws:s3:::bucket/x",
            false
        ));
    }

    #[test]
    fn no_exponential_blowup() {
        let value = "a".repeat(5000);
        let pattern = format!("{}b", "*a".repeat(50));
        let start = std::time::Instant::now();
        assert!(!wildcard_match(&pattern, &value, false));
        assert!(wildcard_match(&"*a".repeat(50), &value, false));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
