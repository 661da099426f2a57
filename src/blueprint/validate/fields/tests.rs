use super::*;
use crate::blueprint::Partition::{Aws, AwsCn, AwsUsGov};

fn all_ok(f: impl Fn(&str) -> Result<(), String>, good: &[&str]) {
    for s in good {
        assert_eq!(f(s), Ok(()), "{s:?} should be accepted");
    }
}

fn all_err(f: impl Fn(&str) -> Result<(), String>, bad: &[&str]) {
    for s in bad {
        assert!(f(s).is_err(), "{s:?} should be rejected");
    }
}

#[test]
fn account_ids() {
    all_ok(account_id, &["111111111111", "000000000000"]);
    all_err(
        account_id,
        &[
            "",
            "11111111111",
            "1111111111111",
            "11111111111a",
            "١١١١١١١١١١١١",
        ],
    );
    assert_eq!(
        account_id("12345"),
        Err("\"12345\" is not an account ID: expected exactly 12 digits".into())
    );
}

#[test]
fn regions() {
    all_ok(
        region,
        &[
            "us-east-1",
            "cn-northwest-1",
            "us-gov-east-1",
            "ap-southeast-7",
        ],
    );
    all_err(region, &["", "us-east", "us-east-9", "Us-east-1"]);
    assert_eq!(
        region("eu-moon-1"),
        Err("\"eu-moon-1\" is not a known AWS region code (like us-east-1 or eu-west-1)".into())
    );
}

#[test]
fn blueprint_names() {
    let max = "a".repeat(63);
    all_ok(
        blueprint_name,
        &["a", "inference-demo", "A_1-b", "9lives", &max],
    );
    let too_long = "a".repeat(64);
    all_err(
        blueprint_name,
        &["", "-a", "_a", "a b", "a.b", "ä", &too_long],
    );
}

#[test]
fn profiles() {
    all_ok(profile, &["default", "data-owner", "my profile"]);
    all_err(profile, &["", " x", "x ", "a\nb"]);
    assert_eq!(
        profile(""),
        Err(
            "the profile name is empty (leave the key out to use the default credential chain)"
                .into()
        )
    );
}

#[test]
fn iam_arns() {
    let ok = |s: &str| iam_arn(s, Aws);
    all_ok(
        ok,
        &[
            "arn:aws:iam::111111111111:role/DataAdmin",
            "arn:aws:iam::111111111111:role/admins/ops/DataAdmin",
            "arn:aws:iam::111111111111:user/alice@example.com",
            "arn:aws:iam::111111111111:root",
            "arn:aws:iam::111111111111:role/a+b=c,d.e@f_g-h",
        ],
    );
    all_err(
        ok,
        &[
            "",
            "DataAdmin",
            "arn:aws:iam::111111111111:role/",
            "arn:aws:iam::111111111111:role//x",
            "arn:aws:iam::111111111111:role/*",
            "arn:aws:iam::111111111111:group/admins",
            "arn:aws:iam::11111111111:role/x",
            "arn:aws:iam:us-east-1:111111111111:role/x",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::111111111111:policy/x",
            &format!("arn:aws:iam::111111111111:role/{}", "r".repeat(65)),
        ],
    );
    assert_eq!(
        iam_arn("arn:aws:iam::111111111111:role/Admin", AwsCn),
        Err("arn:aws:iam::111111111111:role/Admin is in partition aws, but this region's partition is aws-cn: expected arn:aws-cn:iam::<account>:role|user/<name>".into())
    );
    assert_eq!(
        iam_arn("arn:aws-cn:iam::111111111111:role/Admin", AwsCn),
        Ok(())
    );
    assert_eq!(
        iam_arn("arn:aws-us-gov:iam::111111111111:user/bob", AwsUsGov),
        Ok(())
    );
    assert_eq!(
        iam_arn("arn:aws:sts::111111111111:assumed-role/Admin/session", Aws),
        Err("arn:aws:sts::111111111111:assumed-role/Admin/session is a role session ARN: give the role ARN arn:aws:iam::111111111111:role/<name>".into())
    );
    assert_eq!(
        iam_arn("arn:azure:iam::111111111111:role/x", Aws),
        Err("\"arn:azure:iam::111111111111:role/x\" has an unknown partition \"azure\": expected arn:aws:iam::<account>:role|user/<name>".into())
    );
}

