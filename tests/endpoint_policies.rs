//! The generated interface endpoint policies keep the cluster working as far as policy goes:
//! every action of the AWS managed policies a private node needs (AmazonEKSWorkerNodePolicy,
//! AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly: `tests/fixtures/managed-policies`,
//! with their source) stays allowed for the node role on shared-VPC resources; and none of the
//! writer catalog's high writers is allowed, to the node role or to anyone. Pure: no network.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use eks_isolation::blueprint::{Blueprint, PodCredentials, names};
use eks_isolation::policy::analyze::writers::{Rank, Steer, WRITERS};
use eks_isolation::policy::analyze::{CheckId, Severity};
use eks_isolation::policy::generate::generate;
use eks_isolation::policy::{
    ActionSpec, Context, Decision, Effect, PolicyDocument, RequestPrincipal,
};

#[path = "endpoint_policies/common.rs"]
mod common;

use common::{MODEL, STRANGER, analyze, blueprint, decision};
/// The shared VPC (the data owner's) and the resources the nodes use in it.
const VPC: &str = "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0shared";
const SUBNET: &str = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0shared";
const NODE_GROUP_SG: &str = "arn:aws:ec2:us-east-1:222222222222:security-group/sg-0nodes";
const INTERFACE: &str = "arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0pods";
const INSTANCE: &str = "arn:aws:ec2:us-east-1:222222222222:instance/i-0node";
/// An EKS add-on image's repository (AWS-owned) and one of the model owner's.
const ADDON_REPO: &str = "arn:aws:ecr:us-east-1:602401143452:repository/eks/coredns";
const OWN_REPO: &str = "arn:aws:ecr:us-east-1:222222222222:repository/model";

