//! Tests for parsing, writing and condition_values.

use std::collections::BTreeMap;

use super::model::*;

fn parse(src: &str) -> PolicyDocument {
    match PolicyDocument::from_json(src) {
        Ok(doc) => doc,
        Err(e) => panic!("{e}\n{src}"),
    }
}

fn error(src: &str) -> ParseError {
    match PolicyDocument::from_json(src) {
        Ok(doc) => panic!("accepted: {doc:?}"),
        Err(e) => e,
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reads_the_short_shapes() {
    let doc = parse(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Principal": "*"}}"#,
    );
    assert_eq!(doc.version, None);
    assert_eq!(doc.id, None);
    assert_eq!(
        doc.statements,
        vec![Statement {
            sid: None,
            effect: Effect::Allow,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(strings(&["s3:GetObject"])),
            resource: Some(ResourceSpec::Resource(strings(&["*"]))),
            condition: vec![],
        }]
    );
}

#[test]
fn reads_the_long_shapes() {
    let doc = parse(
        r#"{
  "Version": "2012-10-17",
  "Id": "bucket-policy",
  "Statement": [
    {
      "Sid": "DenyOffEndpoint",
      "Effect": "Deny",
      "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/admin", "444455556666"],
                       "Service": "logs.amazonaws.com"},
      "NotAction": ["s3:GetBucketPolicy", "s3:PutBucketPolicy"],
      "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      "Condition": {
        "StringNotEqualsIfExists": {"aws:SourceVpce": ["vpce-1", "vpce-2"]},
        "Bool": {"aws:SecureTransport": false, "aws:ViaAWSService": "true"},
        "NumericLessThan": {"s3:max-keys": 10, "x:ratio": 0.5},
        "ForAllValues:StringLike": {"aws:TagKeys": ["team-*"]},
        "Null": {"aws:PrincipalTag/team": true}
      }
    },
    {"Effect": "Allow", "Action": [], "Principal": {"AWS": "*"}}
  ]
}"#,
    );
    assert_eq!(doc.version.as_deref(), Some("2012-10-17"));
    assert_eq!(doc.id.as_deref(), Some("bucket-policy"));
    let s = &doc.statements[0];
    assert_eq!(s.sid.as_deref(), Some("DenyOffEndpoint"));
    assert_eq!(s.effect, Effect::Deny);
    let mut map = BTreeMap::new();
    map.insert(
        "AWS".to_string(),
        strings(&["arn:aws:iam::111122223333:role/admin", "444455556666"]),
    );
    map.insert("Service".to_string(), strings(&["logs.amazonaws.com"]));
    assert_eq!(
        s.principal,
        Some(PrincipalSpec::NotPrincipal(Principal::Map(map)))
    );
    assert_eq!(
        s.action,
        ActionSpec::NotAction(strings(&["s3:GetBucketPolicy", "s3:PutBucketPolicy"]))
    );
    assert_eq!(
        s.resource,
        Some(ResourceSpec::NotResource(strings(&[
            "arn:aws:s3:::b",
            "arn:aws:s3:::b/*"
        ])))
    );
    let cond = |op: &str, key: &str, values: &[&str]| Condition {
        operator: op.into(),
        key: key.into(),
        values: strings(values),
    };
    assert_eq!(
        s.condition,
        vec![
            cond(
                "StringNotEqualsIfExists",
                "aws:SourceVpce",
                &["vpce-1", "vpce-2"]
            ),
            cond("Bool", "aws:SecureTransport", &["false"]),
            cond("Bool", "aws:ViaAWSService", &["true"]),
            cond("NumericLessThan", "s3:max-keys", &["10"]),
            cond("NumericLessThan", "x:ratio", &["0.5"]),
            cond("ForAllValues:StringLike", "aws:TagKeys", &["team-*"]),
            cond("Null", "aws:PrincipalTag/team", &["true"]),
        ]
    );
    let s = &doc.statements[1];
    assert_eq!(s.action, ActionSpec::Action(vec![]));
    assert_eq!(s.resource, None);
    let mut map = BTreeMap::new();
    map.insert("AWS".to_string(), strings(&["*"]));
    assert_eq!(
        s.principal,
        Some(PrincipalSpec::Principal(Principal::Map(map)))
    );
}

