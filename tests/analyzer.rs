//! The analyzer, check by check: the generated policies pass; leaky variants fail the check they
//! break; near-misses do not. Pure: no network.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

use std::collections::BTreeMap;

use eks_isolation::blueprint::{Blueprint, Subnet, SubnetSource};
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::analyze::{CheckId, Finding, Inputs, Report, Severity, check};
use eks_isolation::policy::generate::{GeneratedPolicies, generate};

const DATA: &str = "111111111111";
const MODEL: &str = "222222222222";
const VPCE: &str = "vpce-0a1b2c3d4e5f60718";

/// The policies under test: the generated set, with any kind replaced.
struct Case {
    bp: Blueprint,
    policies: GeneratedPolicies,
    scps: Vec<PolicyDocument>,
}

impl Case {
    fn new(bp: Blueprint) -> Self {
        let policies = generate(&bp, Some(VPCE));
        let scps = vec![policies.scp.clone()];
        Self { bp, policies, scps }
    }

    fn starter() -> Self {
        Self::new(Blueprint::starter())
    }

    fn bucket(mut self, json: &str) -> Self {
        self.policies.bucket = doc(json);
        self
    }

    fn s3_endpoint(mut self, json: &str) -> Self {
        self.policies.s3_endpoint = doc(json);
        self
    }

    fn endpoint(mut self, service: &str, json: &str) -> Self {
        self.policies
            .interface_endpoints
            .insert(service.to_string(), doc(json));
        self
    }

    fn without_endpoint_policy(mut self, service: &str) -> Self {
        self.policies.interface_endpoints.remove(service);
        self
    }

    fn scps(mut self, docs: &[&str]) -> Self {
        self.scps = docs.iter().map(|j| doc(j)).collect();
        self
    }

    fn run(&self) -> Report {
        let endpoints: BTreeMap<String, PolicyDocument> = self.policies.interface_endpoints.clone();
        check(&Inputs {
            blueprint: &self.bp,
            s3_endpoint_id: &self.policies.s3_endpoint_id,
            bucket_policy: &self.policies.bucket,
            s3_endpoint_policy: &self.policies.s3_endpoint,
            endpoint_policies: &endpoints,
            scps: &self.scps,
        })
    }
}

fn doc(json: &str) -> PolicyDocument {
    match PolicyDocument::from_json(json) {
        Ok(d) => d,
        Err(e) => panic!("test policy does not parse: {e}\n{json}"),
    }
}

/// What the generated policies report themselves: D12, a warning, for the writes the VPC CNI
/// needs on network interfaces (descriptions and two tag values no condition can fix).
fn cni_writers() -> Finding {
    let report = Case::starter().run();
    let d12: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.id == CheckId::D12)
        .collect();
    assert_eq!(d12.len(), 1, "{report:#?}");
    d12[0].clone()
}

/// The findings are `expected`, beside the generated ec2 policy's own D12 ([`cni_writers`]),
/// which every case that keeps that policy reports word for word.
fn assert_only(report: &Report, expected: &[CheckId]) {
    let baseline = cni_writers();
    let mut got: Vec<CheckId> = report
        .findings
        .iter()
        .filter(|f| **f != baseline)
        .map(|f| f.id)
        .collect();
    got.dedup();
    assert_eq!(got, expected, "findings: {:#?}", report.findings);
}

const FULL_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
const FULL_AWS_ACCESS_SCP: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The generated bucket policy with one statement's text swapped, to build near variants.
fn generated_bucket_json(case: &Case) -> String {
    case.policies.bucket.to_json_pretty()
}

#[test]
fn generated_policies_pass_every_check_they_are_judged_on() {
    let report = Case::starter().run();
    assert_only(&report, &[]);
    assert!(report.checked.contains(&CheckId::D1) && report.checked.contains(&CheckId::S4));
    assert_eq!(report.checked.len(), 13);
    // The one finding: what the VPC CNI needs stays writable, a warning and never critical.
    assert!(!report.has_critical());
    let cni = cni_writers();
    assert_eq!(report.findings, std::slice::from_ref(&cni));
    assert_eq!(cni.severity, Severity::Warning);
    for writer in [
        "ec2:CreateTags (free values of node.k8s.amazonaws.com/createdAt, node.k8s.amazonaws.com/instance_id, 512 bytes; medium)",
        "ec2:CreateNetworkInterface (description, no stated maximum; medium)",
        "ec2:AssignPrivateIpAddresses",
    ] {
        assert!(cni.detail.contains(writer), "{writer}: {}", cni.detail);
    }
    assert!(!cni.detail.contains("RunInstances"), "{}", cni.detail);
}

