//! The data owner's organization over two pages: the root and the SCP's blueprint tag are on
//! page 2 (Organizations may answer an empty page before the last one).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use aws_sdk_organizations::operation::describe_policy::DescribePolicyOutput;
use aws_sdk_organizations::operation::list_policies::ListPoliciesOutput;
use aws_sdk_organizations::operation::list_roots::ListRootsOutput;
use aws_sdk_organizations::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_organizations::operation::list_targets_for_policy::ListTargetsForPolicyOutput;
use aws_sdk_organizations::types::{
    Policy, PolicySummary, PolicyTargetSummary, PolicyType, PolicyTypeStatus, PolicyTypeSummary,
    Root, Tag, TargetType,
};
use aws_smithy_mocks::{Rule, mock};
use eks_isolation::blueprint::names;
use eks_isolation::policy::generate::generate;

use super::mocks::{MODEL, NEXT, blueprint, first_page};

pub const SCP: &str = "p-0paged";
pub const ROOT: &str = "r-0pg2";

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

/// The isolation SCP as this tool made it: found by name, tagged on page 2, its content the
/// generated one, attached to the model owner; the root (SCPs enabled) on page 2 of ListRoots.
pub fn rules() -> Vec<Rule> {
    let bp = blueprint();
    let name = names::scp(&bp);
    let content = generate(&bp, None).scp.to_json_pretty();
    let (tag_key, tag_value) = names::tag(&bp);
    let (tag_key, tag_value) = (tag_key.to_string(), tag_value.to_string());
    vec![
        mock!(aws_sdk_organizations::Client::list_roots).then_compute_output(|r| {
            let out = ListRootsOutput::builder();
            if first_page(r.next_token()) {
                return out.next_token(NEXT).build();
            }
            let scps = PolicyTypeSummary::builder()
                .r#type(PolicyType::ServiceControlPolicy)
                .status(PolicyTypeStatus::Enabled)
                .build();
            out.roots(Root::builder().id(ROOT).policy_types(scps).build())
                .build()
        }),
        mock!(aws_sdk_organizations::Client::list_policies).then_output(move || {
            let scp = PolicySummary::builder().id(SCP).name(&name).build();
            ListPoliciesOutput::builder().policies(scp).build()
        }),
        mock!(aws_sdk_organizations::Client::list_tags_for_resource).then_compute_output(
            move |r| {
                let out = ListTagsForResourceOutput::builder();
                if first_page(r.next_token()) {
                    return out.tags(tag("team", "data")).next_token(NEXT).build();
                }
                out.tags(tag(&tag_key, &tag_value)).build()
            },
        ),
        mock!(aws_sdk_organizations::Client::describe_policy).then_output(move || {
            let policy = Policy::builder().content(&content).build();
            DescribePolicyOutput::builder().policy(policy).build()
        }),
        mock!(aws_sdk_organizations::Client::list_targets_for_policy).then_output(|| {
            let target = PolicyTargetSummary::builder()
                .target_id(MODEL)
                .r#type(TargetType::Account)
                .build();
            ListTargetsForPolicyOutput::builder()
                .targets(target)
                .build()
        }),
    ]
}
