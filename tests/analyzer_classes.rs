//! The analyzer tries every class of request a party can make, not only the values the
//! policies name: a pattern that leaves the account open is a principal of each party's
//! account (each party names its own roles, paths and sessions: THREATS.md, facts), and a
//! finding carries the request that gets through. Policies outside the modelled fragment
//! (policy variables) leave their checks undecided. Pure: no network.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::analyze::{CheckId, Finding, Inputs, Report, check};
use eks_isolation::policy::generate::generate;

const VPCE: &str = "vpce-0a1b2c3d4e5f60718";
const BUCKET: &str = "arn:aws:s3:::inference-demo-data";

fn doc(json: &str) -> PolicyDocument {
    PolicyDocument::from_json(json).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

/// The generated set with the bucket and/or S3 endpoint policy replaced.
fn run(bucket: Option<&str>, s3_endpoint: Option<&str>) -> Report {
    run_with(bucket, s3_endpoint, &[])
}

/// [`run`], with interface endpoint policies replaced too (`(service, json)`).
fn run_with(bucket: Option<&str>, s3_endpoint: Option<&str>, endpoints: &[(&str, &str)]) -> Report {
    let bp = Blueprint::starter();
    let g = generate(&bp, Some(VPCE));
    let bucket = bucket.map_or(g.bucket.clone(), doc);
    let s3 = s3_endpoint.map_or(g.s3_endpoint.clone(), doc);
    let mut endpoints_in_force: BTreeMap<String, PolicyDocument> = g.interface_endpoints.clone();
    for (service, json) in endpoints {
        endpoints_in_force.insert((*service).to_string(), doc(json));
    }
    let endpoints = endpoints_in_force;
    check(&Inputs {
        blueprint: &bp,
        s3_endpoint_id: VPCE,
        bucket_policy: &bucket,
        s3_endpoint_policy: &s3,
        endpoint_policies: &endpoints,
        scps: std::slice::from_ref(&g.scp),
    })
}

fn finding(report: &Report, id: CheckId) -> Finding {
    report
        .findings
        .iter()
        .find(|f| f.id == id)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} in {report:#?}"))
}

/// The generated deny off the endpoint, with its exemption replaced by `exempt` (an ArnNotLike
/// pattern of aws:PrincipalArn).
fn deny_off_endpoint_except(exempt: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"DenyOffEndpoint","Effect":"Deny","Principal":"*","Action":"s3:*",
          "Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{VPCE}"}},
                        "ArnNotLike":{{"aws:PrincipalArn":"{exempt}"}}}}}},
        {{"Sid":"AllowModelOwnerThroughEndpoint","Effect":"Allow",
          "Principal":{{"AWS":"arn:aws:iam::222222222222:root"}},
          "Action":["s3:GetObject","s3:ListBucket"],"Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"StringEquals":{{"aws:SourceVpce":"{VPCE}"}}}}}}]}}"#
    )
}

#[test]
fn a_name_pattern_exemption_with_an_open_account_is_a_data_owner_role_of_that_name() {
    // `arn:aws:iam::*:role/DataAdmin*` exempts any role whose name starts DataAdmin, in any
    // account: the data owner can make `DataAdmin-etl` (not a declared admin) and read off
    // the endpoint with an identity policy alone (same account: no Allow needed).
    let report = run(
        Some(&deny_off_endpoint_except("arn:aws:iam::*:role/DataAdmin*")),
        None,
    );
    let d1 = finding(&report, CheckId::D1);
    let e = d1.evidence.expect("D1 carries its request");
    assert_eq!(e.principal, "arn:aws:iam::111111111111:role/DataAdminprobe");
    assert!(
        !e.context.contains_key("aws:sourcevpce"),
        "off the endpoint: {e:?}"
    );
    assert_eq!(e.policy, "bucket policy");
    assert!(
        e.statements.is_empty(),
        "no Allow: the identity policy suffices: {e:?}"
    );
}

#[test]
fn a_path_pattern_exemption_is_a_role_on_that_path() {
    let report = run(
        Some(&deny_off_endpoint_except(
            "arn:aws:iam::111111111111:role/ops/*",
        )),
        None,
    );
    let d1 = finding(&report, CheckId::D1);
    assert_eq!(
        d1.evidence.unwrap().principal,
        "arn:aws:iam::111111111111:role/ops/probe"
    );
}

#[test]
fn an_allow_for_a_name_pattern_in_any_account_reaches_the_model_owners_own_role() {
    let json = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"AllowReaders","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"s3:GetObject",
          "Resource":"{BUCKET}/*",
          "Condition":{{"ArnLike":{{"aws:PrincipalArn":"arn:aws:iam::*:role/Reader*"}}}}}}]}}"#
    );
    let d1 = finding(&run(Some(&json), None), CheckId::D1);
    assert!(
        d1.detail
            .contains("arn:aws:iam::222222222222:role/Readerprobe can s3:GetObject"),
        "the model owner names a role Reader…: {}",
        d1.detail
    );
    let e = d1.evidence.unwrap();
    assert_eq!(e.statements, ["AllowReaders"]);
}

