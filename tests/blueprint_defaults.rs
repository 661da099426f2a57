//! Defaults of optional keys, inline-table spelling, and reading files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use eks_isolation::blueprint::{Blueprint, LoadError, Problem};

fn starter() -> String {
    Blueprint::starter().to_toml()
}

fn edit(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "{from:?} not in the source");
    src.replacen(from, to, 1)
}

/// The one problem of a blueprint that must not load, as displayed.
fn error(src: &str) -> String {
    match Blueprint::parse(src) {
        Ok(_) => panic!("expected a problem, but it loaded:\n{src}"),
        Err(p) => {
            assert_eq!(p.0.len(), 1, "expected exactly one problem:\n{p}");
            p.0.iter().map(Problem::to_string).collect()
        }
    }
}

#[test]
fn defaults_and_inline_tables() {
    let src = r#"
name = "minimal"
region = "eu-central-1"
data_owner = { account_id = "111111111111" }
model_owner = { account_id = "222222222222" }
network = { vpc_cidr = "10.0.0.0/16", interface_endpoints = [], subnets = [{ az_id = "euc1-az1", cidr = "10.0.0.0/24" }] }
data = { bucket = "minimal-data" }
cluster = { name = "c", kubernetes_version = "1.32", instance_types = ["t3.large"], desired_size = 450 }
"#;
    let bp = Blueprint::parse(src).expect("minimal blueprint loads");
    assert_eq!(
        bp.data.model_owner_actions,
        ["s3:GetObject", "s3:ListBucket"]
    );
    assert!(!bp.cluster.endpoint_public_access);
    assert!(bp.data_owner.admin_principals.is_empty());
    assert_eq!(bp.model_owner.profile, None);
    assert_eq!(bp.model_owner.role_arn, None);
    assert_eq!(bp.network.s3_endpoint_id, None);
    assert!(bp.guardrails.extra_denied_actions.is_empty());
    assert_eq!(bp.cluster.desired_size, 450);

    let bad = edit(src, "desired_size = 450", "desired_size = 451");
    assert_eq!(
        error(&bad),
        "line 8: cluster.desired_size: 451 is out of range: a managed node group has 1 to 450 nodes"
    );
    let bad = edit(src, "desired_size = 450", "desired_size = -3");
    assert_eq!(
        error(&bad),
        "line 8: cluster.desired_size: -3 is out of range: a managed node group has 1 to 450 nodes"
    );
    let bad = edit(
        src,
        "desired_size = 450",
        "desired_size = 99999999999999999999",
    );
    assert!(
        matches!(Blueprint::parse(&bad), Err(p) if p.0.len() == 1 && p.0[0].line == Some(8)),
        "an integer beyond i64 is one problem on its line"
    );
}

#[test]
fn load_reads_files_and_reports_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bp.toml");
    std::fs::write(&path, starter()).expect("write");
    assert_eq!(Blueprint::load(&path).expect("loads"), Blueprint::starter());

    std::fs::write(
        &path,
        edit(
            &starter(),
            "region = \"us-east-1\"",
            "region = \"us-east-one\"",
        ),
    )
    .expect("write");
    match Blueprint::load(&path) {
        Err(LoadError::Invalid(p)) => assert_eq!(
            p.to_string(),
            "line 2: region: \"us-east-one\" is not a known AWS region code (like us-east-1 or eu-west-1)"
        ),
        other => panic!("expected Invalid, got {other:?}"),
    }
    match Blueprint::load(&dir.path().join("missing.toml")) {
        Err(LoadError::Read { path, .. }) => assert!(path.ends_with("missing.toml")),
        other => panic!("expected Read, got {other:?}"),
    }
}

#[test]
fn empty_document_lists_what_is_required() {
    let Err(problems) = Blueprint::parse("# nothing yet\n") else {
        panic!("an empty blueprint loaded");
    };
    assert_eq!(
        problems.to_string(),
        "line 1: name: missing required key (expected a string)
line 1: region: missing required key (expected a string)
line 1: data_owner: missing required key (expected a table [data_owner])
line 1: model_owner: missing required key (expected a table [model_owner])
line 1: network: missing required key (expected a table [network])
line 1: data: missing required key (expected a table [data])
line 1: cluster: missing required key (expected a table [cluster])"
    );
}