#[test]
fn generated_policies_pass_with_the_placeholder_endpoint_and_in_china() {
    let bp = Blueprint::starter();
    let policies = generate(&bp, None);
    assert!(policies.placeholder);
    let report = check(&Inputs {
        blueprint: &bp,
        s3_endpoint_id: &policies.s3_endpoint_id,
        bucket_policy: &policies.bucket,
        s3_endpoint_policy: &policies.s3_endpoint,
        endpoint_policies: &policies.interface_endpoints,
        scps: std::slice::from_ref(&policies.scp),
    });
    assert_only(&report, &[]);

    let mut cn = Blueprint::starter();
    cn.region = "cn-north-1".into();
    cn.data_owner.admin_principals = vec![format!("arn:aws-cn:iam::{DATA}:role/DataAdmin")];
    cn.network.subnets[0].az_id = "cnn1-az1".into();
    cn.network.subnets[1].az_id = "cnn1-az2".into();
    let case = Case::new(cn);
    assert!(
        case.policies
            .bucket
            .to_json_pretty()
            .contains("arn:aws-cn:s3:::inference-demo-data")
    );
    assert_only(&case.run(), &[]);
}

// ---- D1 -------------------------------------------------------------------------------------

#[test]
fn d1_bucket_policy_without_the_endpoint_deny_leaks_to_data_owner_principals() {
    let case = Case::starter().bucket(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{MODEL}:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::inference-demo-data/*","Condition":{{"StringEquals":{{"aws:SourceVpce":"{VPCE}"}}}}}}]}}"#
    ));
    let report = case.run();
    assert!(report.has(CheckId::D1), "{report:#?}");
    let d1 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D1)
        .unwrap();
    assert_eq!(d1.severity, Severity::Critical);
    assert!(
        d1.detail.contains(&format!("arn:aws:iam::{DATA}:role/")),
        "{}",
        d1.detail
    );
}

#[test]
fn d1_public_read_is_found_for_the_anonymous_caller() {
    let case = Case::starter().bucket(
        r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::inference-demo-data/*"}}"#,
    );
    let report = case.run();
    let d1 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D1)
        .expect("D1");
    assert!(d1.detail.contains("anonymous"), "{}", d1.detail);
}

#[test]
fn d1_wildcard_exemption_of_the_whole_account_leaks() {
    let case = Case::starter();
    let json = generated_bucket_json(&case).replace(
        "\"ArnNotEquals\": {\n          \"aws:PrincipalArn\": \"arn:aws:iam::111111111111:role/DataAdmin\"",
        "\"ArnNotLike\": {\n          \"aws:PrincipalArn\": \"arn:aws:iam::111111111111:role/*\"",
    );
    assert!(
        json.contains("role/*"),
        "replacement did not apply:\n{json}"
    );
    let report = case.bucket(&json).run();
    assert_only(&report, &[CheckId::D1]);
}

#[test]
fn d1_deny_only_on_insecure_transport_is_avoidable() {
    let case = Case::starter().bucket(
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
    );
    let report = case.run();
    // Over TLS the deny does not apply, so every data-owner principal reads off the endpoint.
    assert_only(&report, &[CheckId::D1]);
    let d1 = &report.findings[0];
    assert!(
        d1.detail.contains("arn:aws:iam::111111111111:role/"),
        "{}",
        d1.detail
    );
}

#[test]
fn d1_near_miss_extra_admin_named_in_both_blueprint_and_policy_passes() {
    let mut bp = Blueprint::starter();
    bp.data_owner
        .admin_principals
        .push(format!("arn:aws:iam::{DATA}:user/alice"));
    assert_only(&Case::new(bp).run(), &[]);
}

#[test]
fn d1_near_miss_exempting_an_undeclared_admin_is_found() {
    let case = Case::starter();
    let json = generated_bucket_json(&case).replace(
        "\"aws:PrincipalArn\": \"arn:aws:iam::111111111111:role/DataAdmin\"",
        "\"aws:PrincipalArn\": [\"arn:aws:iam::111111111111:role/DataAdmin\", \"arn:aws:iam::111111111111:role/Etl\"]",
    );
    let report = case.bucket(&json).run();
    let d1 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D1)
        .expect("D1");
    assert!(d1.detail.contains("role/Etl"), "{}", d1.detail);
}

// ---- D2 / S4 --------------------------------------------------------------------------------

#[test]
fn d2_full_access_s3_endpoint_reaches_every_bucket() {
    let report = Case::starter().s3_endpoint(FULL_ACCESS).run();
    assert_only(&report, &[CheckId::D2]);
}

#[test]
fn d2_put_to_any_bucket_is_the_classic_copy_path() {
    let report = Case::starter()
        .s3_endpoint(
            r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::inference-demo-data/*","arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"]},
            {"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::*/*"}]}"#,
        )
        .run();
    let d2 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D2)
        .expect("D2");
    assert!(d2.detail.contains("s3:PutObject"), "{}", d2.detail);
}