#[test]
fn role_arns() {
    let ok = |s: &str| role_arn(s, Aws);
    all_ok(
        ok,
        &[
            "arn:aws:iam::222222222222:role/ModelOwnerAdmin",
            "arn:aws:iam::222222222222:role/p/x",
        ],
    );
    all_err(
        ok,
        &[
            "arn:aws:iam::222222222222:user/bob",
            "arn:aws:iam::222222222222:root",
            "role/x",
        ],
    );
    assert_eq!(
        role_arn("arn:aws:iam::222222222222:user/bob", Aws),
        Err("\"arn:aws:iam::222222222222:user/bob\" is not an IAM role ARN: expected arn:aws:iam::<account>:role/<name>".into())
    );
    assert_eq!(
        arn_account("arn:aws:iam::222222222222:role/x"),
        Some("222222222222")
    );
    assert_eq!(arn_account("nope"), None);
}

#[test]
fn cidrs() {
    all_ok(cidr, &["0.0.0.0/0", "10.0.0.0/8", "192.168.1.1/32"]);
    all_err(
        cidr,
        &["10.0.0.0", "10.0.0.1/8", "10.0.0.0/33", "300.0.0.0/8"],
    );
}

#[test]
fn vpc_cidrs() {
    all_ok(vpc_cidr, &["10.40.0.0/16", "10.40.0.0/28", "172.16.0.0/20"]);
    all_err(
        vpc_cidr,
        &["10.0.0.0/8", "10.0.0.0/15", "10.40.0.0/29", "10.40.0.1/16"],
    );
    assert_eq!(
        vpc_cidr("10.0.0.0/8"),
        Err("10.0.0.0/8: a VPC CIDR block must be from /16 to /28".into())
    );
}

#[test]
fn subnet_cidrs() {
    all_ok(
        subnet_cidr,
        &["10.40.0.0/16", "10.40.0.0/20", "10.40.0.16/28"],
    );
    assert_eq!(
        subnet_cidr("10.40.0.0/29"),
        Err("10.40.0.0/29 is smaller than a /28, the smallest subnet AWS allows".into())
    );
    assert_eq!(
        subnet_cidr("10.0.0.0/15"),
        Err("10.0.0.0/15 is larger than a /16, the largest subnet AWS allows".into())
    );
    assert!(subnet_cidr("10.40.0.8/28").is_err());
}

#[test]
fn resource_ids() {
    all_ok(vpc_id, &["vpc-0123abcd", "vpc-0123456789abcdef0"]);
    all_err(
        vpc_id,
        &[
            "vpc-",
            "vpc-0123abc",
            "vpc-0123ABCD",
            "vpc-0123456789abcdef",
            "subnet-0123abcd",
        ],
    );
    all_ok(subnet_id, &["subnet-0123abcd", "subnet-0123456789abcdef0"]);
    all_err(
        subnet_id,
        &["subnet-xyz", "sn-0123abcd", "subnet-0123abcd "],
    );
    all_ok(
        vpc_endpoint_id,
        &["vpce-0123456789abcdef0", "vpce-1a2b3c4d"],
    );
    all_err(vpc_endpoint_id, &["vpc-0123456789abcdef0", "vpce-"]);
    assert_eq!(
        vpc_id("vpc-12"),
        Err("\"vpc-12\" is not a VPC ID: expected vpc- and 8 or 17 lowercase hex digits".into())
    );
}

#[test]
fn az_ids() {
    all_ok(
        az_id,
        &[
            "use1-az1",
            "apne1-az4",
            "usgw1-az2",
            "cnnw1-az3",
            "apse5-az1",
            "use1-az10",
        ],
    );
    all_err(
        az_id,
        &[
            "",
            "use1",
            "use1-az",
            "use1-azx",
            "USE1-az1",
            "-az1",
            "use-az1",
            "use1-az123",
        ],
    );
    assert_eq!(
        az_id("us-east-1a"),
        Err("\"us-east-1a\" is not an AZ ID: give the Availability Zone ID (like use1-az1), not the zone name".into())
    );
}

