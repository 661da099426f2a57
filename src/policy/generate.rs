//! Generators: the policies a blueprint implies. Each names account IDs, endpoint IDs and ARNs
//! (never `aws:PrincipalOrgID`: both parties sit in one organization, see THREATS.md).

use std::collections::BTreeMap;

use super::model::{
    ActionSpec, Condition, Effect, PolicyDocument, Principal, PrincipalSpec, ResourceSpec,
    Statement,
};
use crate::blueprint::Blueprint;

/// Stands in for the S3 gateway endpoint ID until apply creates (or the blueprint names) it.
pub const S3_ENDPOINT_PLACEHOLDER: &str = "vpce-s3-gateway-placeholder";

/// The IAM policy language version every generated document uses.
pub const POLICY_VERSION: &str = "2012-10-17";

/// The actions that put a copy of data on a disk or move a disk (THREATS.md D6).
pub const COPY_ACTIONS: [&str; 16] = [
    "ec2:CreateSnapshot",
    "ec2:CreateSnapshots",
    "ec2:CopySnapshot",
    "ec2:ModifySnapshotAttribute",
    "ec2:CreateImage",
    "ec2:CopyImage",
    "ec2:ExportImage",
    "ec2:CreateStoreImageTask",
    "ec2:CreateInstanceExportTask",
    "ec2:CreateReplaceRootVolumeTask",
    "ec2:DetachVolume",
    "ec2:AttachVolume",
    "ebs:GetSnapshotBlock",
    "ebs:ListSnapshotBlocks",
    "ebs:ListChangedBlocks",
    "ebs:StartSnapshot",
];

/// Leaving the organization sheds every SCP (THREATS.md D9).
pub const LEAVE_ORGANIZATION: &str = "organizations:LeaveOrganization";

pub use super::endpoint_policies::{ECR_PULL_ACTIONS, LOGS_WRITE_ACTIONS, POLICED_ENDPOINTS};

/// Bucket-level actions that change who may read the data (THREATS.md D10).
pub const ACCESS_CONTROL_ACTIONS: [&str; 6] = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutReplicationConfiguration",
    "s3:PutBucketPublicAccessBlock",
];

/// Every policy the blueprint implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedPolicies {
    /// The endpoint ID the bucket policy names, and whether it is the placeholder.
    pub s3_endpoint_id: String,
    pub placeholder: bool,
    pub bucket: PolicyDocument,
    pub s3_endpoint: PolicyDocument,
    /// One per interface endpoint the blueprint enables that this tool writes a policy for
    /// ([`POLICED_ENDPOINTS`]).
    pub interface_endpoints: BTreeMap<String, PolicyDocument>,
    pub scp: PolicyDocument,
}

/// Generate every policy. `s3_endpoint_id` overrides the blueprint's `network.s3_endpoint_id`.
pub fn generate(bp: &Blueprint, s3_endpoint_id: Option<&str>) -> GeneratedPolicies {
    let (endpoint, placeholder) = match s3_endpoint_id.or(bp.network.s3_endpoint_id.as_deref()) {
        Some(id) => (id.to_string(), false),
        None => (S3_ENDPOINT_PLACEHOLDER.to_string(), true),
    };
    let mut interface_endpoints = BTreeMap::new();
    for service in &bp.network.interface_endpoints {
        if let Some(doc) = super::endpoint_policies::interface_endpoint_policy(bp, service) {
            interface_endpoints.insert(service.clone(), doc);
        }
    }
    GeneratedPolicies {
        bucket: bucket_policy(bp, &endpoint),
        s3_endpoint: s3_endpoint_policy(bp),
        interface_endpoints,
        scp: scp(bp),
        s3_endpoint_id: endpoint,
        placeholder,
    }
}

/// `arn:<partition>:s3:::<bucket>` and `arn:<partition>:s3:::<bucket>/*`.
pub fn bucket_arns(bp: &Blueprint, bucket: &str) -> [String; 2] {
    let p = bp.partition().as_str();
    [
        format!("arn:{p}:s3:::{bucket}"),
        format!("arn:{p}:s3:::{bucket}/*"),
    ]
}

/// The bucket ECR serves image layers from in the blueprint's region.
pub fn ecr_layer_bucket(region: &str) -> String {
    format!("prod-{region}-starport-layer-bucket")
}

/// The root ARN of an account, which as a Principal means "any principal of the account".
pub fn account_root(bp: &Blueprint, account: &str) -> String {
    format!("arn:{}:iam::{account}:root", bp.partition().as_str())
}

