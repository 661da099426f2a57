//! Live checks on the organization, the bucket and the model owner's account.
#![allow(clippy::unwrap_used)]

use super::live_checks;
use super::state::*;
use super::tests_fixture::{DATA, MODEL, bp, good, of, undecided};
use crate::aws::iam::Role;
use crate::aws::s3::PublicAccessBlock;
use crate::policy::analyze::{CheckId, Severity};

fn trust(principal: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",
        "Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

fn with_role(name: &str, trust_policy: String) -> LiveState {
    let mut s = good();
    s.model.roles.as_mut().unwrap().push(Role {
        name: name.into(),
        arn: format!("arn:aws:iam::{MODEL}:role/{name}"),
        trust_policy,
    });
    s
}

#[test]
fn m1_organization_access_role_trusting_the_data_owner_fails_a_third_account_passes() {
    let s = with_role(
        "OrganizationAccountAccessRole",
        trust(&format!("arn:aws:iam::{DATA}:root")),
    );
    let m1 = of(&live_checks(&bp(), &s), CheckId::M1);
    assert_eq!(m1.len(), 1);
    assert!(m1[0].1.contains("OrganizationAccountAccessRole"), "{m1:?}");
    let s = with_role("Vendor", trust("arn:aws:iam::333333333333:root"));
    assert!(of(&live_checks(&bp(), &s), CheckId::M1).is_empty());
    // A condition the data owner can meet still counts.
    let s = with_role(
        "Conditional",
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
        "Condition":{"StringEquals":{"sts:ExternalId":"s3cret"}}}]}"#
            .into(),
    );
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::M1).len(), 1);
    let mut s = good();
    s.model.roles = None;
    assert!(undecided(&live_checks(&bp(), &s), CheckId::M1));
}

#[test]
fn m2_a_repository_open_to_everyone_fails_one_for_a_third_account_passes() {
    let policy = |p: &str| {
        format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{p}"}},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}}]}}"#
        )
    };
    let mut s = good();
    s.model.repositories.as_mut().unwrap()[0].policy = Some(policy("*"));
    let m2 = of(&live_checks(&bp(), &s), CheckId::M2);
    assert!(m2[0].1.contains("ecr:BatchGetImage"), "{m2:?}");
    s.model.repositories.as_mut().unwrap()[0].policy = Some(policy(DATA));
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::M2).len(), 1);
    s.model.repositories.as_mut().unwrap()[0].policy = Some(policy("333333333333"));
    assert!(of(&live_checks(&bp(), &s), CheckId::M2).is_empty());
}

#[test]
fn m3_an_access_entry_for_a_data_owner_role_fails() {
    let mut s = good();
    s.model
        .access_entries
        .as_mut()
        .unwrap()
        .push(format!("arn:aws:iam::{DATA}:role/DataAdmin"));
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::M3).len(), 1);
    s.model.access_entries = None;
    s.unreadable.push((
        CheckId::M3,
        "eks:ListAccessEntries: not implemented by the server".into(),
    ));
    let r = live_checks(&bp(), &s);
    assert!(undecided(&r, CheckId::M3));
    // No cluster at all: nothing maps anyone.
    s.model.cluster = Some(None);
    assert!(live_checks(&bp(), &s).checked.contains(&CheckId::M3));
}

#[test]
fn m4_open_to_the_world_or_the_whole_vpc_fails_one_subnet_passes() {
    for cidr in ["0.0.0.0/0", "10.40.0.0/16", "10.0.0.0/8"] {
        let mut s = good();
        s.model.security_groups.as_mut().unwrap()[0].ingress[0].cidrs = vec![cidr.into()];
        let m4 = of(&live_checks(&bp(), &s), CheckId::M4);
        assert_eq!(m4.len(), 1, "{cidr}");
        assert_eq!(m4[0].0, Severity::Warning);
    }
}

