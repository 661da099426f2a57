//! Tests for condition evaluation: operators, absent keys, multi-valued keys, set operators.

use super::eval::Decision;
use super::tests_eval::{ADMIN, ROLE, cond, ctx, empty};

use Decision::{Allow, NotApplicable as Na};

#[test]
fn condition_keys_are_case_insensitive_values_case_sensitive() {
    let c = r#"{"StringEquals": {"AWS:SourceVpce": "vpce-1"}}"#;
    assert_eq!(cond(c, &empty().with("aws:sourcevpce", "vpce-1")), Allow);
    assert_eq!(cond(c, &empty().with("Aws:SourceVPCE", "vpce-1")), Allow);
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "VPCE-1")), Na);
    let ic = r#"{"StringEqualsIgnoreCase": {"k": "Vpce-1"}}"#;
    assert_eq!(cond(ic, &empty().with("k", "VPCE-1")), Allow);
    let nic = r#"{"StringNotEqualsIgnoreCase": {"k": "Vpce-1"}}"#;
    assert_eq!(cond(nic, &empty().with("k", "VPCE-1")), Na);
    assert_eq!(cond(nic, &empty().with("k", "vpce-2")), Allow);
}

#[test]
fn string_and_arn_like() {
    let like = r#"{"StringLike": {"s3:prefix": ["home/*", "shared/?"]}}"#;
    assert_eq!(
        cond(like, &empty().with("s3:prefix", "home/alice/x")),
        Allow
    );
    assert_eq!(cond(like, &empty().with("s3:prefix", "shared/a")), Allow);
    assert_eq!(cond(like, &empty().with("s3:prefix", "shared/ab")), Na);
    assert_eq!(cond(like, &empty().with("s3:prefix", "Home/alice")), Na);
    let not_like = r#"{"StringNotLike": {"s3:prefix": "home/*"}}"#;
    assert_eq!(cond(not_like, &empty().with("s3:prefix", "home/x")), Na);
    assert_eq!(cond(not_like, &empty().with("s3:prefix", "tmp/x")), Allow);
    let arn = r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/adm?n"}}"#;
    assert_eq!(cond(arn, &empty().with("aws:PrincipalArn", ADMIN)), Allow);
    assert_eq!(cond(arn, &empty().with("aws:PrincipalArn", ROLE)), Na);
    let arn_eq = format!(r#"{{"ArnEquals": {{"aws:SourceArn": "{ADMIN}"}}}}"#);
    assert_eq!(cond(&arn_eq, &empty().with("aws:SourceArn", ADMIN)), Allow);
    assert_eq!(cond(&arn_eq, &empty().with("aws:SourceArn", ROLE)), Na);
    let arn_not = format!(r#"{{"ArnNotLike": {{"aws:PrincipalArn": "{ADMIN}"}}}}"#);
    assert_eq!(cond(&arn_not, &empty().with("aws:PrincipalArn", ADMIN)), Na);
    assert_eq!(
        cond(&arn_not, &empty().with("aws:PrincipalArn", ROLE)),
        Allow
    );
}

#[test]
fn bool_numeric_date_ip_binary() {
    let b = r#"{"Bool": {"aws:SecureTransport": false}}"#;
    assert_eq!(
        cond(b, &empty().with("aws:SecureTransport", "false")),
        Allow
    );
    assert_eq!(
        cond(b, &empty().with("aws:SecureTransport", "FALSE")),
        Allow
    );
    assert_eq!(cond(b, &empty().with("aws:SecureTransport", "true")), Na);
    let n = r#"{"NumericLessThanEquals": {"s3:max-keys": 10}}"#;
    assert_eq!(cond(n, &empty().with("s3:max-keys", "10")), Allow);
    assert_eq!(cond(n, &empty().with("s3:max-keys", "10.5")), Na);
    assert_eq!(cond(n, &empty().with("s3:max-keys", "ten")), Na);
    let nn = r#"{"NumericNotEquals": {"k": "3"}}"#;
    assert_eq!(cond(nn, &empty().with("k", "3.0")), Na);
    assert_eq!(cond(nn, &empty().with("k", "4")), Allow);
    let d = r#"{"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}"#;
    assert_eq!(
        cond(d, &empty().with("aws:CurrentTime", "2024-12-31T23:59:59Z")),
        Allow
    );
    assert_eq!(
        cond(
            d,
            &empty().with("aws:CurrentTime", "2025-01-01T01:00:00+02:00")
        ),
        Allow
    );
    assert_eq!(
        cond(d, &empty().with("aws:CurrentTime", "2025-01-01T00:00:00Z")),
        Na
    );
    assert_eq!(
        cond(d, &empty().with("aws:CurrentTime", "1735689599")),
        Allow
    );
    let ip = r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#;
    assert_eq!(
        cond(ip, &empty().with("aws:SourceIp", "203.0.113.9")),
        Allow
    );
    assert_eq!(
        cond(ip, &empty().with("aws:SourceIp", "2001:db8::7")),
        Allow
    );
    assert_eq!(cond(ip, &empty().with("aws:SourceIp", "198.51.100.1")), Na);
    let not_ip = r#"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#;
    assert_eq!(cond(not_ip, &empty().with("aws:SourceIp", "10.2.3.4")), Na);
    assert_eq!(
        cond(not_ip, &empty().with("aws:SourceIp", "11.2.3.4")),
        Allow
    );
    let bin = r#"{"BinaryEquals": {"k": "QmluYXJ5"}}"#;
    assert_eq!(cond(bin, &empty().with("k", "QmluYXJ5")), Allow);
    assert_eq!(cond(bin, &empty().with("k", "qmluyxj5")), Na);
}

#[test]
fn null_tests_presence() {
    let absent = r#"{"Null": {"aws:TokenIssueTime": "true"}}"#;
    let present = r#"{"Null": {"aws:TokenIssueTime": false}}"#;
    let set = empty().with("aws:TokenIssueTime", "2024-01-01T00:00:00Z");
    assert_eq!(cond(absent, &empty()), Allow);
    assert_eq!(cond(absent, &set), Na);
    assert_eq!(cond(present, &empty()), Na);
    assert_eq!(cond(present, &set), Allow);
}

#[test]
fn values_or_keys_and_operators_and() {
    let or = r#"{"StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}}"#;
    assert_eq!(cond(or, &empty().with("aws:SourceVpce", "vpce-2")), Allow);
    assert_eq!(cond(or, &empty().with("aws:SourceVpce", "vpce-3")), Na);
    let and = r#"{"StringEquals": {"a": "1", "b": "2"}}"#;
    assert_eq!(cond(and, &ctx(&[("a", &["1"]), ("b", &["2"])])), Allow);
    assert_eq!(cond(and, &ctx(&[("a", &["1"]), ("b", &["3"])])), Na);
    assert_eq!(cond(and, &ctx(&[("a", &["1"])])), Na);
    let ops = r#"{"StringEquals": {"a": "1"}, "Bool": {"b": "true"}}"#;
    assert_eq!(cond(ops, &ctx(&[("a", &["1"]), ("b", &["true"])])), Allow);
    assert_eq!(cond(ops, &ctx(&[("a", &["1"]), ("b", &["false"])])), Na);
}

#[test]
fn absent_keys() {
    for positive in [
        "StringEquals",
        "StringLike",
        "ArnLike",
        "ArnEquals",
        "NumericEquals",
        "DateEquals",
        "IpAddress",
        "Bool",
        "StringEqualsIgnoreCase",
        "BinaryEquals",
        "NumericLessThan",
    ] {
        assert_eq!(
            cond(&format!(r#"{{"{positive}": {{"k": "1"}}}}"#), &empty()),
            Na,
            "{positive}"
        );
        let if_exists = format!(r#"{{"{positive}IfExists": {{"k": "1"}}}}"#);
        assert_eq!(cond(&if_exists, &empty()), Allow, "{positive}IfExists");
    }
    for negated in [
        "StringNotEquals",
        "StringNotLike",
        "ArnNotEquals",
        "ArnNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "StringNotEqualsIgnoreCase",
    ] {
        assert_eq!(
            cond(&format!(r#"{{"{negated}": {{"k": "1"}}}}"#), &empty()),
            Allow,
            "{negated}"
        );
        assert_eq!(
            cond(
                &format!(r#"{{"{negated}IfExists": {{"k": "1"}}}}"#),
                &empty()
            ),
            Allow,
            "{negated}IfExists"
        );
    }
}

#[test]
fn if_exists_evaluates_present_keys_normally() {
    let c = r#"{"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}"#;
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "vpce-1")), Na);
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "vpce-9")), Allow);
    let e = r#"{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}"#;
    assert_eq!(cond(e, &empty().with("aws:SourceVpce", "vpce-9")), Na);
}

#[test]
fn negated_operators_with_the_key_present() {
    let c = r#"{"StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}}"#;
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "vpce-1")), Na);
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "vpce-2")), Na);
    assert_eq!(cond(c, &empty().with("aws:SourceVpce", "vpce-3")), Allow);
}

