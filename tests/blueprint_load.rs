//! Loading blueprints: every problem reported, one line each, with its key and line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use eks_isolation::blueprint::{Blueprint, Problem};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/blueprints/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!("{path}: {e}"),
    }
}

/// The starter blueprint as TOML; its lines are listed in `starter_toml_layout` below.
fn starter() -> String {
    Blueprint::starter().to_toml()
}

/// `src` with the first `from` replaced by `to` (which must be there).
fn edit(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "{from:?} not in the source");
    src.replacen(from, to, 1)
}

/// The problems of a blueprint that must not load, as displayed.
fn errors(src: &str) -> Vec<String> {
    match Blueprint::parse(src) {
        Ok(_) => panic!("expected problems, but it loaded:\n{src}"),
        Err(p) => p.0.iter().map(Problem::to_string).collect(),
    }
}

/// `src` (the starter TOML, possibly edited) without its two `[[network.subnets]]` tables.
fn without_subnets(src: &str) -> String {
    let first = "[[network.subnets]]\naz_id = \"use1-az1\"\ncidr = \"10.40.0.0/20\"\n\n";
    let second = "[[network.subnets]]\naz_id = \"use1-az2\"\ncidr = \"10.40.16.0/20\"\n\n";
    edit(&edit(src, first, ""), second, "")
}

fn error(src: &str) -> String {
    let mut all = errors(src);
    assert_eq!(all.len(), 1, "expected exactly one problem: {all:#?}");
    all.remove(0)
}

#[test]
fn starter_toml_layout() {
    let src = starter();
    let line = |n: usize| src.lines().nth(n - 1).unwrap_or_default();
    assert_eq!(line(1), "name = \"inference-demo\"");
    assert_eq!(line(5), "account_id = \"111111111111\"");
    assert_eq!(
        line(7),
        "admin_principals = [\"arn:aws:iam::111111111111:role/DataAdmin\"]"
    );
    assert_eq!(line(10), "account_id = \"222222222222\"");
    assert_eq!(line(13), "[network]");
    assert_eq!(line(14), "vpc_cidr = \"10.40.0.0/16\"");
    assert_eq!(line(17), "[[network.subnets]]");
    assert_eq!(line(23), "cidr = \"10.40.16.0/20\"");
    assert_eq!(line(26), "bucket = \"inference-demo-data\"");
    assert_eq!(line(29), "[cluster]");
    assert_eq!(line(34), "desired_size = 2");
}

#[test]
fn many_problems_are_all_reported_with_keys_and_lines() {
    let Err(problems) = Blueprint::parse(&fixture("many_problems.toml")) else {
        panic!("many_problems.toml loaded");
    };
    let got: Vec<(usize, &str)> = problems
        .0
        .iter()
        .map(|p| (p.line.unwrap_or(0), p.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "name"),
            (3, "region"),
            (4, "colour"),
            (6, "data_owner.account_id"),
            (7, "data_owner.acount_id"),
            (8, "data_owner.admin_principals[1]"),
            (11, "model_owner.account_id"),
            (12, "model_owner.profile"),
            (15, "network.vpc_cidr"),
            (17, "network.s3_endpoint_id"),
            (21, "network.subnets[0].cidr"),
            (24, "network.subnets[1].az_id"),
            (25, "network.subnets[1].cidr"),
            (26, "network.subnets[1].subnet_id"),
            (28, "network.subnets[2].cidr"),
            (32, "data.bucket"),
            (33, "data.model_owner_actions[1]"),
            (36, "cluster.name"),
            (37, "cluster.kubernetes_version"),
            (38, "cluster.endpoint_public_access"),
            (39, "cluster.instance_types"),
            (40, "cluster.desired_size"),
            (43, "guardrails.extra_denied_actions"),
        ]
    );
    let text = problems.to_string();
    assert_eq!(text.lines().count(), 23);
    for line in [
        r#"line 4: colour: unknown key (allowed: name, region, data_owner, model_owner, network, data, cluster, guardrails)"#,
        r#"line 6: data_owner.account_id: missing required key (expected a string)"#,
        r#"line 7: data_owner.acount_id: unknown key, did you mean "account_id"? (allowed: account_id, profile, admin_principals)"#,
        r#"line 8: data_owner.admin_principals[1]: expected a string, found an integer (put it in quotes: "42")"#,
        r#"line 15: network.vpc_cidr: 10.40.0.0/8 has host bits set: the network address of a /8 is 10.0.0.0/8"#,
        r#"line 26: network.subnets[1].subnet_id: give cidr or subnet_id, not both"#,
        r#"line 28: network.subnets[2].cidr: missing required key: give cidr (a subnet to create) or subnet_id (an existing subnet)"#,
        r#"line 37: cluster.kubernetes_version: expected a string, found a float (put it in quotes: "1.33")"#,
        r#"line 38: cluster.endpoint_public_access: expected a boolean (true or false), found a string"#,
        r#"line 43: guardrails.extra_denied_actions: expected a list of strings, found a string"#,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }
}

