//! Each semantic rule, through the loader: the problem names the key and its line.
//! Sources are the starter blueprint's TOML with one edit (its layout is pinned in
//! `blueprint_load.rs::starter_toml_layout`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use eks_isolation::blueprint::{Blueprint, Problem};

fn starter() -> String {
    Blueprint::starter().to_toml()
}

/// The problems after replacing `from` by `to` in the starter TOML.
fn after(from: &str, to: &str) -> Vec<String> {
    let src = starter();
    assert!(src.contains(from), "{from:?} not in the starter");
    match Blueprint::parse(&src.replacen(from, to, 1)) {
        Ok(_) => panic!("{to:?} should not load"),
        Err(p) => p.0.iter().map(Problem::to_string).collect(),
    }
}

#[test]
fn account_ids() {
    assert_eq!(
        after("\"111111111111\"", "\"11111111111x\""),
        [
            "line 5: data_owner.account_id: \"11111111111x\" is not an account ID: expected exactly 12 digits"
        ]
    );
    assert_eq!(
        after(
            "account_id = \"222222222222\"",
            "account_id = \"111111111111\""
        ),
        [
            "line 10: model_owner.account_id: 111111111111 is also the data owner's account: the two parties need different accounts"
        ]
    );
}

#[test]
fn regions_and_names() {
    assert_eq!(
        after("region = \"us-east-1\"", "region = \"us-east-1a\""),
        [
            "line 2: region: \"us-east-1a\" is not a known AWS region code (like us-east-1 or eu-west-1)"
        ]
    );
    assert_eq!(
        after("name = \"inference-demo\"", "name = \"inference/demo\""),
        [
            "line 1: name: \"inference/demo\" is not a valid name: use 1 to 63 letters, digits, hyphens and underscores, starting with a letter or digit"
        ]
    );
    assert_eq!(
        after("profile = \"model-owner\"", "profile = \"\""),
        [
            "line 11: model_owner.profile: the profile name is empty (leave the key out to use the default credential chain)"
        ]
    );
}

#[test]
fn cidrs() {
    assert_eq!(
        after("vpc_cidr = \"10.40.0.0/16\"", "vpc_cidr = \"10.40.0/16\""),
        [
            "line 14: network.vpc_cidr: \"10.40.0/16\" is not a CIDR block: \"10.40.0\" is not an IPv4 address like 10.0.0.0"
        ]
    );
    assert_eq!(
        after("vpc_cidr = \"10.40.0.0/16\"", "vpc_cidr = \"10.40.0.0/40\""),
        [
            "line 14: network.vpc_cidr: \"10.40.0.0/40\" is not a CIDR block: the prefix length must be a number from 0 to 32"
        ]
    );
    // A /12 VPC is too large for AWS; its subnets are still checked against it.
    assert_eq!(
        after("vpc_cidr = \"10.40.0.0/16\"", "vpc_cidr = \"10.32.0.0/12\""),
        ["line 14: network.vpc_cidr: 10.32.0.0/12: a VPC CIDR block must be from /16 to /28"]
    );
    assert_eq!(
        after("cidr = \"10.40.16.0/20\"", "cidr = \"10.50.0.0/20\""),
        ["line 23: network.subnets[1].cidr: 10.50.0.0/20 is outside the VPC CIDR 10.40.0.0/16"]
    );
    assert_eq!(
        after("cidr = \"10.40.16.0/20\"", "cidr = \"10.40.8.0/21\""),
        [
            "line 23: network.subnets[1].cidr: 10.40.8.0/21 overlaps network.subnets[0].cidr 10.40.0.0/20"
        ]
    );
    assert_eq!(
        after("cidr = \"10.40.16.0/20\"", "cidr = \"10.40.16.0/30\""),
        [
            "line 23: network.subnets[1].cidr: 10.40.16.0/30 is smaller than a /28, the smallest subnet AWS allows"
        ]
    );
    assert_eq!(
        after("cidr = \"10.40.16.0/20\"", "cidr = \"10.40.16.1/20\""),
        [
            "line 23: network.subnets[1].cidr: 10.40.16.1/20 has host bits set: the network address of a /20 is 10.40.16.0/20"
        ]
    );
}