#[test]
fn multi_valued_keys_without_set_operator() {
    let c = r#"{"StringEquals": {"aws:TagKeys": "team"}}"#;
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &["cost", "team"])])), Allow);
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &["cost"])])), Na);
    let n = r#"{"StringNotEquals": {"aws:TagKeys": "team"}}"#;
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["cost", "team"])])), Na);
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["cost", "env"])])), Allow);
}

#[test]
fn for_any_value() {
    let c = r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#;
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &["cost", "env"])])), Allow);
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &["cost"])])), Na);
    assert_eq!(cond(c, &empty()), Na);
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &[])])), Na);
    let n = r#"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team", "env"]}}"#;
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["team", "cost"])])), Allow);
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["team", "env"])])), Na);
    assert_eq!(cond(n, &empty()), Na);
}

#[test]
fn for_all_values() {
    let c = r#"{"ForAllValues:StringLike": {"aws:TagKeys": ["team", "env-*"]}}"#;
    assert_eq!(
        cond(c, &ctx(&[("aws:TagKeys", &["team", "env-prod"])])),
        Allow
    );
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &["team", "cost"])])), Na);
    assert_eq!(cond(c, &empty()), Allow);
    assert_eq!(cond(c, &ctx(&[("aws:TagKeys", &[])])), Allow);
    let n = r#"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["team"]}}"#;
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["cost", "env"])])), Allow);
    assert_eq!(cond(n, &ctx(&[("aws:TagKeys", &["cost", "team"])])), Na);
}