/// Deny every request that does not come through the endpoint, except the named admins; deny
/// access-control changes from any other account; allow the model owner's actions through it.
fn bucket_policy(bp: &Blueprint, endpoint: &str) -> PolicyDocument {
    let resources = bucket_arns(bp, &bp.data.bucket).to_vec();
    let mut off_endpoint = vec![cond("StringNotEquals", "aws:SourceVpce", &[endpoint])];
    if !bp.data_owner.admin_principals.is_empty() {
        off_endpoint.push(Condition {
            operator: "ArnNotEquals".into(),
            key: "aws:PrincipalArn".into(),
            values: bp.data_owner.admin_principals.clone(),
        });
    }
    let statements = vec![
        Statement {
            sid: Some("DenyOffEndpoint".into()),
            effect: Effect::Deny,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(vec!["s3:*".into()]),
            resource: Some(ResourceSpec::Resource(resources.clone())),
            condition: off_endpoint,
        },
        Statement {
            sid: Some("DenyAccessControlChangesFromOtherAccounts".into()),
            effect: Effect::Deny,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(strings(&ACCESS_CONTROL_ACTIONS)),
            resource: Some(ResourceSpec::Resource(resources.clone())),
            condition: vec![cond(
                "StringNotEquals",
                "aws:PrincipalAccount",
                &[bp.data_owner.account_id.as_str()],
            )],
        },
        Statement {
            sid: Some("AllowModelOwnerThroughEndpoint".into()),
            effect: Effect::Allow,
            principal: Some(PrincipalSpec::Principal(aws_principal(vec![account_root(
                bp,
                &bp.model_owner.account_id,
            )]))),
            action: ActionSpec::Action(bp.data.model_owner_actions.clone()),
            resource: Some(ResourceSpec::Resource(resources)),
            condition: vec![cond("StringEquals", "aws:SourceVpce", &[endpoint])],
        },
    ];
    document(statements)
}

/// Through the gateway endpoint: the model owner's actions on the data bucket, and read-only on
/// the region's ECR layer bucket (image pulls), nothing else.
fn s3_endpoint_policy(bp: &Blueprint) -> PolicyDocument {
    let p = bp.partition().as_str();
    let layer_bucket = ecr_layer_bucket(&bp.region);
    document(vec![
        Statement {
            sid: Some("DataBucketOnly".into()),
            effect: Effect::Allow,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(bp.data.model_owner_actions.clone()),
            resource: Some(ResourceSpec::Resource(
                bucket_arns(bp, &bp.data.bucket).to_vec(),
            )),
            condition: Vec::new(),
        },
        Statement {
            sid: Some("EcrLayersReadOnly".into()),
            effect: Effect::Allow,
            principal: Some(PrincipalSpec::Principal(Principal::Any)),
            action: ActionSpec::Action(vec!["s3:GetObject".into()]),
            resource: Some(ResourceSpec::Resource(vec![format!(
                "arn:{p}:s3:::{layer_bucket}/*"
            )])),
            condition: Vec::new(),
        },
    ])
}

/// The isolation SCP: deny every copy path, leaving the organization, and the extras.
fn scp(bp: &Blueprint) -> PolicyDocument {
    let mut actions = strings(&COPY_ACTIONS);
    actions.push(LEAVE_ORGANIZATION.into());
    for extra in &bp.guardrails.extra_denied_actions {
        if !actions.iter().any(|a| a.eq_ignore_ascii_case(extra)) {
            actions.push(extra.clone());
        }
    }
    document(vec![Statement {
        sid: Some("DenyCopyPaths".into()),
        effect: Effect::Deny,
        principal: None,
        action: ActionSpec::Action(actions),
        resource: Some(ResourceSpec::Resource(vec!["*".into()])),
        condition: Vec::new(),
    }])
}

pub(super) fn document(statements: Vec<Statement>) -> PolicyDocument {
    PolicyDocument {
        version: Some(POLICY_VERSION.into()),
        id: None,
        statements,
    }
}

fn aws_principal(arns: Vec<String>) -> Principal {
    Principal::Map(BTreeMap::from([("AWS".to_string(), arns)]))
}

/// `"Principal": "*"`.
pub(super) fn aws_principal_any() -> PrincipalSpec {
    PrincipalSpec::Principal(Principal::Any)
}