#[test]
fn syntax_error_is_the_only_problem_with_its_line() {
    assert_eq!(
        error(&fixture("syntax_error.toml")),
        "line 8: network.vpc_cidr: invalid TOML: invalid float, expected nothing"
    );
    assert_eq!(
        error("name = \"x\"\nname = \"y\"\n"),
        "line 2: name: invalid TOML: duplicate key"
    );
    let unclosed = edit(&starter(), "[cluster]", "[cluster");
    let problem = error(&unclosed);
    assert!(
        problem.starts_with("line 29: cluster: invalid TOML: "),
        "{problem}"
    );
}

#[test]
fn leaky_but_valid_loads() {
    let bp = match Blueprint::parse(&fixture("leaky_but_valid.toml")) {
        Ok(bp) => bp,
        Err(p) => panic!("{p}"),
    };
    assert!(bp.cluster.endpoint_public_access);
    assert_eq!(bp.network.subnets.len(), 1);
    assert!(bp.network.interface_endpoints.is_empty());
    assert_eq!(bp.data.model_owner_actions, ["s3:*"]);
    assert_eq!(bp.data_owner.profile, None);
    assert!(bp.guardrails.extra_denied_actions.is_empty());
}

#[test]
fn china_region_requires_aws_cn_arns() {
    assert_eq!(
        errors(&fixture("china.toml")),
        [
            "line 6: data_owner.admin_principals[1]: arn:aws:iam::111111111111:user/ops is in partition aws, but this region's partition is aws-cn: expected arn:aws-cn:iam::<account>:role|user/<name>"
        ]
    );
    let fixed = edit(&fixture("china.toml"), "arn:aws:iam", "arn:aws-cn:iam");
    let bp = Blueprint::parse(&fixed).expect("china blueprint with aws-cn ARNs loads");
    assert_eq!(bp.partition().as_str(), "aws-cn");

    let aws_role = edit(
        &fixed,
        "arn:aws-cn:iam::222222222222",
        "arn:aws:iam::222222222222",
    );
    assert_eq!(
        error(&aws_role),
        "line 10: model_owner.role_arn: arn:aws:iam::222222222222:role/EksIsolationAdmin is in partition aws, but this region's partition is aws-cn: expected arn:aws-cn:iam::<account>:role/<name>"
    );
}

#[test]
fn unknown_keys_with_and_without_suggestions() {
    let src = edit(&starter(), "vpc_cidr =", "vpc_cdir =");
    assert_eq!(
        errors(&src),
        [
            "line 13: network.vpc_cidr: missing required key: give vpc_cidr (a VPC to create) or vpc_id (an existing VPC)",
            "line 14: network.vpc_cdir: unknown key, did you mean \"vpc_cidr\"? (allowed: vpc_cidr, vpc_id, interface_endpoints, s3_endpoint_id, subnets)",
        ]
    );
    let src = edit(
        &starter(),
        "desired_size = 2",
        "desired_size = 2\nspot = true",
    );
    assert_eq!(
        error(&src),
        "line 35: cluster.spot: unknown key (allowed: name, kubernetes_version, endpoint_public_access, instance_types, desired_size, pod_credentials)"
    );
    let src = edit(
        &starter(),
        "cidr = \"10.40.16.0/20\"",
        "cidr = \"10.40.16.0/20\"\n\"zone name\" = \"a\"",
    );
    assert_eq!(
        error(&src),
        "line 24: network.subnets[1].\"zone name\": unknown key (allowed: az_id, cidr, subnet_id)"
    );
    let src = format!("{}\n[guardrail]\nextra_denied_actions = []\n", starter());
    assert_eq!(
        error(&src),
        "line 36: guardrail: unknown key, did you mean \"guardrails\"? (allowed: name, region, data_owner, model_owner, network, data, cluster, guardrails)"
    );
}

