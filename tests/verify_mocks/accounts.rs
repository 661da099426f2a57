//! The organization, RAM, ECR and EKS over two pages of every listing: the isolation SCP, the
//! share's principal and second subnet, the 101st repository, a data-owner access entry and
//! a node group with an open SSH group are each on page 2.

use aws_sdk_ecr::operation::describe_repositories::DescribeRepositoriesOutput;
use aws_sdk_ecr::operation::get_repository_policy::GetRepositoryPolicyOutput;
use aws_sdk_eks::operation::describe_cluster::DescribeClusterOutput;
use aws_sdk_eks::operation::describe_nodegroup::DescribeNodegroupOutput;
use aws_sdk_eks::operation::list_access_entries::ListAccessEntriesOutput;
use aws_sdk_eks::operation::list_nodegroups::ListNodegroupsOutput;
use aws_sdk_eks::types::{
    Cluster, ClusterStatus, Nodegroup, NodegroupResources, VpcConfigResponse,
};
use aws_sdk_organizations::operation::describe_account::DescribeAccountOutput;
use aws_sdk_organizations::operation::describe_organization::DescribeOrganizationOutput;
use aws_sdk_organizations::operation::describe_policy::DescribePolicyOutput;
use aws_sdk_organizations::operation::list_aws_service_access_for_organization::ListAwsServiceAccessForOrganizationOutput;
use aws_sdk_organizations::operation::list_parents::ListParentsOutput;
use aws_sdk_organizations::operation::list_policies_for_target::ListPoliciesForTargetOutput;
use aws_sdk_organizations::operation::list_roots::ListRootsOutput;
use aws_sdk_organizations::types::{
    Account, EnabledServicePrincipal, Organization, Parent, ParentType, Policy, PolicySummary,
    PolicyType, PolicyTypeStatus, PolicyTypeSummary, Root,
};
use aws_sdk_ram::operation::get_resource_share_associations::GetResourceShareAssociationsOutput;
use aws_sdk_ram::operation::get_resource_shares::GetResourceSharesOutput;
use aws_sdk_ram::types::{
    ResourceShare, ResourceShareAssociation, ResourceShareAssociationStatus,
    ResourceShareAssociationType, ResourceShareStatus,
};
use aws_smithy_mocks::{Rule, mock};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::generate::generate;

use super::{DATA, MODEL, NEXT, S3_ENDPOINT, first_page};

/// The repository on page 2 of DescribeRepositories, the 101st; its policy lets the data owner
/// pull.
pub const REPO_101: &str = "model-100";
/// The access entry on page 2 of ListAccessEntries: a data-owner role.
pub const AUDITOR: &str = "arn:aws:iam::111111111111:role/auditor";
/// The node group on page 2 of ListNodegroups, with SSH open to the world.
pub const NODES_SSH: &str = "nodes-ssh";
const ROOT: &str = "r-root";
const SHARE: &str = "arn:aws:ram:us-east-1:111111111111:resource-share/page2";

fn scps(
    r: &aws_sdk_organizations::operation::list_policies_for_target::ListPoliciesForTargetInput,
) -> bool {
    r.filter() == Some(&PolicyType::ServiceControlPolicy)
}

