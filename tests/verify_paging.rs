//! `verify` reads every listing to its last page: with each listing split in two pages (mocked
//! clients, since moto answers in one), what decides a check is on page 2 and is judged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod verify_mocks;

use eks_isolation::policy::analyze::{CheckId, Report};
use eks_isolation::verify::{LiveState, live_checks, read_with};
use verify_mocks::accounts::{AUDITOR, NODES_SSH, REPO_101};
use verify_mocks::ec2::{IGW, SUBNET_B};
use verify_mocks::{S3_ENDPOINT, blueprint, clients, known_ids};

/// The snapshot of the two-page estate and its report.
async fn judged() -> (LiveState, Report) {
    let bp = blueprint();
    let state = read_with(&bp, &clients(&bp), &known_ids(&bp)).await;
    let report = live_checks(&bp, &state);
    (state, report)
}

/// The details of one check's findings.
fn details(report: &Report, id: CheckId) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.id == id)
        .map(|f| f.detail.clone())
        .collect()
}

#[tokio::test]
async fn the_101st_repository_on_page_two_grants_the_data_owner_and_fails_m2() {
    let (state, report) = judged().await;
    let repos = state.model.repositories.as_ref().unwrap();
    assert_eq!(repos.len(), 101, "both pages of DescribeRepositories");
    let m2 = details(&report, CheckId::M2);
    assert_eq!(m2.len(), 1, "{m2:?}");
    assert!(
        m2[0].contains(REPO_101) && m2[0].contains("ecr:BatchGetImage"),
        "{m2:?}"
    );
}

#[tokio::test]
async fn a_data_owner_access_entry_on_page_two_fails_m3() {
    let (state, report) = judged().await;
    assert_eq!(state.model.access_entries.as_ref().unwrap().len(), 101);
    let m3 = details(&report, CheckId::M3);
    assert_eq!(m3.len(), 1, "{m3:?}");
    assert!(m3[0].contains(AUDITOR), "{m3:?}");
}

#[tokio::test]
async fn a_node_group_on_page_two_brings_its_open_ssh_group_to_m4() {
    let (state, report) = judged().await;
    let groups = state.model.nodegroups.as_ref().unwrap();
    assert_eq!(groups.len(), 101, "both pages of ListNodegroups");
    assert!(groups.iter().any(|g| g.name == NODES_SSH));
    // The SSH group itself is on page 2 of DescribeSecurityGroups.
    let m4 = details(&report, CheckId::M4);
    assert_eq!(
        m4,
        ["security group sg-ssh allows tcp 22 inbound from 0.0.0.0/0"],
        "{m4:?}"
    );
}

#[tokio::test]
async fn a_route_table_on_page_two_gives_the_page_two_subnet_a_way_out_and_fails_d3() {
    let (state, report) = judged().await;
    let subnets: Vec<&str> = state
        .subnets
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(subnets, ["subnet-a", SUBNET_B]);
    assert_eq!(state.route_tables.as_ref().unwrap().len(), 2);
    let d3 = details(&report, CheckId::D3);
    assert_eq!(
        d3,
        [format!(
            "route table rtb-out of subnet {SUBNET_B} routes 0.0.0.0/0 to internet gateway \
             {IGW}: a way out of the VPC"
        )]
    );
}

#[tokio::test]
async fn an_endpoint_on_page_two_is_judged_d8_and_the_first_page_still_passes_s3() {
    let (state, report) = judged().await;
    let endpoints = state.endpoints.as_ref().unwrap();
    assert_eq!(
        endpoints.len(),
        7,
        "S3, five interface endpoints, then SSM on page 2"
    );
    assert_eq!(endpoints[0].id, S3_ENDPOINT, "the known S3 endpoint first");
    let d8 = details(&report, CheckId::D8);
    assert_eq!(d8.len(), 1, "{d8:?}");
    assert!(
        d8[0].contains("com.amazonaws.us-east-1.ssmmessages"),
        "{d8:?}"
    );
    for id in [CheckId::S3, CheckId::D2, CheckId::D4, CheckId::D5] {
        assert!(report.checked.contains(&id), "{id}: {report:?}");
        assert!(details(&report, id).is_empty(), "{id}: {report:?}");
    }
}

#[tokio::test]
async fn a_share_principal_and_subnet_on_page_two_pass_s6() {
    let (state, report) = judged().await;
    let shares = &state.ram.as_ref().unwrap().shares;
    assert_eq!(
        shares.len(),
        1,
        "the share is on page 2 of GetResourceShares"
    );
    assert_eq!(shares[0].principals, [verify_mocks::MODEL]);
    assert_eq!(shares[0].resources.len(), 2, "{shares:?}");
    assert!(report.checked.contains(&CheckId::S6), "{report:?}");
    assert!(details(&report, CheckId::S6).is_empty(), "{report:?}");
}

