//! Tests for `PolicyDocument::evaluate`, one block per rule of AWS's logic.

use super::eval::{Context, Decision, Request, RequestPrincipal};
use super::model::PolicyDocument;

use Decision::{Allow, ExplicitDeny as Deny, NotApplicable as Na};

pub(super) const ACCOUNT: &str = "111122223333";
pub(super) const ROLE: &str = "arn:aws:iam::111122223333:role/app";
pub(super) const ADMIN: &str = "arn:aws:iam::111122223333:role/admin";
pub(super) const BUCKET: &str = "arn:aws:s3:::data";
pub(super) const OBJECT: &str = "arn:aws:s3:::data/key";

pub(super) fn who(arn: &str, account: &str) -> RequestPrincipal {
    RequestPrincipal {
        arn: arn.into(),
        account: account.into(),
        service: None,
    }
}

pub(super) fn role() -> RequestPrincipal {
    who(ROLE, ACCOUNT)
}

pub(super) fn anonymous() -> RequestPrincipal {
    who("*", "")
}

pub(super) fn doc(src: &str) -> PolicyDocument {
    match PolicyDocument::from_json(src) {
        Ok(d) => d,
        Err(e) => panic!("{e}\n{src}"),
    }
}

pub(super) fn run(
    d: &PolicyDocument,
    p: &RequestPrincipal,
    action: &str,
    resource: &str,
    ctx: &Context,
) -> Decision {
    d.evaluate(&Request {
        principal: p,
        action,
        resource,
        context: ctx,
    })
}