#[test]
fn empty_statement_list_is_allowed() {
    let doc = parse(r#"{"Version": "2012-10-17", "Statement": []}"#);
    assert!(doc.statements.is_empty());
}

#[test]
fn missing_comma_reports_its_line() {
    let e = error("{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}");
    assert_eq!((e.line, e.column), (3, 3));
    assert!(
        e.message.starts_with("invalid JSON: expected `,` or `}`"),
        "{e}"
    );
    assert!(!e.message.contains("at line"), "{e}");
}

#[test]
fn typo_key_reports_its_line() {
    let src = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Efect\": \"Allow\",\n      \"Action\": \"*\"\n    }\n  ]\n}";
    let e = error(src);
    assert_eq!(e.line, 5, "{e}");
    assert_eq!(e.column, 13, "{e}");
    assert!(e.message.contains("unknown element \"Efect\""), "{e}");
    assert!(e.message.contains("did you mean \"Effect\""), "{e}");
    assert_eq!(e.to_string(), format!("line 5, column 13: {}", e.message));
}

#[test]
fn errors_name_the_problem_and_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "{\"Statement\": [\n{\"Action\": \"*\"}]}",
            2,
            "statement has no Effect",
        ),
        (
            "{\"Statement\": [\n{\"Sid\": \"S1\", \"Action\": \"*\"}]}",
            2,
            "statement \"S1\" has no Effect",
        ),
        (
            "{\"Statement\": [\n{\"Effect\": \"allow\", \"Action\": \"*\"}]}",
            2,
            "Effect must be \"Allow\" or \"Deny\", not \"allow\"",
        ),
        (
            "{\"Statement\": [\n{\"Effect\": true, \"Action\": \"*\"}]}",
            2,
            "expected Effect as \"Allow\" or \"Deny\"",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\",\n\"Resource\": \"*\"}]}",
            2,
            "has neither Action nor NotAction",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n\"NotAction\": \"s3:*\"}]}",
            2,
            "cannot have both Action and NotAction",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",\n\"NotResource\": \"x\"}]}",
            2,
            "cannot have both Resource and NotResource",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Principal\": \"*\",\n\"NotPrincipal\": \"*\"}]}",
            2,
            "cannot have both Principal and NotPrincipal",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n\"Action\": \"s3:*\"}]}",
            2,
            "duplicate element \"Action\"",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\n\"StringEqual\": {\"a\": \"b\"}}}]}",
            2,
            "unknown condition operator \"StringEqual\"",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\n\"NullIfExists\": {\"a\": \"true\"}}}]}",
            2,
            "unknown condition operator \"NullIfExists\"",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Bool\":\n{\"a\": null}}}]}",
            2,
            "expected a condition value",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Bool\":\n{\"a\": [[\"x\"]]}}}]}",
            2,
            "expected a condition value (string, number or boolean)",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\",\n\"Action\": 5}]}",
            2,
            "expected Action as a string or a list of strings",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n\"Principal\": \"arn:aws:iam::1:root\"}]}",
            2,
            "Principal must be \"*\" or a map",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n\"Principal\": {\"Aws\": \"*\"}}]}",
            2,
            "unknown principal type \"Aws\" (did you mean \"AWS\"?)",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Bool\":\n{\"a\": true, \"a\": false}}}]}",
            2,
            "duplicate condition key \"a\"",
        ),
        (
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Bool\": {},\n\"Bool\": {}}}]}",
            2,
            "duplicate condition operator \"Bool\"",
        ),
        (
            "{\"Version\": \"2012-10-17\",\n\"Statment\": []}",
            2,
            "unknown element \"Statment\" (did you mean \"Statement\"?)",
        ),
        (
            "{\"Version\": \"2012-10-17\"\n}",
            2,
            "the policy has no Statement element",
        ),
        ("[\n]", 1, "expected a policy document"),
        (
            "{\"Statement\": []}\n{}",
            2,
            "invalid JSON: trailing characters",
        ),
        ("{\"Statement\": [\n", 2, "invalid JSON: EOF"),
    ];
    for (src, line, message) in cases {
        let e = error(src);
        assert_eq!(e.line, *line, "{src}: {e}");
        assert!(e.column >= 1, "{src}: {e}");
        assert!(e.message.contains(message), "{src}: {e}");
    }
}