#[tokio::test]
async fn the_isolation_scp_on_page_two_of_the_accounts_policies_passes_d9() {
    let (state, report) = judged().await;
    let names: Vec<&str> = state
        .scps
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["eks-isolation-inference-demo", "FullAWSAccess"]);
    for id in [CheckId::D6, CheckId::D9] {
        assert!(report.checked.contains(&id), "{id}: {report:?}");
        assert!(details(&report, id).is_empty(), "{id}: {report:?}");
    }
}

#[tokio::test]
async fn a_client_that_answers_nothing_leaves_its_checks_undecided_not_passed() {
    let (state, report) = judged().await;
    // S3 has no rules: its reads fail.
    assert_eq!(state.bucket, None);
    for id in [CheckId::D1, CheckId::D11] {
        assert!(!report.checked.contains(&id), "{id}: {report:?}");
        let u = report.undecided.iter().find(|u| u.id == id).unwrap();
        assert!(!u.reason.is_empty());
    }
}

#[tokio::test]
async fn the_subnet_picker_reads_the_same_pages_and_badges_the_same_way_out() {
    use eks_isolation::ui::live::net::verdicts::{shorts, subnet_badges};
    let bp = blueprint();
    let data = clients(&bp).data.unwrap();
    let net = eks_isolation::aws::ec2::vpc_network(&data.ec2, verify_mocks::VPC)
        .await
        .unwrap();
    let tables = net.route_tables.unwrap();
    assert_eq!(tables.len(), 2);
    assert_eq!(net.endpoints.unwrap().len(), 7);
    let badges: Vec<(String, String)> = net
        .subnets
        .iter()
        .map(|s| (s.id.clone(), shorts(&subnet_badges(s, Some(&tables)))))
        .collect();
    assert_eq!(
        badges,
        [
            ("subnet-a".to_string(), String::new()),
            (SUBNET_B.to_string(), "✗D3".to_string())
        ]
    );
}

#[tokio::test]
async fn the_organizations_ways_in_on_page_two_each_fail_m6() {
    let (_, report) = judged().await;
    let m6 = details(&report, CheckId::M6);
    assert_eq!(m6.len(), 4, "{m6:#?}");
    assert!(
        m6.iter().any(|d| d.contains(verify_mocks::reach::BACKUP)),
        "{m6:?}"
    );
    assert!(
        m6.iter()
            .any(|d| d.starts_with("trusted access for config.amazonaws.com")),
        "{m6:?}"
    );
    assert!(
        m6.iter()
            .any(|d| d.contains(verify_mocks::reach::SECURITY) && d.contains("guardduty")),
        "{m6:?}"
    );
    assert!(
        m6.iter().any(|d| d.contains(verify_mocks::reach::TRAIL)),
        "{m6:?}"
    );
    assert!(
        !m6.iter().any(|d| d.contains("ram.amazonaws.com")),
        "{m6:?}"
    );
}

#[tokio::test]
async fn d13_reads_every_page_of_the_firewall_and_the_resolver_rules() {
    use verify_mocks::dns::{FORWARD, OUTSIDE};
    let (state, report) = judged().await;
    let dns = state.dns.as_ref().expect("D13's evidence was read");
    assert_eq!(dns.groups.len(), 1, "the association on page 2");
    assert_eq!(dns.groups[0].1.len(), 2, "both pages of rules");
    let d13 = details(&report, CheckId::D13);
    assert_eq!(d13.len(), 2, "{d13:#?}");
    assert!(
        d13[0].contains(&format!("allows `{OUTSIDE}`")),
        "the name on page 2 of the allow list: {d13:#?}"
    );
    assert!(
        d13[1].contains(FORWARD) && d13[1].contains("203.0.113.53:53"),
        "{d13:#?}"
    );
}

#[tokio::test]
async fn a_role_on_page_two_that_trusts_the_data_owner_fails_m1() {
    let (state, report) = judged().await;
    let roles = state.model.roles.as_ref().expect("both pages of ListRoles");
    assert_eq!(roles.len(), 2, "{roles:?}");
    let m1 = details(&report, CheckId::M1);
    assert_eq!(m1.len(), 1, "{m1:?}");
    assert!(m1[0].contains(verify_mocks::iam::TRUSTING), "{m1:?}");
}