/// One statement with the given effect and extra elements (Action defaults to `*`).
pub(super) fn stmt(effect: &str, extra: &str) -> PolicyDocument {
    let action = if extra.contains("Action\"") {
        ""
    } else {
        r#""Action": "*","#
    };
    let comma = if extra.is_empty() { "" } else { "," };
    doc(&format!(
        r#"{{"Statement": {{"Effect": "{effect}", {action} "Resource": "*"{comma} {extra}}}}}"#
    )
    .replace(r#""Resource": "*", "NotResource""#, r#""NotResource""#))
}

/// An Allow statement with one condition block, evaluated for the role against `ctx`.
pub(super) fn cond(condition: &str, ctx: &Context) -> Decision {
    let d = stmt("Allow", &format!(r#""Condition": {condition}"#));
    run(&d, &role(), "s3:GetObject", OBJECT, ctx)
}

pub(super) fn ctx(pairs: &[(&str, &[&str])]) -> Context {
    let mut c = Context::new();
    for (k, v) in pairs {
        c.set(k, v.iter().map(|s| s.to_string()).collect());
    }
    c
}

pub(super) fn empty() -> Context {
    Context::new()
}

#[test]
fn deny_wins_then_allow_then_not_applicable() {
    let d = doc(r#"{"Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}"#);
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &empty()), Allow);
    assert_eq!(run(&d, &role(), "s3:DeleteObject", OBJECT, &empty()), Deny);
    assert_eq!(run(&d, &role(), "ec2:RunInstances", "*", &empty()), Na);
    assert_eq!(
        run(
            &doc(r#"{"Statement": []}"#),
            &role(),
            "s3:GetObject",
            OBJECT,
            &empty()
        ),
        Na
    );
}

#[test]
fn actions_match_case_insensitively_with_wildcards() {
    let d = doc(
        r#"{"Statement": {"Effect": "Allow", "Action": ["ecr:Batch*", "s3:get*", "sts:AssumeRole"]}}"#,
    );
    let ok = |a: &str| run(&d, &role(), a, "*", &empty());
    assert_eq!(ok("ecr:BatchDeleteImage"), Allow);
    assert_eq!(ok("ECR:batchgetimage"), Allow);
    assert_eq!(ok("s3:GetObject"), Allow);
    assert_eq!(ok("sts:assumerole"), Allow);
    assert_eq!(ok("s3:PutObject"), Na);
    assert_eq!(ok("ecr:PutImage"), Na);
    assert_eq!(ok("sts:AssumeRoleWithSAML"), Na);
    let lower = doc(r#"{"Statement": {"Effect": "Allow", "Action": "ecr:batch*"}}"#);
    assert_eq!(
        run(&lower, &role(), "ecr:BatchDeleteImage", "*", &empty()),
        Allow
    );
    let upper = doc(r#"{"Statement": {"Effect": "Allow", "Action": "s3:Get*"}}"#);
    assert_eq!(run(&upper, &role(), "s3:PutObject", "*", &empty()), Na);
    let all = doc(r#"{"Statement": {"Effect": "Allow", "Action": "*"}}"#);
    assert_eq!(run(&all, &role(), "anything:AtAll", "*", &empty()), Allow);
}

#[test]
fn not_action_applies_to_everything_else() {
    let d = stmt("Deny", r#""NotAction": ["s3:Get*", "s3:List*"]"#);
    assert_eq!(run(&d, &role(), "s3:PutObject", OBJECT, &empty()), Deny);
    assert_eq!(run(&d, &role(), "s3:getobject", OBJECT, &empty()), Na);
    assert_eq!(run(&d, &role(), "s3:ListBucket", BUCKET, &empty()), Na);
}

#[test]
fn resources_match_case_sensitively_and_default_to_star() {
    let d = doc(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::data/*"]}}"#,
    );
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &empty()), Allow);
    assert_eq!(
        run(
            &d,
            &role(),
            "s3:GetObject",
            "arn:aws:s3:::Data/key",
            &empty()
        ),
        Na
    );
    assert_eq!(run(&d, &role(), "s3:ListBucket", BUCKET, &empty()), Na);
    let missing = doc(r#"{"Statement": {"Effect": "Allow", "Action": "s3:*"}}"#);
    assert_eq!(
        run(
            &missing,
            &role(),
            "s3:GetObject",
            "arn:aws:s3:::other/x",
            &empty()
        ),
        Allow
    );
    let not = stmt(
        "Deny",
        r#""NotResource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]"#,
    );
    assert_eq!(run(&not, &role(), "s3:GetObject", OBJECT, &empty()), Na);
    assert_eq!(
        run(
            &not,
            &role(),
            "s3:GetObject",
            "arn:aws:s3:::other/x",
            &empty()
        ),
        Deny
    );
}

#[test]
fn statements_without_principal_match_everyone() {
    let d = stmt("Allow", "");
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &empty()), Allow);
    assert_eq!(
        run(&d, &anonymous(), "s3:GetObject", OBJECT, &empty()),
        Allow
    );
}

#[test]
fn principal_forms() {
    let other = who("arn:aws:iam::444455556666:role/app", "444455556666");
    let svc = RequestPrincipal {
        service: Some("logs.amazonaws.com".into()),
        ..RequestPrincipal::default()
    };
    let cases: &[(&str, [Decision; 4])] = &[
        // principal:            role   other  anon   service
        (r#""*""#, [Allow, Allow, Allow, Allow]),
        (r#"{"AWS": "*"}"#, [Allow, Allow, Allow, Allow]),
        (r#"{"AWS": "111122223333"}"#, [Allow, Na, Na, Na]),
        (
            r#"{"AWS": "arn:aws:iam::111122223333:root"}"#,
            [Allow, Na, Na, Na],
        ),
        (
            r#"{"AWS": ["arn:aws:iam::111122223333:role/app"]}"#,
            [Allow, Na, Na, Na],
        ),
        (
            r#"{"AWS": "arn:aws:iam::111122223333:role/ap*"}"#,
            [Na, Na, Na, Na],
        ),
        (
            r#"{"AWS": "arn:aws:iam::111122223333:role/admin"}"#,
            [Na, Na, Na, Na],
        ),
        (r#"{"Service": "logs.amazonaws.com"}"#, [Na, Na, Na, Allow]),
        (
            r#"{"AWS": "444455556666", "Service": "logs.amazonaws.com"}"#,
            [Na, Allow, Na, Allow],
        ),
    ];
    for (p, expected) in cases {
        let d = stmt("Allow", &format!(r#""Principal": {p}"#));
        let got: Vec<Decision> = [role(), other.clone(), anonymous(), svc.clone()]
            .iter()
            .map(|w| run(&d, w, "s3:GetObject", OBJECT, &empty()))
            .collect();
        assert_eq!(got, expected.to_vec(), "Principal {p}");
    }
}

#[test]
fn not_principal_is_inverted() {
    let d = stmt(
        "Deny",
        &format!(r#""NotPrincipal": {{"AWS": ["{ADMIN}", "444455556666"]}}"#),
    );
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &empty()), Deny);
    assert_eq!(
        run(&d, &anonymous(), "s3:GetObject", OBJECT, &empty()),
        Deny
    );
    assert_eq!(
        run(&d, &who(ADMIN, ACCOUNT), "s3:GetObject", OBJECT, &empty()),
        Na
    );
    assert_eq!(
        run(
            &d,
            &who("arn:aws:iam::444455556666:user/u", "444455556666"),
            "s3:GetObject",
            OBJECT,
            &empty()
        ),
        Na
    );
    let star = stmt("Deny", r#""NotPrincipal": "*""#);
    assert_eq!(
        run(&star, &anonymous(), "s3:GetObject", OBJECT, &empty()),
        Na
    );
}

#[test]
fn principal_keys_are_derived_from_the_principal() {
    let arn = format!(r#"{{"ArnNotEquals": {{"aws:PrincipalArn": "{ADMIN}"}}}}"#);
    let d = stmt("Deny", &format!(r#""Condition": {arn}"#));
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &empty()), Deny);
    assert_eq!(
        run(&d, &who(ADMIN, ACCOUNT), "s3:GetObject", OBJECT, &empty()),
        Na
    );
    let session = who("arn:aws:sts::111122223333:assumed-role/admin/s1", ACCOUNT);
    assert_eq!(run(&d, &session, "s3:GetObject", OBJECT, &empty()), Na);
    // The context wins over the principal.
    let ctx_admin = empty().with("aws:PrincipalArn", ADMIN);
    assert_eq!(run(&d, &role(), "s3:GetObject", OBJECT, &ctx_admin), Na);
    let acct = r#"{"StringEquals": {"aws:principalaccount": "111122223333"}}"#;
    assert_eq!(cond(acct, &empty()), Allow);
    let d = stmt("Allow", &format!(r#""Condition": {acct}"#));
    assert_eq!(
        run(
            &d,
            &who("arn:aws:iam::444455556666:user/u", "444455556666"),
            "s3:GetObject",
            OBJECT,
            &empty()
        ),
        Na
    );
    // Anonymous requests carry neither key.
    let null = stmt(
        "Allow",
        r#""Condition": {"Null": {"aws:PrincipalArn": "true", "aws:PrincipalAccount": "true"}}"#,
    );
    assert_eq!(
        run(&null, &anonymous(), "s3:GetObject", OBJECT, &empty()),
        Allow
    );
    assert_eq!(run(&null, &role(), "s3:GetObject", OBJECT, &empty()), Na);
}

#[test]
fn policy_variables_stay_literal() {
    let d = doc(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::data/${aws:username}/*"}}"#,
    );
    assert_eq!(
        run(
            &d,
            &role(),
            "s3:GetObject",
            "arn:aws:s3:::data/alice/x",
            &empty().with("aws:username", "alice")
        ),
        Na
    );
    assert_eq!(
        run(
            &d,
            &role(),
            "s3:GetObject",
            "arn:aws:s3:::data/${aws:username}/x",
            &empty()
        ),
        Allow
    );
}