#[test]
fn d2_write_to_the_ecr_layer_bucket_is_not_the_read_only_exception() {
    let report = Case::starter()
        .s3_endpoint(
            r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*"]},
            {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"}]}"#,
        )
        .run();
    assert_only(&report, &[CheckId::D2]);
}

#[test]
fn s4_endpoint_scoped_to_the_data_bucket_alone_breaks_image_pulls() {
    let report = Case::starter()
        .s3_endpoint(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*"]}]}"#,
        )
        .run();
    assert_only(&report, &[CheckId::S4]);
}

#[test]
fn s4_layer_bucket_restricted_to_the_data_owner_account_breaks_pulls() {
    let report = Case::starter()
        .s3_endpoint(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*","Condition":{{"StringEquals":{{"aws:ResourceAccount":"{DATA}"}}}}}}]}}"#
        ))
        .run();
    // Pulls fail (S4), and every other data-owner bucket is reachable (D2).
    assert_only(&report, &[CheckId::D2, CheckId::S4]);
}

// ---- D4 / D5 --------------------------------------------------------------------------------

#[test]
fn d4_wildcard_covering_push_is_seen_through() {
    let report = Case::starter()
        .endpoint(
            "ecr.dkr",
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["ecr:GetAuthorizationToken","ecr:Batch*","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}"#,
        )
        .run();
    let d4: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == CheckId::D4)
        .collect();
    assert_eq!(d4.len(), 1, "{report:#?}");
    assert!(d4[0].detail.contains("ecr.dkr"));
    assert!(
        d4[0].detail.contains("ecr:BatchDeleteImage"),
        "{}",
        d4[0].detail
    );
    assert!(!d4[0].detail.contains("ecr:PutImage"), "{}", d4[0].detail);
}

#[test]
fn d4_near_miss_batch_get_wildcard_is_pull_only() {
    let report = Case::starter()
        .endpoint(
            "ecr.api",
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["ecr:GetAuthorizationToken","ecr:BatchGet*","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}"#,
        )
        .run();
    assert_only(&report, &[]);
}

#[test]
fn d4_endpoint_without_a_policy_has_the_default_full_access() {
    let report = Case::starter().without_endpoint_policy("ecr.api").run();
    let d4 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D4)
        .expect("D4");
    assert!(d4.detail.contains("default"), "{}", d4.detail);
}

#[test]
fn d5_logs_endpoint_open_to_any_account() {
    let report = Case::starter()
        .endpoint(
            "logs",
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:*","Resource":"*"}]}"#,
        )
        .run();
    // logs:* also covers log writes D5 does not judge (retention, tags, exports...): D12.
    assert_only(&report, &[CheckId::D5, CheckId::D12]);
    let d12 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D12 && f.detail.starts_with("the logs endpoint"))
        .unwrap();
    assert!(d12.detail.contains("logs:*"), "{}", d12.detail);
    // D5's own writes are reported there, not again.
    assert!(!d12.detail.contains("PutLogEvents"), "{}", d12.detail);
}

#[test]
fn d5_near_miss_logs_endpoint_absent_is_not_checked() {
    let mut bp = Blueprint::starter();
    bp.network.interface_endpoints.retain(|e| e != "logs");
    assert_only(&Case::new(bp).run(), &[]);
}