fn managed(name: &str) -> PolicyDocument {
    let path = format!(
        "{}/tests/fixtures/managed-policies/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    PolicyDocument::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every action the managed policies allow.
fn managed_actions() -> Vec<String> {
    let mut out = Vec::new();
    for name in [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonEC2ContainerRegistryReadOnly",
    ] {
        for st in managed(name).statements {
            assert_eq!(st.effect, Effect::Allow, "{name}");
            let ActionSpec::Action(actions) = st.action else {
                panic!("{name}: NotAction")
            };
            for a in actions {
                assert!(!a.contains('*'), "{name}: {a} is a wildcard");
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The node role's instance-profile session.
fn node(bp: &Blueprint) -> RequestPrincipal {
    RequestPrincipal {
        arn: format!(
            "arn:aws:sts::{MODEL}:assumed-role/{}/i-0node",
            names::node_role(bp)
        ),
        account: MODEL.into(),
        service: None,
    }
}

/// The interface endpoint a call of this action goes through (by its service prefix).
fn endpoints_of(action: &str) -> Vec<&'static str> {
    match action.split(':').next().unwrap() {
        "ec2" => vec!["ec2"],
        "ecr" => vec!["ecr.api", "ecr.dkr"],
        "eks" => vec!["eks"],
        "eks-auth" => vec!["eks-auth"],
        other => panic!("no endpoint for {other}"),
    }
}

/// The resources a call authorizes against, in the shared VPC, and the tags it carries, per the
/// Service Authorization Reference's resource types for EC2
/// (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html>),
/// EKS and ECR. Actions without resource-level permissions are authorized on `*`.
fn resources(bp: &Blueprint, action: &str) -> Vec<&'static str> {
    let _ = bp;
    match action {
        "ec2:CreateNetworkInterface" => vec![INTERFACE, SUBNET, NODE_GROUP_SG],
        "ec2:AttachNetworkInterface" | "ec2:DetachNetworkInterface" => vec![INTERFACE, INSTANCE],
        "ec2:ModifyNetworkInterfaceAttribute" => vec![INTERFACE, NODE_GROUP_SG],
        "ec2:DeleteNetworkInterface"
        | "ec2:AssignPrivateIpAddresses"
        | "ec2:UnassignPrivateIpAddresses"
        | "ec2:CreateTags" => vec![INTERFACE],
        "eks:DescribeCluster" | "eks-auth:AssumeRoleForPodIdentity" => vec!["cluster"],
        "ecr:GetAuthorizationToken" => vec!["*"],
        a if a.starts_with("ecr:") => vec![ADDON_REPO, OWN_REPO],
        _ => vec!["*"],
    }
}

/// The tags the VPC CNI puts on the interfaces it creates (amazon-vpc-cni-k8s,
/// `pkg/awsutils/awsutils.go`).
fn cni_tags(bp: &Blueprint) -> Vec<(&'static str, String)> {
    vec![
        ("node.k8s.amazonaws.com/instance_id", "i-0node".into()),
        (
            "node.k8s.amazonaws.com/createdAt",
            "2026-01-01T00:00:00Z".into(),
        ),
        ("cluster.k8s.amazonaws.com/name", bp.cluster.name.clone()),
        ("eks:eni:owner", "amazon-vpc-cni".into()),
    ]
}

fn context(who: &RequestPrincipal, resource: &str) -> Context {
    let owner = resource
        .split(':')
        .nth(4)
        .filter(|a| a.len() == 12)
        .unwrap_or(MODEL);
    let mut ctx = Context::new()
        .with("aws:ResourceAccount", owner)
        .with("ec2:Vpc", VPC)
        .with("ec2:Region", "us-east-1");
    if !who.account.is_empty() {
        ctx.set("aws:PrincipalAccount", vec![who.account.clone()]);
    }
    ctx
}

#[test]
fn every_managed_policy_action_stays_allowed_for_the_node_role_in_the_shared_vpc() {
    let bp = blueprint();
    let set = generate(&bp, None);
    let who = node(&bp);
    let cluster = format!("arn:aws:eks:us-east-1:{MODEL}:cluster/{}", bp.cluster.name);
    let actions = managed_actions();
    assert!(actions.len() >= 30, "{actions:?}");
    for action in &actions {
        for service in endpoints_of(action) {
            let doc = &set.interface_endpoints[service];
            for resource in resources(&bp, action) {
                let resource = if resource == "cluster" {
                    cluster.as_str()
                } else {
                    resource
                };
                let mut ctx = context(&who, resource);
                if action == "ec2:CreateTags" {
                    // One call per tag the CNI sets, and one with all of them (on create).
                    let tags = cni_tags(&bp);
                    for (key, value) in &tags {
                        let mut one = ctx.clone();
                        one.set("aws:TagKeys", vec![(*key).to_string()]);
                        one.set(&format!("aws:RequestTag/{key}"), vec![value.clone()]);
                        assert_eq!(
                            decision(doc, &who, action, resource, &one),
                            Decision::Allow,
                            "{action} with tag {key} through {service}"
                        );
                    }
                    ctx.set(
                        "aws:TagKeys",
                        tags.iter().map(|(k, _)| (*k).to_string()).collect(),
                    );
                    for (key, value) in &tags {
                        ctx.set(&format!("aws:RequestTag/{key}"), vec![value.clone()]);
                    }
                }
                assert_eq!(
                    decision(doc, &who, action, resource, &ctx),
                    Decision::Allow,
                    "{action} on {resource} through {service}:\n{}",
                    doc.to_json_pretty()
                );
            }
        }
    }
}

/// Contexts a caller can pick: the shared VPC or its own, and, for a writer of tags, a tag of
/// its own choosing (key and value free: what makes tagging a high writer).
fn contexts(who: &RequestPrincipal, resource: &str, tags: bool) -> Vec<Context> {
    let base = context(who, resource);
    let mut out = vec![base.clone(), Context::new()];
    for vpc in [VPC, "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-0own"] {
        out.push(base.clone().with("ec2:Vpc", vpc));
    }
    if tags {
        out = out
            .into_iter()
            .map(|c| {
                c.with("aws:TagKeys", "exfil")
                    .with("aws:RequestTag/exfil", "the data")
            })
            .collect();
    }
    out
}

/// The callers: the node role, another role of the model owner, a stranger, anonymous.
fn callers(bp: &Blueprint) -> Vec<RequestPrincipal> {
    let role = |account: &str, name: &str| RequestPrincipal {
        arn: format!("arn:aws:iam::{account}:role/{name}"),
        account: account.into(),
        service: None,
    };
    vec![
        node(bp),
        role(MODEL, "Admin"),
        role(STRANGER, "Exfil"),
        RequestPrincipal {
            arn: "*".into(),
            account: String::new(),
            service: None,
        },
    ]
}

/// The resources a high writer stores its bytes in, in each account that could read them.
fn high_writer_resources(template: &str) -> Vec<String> {
    [MODEL, STRANGER]
        .iter()
        .map(|account| {
            template
                .replace("{p}", "aws")
                .replace("{r}", "us-east-1")
                .replace("{a}", account)
                .replace("{x}", "x")
        })
        .collect()
}

#[test]
fn no_high_writer_is_allowed_to_the_node_role_or_to_anyone() {
    for pod_credentials in [PodCredentials::PodIdentity, PodCredentials::Irsa] {
        let mut bp = blueprint();
        bp.cluster.pod_credentials = pod_credentials;
        bp.network.interface_endpoints.push("sts".into());
        let set = generate(&bp, None);
        let high: Vec<_> = WRITERS
            .iter()
            .filter(|w| w.free_rank() == Rank::High)
            .collect();
        assert!(high.len() >= 8, "{high:?}");
        for (service, doc) in &set.interface_endpoints {
            for w in &high {
                for template in w.resources {
                    for resource in high_writer_resources(template) {
                        for who in callers(&bp) {
                            let tags = w.steer == Steer::Tags;
                            for ctx in contexts(&who, &resource, tags) {
                                assert_ne!(
                                    decision(doc, &who, w.action, &resource, &ctx),
                                    Decision::Allow,
                                    "{} on {resource} by {} through {service}",
                                    w.action,
                                    who.arn
                                );
                            }
                        }
                    }
                }
            }
        }
        // The analyzer, which tries every condition value the policies name, agrees: no
        // endpoint has a high writer, and only the ec2 one (the CNI) and, with IRSA, the sts
        // one (session names) have any.
        let report = analyze(&bp, &set);
        let d12: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.id == CheckId::D12)
            .collect();
        assert!(
            d12.iter().all(|f| f.severity != Severity::Critical),
            "{d12:#?}"
        );
        let endpoints: Vec<&str> = d12
            .iter()
            .map(|f| f.detail.split_whitespace().nth(1).unwrap())
            .collect();
        let expected: &[&str] = match pod_credentials {
            PodCredentials::PodIdentity => &["ec2", "autoscaling"],
            PodCredentials::Irsa => &["ec2", "sts", "autoscaling"],
        };
        let mut sorted = endpoints.clone();
        sorted.sort_unstable();
        let mut want = expected.to_vec();
        want.sort_unstable();
        assert_eq!(sorted, want, "{d12:#?}");
    }
}
