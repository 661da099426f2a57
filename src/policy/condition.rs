//! Evaluating one condition (`operator`, `key`, policy values) against the request's values.

use super::matching::wildcard_match;
use super::model::Condition;
use super::operator::{Comparison, Operator, SetOperator};
use super::{cidr, date};

/// Whether `c` holds, given the request's values for its key (`None`: the key is absent; an
/// empty list counts as absent). An operator we cannot parse never holds.
pub(crate) fn holds(c: &Condition, request: Option<&[String]>) -> bool {
    let Some(op) = Operator::parse(&c.operator) else {
        return false;
    };
    let request = request.filter(|v| !v.is_empty());
    if op.comparison == Comparison::Null {
        let absent = request.is_none();
        return c.values.iter().any(|v| {
            if v.eq_ignore_ascii_case("true") {
                absent
            } else if v.eq_ignore_ascii_case("false") {
                !absent
            } else {
                false
            }
        });
    }
    let Some(request) = request else {
        return op.if_exists
            || match op.set {
                None => op.negated,
                Some(SetOperator::ForAnyValue) => false,
                Some(SetOperator::ForAllValues) => true,
            };
    };
    // A request value matches when it matches any policy value (OR).
    let positive = |rv: &String| c.values.iter().any(|pv| compare(op.comparison, pv, rv));
    match op.set {
        // A multi-valued key matches if any of its values matches; negated operators are the
        // negation of that (true only when no value matches).
        None => request.iter().any(positive) != op.negated,
        Some(SetOperator::ForAnyValue) => request.iter().any(|rv| positive(rv) != op.negated),
        Some(SetOperator::ForAllValues) => request.iter().all(|rv| positive(rv) != op.negated),
    }
}

/// The positive comparison of one policy value with one request value.
fn compare(comparison: Comparison, policy: &str, request: &str) -> bool {
    use Comparison as C;
    match comparison {
        C::StringEquals | C::BinaryEquals => policy == request,
        C::StringEqualsIgnoreCase => policy.to_lowercase() == request.to_lowercase(),
        C::StringLike => wildcard_match(policy, request, false),
        C::NumericEquals => numeric(policy, request, |p, r| r == p),
        C::NumericLessThan => numeric(policy, request, |p, r| r < p),
        C::NumericLessThanEquals => numeric(policy, request, |p, r| r <= p),
        C::NumericGreaterThan => numeric(policy, request, |p, r| r > p),
        C::NumericGreaterThanEquals => numeric(policy, request, |p, r| r >= p),
        C::DateEquals => dates(policy, request, |p, r| r == p),
        C::DateLessThan => dates(policy, request, |p, r| r < p),
        C::DateLessThanEquals => dates(policy, request, |p, r| r <= p),
        C::DateGreaterThan => dates(policy, request, |p, r| r > p),
        C::DateGreaterThanEquals => dates(policy, request, |p, r| r >= p),
        C::Bool => policy.eq_ignore_ascii_case(request),
        C::IpAddress => cidr::contains(policy, request),
        C::ArnEquals | C::ArnLike => arn_like(policy, request),
        C::Null => false,
    }
}

fn numeric(policy: &str, request: &str, f: impl Fn(f64, f64) -> bool) -> bool {
    let parse = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (parse(policy), parse(request)) {
        (Some(p), Some(r)) => f(p, r),
        _ => false,
    }
}

fn dates(policy: &str, request: &str, f: impl Fn(f64, f64) -> bool) -> bool {
    match (date::parse(policy), date::parse(request)) {
        (Some(p), Some(r)) => f(p, r),
        _ => false,
    }
}

/// ARN matching as AWS does it: each of the six colon-separated parts separately, with `*`
/// and `?` wildcards (case-sensitive). A pattern that is not a full ARN (`*`) matches as a
/// whole string.
fn arn_like(policy: &str, request: &str) -> bool {
    let p: Vec<&str> = policy.splitn(6, ':').collect();
    let r: Vec<&str> = request.splitn(6, ':').collect();
    if p.len() == 6 && r.len() == 6 {
        p.iter().zip(&r).all(|(p, r)| wildcard_match(p, r, false))
    } else {
        p.len() < 6 && wildcard_match(policy, request, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_like_per_segment() {
        let role = "arn:aws:iam::111122223333:role/app";
        assert!(arn_like("arn:aws:iam::*:role/*", role));
        assert!(arn_like("arn:aws:iam::111122223333:role/app", role));
        assert!(arn_like("arn:*:iam::111122223333:role/a?p", role));
        assert!(arn_like("*", role));
        assert!(!arn_like("arn:aws:iam::*:role/other", role));
        assert!(!arn_like("arn:aws:iam::*:user/*", role));
        // `*` in the account part does not reach across a colon.
        assert!(!arn_like(
            "arn:aws:iam::*:role/x",
            "arn:aws:iam::1:2:role/x"
        ));
        assert!(!arn_like("arn:aws:iam::111122223333:role/*", "not-an-arn"));
    }

    #[test]
    fn comparisons() {
        assert!(compare(Comparison::StringEquals, "a", "a"));
        assert!(!compare(Comparison::StringEquals, "a", "A"));
        assert!(compare(
            Comparison::StringEqualsIgnoreCase,
            "Vpce-1",
            "vpce-1"
        ));
        assert!(compare(Comparison::StringLike, "vpce-*", "vpce-123"));
        assert!(!compare(Comparison::StringLike, "vpce-*", "VPCE-123"));
        assert!(compare(Comparison::NumericLessThan, "10", "9.5"));
        assert!(!compare(Comparison::NumericLessThan, "10", "10"));
        assert!(compare(Comparison::NumericLessThanEquals, "10", "10"));
        assert!(compare(Comparison::NumericGreaterThan, "10", "11"));
        assert!(compare(Comparison::NumericEquals, "42", "42.0"));
        assert!(!compare(Comparison::NumericEquals, "42", "forty-two"));
        assert!(!compare(Comparison::NumericEquals, "NaN", "NaN"));
        assert!(compare(
            Comparison::DateLessThan,
            "2024-01-01T00:00:00Z",
            "2023-12-31T23:59:59Z"
        ));
        assert!(compare(
            Comparison::DateEquals,
            "2024-01-01T00:00:00Z",
            "1704067200"
        ));
        assert!(!compare(
            Comparison::DateGreaterThan,
            "2024-01-01",
            "garbage"
        ));
        assert!(compare(Comparison::Bool, "true", "TRUE"));
        assert!(!compare(Comparison::Bool, "true", "false"));
        assert!(compare(Comparison::BinaryEquals, "QmluYXJ5", "QmluYXJ5"));
        assert!(compare(Comparison::IpAddress, "10.0.0.0/8", "10.9.9.9"));
    }
}