// ---- D6 / D9 --------------------------------------------------------------------------------

#[test]
fn d6_scp_missing_one_copy_action() {
    let case = Case::starter();
    let json = case
        .policies
        .scp
        .to_json_pretty()
        .replace("\"ec2:CreateSnapshot\",", "");
    let report = case.scps(&[&json]).run();
    let d6 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D6)
        .expect("D6");
    assert!(d6.detail.starts_with("1 of 16"), "{}", d6.detail);
    assert!(d6.detail.contains("ec2:CreateSnapshot"));
}

#[test]
fn d6_deny_with_an_avoidable_ifexists_condition_counts_as_not_denied() {
    let report = Case::starter()
        .scps(&[
            FULL_AWS_ACCESS_SCP,
            r#"{"Statement":[{"Effect":"Deny","Action":["ec2:*","ebs:*","organizations:LeaveOrganization"],"Resource":"*","Condition":{"StringEqualsIfExists":{"aws:RequestTag/project":"inference"}}}]}"#,
        ])
        .run();
    assert_only(&report, &[CheckId::D6, CheckId::D9]);
}

#[test]
fn d6_narrower_resource_counts_as_not_denied() {
    let report = Case::starter()
        .scps(&[
            r#"{"Statement":[{"Effect":"Deny","Action":["ec2:CreateSnapshot","organizations:LeaveOrganization"],"Resource":"*"},
            {"Effect":"Deny","Action":["ec2:*","ebs:*"],"Resource":"arn:aws:ec2:*:*:volume/*"}]}"#,
        ])
        .run();
    let d6 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D6)
        .expect("D6");
    assert!(d6.detail.starts_with("15 of 16"), "{}", d6.detail);
}

#[test]
fn d6_near_miss_service_wide_deny_and_an_allow_list_without_copy_actions() {
    let report = Case::starter()
        .scps(&[
            FULL_AWS_ACCESS_SCP,
            r#"{"Statement":[{"Effect":"Deny","Action":["ec2:Create*","ec2:Copy*","ec2:Export*","ec2:ModifySnapshotAttribute","ec2:AttachVolume","ec2:DetachVolume","ebs:*","organizations:Leave*"],"Resource":"*"}]}"#,
        ])
        .run();
    assert_only(&report, &[]);
    // An allow-list SCP that does not name an action denies it as surely as a Deny.
    let report = Case::starter()
        .scps(&[r#"{"Statement":[{"Effect":"Allow","Action":["s3:*","eks:*","ecr:*"],"Resource":"*"}]}"#])
        .run();
    assert_only(&report, &[]);
}

#[test]
fn d6_allow_list_naming_ec2_leaves_the_copy_paths_open() {
    let report = Case::starter()
        .scps(&[r#"{"Statement":[{"Effect":"Allow","Action":["ec2:*","ebs:*"],"Resource":"*"}]}"#])
        .run();
    assert_only(&report, &[CheckId::D6]);
}

#[test]
fn d9_scp_without_leave_organization_and_no_scp_at_all() {
    let case = Case::starter();
    let json = case
        .policies
        .scp
        .to_json_pretty()
        .replace(",\n        \"organizations:LeaveOrganization\"", "");
    assert!(!json.contains("LeaveOrganization"), "{json}");
    assert_only(&case.scps(&[&json]).run(), &[CheckId::D9]);
    let report = Case::starter().scps(&[]).run();
    assert_only(&report, &[CheckId::D6, CheckId::D9]);
    let d9 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D9)
        .unwrap();
    assert!(d9.detail.contains("no isolation SCP"));
}

// ---- D7 / D8 / D10 --------------------------------------------------------------------------

#[test]
fn d7_public_cluster_endpoint() {
    let mut bp = Blueprint::starter();
    bp.cluster.endpoint_public_access = true;
    assert_only(&Case::new(bp).run(), &[CheckId::D7]);
}

#[test]
fn d8_data_carrying_interface_endpoint_is_a_warning() {
    let mut bp = Blueprint::starter();
    bp.network.interface_endpoints.push("ssm".into());
    bp.network.interface_endpoints.push("eks".into());
    let report = Case::new(bp).run();
    // The ssm endpoint has no generated policy: AWS's default lets the subnets call every ssm
    // action, which D12 counts as high writers (the catalog knows none of them).
    assert_only(&report, &[CheckId::D8, CheckId::D12]);
    let d8: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.id == CheckId::D8)
        .collect();
    assert_eq!(d8.len(), 1);
    assert_eq!(d8[0].severity, Severity::Warning);
    let ssm = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D12 && f.detail.starts_with("the ssm endpoint"))
        .unwrap();
    assert_eq!(ssm.severity, Severity::Critical);
    assert!(ssm.detail.contains("no endpoint policy"), "{}", ssm.detail);
}

#[test]
fn d10_model_owner_can_rewrite_the_bucket_policy_through_the_endpoint() {
    let report = Case::starter()
        .s3_endpoint(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*","arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"]}]}"#,
        )
        .bucket(&format!(
            r#"{{"Statement":[
            {{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*"],"Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{VPCE}"}},"ArnNotEquals":{{"aws:PrincipalArn":"arn:aws:iam::{DATA}:role/DataAdmin"}}}}}},
            {{"Effect":"Allow","Principal":{{"AWS":"{MODEL}"}},"Action":"s3:*","Resource":["arn:aws:s3:::inference-demo-data","arn:aws:s3:::inference-demo-data/*"],"Condition":{{"StringEquals":{{"aws:SourceVpce":"{VPCE}"}}}}}}]}}"#
        ))
        .run();
    assert_only(&report, &[CheckId::D2, CheckId::D10]);
    let d10 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D10)
        .unwrap();
    assert!(d10.detail.contains("s3:PutBucketPolicy"), "{}", d10.detail);
}