#[test]
fn vpc_and_subnet_alternatives() {
    assert_eq!(
        after(
            "vpc_cidr = \"10.40.0.0/16\"",
            "vpc_cidr = \"10.40.0.0/16\"\nvpc_id = \"vpc-0123456789abcdef0\""
        ),
        ["line 15: network.vpc_id: give vpc_cidr or vpc_id, not both"]
    );
    assert_eq!(
        after("vpc_cidr = \"10.40.0.0/16\"", "vpc_id = \"vpc-12345\""),
        [
            "line 14: network.vpc_id: \"vpc-12345\" is not a VPC ID: expected vpc- and 8 or 17 lowercase hex digits"
        ]
    );
    assert_eq!(
        after(
            "cidr = \"10.40.16.0/20\"",
            "subnet_id = \"subnet-0123456789abcdef0\""
        ),
        [
            "line 23: network.subnets[1].subnet_id: an existing subnet cannot be in a VPC still to be created: give network.vpc_id, or a cidr here"
        ]
    );
    assert_eq!(
        after(
            "vpc_cidr = \"10.40.0.0/16\"",
            "vpc_cidr = \"10.40.0.0/16\"\ns3_endpoint_id = \"vpce-XYZ\""
        ),
        [
            "line 15: network.s3_endpoint_id: \"vpce-XYZ\" is not a VPC endpoint ID: expected vpce- and 8 or 17 lowercase hex digits"
        ]
    );
    assert_eq!(
        after("\"ecr.dkr\"", "\"com.amazonaws.us-east-1.ecr.dkr\""),
        [
            "line 15: network.interface_endpoints[2]: \"com.amazonaws.us-east-1.ecr.dkr\" is a full service name: give the short name (ecr.dkr)"
        ]
    );
}

#[test]
fn az_ids() {
    assert_eq!(
        after("az_id = \"use1-az2\"", "az_id = \"us-east-1b\""),
        [
            "line 22: network.subnets[1].az_id: \"us-east-1b\" is not an AZ ID: give the Availability Zone ID (like use1-az1), not the zone name"
        ]
    );
    assert_eq!(
        after("az_id = \"use1-az2\"", "az_id = \"usw2-az2\""),
        [
            "line 22: network.subnets[1].az_id: usw2-az2 is not in region us-east-1 (its AZ IDs look like use1-az1)"
        ]
    );
}

#[test]
fn arns() {
    assert_eq!(
        after("role/DataAdmin", "group/Admins"),
        [
            "line 7: data_owner.admin_principals[0]: \"arn:aws:iam::111111111111:group/Admins\" is not an IAM role or user ARN: expected arn:aws:iam::<account>:role|user/<name>"
        ]
    );
    assert_eq!(
        after(
            "\"arn:aws:iam::111111111111:role/DataAdmin\"",
            "\"DataAdmin\""
        ),
        [
            "line 7: data_owner.admin_principals[0]: \"DataAdmin\" is not an ARN: expected arn:aws:iam::<account>:role|user/<name>"
        ]
    );
    assert_eq!(
        after(
            "profile = \"model-owner\"",
            "role_arn = \"arn:aws:iam::222222222222:user/bob\""
        ),
        [
            "line 11: model_owner.role_arn: \"arn:aws:iam::222222222222:user/bob\" is not an IAM role ARN: expected arn:aws:iam::<account>:role/<name>"
        ]
    );
    assert_eq!(
        after(
            "profile = \"model-owner\"",
            "profile = \"model-owner\"\nrole_arn = \"arn:aws:iam::222222222222:role/Admin\""
        ),
        ["line 12: model_owner.role_arn: give profile or role_arn, not both"]
    );
    assert_eq!(
        after("region = \"us-east-1\"", "region = \"us-gov-west-1\"")
            .first()
            .map(String::as_str),
        Some(
            "line 7: data_owner.admin_principals[0]: arn:aws:iam::111111111111:role/DataAdmin is in partition aws, but this region's partition is aws-us-gov: expected arn:aws-us-gov:iam::<account>:role|user/<name>"
        )
    );
}