pub(super) fn cond(operator: &str, key: &str, values: &[&str]) -> Condition {
    Condition {
        operator: operator.into(),
        key: key.into(),
        values: strings(values),
    }
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::Blueprint;

    fn statement<'a>(doc: &'a PolicyDocument, sid: &str) -> &'a Statement {
        doc.statements
            .iter()
            .find(|s| s.sid.as_deref() == Some(sid))
            .unwrap_or_else(|| panic!("no statement {sid}"))
    }

    fn condition<'a>(st: &'a Statement, key: &str) -> &'a Condition {
        st.condition
            .iter()
            .find(|c| c.key == key)
            .unwrap_or_else(|| panic!("no condition on {key}"))
    }

    #[test]
    fn bucket_policy_denies_off_endpoint_except_the_named_admins() {
        let bp = Blueprint::starter();
        let g = generate(&bp, Some("vpce-0123"));
        assert!(!g.placeholder);
        let deny = statement(&g.bucket, "DenyOffEndpoint");
        assert_eq!(deny.effect, Effect::Deny);
        assert_eq!(
            deny.principal,
            Some(PrincipalSpec::Principal(Principal::Any))
        );
        let vpce = condition(deny, "aws:SourceVpce");
        assert_eq!(
            (vpce.operator.as_str(), vpce.values.as_slice()),
            ("StringNotEquals", &["vpce-0123".to_string()][..])
        );
        let admins = condition(deny, "aws:PrincipalArn");
        assert_eq!(admins.operator, "ArnNotEquals");
        assert_eq!(admins.values, bp.data_owner.admin_principals);
        let allow = statement(&g.bucket, "AllowModelOwnerThroughEndpoint");
        assert_eq!(
            allow.action,
            ActionSpec::Action(bp.data.model_owner_actions.clone())
        );
        let Some(PrincipalSpec::Principal(Principal::Map(map))) = &allow.principal else {
            panic!("allow names the model owner");
        };
        assert_eq!(map["AWS"], ["arn:aws:iam::222222222222:root"]);
    }

    #[test]
    fn without_admins_the_deny_has_no_exemption_and_placeholder_is_used() {
        let mut bp = Blueprint::starter();
        bp.data_owner.admin_principals.clear();
        let g = generate(&bp, None);
        assert!(g.placeholder);
        assert_eq!(g.s3_endpoint_id, S3_ENDPOINT_PLACEHOLDER);
        let deny = statement(&g.bucket, "DenyOffEndpoint");
        assert_eq!(deny.condition.len(), 1);
        // The blueprint's own endpoint ID wins over the placeholder; the argument over both.
        bp.network.s3_endpoint_id = Some("vpce-0aaa".into());
        assert_eq!(generate(&bp, None).s3_endpoint_id, "vpce-0aaa");
        assert_eq!(generate(&bp, Some("vpce-0bbb")).s3_endpoint_id, "vpce-0bbb");
    }

    #[test]
    fn s3_endpoint_policy_is_the_bucket_plus_read_only_ecr_layers() {
        let g = generate(&Blueprint::starter(), None);
        let layers = statement(&g.s3_endpoint, "EcrLayersReadOnly");
        assert_eq!(
            layers.action,
            ActionSpec::Action(vec!["s3:GetObject".into()])
        );
        assert_eq!(
            layers.resource,
            Some(ResourceSpec::Resource(vec![
                "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*".into()
            ]))
        );
        let data = statement(&g.s3_endpoint, "DataBucketOnly");
        assert_eq!(
            data.resource,
            Some(ResourceSpec::Resource(vec![
                "arn:aws:s3:::inference-demo-data".into(),
                "arn:aws:s3:::inference-demo-data/*".into()
            ]))
        );
    }

    #[test]
    fn every_enabled_endpoint_with_a_generator_gets_a_policy() {
        let mut bp = Blueprint::starter();
        let g = generate(&bp, None);
        assert_eq!(
            g.interface_endpoints.keys().collect::<Vec<_>>(),
            ["ec2", "ecr.api", "ecr.dkr", "eks-auth", "logs"]
        );
        let pull = statement(&g.interface_endpoints["ecr.dkr"], "PullOnly");
        assert_eq!(
            pull.action,
            ActionSpec::Action(ECR_PULL_ACTIONS.map(String::from).to_vec())
        );
        // ssm has no generator (D8 reports it); the others all do.
        bp.network.interface_endpoints = ["sts", "ecr.api", "ssm", "eks", "autoscaling"]
            .map(String::from)
            .to_vec();
        let g = generate(&bp, None);
        assert_eq!(
            g.interface_endpoints.keys().collect::<Vec<_>>(),
            ["autoscaling", "ecr.api", "eks", "sts"]
        );
        assert_eq!(
            POLICED_ENDPOINTS.len(),
            crate::policy::analyze::EKS_ENDPOINTS.len()
        );
    }

    #[test]
    fn scp_denies_the_copy_set_leaving_and_extras_once_each() {
        let mut bp = Blueprint::starter();
        bp.guardrails.extra_denied_actions =
            vec!["s3:PutBucketPolicy".into(), "EC2:createsnapshot".into()];
        let g = generate(&bp, None);
        let st = statement(&g.scp, "DenyCopyPaths");
        assert_eq!(st.effect, Effect::Deny);
        assert!(st.principal.is_none());
        let ActionSpec::Action(actions) = &st.action else {
            panic!()
        };
        assert_eq!(actions.len(), COPY_ACTIONS.len() + 2, "{actions:?}");
        assert!(actions.contains(&LEAVE_ORGANIZATION.to_string()));
        assert_eq!(
            actions.last().map(String::as_str),
            Some("s3:PutBucketPolicy")
        );
    }

    #[test]
    fn arns_follow_the_partition() {
        let mut bp = Blueprint::starter();
        bp.region = "us-gov-west-1".into();
        let g = generate(&bp, None);
        let logs = statement(&g.interface_endpoints["logs"], "DataOwnerLogGroupsOnly");
        assert_eq!(
            logs.resource,
            Some(ResourceSpec::Resource(vec![
                "arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:*".into()
            ]))
        );
        assert_eq!(bucket_arns(&bp, "b")[0], "arn:aws-us-gov:s3:::b");
        bp.region = "cn-north-1".into();
        assert_eq!(
            account_root(&bp, "222222222222"),
            "arn:aws-cn:iam::222222222222:root"
        );
    }
}