fn round_trip(src: &str) {
    let doc = parse(src);
    let written = doc.to_json_pretty();
    assert_eq!(parse(&written), doc, "{written}");
    assert_eq!(parse(&written).to_json_pretty(), written);
}

#[test]
fn round_trips() {
    round_trip(r#"{"Statement": []}"#);
    round_trip(r#"{"Statement": {"Effect": "Allow", "Action": "*"}}"#);
    round_trip(
        r#"{"Version": "2012-10-17", "Id": "x", "Statement": [
            {"Sid": "a", "Effect": "Deny", "Principal": {"AWS": ["1", "2"], "Service": "s"},
             "Action": ["s3:*"], "NotResource": ["r1", "r2"],
             "Condition": {"StringEquals": {"k1": ["v1"], "k2": ["a", "b"]},
                           "ForAnyValue:StringLike": {"k3": []}, "Bool": {"k4": true},
                           "NumericEquals": {"k5": 4.25}}},
            {"Effect": "Allow", "NotPrincipal": "*", "NotAction": [], "Resource": "*",
             "Condition": {}}]}"#,
    );
    round_trip(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "a",
            "Condition": {"StringLike": {"b": "x"}, "ArnLike": {"a": "y"}}}]}"#,
    );
}

#[test]
fn writes_the_canonical_shape() {
    let doc = parse(
        r#"{"Statement": {"Condition": {"StringEquals": {"b": ["1"], "a": ["2", "3"]}},
            "Resource": ["r"], "Action": ["a1", "a2"], "Principal": {"AWS": ["p"]},
            "Effect": "Deny", "Sid": "S"}, "Id": "I", "Version": "2012-10-17"}"#,
    );
    let expected = r#"{
  "Version": "2012-10-17",
  "Id": "I",
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Deny",
      "Principal": {
        "AWS": "p"
      },
      "Action": [
        "a1",
        "a2"
      ],
      "Resource": "r",
      "Condition": {
        "StringEquals": {
          "b": "1",
          "a": [
            "2",
            "3"
          ]
        }
      }
    }
  ]
}"#;
    assert_eq!(doc.to_json_pretty(), expected);
}

#[test]
fn writes_conditions_grouped_by_operator() {
    let c = |op: &str, key: &str| Condition {
        operator: op.into(),
        key: key.into(),
        values: vec!["v".into()],
    };
    let doc = PolicyDocument {
        version: None,
        id: None,
        statements: vec![Statement {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            action: ActionSpec::Action(vec!["*".into()]),
            resource: None,
            condition: vec![c("A", "k1"), c("B", "k2"), c("A", "k3")],
        }],
    };
    let text = doc.to_json_pretty().replace([' ', '\n'], "");
    assert!(
        text.contains(r#""Condition":{"A":{"k1":"v","k3":"v"},"B":{"k2":"v"}}"#),
        "{text}"
    );
}

#[test]
fn condition_values_collects_lower_cased_keys() {
    let doc = parse(
        r#"{"Statement": [
            {"Effect": "Deny", "Action": "*", "Condition": {
                "StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]},
                "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::1:role/admin"}}},
            {"Effect": "Allow", "Action": "*", "Condition": {
                "StringEquals": {"AWS:SOURCEVPCE": ["vpce-2", "vpce-3"]},
                "Bool": {"aws:SecureTransport": true}}}]}"#,
    );
    let mut expected = BTreeMap::new();
    expected.insert(
        "aws:sourcevpce".to_string(),
        strings(&["vpce-1", "vpce-2", "vpce-3"]),
    );
    expected.insert(
        "aws:principalarn".to_string(),
        strings(&["arn:aws:iam::1:role/admin"]),
    );
    expected.insert("aws:securetransport".to_string(), strings(&["true"]));
    assert_eq!(doc.condition_values(), expected);
    assert!(parse(r#"{"Statement": []}"#).condition_values().is_empty());
}