#[test]
fn endpoint_services() {
    all_ok(
        endpoint_service,
        &[
            "ec2",
            "ecr.api",
            "ecr.dkr",
            "eks-auth",
            "elasticloadbalancing",
        ],
    );
    all_err(
        endpoint_service,
        &["", "ECR.api", "ecr..api", ".sts", "sts.", "ecr api"],
    );
    assert_eq!(
        endpoint_service("com.amazonaws.us-east-1.sts"),
        Err(
            "\"com.amazonaws.us-east-1.sts\" is a full service name: give the short name (sts)"
                .into()
        )
    );
}

#[test]
fn bucket_names() {
    let max = "b".repeat(63);
    all_ok(
        bucket_name,
        &[
            "abc",
            "inference-demo-data",
            "my.data.bucket",
            "1bucket",
            &max,
        ],
    );
    let too_long = "b".repeat(64);
    let cases: &[(&str, &str)] = &[
        ("ab", "it must be 3 to 63 characters long"),
        (&too_long, "it must be 3 to 63 characters long"),
        (
            "My-Bucket",
            "only lowercase letters, digits, dots and hyphens are allowed",
        ),
        (
            "my_bucket",
            "only lowercase letters, digits, dots and hyphens are allowed",
        ),
        ("-bucket", "it must begin and end with a letter or digit"),
        ("bucket.", "it must begin and end with a letter or digit"),
        ("my..bucket", "it must not contain two adjacent dots"),
        ("192.168.5.4", "it must not be formatted as an IP address"),
        ("xn--bucket", "the prefix xn-- is reserved"),
        ("sthree-bucket", "the prefix sthree- is reserved"),
        ("data-s3alias", "the suffix -s3alias is reserved"),
        ("data--ol-s3", "the suffix --ol-s3 is reserved"),
        ("data--x-s3", "the suffix --x-s3 is reserved"),
    ];
    for (name, why) in cases {
        assert_eq!(
            bucket_name(name),
            Err(format!("{name:?} is not a valid bucket name: {why}"))
        );
    }
}

#[test]
fn cluster_names() {
    let max = "c".repeat(100);
    all_ok(cluster_name, &["inference", "A", "1-cluster_x", &max]);
    let too_long = "c".repeat(101);
    all_err(cluster_name, &["", "-x", "_x", "a.b", "a b", &too_long]);
}

#[test]
fn kubernetes_versions() {
    all_ok(kubernetes_version, &["1.33", "1.9", "1.0"]);
    all_err(
        kubernetes_version,
        &["", "1", "1.", "v1.33", "1.33.0", "2.1", "1.033", "1.x"],
    );
}

#[test]
fn instance_types() {
    all_ok(
        instance_type,
        &[
            "m6i.large",
            "p4d.24xlarge",
            "u-6tb1.metal",
            "m7i-flex.large",
        ],
    );
    all_err(
        instance_type,
        &[
            "",
            "m6i",
            ".large",
            "m6i.",
            "M6i.large",
            "m6i.large.x",
            "m6i large",
        ],
    );
}

#[test]
fn desired_sizes() {
    assert_eq!(desired_size(1), Ok(()));
    assert_eq!(desired_size(450), Ok(()));
    assert_eq!(
        desired_size(0),
        Err("0 is out of range: a managed node group has 1 to 450 nodes".into())
    );
    assert!(desired_size(451).is_err());
    assert!(desired_size(-1).is_err());
}

#[test]
fn actions() {
    all_ok(
        action,
        &[
            "s3:GetObject",
            "s3:Get*",
            "s3:*",
            "ec2:Create?napshot",
            "execute-api:Invoke",
        ],
    );
    all_err(
        action,
        &[
            "",
            "*",
            "s3",
            "s3:",
            ":GetObject",
            "S3:GetObject",
            "s3:Get Object",
            "s3:Get:Object",
        ],
    );
    assert_eq!(
        action("s3GetObject"),
        Err("\"s3GetObject\" is not an IAM action: expected service:Action, like s3:GetObject or s3:Get*".into())
    );
}
