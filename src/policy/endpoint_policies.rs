//! Least-privilege policies for the interface endpoints a blueprint enables.
//!
//! Every AWS API call from the shared subnets leaves through one of these endpoints (THREATS.md,
//! facts), so each policy allows what a private EKS node, the VPC CNI and the pods' credential
//! agent need, and nothing that stores caller-chosen bytes the model owner can read from
//! outside beyond what they need (THREATS.md D12). What the nodes need is the AWS managed
//! policies AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and
//! AmazonEC2ContainerRegistryReadOnly
//! (<https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKSWorkerNodePolicy.html>,
//! `.../AmazonEKS_CNI_Policy.html`, `.../AmazonEC2ContainerRegistryReadOnly.html>`); the
//! endpoints a private cluster uses are listed in
//! <https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html>.
//!
//! Every statement names account IDs and ARNs (THREATS.md: `aws:PrincipalOrgID` cannot tell
//! the parties apart).

use super::generate::{aws_principal_any, cond, document, strings};
use super::model::{ActionSpec, Condition, Effect, PolicyDocument, ResourceSpec, Statement};
use crate::blueprint::{Blueprint, PodCredentials};

/// Everything an image pull needs from ECR, and nothing more (THREATS.md D4).
pub const ECR_PULL_ACTIONS: [&str; 4] = [
    "ecr:GetAuthorizationToken",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchCheckLayerAvailability",
];

/// The rest of AmazonEC2ContainerRegistryReadOnly: reads that store nothing.
pub const ECR_READ_ACTIONS: [&str; 8] = [
    "ecr:GetRepositoryPolicy",
    "ecr:DescribeRepositories",
    "ecr:ListImages",
    "ecr:DescribeImages",
    "ecr:GetLifecyclePolicy",
    "ecr:GetLifecyclePolicyPreview",
    "ecr:ListTagsForResource",
    "ecr:DescribeImageScanFindings",
];

/// The log writes a node agent needs (THREATS.md D5).
pub const LOGS_WRITE_ACTIONS: [&str; 3] = [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
];

/// The EC2 reads of AmazonEKSWorkerNodePolicy and AmazonEKS_CNI_Policy.
pub const EC2_NODE_READS: [&str; 10] = [
    "ec2:DescribeInstances",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVolumes",
    "ec2:DescribeVolumesModifications",
    "ec2:DescribeVpcs",
    "ec2:DescribeTags",
    "ec2:DescribeNetworkInterfaces",
];

/// The writes of AmazonEKS_CNI_Policy on network interfaces (besides `ec2:CreateTags`).
pub const CNI_INTERFACE_WRITES: [&str; 7] = [
    "ec2:CreateNetworkInterface",
    "ec2:AttachNetworkInterface",
    "ec2:DetachNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:ModifyNetworkInterfaceAttribute",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
];

/// The tag keys the VPC CNI puts on the network interfaces it creates
/// (amazon-vpc-cni-k8s, `pkg/awsutils/awsutils.go`: `eniNodeTagKey`, `eniCreatedAtTagKey`,
/// `eniClusterTagKey`, `eniOwnerTagKey`).
pub const CNI_TAG_KEYS: [&str; 4] = [
    "node.k8s.amazonaws.com/instance_id",
    "node.k8s.amazonaws.com/createdAt",
    "cluster.k8s.amazonaws.com/name",
    "eks:eni:owner",
];

/// The value the VPC CNI gives `eks:eni:owner` (the same file, `eniOwnerTagValue`).
pub const CNI_OWNER_TAG_VALUE: &str = "amazon-vpc-cni";

/// The Cluster Autoscaler's calls, by endpoint (kubernetes/autoscaler,
/// `cluster-autoscaler/cloudprovider/aws/README.md`, "IAM Policy").
pub const AUTOSCALER_READS: [&str; 4] = [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
];
pub const AUTOSCALER_WRITES: [&str; 2] = [
    "autoscaling:SetDesiredCapacity",
    "autoscaling:TerminateInstanceInAutoScalingGroup",
];
pub const AUTOSCALER_EC2_READS: [&str; 3] = [
    "ec2:DescribeImages",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
];

/// The generated policy of one interface endpoint, or `None` for a service this tool writes no
/// policy for (D8 reports such endpoints; without a policy AWS's default allows everything,
/// which D12 judges).
pub fn interface_endpoint_policy(bp: &Blueprint, service: &str) -> Option<PolicyDocument> {
    let doc = match service {
        "ec2" => ec2(bp),
        "ecr.api" | "ecr.dkr" => ecr(),
        "logs" => logs(bp),
        "eks" => eks(bp),
        "eks-auth" => eks_auth(bp),
        "sts" => sts(bp),
        "elasticloadbalancing" => elastic_load_balancing(bp),
        "autoscaling" => autoscaling(bp),
        _ => return None,
    };
    Some(doc)
}