/// Organizations: the model owner is a member under the root; the isolation SCP is on page
/// 2 of the account's policies (page 1 is empty, as Organizations may answer).
pub fn org_rules(bp: &Blueprint) -> Vec<Rule> {
    let scp = generate(bp, Some(S3_ENDPOINT)).scp.to_json_pretty();
    let scp_name = eks_isolation::blueprint::names::scp(bp);
    let summary = |id: &str, name: &str| PolicySummary::builder().id(id).name(name).build();
    vec![
        mock!(aws_sdk_organizations::Client::describe_organization).then_output(|| {
            DescribeOrganizationOutput::builder()
                .organization(Organization::builder().id("o-paged").master_account_id(DATA).build())
                .build()
        }),
        mock!(aws_sdk_organizations::Client::describe_account).then_output(|| {
            DescribeAccountOutput::builder()
                .account(Account::builder().id(MODEL).build())
                .build()
        }),
        mock!(aws_sdk_organizations::Client::list_roots).then_output(|| {
            let scps = PolicyTypeSummary::builder()
                .r#type(PolicyType::ServiceControlPolicy)
                .status(PolicyTypeStatus::Enabled)
                .build();
            ListRootsOutput::builder()
                .roots(Root::builder().id(ROOT).policy_types(scps).build())
                .build()
        }),
        // RAM's trusted access on page 1; AWS Config's (M6) on page 2.
        mock!(aws_sdk_organizations::Client::list_aws_service_access_for_organization)
            .then_compute_output(|r| {
                let (service, next) = if first_page(r.next_token()) {
                    ("ram.amazonaws.com", Some(NEXT))
                } else {
                    ("config.amazonaws.com", None)
                };
                ListAwsServiceAccessForOrganizationOutput::builder()
                    .enabled_service_principals(
                        EnabledServicePrincipal::builder()
                            .service_principal(service)
                            .build(),
                    )
                    .set_next_token(next.map(str::to_string))
                    .build()
            }),
        mock!(aws_sdk_organizations::Client::list_parents).then_output(|| {
            ListParentsOutput::builder()
                .parents(Parent::builder().id(ROOT).r#type(ParentType::Root).build())
                .build()
        }),
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(|r| scps(r) && r.target_id() == Some(ROOT))
            .then_output(move || {
                ListPoliciesForTargetOutput::builder()
                    .policies(summary("p-FullAWSAccess", "FullAWSAccess"))
                    .build()
            }),
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(|r| scps(r) && first_page(r.next_token()))
            .then_output(|| ListPoliciesForTargetOutput::builder().next_token(NEXT).build()),
        mock!(aws_sdk_organizations::Client::list_policies_for_target)
            .match_requests(scps)
            .then_output(move || {
                ListPoliciesForTargetOutput::builder()
                    .policies(summary("p-isolation", &scp_name))
                    .build()
            }),
        mock!(aws_sdk_organizations::Client::describe_policy).then_compute_output(move |r| {
            let content = match r.policy_id() {
                Some("p-isolation") => scp.clone(),
                _ => r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.to_string(),
            };
            DescribePolicyOutput::builder()
                .policy(Policy::builder().content(content).build())
                .build()
        }),
    ]
}

fn association(kind: ResourceShareAssociationType, entity: &str) -> ResourceShareAssociation {
    ResourceShareAssociation::builder()
        .resource_share_arn(SHARE)
        .association_type(kind)
        .associated_entity(entity)
        .status(ResourceShareAssociationStatus::Associated)
        .build()
}

/// RAM: the share is on page 2 of GetResourceShares (page 1 empty); its principal and its
/// second subnet are each on page 2 of GetResourceShareAssociations.
pub fn ram_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_ram::Client::get_resource_shares)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| GetResourceSharesOutput::builder().next_token(NEXT).build()),
        mock!(aws_sdk_ram::Client::get_resource_shares).then_output(|| {
            GetResourceSharesOutput::builder()
                .resource_shares(
                    ResourceShare::builder()
                        .resource_share_arn(SHARE)
                        .name("eks-isolation-inference-demo")
                        .status(ResourceShareStatus::Active)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_ram::Client::get_resource_share_associations).then_compute_output(|r| {
            let subnet = |id: &str| format!("arn:aws:ec2:us-east-1:{DATA}:subnet/{id}");
            let kind = r.association_type().cloned();
            let page = match (kind, r.next_token()) {
                (Some(ResourceShareAssociationType::Principal), None) => Vec::new(),
                (Some(ResourceShareAssociationType::Principal), Some(_)) => {
                    vec![association(ResourceShareAssociationType::Principal, MODEL)]
                }
                (_, None) => vec![association(
                    ResourceShareAssociationType::Resource,
                    &subnet("subnet-a"),
                )],
                (_, Some(_)) => vec![association(
                    ResourceShareAssociationType::Resource,
                    &subnet(super::ec2::SUBNET_B),
                )],
            };
            GetResourceShareAssociationsOutput::builder()
                .set_resource_share_associations(Some(page))
                .set_next_token(first_page(r.next_token()).then(|| NEXT.to_string()))
                .build()
        }),
    ]
}

