//! `to_toml` reads back equal, and the shipped example is the starter blueprint.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use eks_isolation::blueprint::{Blueprint, EXAMPLE, Subnet, SubnetSource, VpcSource};

fn round_trip(bp: &Blueprint) {
    assert_eq!(bp.validate(), [], "the variant itself must be valid");
    let text = bp.to_toml();
    match Blueprint::parse(&text) {
        Ok(back) => assert_eq!(&back, bp, "read back differs; TOML was:\n{text}"),
        Err(p) => panic!("{p}\nTOML was:\n{text}"),
    }
}

#[test]
fn example_is_the_starter() {
    assert_eq!(Blueprint::parse(EXAMPLE), Ok(Blueprint::starter()));
}

#[test]
fn example_explains_every_key() {
    for key in [
        "name",
        "region",
        "[data_owner]",
        "account_id",
        "profile",
        "admin_principals",
        "[model_owner]",
        "role_arn",
        "[network]",
        "vpc_cidr",
        "vpc_id",
        "interface_endpoints",
        "s3_endpoint_id",
        "[[network.subnets]]",
        "az_id",
        "cidr",
        "subnet_id",
        "[data]",
        "bucket",
        "model_owner_actions",
        "[cluster]",
        "kubernetes_version",
        "endpoint_public_access",
        "instance_types",
        "desired_size",
        "pod_credentials",
        "[guardrails]",
        "extra_denied_actions",
    ] {
        assert!(EXAMPLE.contains(key), "the example does not mention {key}");
    }
    // Optional keys not in the starter are shown commented out, and uncommenting them gives
    // valid values.
    for line in [
        "# role_arn = \"arn:aws:iam::222222222222:role/EksIsolationAdmin\"",
        "# vpc_id = \"vpc-0123456789abcdef0\"",
        "# s3_endpoint_id = \"vpce-0123456789abcdef0\"",
        "# [guardrails]",
        "# extra_denied_actions = [\"s3:PutBucketPolicy\", \"ec2:CreateFlowLogs\"]",
    ] {
        assert!(
            EXAMPLE.lines().any(|l| l == line),
            "{line:?} not in the example"
        );
    }
    let with_guardrails = EXAMPLE
        .replace("# [guardrails]", "[guardrails]")
        .replace("# extra_denied_actions", "extra_denied_actions");
    let bp = Blueprint::parse(&with_guardrails).expect("uncommented guardrails load");
    assert_eq!(
        bp.guardrails.extra_denied_actions,
        ["s3:PutBucketPolicy", "ec2:CreateFlowLogs"]
    );
}

#[test]
fn starter_round_trips() {
    round_trip(&Blueprint::starter());
}

#[test]
fn starter_toml_is_tidy() {
    let text = Blueprint::starter().to_toml();
    assert!(
        text.starts_with("name = \"inference-demo\"\nregion = \"us-east-1\"\n\n[data_owner]\n")
    );
    let order = [
        "[data_owner]",
        "[model_owner]",
        "[network]",
        "[[network.subnets]]",
        "[data]",
        "[cluster]",
    ];
    let positions: Vec<usize> = order
        .iter()
        .filter_map(|h| text.find(&format!("\n{h}\n")))
        .collect();
    assert_eq!(positions.len(), order.len());
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("\nendpoint_public_access = false\n"));
    assert!(!text.contains("[guardrails]"));
}

#[test]
fn existing_vpc_and_subnets_round_trip() {
    let mut bp = Blueprint::starter();
    bp.network.vpc = VpcSource::Existing {
        vpc_id: "vpc-0123456789abcdef0".into(),
    };
    bp.network.subnets = vec![
        Subnet {
            az_id: "use1-az1".into(),
            source: SubnetSource::Existing {
                subnet_id: "subnet-0123456789abcdef0".into(),
            },
        },
        Subnet {
            az_id: "use1-az4".into(),
            source: SubnetSource::Existing {
                subnet_id: "subnet-1a2b3c4d".into(),
            },
        },
        Subnet {
            az_id: "use1-az6".into(),
            source: SubnetSource::Create {
                cidr: "10.99.0.0/24".into(),
            },
        },
    ];
    bp.network.s3_endpoint_id = Some("vpce-0123456789abcdef0".into());
    round_trip(&bp);
}

#[test]
fn options_round_trip() {
    let mut bp = Blueprint::starter();
    bp.name = "x".into();
    bp.region = "cn-northwest-1".into();
    bp.data_owner.profile = None;
    bp.data_owner.admin_principals = vec![
        "arn:aws-cn:iam::111111111111:role/ops/DataAdmin".into(),
        "arn:aws-cn:iam::111111111111:user/alice".into(),
        "arn:aws-cn:iam::111111111111:root".into(),
    ];
    bp.model_owner.profile = None;
    bp.model_owner.role_arn = Some("arn:aws-cn:iam::222222222222:role/EksIsolationAdmin".into());
    bp.network.interface_endpoints = [
        "ec2", "ecr.api", "ecr.dkr", "sts", "logs", "eks", "eks-auth",
    ]
    .map(String::from)
    .to_vec();
    for (s, az) in bp
        .network
        .subnets
        .iter_mut()
        .zip(["cnnw1-az1", "cnnw1-az2"])
    {
        s.az_id = az.into();
    }
    bp.data.model_owner_actions = vec!["s3:GetObject".into()];
    bp.cluster.endpoint_public_access = true;
    bp.cluster.instance_types = vec!["m6i.large".into(), "m7i.large".into(), "c6i.xlarge".into()];
    bp.cluster.desired_size = 450;
    bp.cluster.pod_credentials = eks_isolation::blueprint::PodCredentials::Irsa;
    bp.guardrails.extra_denied_actions = vec!["ec2:CreateFlowLogs".into(), "s3:Put*".into()];
    round_trip(&bp);

    assert!(
        bp.to_toml().contains("\npod_credentials = \"irsa\"\n"),
        "{}",
        bp.to_toml()
    );

    bp.data.model_owner_actions.clear();
    bp.network.interface_endpoints.clear();
    bp.model_owner.role_arn = None;
    round_trip(&bp);
    // The default is not written, and reads back as the default.
    bp.cluster.pod_credentials = eks_isolation::blueprint::PodCredentials::PodIdentity;
    assert!(!bp.to_toml().contains("pod_credentials"));
    round_trip(&bp);
}

#[test]
fn long_lists_are_wrapped_and_read_back() {
    let mut bp = Blueprint::starter();
    bp.guardrails.extra_denied_actions = (0..12).map(|i| format!("ec2:CreateThing{i}")).collect();
    let text = bp.to_toml();
    assert!(
        text.contains("extra_denied_actions = [\n    \"ec2:CreateThing0\",\n"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.len() <= 80), "{text}");
    round_trip(&bp);
}

#[test]
fn strings_that_need_escaping_read_back() {
    // Not valid blueprint values, but the serializer must still write TOML that reads back.
    let mut bp = Blueprint::starter();
    bp.data_owner.profile = Some("we\"ird \\ profile\twith\u{1}controls".into());
    bp.cluster.kubernetes_version = "1.33\n[injected]".into();
    let text = bp.to_toml();
    let Err(problems) = Blueprint::parse(&text) else {
        panic!("escaped junk values should still fail validation");
    };
    let keys: Vec<&str> = problems.0.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        ["data_owner.profile", "cluster.kubernetes_version"],
        "{problems}"
    );
    assert!(!text.contains("\n[injected]"));
}