/// Which services [`interface_endpoint_policy`] writes a policy for.
pub const POLICED_ENDPOINTS: [&str; 9] = [
    "ec2",
    "ecr.api",
    "ecr.dkr",
    "logs",
    "eks",
    "eks-auth",
    "sts",
    "elasticloadbalancing",
    "autoscaling",
];

fn statement(
    sid: &str,
    actions: Vec<String>,
    resources: Vec<String>,
    condition: Vec<Condition>,
) -> Statement {
    Statement {
        sid: Some(sid.into()),
        effect: Effect::Allow,
        principal: Some(aws_principal_any()),
        action: ActionSpec::Action(actions),
        resource: Some(ResourceSpec::Resource(resources)),
        condition,
    }
}

/// Only the model owner's principals (the nodes and pods run as the model owner).
fn model_owner_only(bp: &Blueprint) -> Condition {
    cond(
        "StringEquals",
        "aws:PrincipalAccount",
        &[bp.model_owner.account_id.as_str()],
    )
}

fn ec2_arn(bp: &Blueprint, account: &str, resource: &str) -> String {
    format!(
        "arn:{}:ec2:{}:{account}:{resource}",
        bp.partition().as_str(),
        bp.region
    )
}

/// Only resources in a VPC the data owner owns: the shared VPC (the model owner can neither
/// create nor be shared a VPC of the data owner's account without the data owner).
fn in_data_owner_vpcs(bp: &Blueprint) -> Condition {
    let vpcs = ec2_arn(bp, &bp.data_owner.account_id, "vpc/*");
    cond("ArnLike", "ec2:Vpc", &[vpcs.as_str()])
}

fn autoscaling_enabled(bp: &Blueprint) -> bool {
    bp.network
        .interface_endpoints
        .iter()
        .any(|e| e == "autoscaling")
}

/// EC2: the node's and the CNI's reads; network-interface writes and the CNI's tags only in
/// the shared VPC, on the model owner's interfaces and instances.
fn ec2(bp: &Blueprint) -> PolicyDocument {
    let model = bp.model_owner.account_id.as_str();
    let data = bp.data_owner.account_id.as_str();
    let mut reads = strings(&EC2_NODE_READS);
    if autoscaling_enabled(bp) {
        reads.extend(strings(&AUTOSCALER_EC2_READS));
    }
    let interfaces = ec2_arn(bp, model, "network-interface/*");
    let mut tag_keys = vec![cond(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        &CNI_TAG_KEYS,
    )];
    tag_keys.push(cond(
        "StringEqualsIfExists",
        "aws:RequestTag/cluster.k8s.amazonaws.com/name",
        &[bp.cluster.name.as_str()],
    ));
    tag_keys.push(cond(
        "StringEqualsIfExists",
        "aws:RequestTag/eks:eni:owner",
        &[CNI_OWNER_TAG_VALUE],
    ));
    let mut tag_conditions = vec![model_owner_only(bp), in_data_owner_vpcs(bp)];
    tag_conditions.extend(tag_keys);
    document(vec![
        statement(
            "NodeReads",
            reads,
            vec!["*".into()],
            vec![model_owner_only(bp)],
        ),
        statement(
            "CniInterfacesInSharedVpc",
            strings(&CNI_INTERFACE_WRITES),
            vec![
                interfaces.clone(),
                ec2_arn(bp, data, "subnet/*"),
                ec2_arn(bp, "*", "security-group/*"),
            ],
            vec![model_owner_only(bp), in_data_owner_vpcs(bp)],
        ),
        // The instance resource has no `ec2:Vpc` key: attach and detach name the model
        // owner's instances by account.
        statement(
            "CniAttachToOwnInstances",
            strings(&["ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface"]),
            vec![ec2_arn(bp, model, "instance/*")],
            vec![model_owner_only(bp)],
        ),
        statement(
            "CniTagsOnSharedVpcInterfaces",
            vec!["ec2:CreateTags".into()],
            vec![interfaces],
            tag_conditions,
        ),
    ])
}

/// Pull and read only, from any registry (EKS add-on images live in AWS-owned accounts).
fn ecr() -> PolicyDocument {
    document(vec![
        statement(
            "PullOnly",
            strings(&ECR_PULL_ACTIONS),
            vec!["*".into()],
            Vec::new(),
        ),
        statement(
            "RegistryReads",
            strings(&ECR_READ_ACTIONS),
            vec!["*".into()],
            Vec::new(),
        ),
    ])
}