#[test]
fn m5_is_reported_once_as_info() {
    let m5 = of(&live_checks(&bp(), &good()), CheckId::M5);
    assert_eq!(m5.len(), 1);
    assert_eq!(m5[0].0, Severity::Info);
}

#[test]
fn d7_a_public_live_cluster_fails_an_unreadable_one_is_undecided() {
    let mut s = good();
    if let Some(Some(c)) = s.model.cluster.as_mut() {
        c.public_access = true;
    }
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::D7).len(), 1);
    s.model.cluster = None;
    assert!(undecided(&live_checks(&bp(), &s), CheckId::D7));
    // The blueprint asking for it decides it even when the cluster cannot be read.
    let mut public = bp();
    public.cluster.endpoint_public_access = true;
    assert_eq!(of(&live_checks(&public, &s), CheckId::D7).len(), 1);
}

#[test]
fn d9_not_a_member_scp_off_or_no_isolation_scp_fail() {
    let mut s = good();
    s.organization.as_mut().unwrap().model_owner_member = false;
    assert!(
        of(&live_checks(&bp(), &s), CheckId::D9)[0]
            .1
            .contains("not a member")
    );
    let mut s = good();
    s.organization.as_mut().unwrap().scp_enabled = false;
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::D9).len(), 1);
    let mut s = good();
    s.scps.as_mut().unwrap()[0] = Scp {
        level: ScpLevel::Root,
        target: "r-root".into(),
        name: "FullAWSAccess".into(),
        content: r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.into(),
    };
    let r = live_checks(&bp(), &s);
    let d9 = of(&r, CheckId::D9);
    assert!(d9.iter().any(|f| f.1.contains("FullAWSAccess")), "{d9:?}");
    assert!(
        d9.iter().any(|f| f.1.contains("LeaveOrganization")),
        "{d9:?}"
    );
    assert_eq!(of(&r, CheckId::D6).len(), 1);
    let mut s = good();
    s.scps = None;
    let r = live_checks(&bp(), &s);
    assert!(undecided(&r, CheckId::D6));
    assert!(undecided(&r, CheckId::D9));
}

#[test]
fn d11_a_missing_or_partial_public_access_block_fails() {
    let mut s = good();
    s.public_access_block = Some(PublicAccessBlock::default());
    assert!(
        of(&live_checks(&bp(), &s), CheckId::D11)[0]
            .1
            .contains("no public-access")
    );
    s.public_access_block.as_mut().unwrap().block_public_acls = Some(true);
    let d11 = of(&live_checks(&bp(), &s), CheckId::D11);
    assert!(d11[0].1.contains("IgnorePublicAcls"), "{d11:?}");
}

#[test]
fn d1_no_bucket_policy_lets_the_data_owner_read_off_the_endpoint() {
    let mut s = good();
    s.bucket.as_mut().unwrap().policy = None;
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::D1).len(), 1);
    s.bucket = None;
    let r = live_checks(&bp(), &s);
    assert!(undecided(&r, CheckId::D1));
    assert!(undecided(&r, CheckId::D10));
}

#[test]
fn s6_sharing_off_or_no_active_share_fails_unknown_sharing_is_undecided() {
    let mut s = good();
    s.organization.as_mut().unwrap().ram_service_access = Some(false);
    assert_eq!(of(&live_checks(&bp(), &s), CheckId::S6).len(), 1);
    let mut s = good();
    s.ram.as_mut().unwrap().shares[0].status = "DELETED".into();
    assert!(
        of(&live_checks(&bp(), &s), CheckId::S6)[0]
            .1
            .contains("subnet-a")
    );
    let mut s = good();
    s.ram.as_mut().unwrap().shares[0].principals =
        vec!["arn:aws:organizations::111111111111:ou/o-abc/r-root".into()];
    assert!(of(&live_checks(&bp(), &s), CheckId::S6).is_empty());
    s.organization.as_mut().unwrap().ram_service_access = None;
    assert!(undecided(&live_checks(&bp(), &s), CheckId::S6));
}