#[test]
fn bucket_names() {
    for (bucket, why) in [
        ("ab", "it must be 3 to 63 characters long"),
        (
            "Data",
            "only lowercase letters, digits, dots and hyphens are allowed",
        ),
        ("data-", "it must begin and end with a letter or digit"),
        ("da..ta", "it must not contain two adjacent dots"),
        ("10.0.0.1", "it must not be formatted as an IP address"),
        ("xn--data", "the prefix xn-- is reserved"),
        ("data-s3alias", "the suffix -s3alias is reserved"),
        ("data--ol-s3", "the suffix --ol-s3 is reserved"),
    ] {
        assert_eq!(
            after(
                "bucket = \"inference-demo-data\"",
                &format!("bucket = \"{bucket}\"")
            ),
            [format!(
                "line 26: data.bucket: \"{bucket}\" is not a valid bucket name: {why}"
            )]
        );
    }
}

#[test]
fn cluster_settings() {
    assert_eq!(
        after("name = \"inference\"", "name = \"inference.prod\""),
        [
            "line 30: cluster.name: \"inference.prod\" is not a valid cluster name: use 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit"
        ]
    );
    assert_eq!(
        after(
            "kubernetes_version = \"1.33\"",
            "kubernetes_version = \"v1.33\""
        ),
        [
            "line 31: cluster.kubernetes_version: \"v1.33\" is not a Kubernetes version: expected major.minor, like 1.33"
        ]
    );
    assert_eq!(
        after("instance_types = [\"m6i.large\"]", "instance_types = []"),
        ["line 33: cluster.instance_types: give at least one instance type, like \"m6i.large\""]
    );
    assert_eq!(
        after("[\"m6i.large\"]", "[\"m6i.large\",\n  \"m6i-large\"]"),
        [
            "line 34: cluster.instance_types[1]: \"m6i-large\" is not an instance type: expected family.size, like m6i.large"
        ]
    );
    assert_eq!(
        after("desired_size = 2", "desired_size = 0"),
        [
            "line 34: cluster.desired_size: 0 is out of range: a managed node group has 1 to 450 nodes"
        ]
    );
}

#[test]
fn actions() {
    assert_eq!(
        after("\"s3:ListBucket\"", "\"s3:List Bucket\""),
        [
            "line 27: data.model_owner_actions[1]: \"s3:List Bucket\" is not an IAM action: expected service:Action, like s3:GetObject or s3:Get*"
        ]
    );
    assert_eq!(
        after("\"s3:ListBucket\"", "\"ec2:Describe*\""),
        [
            "line 27: data.model_owner_actions[1]: ec2:Describe* is not an S3 action: the bucket policy grants only s3: actions"
        ]
    );
    let guardrails = "desired_size = 2\n\n[guardrails]\nextra_denied_actions = [\n  \"ec2:CreateFlowLogs\",\n  \"CreateSnapshot\",\n]";
    assert_eq!(
        after("desired_size = 2", guardrails),
        [
            "line 39: guardrails.extra_denied_actions[1]: \"CreateSnapshot\" is not an IAM action: expected service:Action, like s3:GetObject or s3:Get*"
        ]
    );
}

#[test]
fn pod_credentials() {
    let with = |value: &str| {
        starter().replacen(
            "desired_size = 2",
            &format!("desired_size = 2\npod_credentials = {value}"),
            1,
        )
    };
    use eks_isolation::blueprint::PodCredentials;
    let irsa = Blueprint::parse(&with("\"irsa\"")).unwrap();
    assert_eq!(irsa.cluster.pod_credentials, PodCredentials::Irsa);
    let default = Blueprint::parse(&starter()).unwrap();
    assert_eq!(default.cluster.pod_credentials, PodCredentials::PodIdentity);
    assert_eq!(
        after(
            "desired_size = 2",
            "desired_size = 2\npod_credentials = \"kiam\""
        ),
        [
            "line 35: cluster.pod_credentials: \"kiam\" is not a way to give pods credentials: \
             expected \"pod-identity\" (EKS Pod Identity, the eks-auth endpoint) or \"irsa\" \
             (IAM roles for service accounts, the sts endpoint)"
        ]
    );
    let wrong_type = after(
        "desired_size = 2",
        "desired_size = 2\npod_credentials = true",
    );
    assert_eq!(wrong_type.len(), 1, "{wrong_type:?}");
    assert!(
        wrong_type[0].starts_with("line 35: cluster.pod_credentials: "),
        "{wrong_type:?}"
    );
}