/// Log writes only into the data owner's own log groups.
fn logs(bp: &Blueprint) -> PolicyDocument {
    let p = bp.partition().as_str();
    document(vec![statement(
        "DataOwnerLogGroupsOnly",
        strings(&LOGS_WRITE_ACTIONS),
        vec![format!(
            "arn:{p}:logs:{}:{}:log-group:*",
            bp.region, bp.data_owner.account_id
        )],
        vec![cond(
            "StringEquals",
            "aws:ResourceAccount",
            &[bp.data_owner.account_id.as_str()],
        )],
    )])
}

fn cluster_arn(bp: &Blueprint) -> String {
    format!(
        "arn:{}:eks:{}:{}:cluster/{}",
        bp.partition().as_str(),
        bp.region,
        bp.model_owner.account_id,
        bp.cluster.name
    )
}

/// EKS: the node reads its cluster (AmazonEKSWorkerNodePolicy); the autoscaler its node groups.
fn eks(bp: &Blueprint) -> PolicyDocument {
    let mut statements = vec![statement(
        "DescribeOwnCluster",
        vec!["eks:DescribeCluster".into()],
        vec![cluster_arn(bp)],
        vec![model_owner_only(bp)],
    )];
    if autoscaling_enabled(bp) {
        statements.push(statement(
            "DescribeOwnNodegroups",
            vec!["eks:DescribeNodegroup".into()],
            vec![format!(
                "arn:{}:eks:{}:{}:nodegroup/{}/*",
                bp.partition().as_str(),
                bp.region,
                bp.model_owner.account_id,
                bp.cluster.name
            )],
            vec![model_owner_only(bp)],
        ));
    }
    document(statements)
}

/// EKS Pod Identity: the agent trades a pod's token for credentials of its cluster; EKS sets
/// the session's name and tags itself.
fn eks_auth(bp: &Blueprint) -> PolicyDocument {
    document(vec![statement(
        "PodIdentityOnOwnCluster",
        vec!["eks-auth:AssumeRoleForPodIdentity".into()],
        vec![cluster_arn(bp)],
        vec![model_owner_only(bp)],
    )])
}

/// STS. With IRSA: web-identity sessions of the model owner's roles, and nothing else (the
/// request is signed by no principal, so the roles are named by resource). With Pod Identity
/// the nodes need no sts endpoint; if one is enabled anyway it answers only "who am I".
fn sts(bp: &Blueprint) -> PolicyDocument {
    match bp.cluster.pod_credentials {
        PodCredentials::Irsa => document(vec![statement(
            "WebIdentityOnModelOwnerRoles",
            vec!["sts:AssumeRoleWithWebIdentity".into()],
            vec![format!(
                "arn:{}:iam::{}:role/*",
                bp.partition().as_str(),
                bp.model_owner.account_id
            )],
            Vec::new(),
        )]),
        PodCredentials::PodIdentity => document(vec![statement(
            "CallerIdentityOnly",
            vec!["sts:GetCallerIdentity".into()],
            vec!["*".into()],
            vec![model_owner_only(bp)],
        )]),
    }
}

/// Elastic Load Balancing: reads only. Creating load balancers, listeners, rules, target
/// registrations or tags from the subnets would store caller-chosen bytes (names, tags,
/// fixed-response bodies, target addresses) the model owner reads from outside: make load
/// balancers from outside the subnets.
fn elastic_load_balancing(bp: &Blueprint) -> PolicyDocument {
    document(vec![statement(
        "ReadsOnly",
        vec!["elasticloadbalancing:Describe*".into()],
        vec!["*".into()],
        vec![model_owner_only(bp)],
    )])
}

/// Auto Scaling: what the Cluster Autoscaler needs, writes on the model owner's groups only.
fn autoscaling(bp: &Blueprint) -> PolicyDocument {
    document(vec![
        statement(
            "AutoscalerReads",
            strings(&AUTOSCALER_READS),
            vec!["*".into()],
            vec![model_owner_only(bp)],
        ),
        statement(
            "AutoscalerOwnGroups",
            strings(&AUTOSCALER_WRITES),
            vec![format!(
                "arn:{}:autoscaling:{}:{}:autoScalingGroup:*:autoScalingGroupName/*",
                bp.partition().as_str(),
                bp.region,
                bp.model_owner.account_id
            )],
            vec![model_owner_only(bp)],
        ),
    ])
}
