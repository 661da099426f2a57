use crate::blueprint::{Blueprint, Problem, Subnet, SubnetSource, VpcSource};

fn problems(bp: &Blueprint) -> Vec<String> {
    bp.validate().iter().map(Problem::to_string).collect()
}

fn subnet(az: &str, cidr: &str) -> Subnet {
    Subnet {
        az_id: az.into(),
        source: SubnetSource::Create { cidr: cidr.into() },
    }
}

#[test]
fn starter_is_valid() {
    assert_eq!(problems(&Blueprint::starter()), Vec::<String>::new());
}

#[test]
fn problems_have_keys_and_no_lines() {
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = "1234".into();
    let p = bp.validate();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, None);
    assert_eq!(
        p[0].to_string(),
        "data_owner.account_id: \"1234\" is not an account ID: expected exactly 12 digits"
    );
}

#[test]
fn same_account_twice() {
    let mut bp = Blueprint::starter();
    bp.model_owner.account_id = bp.data_owner.account_id.clone();
    assert_eq!(
        problems(&bp),
        [
            "model_owner.account_id: 111111111111 is also the data owner's account: the two parties need different accounts"
        ]
    );
}

#[test]
fn subnet_layout() {
    let mut bp = Blueprint::starter();
    bp.network.subnets = vec![
        subnet("use1-az1", "10.40.0.0/20"),
        subnet("use1-az2", "10.50.0.0/20"),
        subnet("use1-az3", "10.40.8.0/21"),
        subnet("use1-az4", "10.40.32.0/29"),
        subnet("euw1-az1", "10.40.48.0/20"),
    ];
    assert_eq!(
        problems(&bp),
        [
            "network.subnets[1].cidr: 10.50.0.0/20 is outside the VPC CIDR 10.40.0.0/16",
            "network.subnets[2].cidr: 10.40.8.0/21 overlaps network.subnets[0].cidr 10.40.0.0/20",
            "network.subnets[3].cidr: 10.40.32.0/29 is smaller than a /28, the smallest subnet AWS allows",
            "network.subnets[4].az_id: euw1-az1 is not in region us-east-1 (its AZ IDs look like use1-az1)",
        ]
    );
}

#[test]
fn existing_vpc_and_subnets() {
    let mut bp = Blueprint::starter();
    bp.network.vpc = VpcSource::Existing {
        vpc_id: "vpc-0123456789abcdef0".into(),
    };
    let existing = |az: &str, id: &str| Subnet {
        az_id: az.into(),
        source: SubnetSource::Existing {
            subnet_id: id.into(),
        },
    };
    bp.network.subnets = vec![
        existing("use1-az1", "subnet-0123456789abcdef0"),
        existing("use1-az2", "subnet-0123456789abcdef0"),
        // A subnet to create in an existing VPC: its CIDR cannot be checked against the VPC.
        subnet("use1-az4", "172.16.0.0/24"),
    ];
    assert_eq!(
        problems(&bp),
        [
            "network.subnets[1].subnet_id: subnet-0123456789abcdef0 is listed twice (also network.subnets[0].subnet_id)"
        ]
    );

    bp.network.vpc = VpcSource::Create {
        cidr: "10.40.0.0/16".into(),
    };
    bp.network.subnets.truncate(1);
    assert_eq!(
        problems(&bp),
        [
            "network.subnets[0].subnet_id: an existing subnet cannot be in a VPC still to be created: give network.vpc_id, or a cidr here"
        ]
    );
}

#[test]
fn principals_belong_to_their_accounts() {
    let mut bp = Blueprint::starter();
    bp.data_owner.admin_principals = vec![
        "arn:aws:iam::222222222222:role/Sneaky".into(),
        "arn:aws:iam::111111111111:root".into(),
    ];
    bp.model_owner.profile = None;
    bp.model_owner.role_arn = Some("arn:aws:iam::111111111111:role/Admin".into());
    assert_eq!(
        problems(&bp),
        [
            "data_owner.admin_principals[0]: arn:aws:iam::222222222222:role/Sneaky is in account 222222222222, not data_owner.account_id 111111111111",
            "model_owner.role_arn: arn:aws:iam::111111111111:role/Admin is in account 111111111111, not model_owner.account_id 222222222222",
        ]
    );
}

#[test]
fn profile_and_role_are_exclusive() {
    let mut bp = Blueprint::starter();
    bp.model_owner.role_arn = Some("arn:aws:iam::222222222222:role/Admin".into());
    assert_eq!(
        problems(&bp),
        ["model_owner.role_arn: give profile or role_arn, not both"]
    );
}

#[test]
fn partition_follows_region() {
    let mut bp = Blueprint::starter();
    bp.region = "cn-north-1".into();
    bp.network.subnets = vec![subnet("cnn1-az1", "10.40.0.0/20")];
    assert_eq!(
        problems(&bp),
        [
            "data_owner.admin_principals[0]: arn:aws:iam::111111111111:role/DataAdmin is in partition aws, but this region's partition is aws-cn: expected arn:aws-cn:iam::<account>:role|user/<name>"
        ]
    );
    bp.data_owner.admin_principals = vec!["arn:aws-cn:iam::111111111111:role/DataAdmin".into()];
    assert_eq!(problems(&bp), Vec::<String>::new());
    // While the region is not chosen yet, ARNs are not held to a partition.
    bp.region = String::new();
    bp.network.subnets.clear();
    assert_eq!(
        problems(&bp),
        [
            "region: \"\" is not a known AWS region code (like us-east-1 or eu-west-1)",
            "network.subnets: give at least one [[network.subnets]] entry",
        ]
    );
}

#[test]
fn lists_and_cluster() {
    let mut bp = Blueprint::starter();
    bp.network.interface_endpoints.push("eks-auth".into());
    bp.data.model_owner_actions = vec!["s3:Get*".into(), "ec2:RunInstances".into()];
    bp.guardrails.extra_denied_actions = vec!["s3 PutObject".into()];
    bp.cluster.instance_types.clear();
    bp.cluster.desired_size = 0;
    assert_eq!(
        problems(&bp),
        [
            "network.interface_endpoints[5]: eks-auth is listed twice (also network.interface_endpoints[3])",
            "data.model_owner_actions[1]: ec2:RunInstances is not an S3 action: the bucket policy grants only s3: actions",
            "cluster.instance_types: give at least one instance type, like \"m6i.large\"",
            "cluster.desired_size: 0 is out of range: a managed node group has 1 to 450 nodes",
            "guardrails.extra_denied_actions[0]: \"s3 PutObject\" is not an IAM action: expected service:Action, like s3:GetObject or s3:Get*",
        ]
    );
}

#[test]
fn leaky_but_well_formed_is_not_a_problem() {
    let mut bp = Blueprint::starter();
    bp.cluster.endpoint_public_access = true;
    bp.network.subnets.truncate(1);
    bp.network.interface_endpoints.clear();
    bp.data.model_owner_actions = vec!["s3:*".into()];
    assert_eq!(problems(&bp), Vec::<String>::new());
}