#[test]
fn wrong_types() {
    let src = edit(
        &starter(),
        "account_id = \"111111111111\"",
        "account_id = 111111111111",
    );
    assert_eq!(
        error(&src),
        "line 5: data_owner.account_id: expected a string, found an integer (put it in quotes: \"111111111111\")"
    );
    let src = edit(
        &starter(),
        "instance_types = [\"m6i.large\"]",
        "instance_types = \"m6i.large\"",
    );
    assert_eq!(
        error(&src),
        "line 33: cluster.instance_types: expected a list of strings, found a string"
    );
    let src = edit(&starter(), "desired_size = 2", "desired_size = \"2\"");
    assert_eq!(
        error(&src),
        "line 34: cluster.desired_size: expected an integer, found a string"
    );
    let src = edit(
        &starter(),
        "endpoint_public_access = false",
        "endpoint_public_access = 0",
    );
    assert_eq!(
        error(&src),
        "line 32: cluster.endpoint_public_access: expected a boolean (true or false), found an integer"
    );
    let src = edit(
        &starter(),
        "region = \"us-east-1\"",
        "region = \"us-east-1\"\ncluster = \"inference\"",
    );
    let src = edit(&src, "[cluster]\n", "[cluster_]\n");
    assert_eq!(
        errors(&src),
        [
            "line 3: cluster: expected a table [cluster], found a string",
            "line 30: cluster_: unknown key, did you mean \"cluster\"? (allowed: name, region, data_owner, model_owner, network, data, cluster, guardrails)",
        ]
    );
    // A single [network.subnets] table where a list of [[network.subnets]] is expected.
    let single = "[network.subnets]\naz_id = \"use1-az1\"\ncidr = \"10.40.0.0/20\"\n";
    let src = without_subnets(&starter()).replace("\n[data]", &format!("\n{single}\n[data]"));
    assert_eq!(
        error(&src),
        "line 17: network.subnets: expected a list of tables [[network.subnets]], found a table"
    );
    let list = "vpc_cidr = \"10.40.0.0/16\"\nsubnets = [\"subnet-0123456789abcdef0\"]";
    let src = without_subnets(&edit(&starter(), "vpc_cidr = \"10.40.0.0/16\"", list));
    assert_eq!(
        error(&src),
        "line 15: network.subnets[0]: expected a table, found a string"
    );
    // A bad item does not shift the keys of the items after it.
    let src = edit(
        &src,
        "subnets = [\"subnet-0123456789abcdef0\"]",
        "subnets = [\"x\", { az_id = \"use1-az1\", cidr = \"10.99.0.0/24\" }]",
    );
    assert_eq!(
        errors(&src),
        [
            "line 15: network.subnets[0]: expected a table, found a string",
            "line 15: network.subnets[1].cidr: 10.99.0.0/24 is outside the VPC CIDR 10.40.0.0/16",
        ]
    );
}

#[test]
fn missing_required_keys() {
    let src = edit(&starter(), "name = \"inference-demo\"\n", "");
    assert_eq!(
        error(&src),
        "line 1: name: missing required key (expected a string)"
    );
    let src = edit(&starter(), "bucket = \"inference-demo-data\"\n", "");
    assert_eq!(
        error(&src),
        "line 25: data.bucket: missing required key (expected a string)"
    );
    let src = edit(
        &starter(),
        "interface_endpoints = [\"ec2\", \"ecr.api\", \"ecr.dkr\", \"eks-auth\", \"logs\"]\n",
        "",
    );
    assert_eq!(
        error(&src),
        "line 13: network.interface_endpoints: missing required key (expected a list of strings)"
    );
    let src = edit(&starter(), "az_id = \"use1-az2\"\n", "");
    assert_eq!(
        error(&src),
        "line 21: network.subnets[1].az_id: missing required key (expected a string)"
    );
    let src = starter()
        .split("\n[cluster]")
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        error(&src),
        "line 1: cluster: missing required key (expected a table [cluster])"
    );
    assert_eq!(
        error(&without_subnets(&starter())),
        "line 13: network.subnets: missing required key (expected one or more [[network.subnets]] tables)"
    );
    let src = without_subnets(&edit(
        &starter(),
        "vpc_cidr = \"10.40.0.0/16\"",
        "subnets = []",
    ));
    assert_eq!(
        errors(&src),
        [
            "line 13: network.vpc_cidr: missing required key: give vpc_cidr (a VPC to create) or vpc_id (an existing VPC)",
            "line 14: network.subnets: give at least one [[network.subnets]] entry",
        ]
    );
}

#[test]
fn lenient_load_keeps_a_readable_blueprint_with_its_value_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let text = eks_isolation::blueprint::EXAMPLE.replace("\"222222222222\"", "\"2222\"");
    std::fs::write(&path, &text).unwrap();
    let (bp, problems) = Blueprint::load_lenient(&path).unwrap();
    assert_eq!(bp.model_owner.account_id, "2222");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key, "model_owner.account_id");
    assert!(problems[0].line.is_some());
    assert!(matches!(
        Blueprint::load(&path),
        Err(eks_isolation::blueprint::LoadError::Invalid(_))
    ));
    // A structural problem (wrong type) is still an error: nothing to open.
    std::fs::write(
        &path,
        text.replace("desired_size = 2", "desired_size = \"two\""),
    )
    .unwrap();
    assert!(matches!(
        Blueprint::load_lenient(&path),
        Err(eks_isolation::blueprint::LoadError::Invalid(_))
    ));
}