#[test]
fn d10_near_miss_generated_deny_protects_even_when_model_owner_actions_are_broad() {
    let mut bp = Blueprint::starter();
    bp.data.model_owner_actions = vec!["s3:*".into()];
    let report = Case::new(bp).run();
    assert!(!report.has(CheckId::D10), "{report:#?}");
}

// ---- S1 / S3 --------------------------------------------------------------------------------

#[test]
fn s1_one_subnet_same_az_and_rejected_az() {
    let mut bp = Blueprint::starter();
    bp.network.subnets.truncate(1);
    assert_only(&Case::new(bp).run(), &[CheckId::S1]);

    let mut bp = Blueprint::starter();
    bp.network.subnets[1].az_id = "use1-az1".into();
    assert_only(&Case::new(bp).run(), &[CheckId::S1]);

    let mut bp = Blueprint::starter();
    bp.network.subnets.push(Subnet {
        az_id: "use1-az3".into(),
        source: SubnetSource::Create {
            cidr: "10.40.32.0/20".into(),
        },
    });
    let report = Case::new(bp).run();
    assert_only(&report, &[CheckId::S1]);
    let s1 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::S1)
        .unwrap();
    assert!(s1.detail.contains("use1-az3"), "{}", s1.detail);
}

#[test]
fn s3_missing_eks_auth_and_ecr_dkr() {
    let mut bp = Blueprint::starter();
    bp.network
        .interface_endpoints
        .retain(|e| e != "eks-auth" && e != "ecr.dkr");
    let report = Case::new(bp.clone()).run();
    assert_only(&report, &[CheckId::S3]);
    let s3 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::S3)
        .unwrap();
    assert!(s3.detail.contains("ecr.dkr, eks-auth"), "{}", s3.detail);
    // With IRSA the pods need the sts endpoint instead of eks-auth.
    bp.cluster.pod_credentials = eks_isolation::blueprint::PodCredentials::Irsa;
    let report = Case::new(bp).run();
    let s3 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::S3)
        .unwrap();
    assert!(s3.detail.contains("lacks ecr.dkr, sts:"), "{}", s3.detail);
}

#[test]
fn d5_near_miss_wildcard_region_inside_the_data_owner_account() {
    let report = Case::starter()
        .endpoint(
            "logs",
            &format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:*:{DATA}:log-group:*"}}]}}"#
            ),
        )
        .run();
    assert_only(&report, &[]);
}

#[test]
fn s1_near_miss_three_subnets_over_two_az_ids() {
    let mut bp = Blueprint::starter();
    bp.network.subnets.push(Subnet {
        az_id: "use1-az2".into(),
        source: SubnetSource::Create {
            cidr: "10.40.32.0/20".into(),
        },
    });
    assert_only(&Case::new(bp).run(), &[]);
}