/// ECR: 100 repositories without a policy, then [`REPO_101`] on page 2 with one that lets the
/// data owner pull.
pub fn ecr_rules() -> Vec<Rule> {
    let repo = |i: usize| {
        let name = format!("model-{i:03}");
        aws_sdk_ecr::types::Repository::builder()
            .repository_arn(format!("arn:aws:ecr:us-east-1:{MODEL}:repository/{name}"))
            .repository_name(name)
            .build()
    };
    vec![
        mock!(aws_sdk_ecr::Client::describe_repositories)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(move || {
                DescribeRepositoriesOutput::builder()
                    .set_repositories(Some((0..100).map(repo).collect()))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_ecr::Client::describe_repositories).then_output(move || {
            DescribeRepositoriesOutput::builder()
                .repositories(repo(100))
                .build()
        }),
        mock!(aws_sdk_ecr::Client::get_repository_policy).then_compute_output(|r| {
            let grant = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{DATA}:root"}},"Action":"ecr:BatchGetImage"}}]}}"#
            );
            GetRepositoryPolicyOutput::builder()
                .set_repository_name(r.repository_name().map(str::to_string))
                .set_policy_text((r.repository_name() == Some(REPO_101)).then_some(grant))
                .build()
        }),
    ]
}

/// EKS: a private cluster; 100 model-owner access entries then [`AUDITOR`]; 100 node groups
/// then [`NODES_SSH`], whose remote-access group is `sg-ssh`.
pub fn eks_rules(bp: &Blueprint) -> Vec<Rule> {
    let name = bp.cluster.name.clone();
    vec![
        mock!(aws_sdk_eks::Client::describe_cluster).then_output(move || {
            let vpc = VpcConfigResponse::builder()
                .endpoint_public_access(false)
                .endpoint_private_access(true)
                .cluster_security_group_id("sg-cluster")
                .build();
            DescribeClusterOutput::builder()
                .cluster(
                    Cluster::builder()
                        .name(&name)
                        .status(ClusterStatus::Active)
                        .resources_vpc_config(vpc)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_eks::Client::list_access_entries)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| {
                ListAccessEntriesOutput::builder()
                    .set_access_entries(Some(
                        (0..100)
                            .map(|i| format!("arn:aws:iam::{MODEL}:role/r-{i}"))
                            .collect(),
                    ))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_eks::Client::list_access_entries).then_output(|| {
            ListAccessEntriesOutput::builder()
                .access_entries(AUDITOR)
                .build()
        }),
        mock!(aws_sdk_eks::Client::list_nodegroups)
            .match_requests(|r| first_page(r.next_token()))
            .then_output(|| {
                ListNodegroupsOutput::builder()
                    .set_nodegroups(Some((0..100).map(|i| format!("nodes-{i:03}")).collect()))
                    .next_token(NEXT)
                    .build()
            }),
        mock!(aws_sdk_eks::Client::list_nodegroups).then_output(|| {
            ListNodegroupsOutput::builder()
                .nodegroups(NODES_SSH)
                .build()
        }),
        mock!(aws_sdk_eks::Client::describe_nodegroup).then_compute_output(|r| {
            let name = r.nodegroup_name().unwrap_or_default();
            let mut group = Nodegroup::builder()
                .nodegroup_name(name)
                .status(aws_sdk_eks::types::NodegroupStatus::Active);
            if name == NODES_SSH {
                group = group.resources(
                    NodegroupResources::builder()
                        .remote_access_security_group("sg-ssh")
                        .build(),
                );
            }
            DescribeNodegroupOutput::builder()
                .nodegroup(group.build())
                .build()
        }),
    ]
}