#[test]
fn a_session_pattern_in_an_open_account_is_the_model_owners_session() {
    // PrincipalArn of an assumed-role session is the role's ARN; aws:userid carries the
    // session name ("AWS global condition context keys": aws:userid is role-id:session-name
    // for an assumed role), which the caller chooses.
    let json = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"DenyOffEndpoint","Effect":"Deny","Principal":"*","Action":"s3:*",
          "Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{VPCE}"}},
                        "StringNotLike":{{"aws:userid":"AROA*:break-glass-*"}}}}}}]}}"#
    );
    let d1 = finding(&run(Some(&json), None), CheckId::D1);
    let e = d1.evidence.unwrap();
    assert_eq!(
        e.context.get("aws:userid").map(Vec::as_slice),
        Some(&["AROAprobe:break-glass-probe".to_string()][..]),
        "{e:?}"
    );
}

#[test]
fn an_endpoint_allow_for_a_role_path_in_any_account_lets_the_model_owner_change_access() {
    // D10: the endpoint lets `role/ops/*` of any account change the bucket policy; the bucket
    // policy no longer denies other accounts' access-control changes, and grants the model
    // owner's roles everything on it.
    let endpoint = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Ops","Effect":"Allow","Principal":"*",
          "Action":"s3:*","Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"ArnLike":{{"aws:PrincipalArn":"arn:aws:iam::*:role/ops/*"}}}}}}]}}"#
    );
    let bucket = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"ModelOwner","Effect":"Allow",
          "Principal":{{"AWS":"arn:aws:iam::222222222222:root"}},"Action":"s3:*",
          "Resource":["{BUCKET}","{BUCKET}/*"]}}]}}"#
    );
    let d10 = finding(&run(Some(&bucket), Some(&endpoint)), CheckId::D10);
    let e = d10.evidence.unwrap();
    assert_eq!(e.principal, "arn:aws:iam::222222222222:role/ops/probe");
    assert_eq!(e.policy, "S3 endpoint policy");
    assert_eq!(e.statements, ["Ops"]);
}

#[test]
fn an_allowed_bucket_pattern_reaches_a_look_alike_bucket() {
    let endpoint = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Data","Effect":"Allow","Principal":"*",
          "Action":["s3:GetObject","s3:PutObject"],"Resource":"{BUCKET}*"}}]}}"#
    );
    let d2 = finding(&run(None, Some(&endpoint)), CheckId::D2);
    let e = d2.evidence.unwrap();
    assert!(
        e.resource
            .starts_with("arn:aws:s3:::inference-demo-dataprobe"),
        "{e:?}"
    );
    assert_eq!(e.statements, ["Data"]);
}

#[test]
fn the_generated_policies_pass_and_every_finding_they_have_is_d12() {
    let report = run(None, None);
    assert!(report.undecided.is_empty(), "{report:#?}");
    assert!(
        report.findings.iter().all(|f| f.id == CheckId::D12),
        "{report:#?}"
    );
}

#[test]
fn a_policy_variable_leaves_the_checks_of_its_document_undecided() {
    let json = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"DenyOffEndpoint","Effect":"Deny","Principal":"*","Action":"s3:*",
          "Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{VPCE}"}},
                        "ArnNotEquals":{{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/DataAdmin"}}}}}},
        {{"Sid":"Home","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::222222222222:root"}},
          "Action":"s3:GetObject","Resource":"{BUCKET}/home/${{aws:username}}/*",
          "Condition":{{"StringEquals":{{"aws:SourceVpce":"{VPCE}"}}}}}}]}}"#
    );
    let report = run(Some(&json), None);
    let undecided: Vec<CheckId> = report.undecided.iter().map(|u| u.id).collect();
    assert_eq!(undecided, [CheckId::D1, CheckId::D10], "{report:#?}");
    assert!(report.undecided[0].reason.contains("${aws:username}"));
    assert!(report.undecided[0].reason.contains("statement Home"));
    assert!(!report.checked.contains(&CheckId::D1));
}

#[test]
fn a_push_allowed_on_a_repository_pattern_is_a_push_to_a_repository_of_that_name() {
    // Before, only a fresh repository name was tried: `repository/models/*` never matched it.
    let ecr = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"Pull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"},
        {"Sid":"PushModels","Effect":"Allow","Principal":"*","Action":["ecr:PutImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload"],
         "Resource":"arn:aws:ecr:*:222222222222:repository/models/*"}]}"#;
    let report = run_with(None, None, &[("ecr.api", ecr)]);
    let d4 = finding(&report, CheckId::D4);
    let e = d4.evidence.unwrap();
    assert_eq!(
        e.resource,
        "arn:aws:ecr:us-east-1:222222222222:repository/models/probe"
    );
    assert_eq!(e.statements, ["PushModels"]);
}

#[test]
fn a_write_allowed_on_a_log_group_pattern_of_any_account_reaches_the_model_owners_group() {
    let logs = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"EksLogs","Effect":"Allow","Principal":"*","Action":["logs:CreateLogStream","logs:PutLogEvents"],
         "Resource":"arn:aws:logs:us-east-1:*:log-group:/aws/eks/*"}]}"#;
    let report = run_with(None, None, &[("logs", logs)]);
    let d5 = finding(&report, CheckId::D5);
    let e = d5.evidence.unwrap();
    assert!(
        e.resource
            .starts_with("arn:aws:logs:us-east-1:222222222222:log-group:/aws/eks/probe"),
        "{e:?}"
    );
}

/// The data owner's own principals are denied off the endpoint (the admin exempt); the model
/// owner is allowed to read under `condition` (a JSON condition block), with no endpoint.
fn model_owner_allowed_when(condition: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"DenyOwnOffEndpoint","Effect":"Deny","Principal":"*","Action":"s3:*",
          "Resource":["{BUCKET}","{BUCKET}/*"],
          "Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{VPCE}"}},
                        "StringEquals":{{"aws:PrincipalAccount":"111111111111"}},
                        "ArnNotEquals":{{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/DataAdmin"}}}}}},
        {{"Sid":"ModelOwnerReads","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::222222222222:root"}},
          "Action":"s3:GetObject","Resource":"{BUCKET}/*","Condition":{condition}}}]}}"#
    )
}

#[test]
fn an_ordering_or_a_range_is_tried_on_both_sides_of_its_bound() {
    // Before, only the named bound itself (and no value, and a non-number) was tried, so an
    // Allow for "less than 3600", "inside 203.0.113.0/24" or "before 2030" never applied.
    for (condition, key, witness) in [
        (
            r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#,
            "aws:multifactorauthage",
            "3599",
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:sourceip",
            "203.0.113.0",
        ),
        (
            r#"{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}"#,
            "aws:currenttime",
            "1893455999",
        ),
    ] {
        let report = run(Some(&model_owner_allowed_when(condition)), None);
        let d1 = finding(&report, CheckId::D1);
        let e = d1.evidence.unwrap();
        assert!(
            e.principal.starts_with("arn:aws:iam::222222222222:"),
            "{condition}: {e:?}"
        );
        assert_eq!(
            e.context.get(key).map(Vec::as_slice),
            Some(&[witness.to_string()][..]),
            "{condition}: {e:?}"
        );
        assert_eq!(e.statements, ["ModelOwnerReads"], "{condition}");
    }
}

#[test]
fn a_bound_the_request_cannot_reach_is_a_pass() {
    // An address range the condition excludes: only requests from inside it are allowed, and
    // NotIpAddress over the whole space leaves none.
    let report = run(
        Some(&model_owner_allowed_when(
            r#"{"NotIpAddress":{"aws:SourceIp":["0.0.0.0/0","::/0"]},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
        )),
        None,
    );
    assert!(
        !report.findings.iter().any(|f| f.id == CheckId::D1),
        "{report:#?}"
    );
}

#[test]
fn an_scp_exemption_for_a_role_name_pattern_is_a_role_the_model_owner_can_create() {
    // The SCP denies the copy set to everyone except roles named OrgAdmin*, in any account:
    // the model owner creates `OrgAdmin-x` and copies a snapshot out.
    let bp = Blueprint::starter();
    let g = generate(&bp, Some(VPCE));
    let mut scp = g.scp.to_json_pretty();
    assert!(scp.contains("\"Deny\""), "{scp}");
    scp = scp.replacen(
        "\"Effect\": \"Deny\",",
        "\"Effect\": \"Deny\",\n      \"Condition\": {\"ArnNotLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/OrgAdmin*\"}},",
        1,
    );
    let scp = doc(&scp);
    let endpoints: BTreeMap<String, PolicyDocument> = g.interface_endpoints.clone();
    let report = check(&Inputs {
        blueprint: &bp,
        s3_endpoint_id: VPCE,
        bucket_policy: &g.bucket,
        s3_endpoint_policy: &g.s3_endpoint,
        endpoint_policies: &endpoints,
        scps: std::slice::from_ref(&scp),
    });
    let d6 = finding(&report, CheckId::D6);
    assert!(
        d6.detail
            .contains("as arn:aws:iam::222222222222:role/OrgAdminprobe"),
        "{}",
        d6.detail
    );
    assert_eq!(
        d6.evidence.unwrap().principal,
        "arn:aws:iam::222222222222:role/OrgAdminprobe"
    );
}
