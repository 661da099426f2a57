//! `verify` against moto: an estate built directly with the SDK in two fresh accounts passes the
//! data checks, reports the model owner's OrganizationAccountAccessRole (M1) and M5, lists what
//! moto cannot answer as undecided; then broken on purpose, it reports D3, D2 and D7.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // the DNS association is for verify_dns
#[path = "verify_estate/mod.rs"]
mod estate;
mod support;

use eks_isolation::blueprint::{SubnetSource, VpcSource};
use eks_isolation::policy::analyze::{CheckId, Report};
use eks_isolation::verify::{KnownIds, verify};

use estate::build;

fn ids_of(report: &Report) -> Vec<CheckId> {
    report.findings.iter().map(|f| f.id).collect()
}

fn show(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap()
}

#[tokio::test]
async fn a_fresh_estate_reports_m1_and_m5_and_breaking_it_reports_d3_d2_d7() {
    let e = build().await;
    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    eprintln!("{}", show(&report));
    let found = ids_of(&report);
    assert!(found.contains(&CheckId::M1), "{}", show(&report));
    assert!(found.contains(&CheckId::M5), "{}", show(&report));
    let m1 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::M1)
        .unwrap();
    assert!(
        m1.detail.contains("OrganizationAccountAccessRole"),
        "{}",
        m1.detail
    );
    for id in [
        CheckId::D2,
        CheckId::D3,
        CheckId::D7,
        CheckId::D1,
        CheckId::D9,
    ] {
        assert!(!found.contains(&id), "{id}: {}", show(&report));
        assert!(
            report.checked.contains(&id),
            "{id} checked: {}",
            show(&report)
        );
    }
    let m3 = report.undecided.iter().find(|u| u.id == CheckId::M3);
    assert!(
        m3.is_some_and(|u| u.reason.contains("eks:ListAccessEntries")),
        "moto lacks access entries: {}",
        show(&report)
    );
    // moto makes no cluster security group: M4 cannot be judged, and says so.
    assert!(
        report.undecided.iter().any(|u| u.id == CheckId::M4),
        "{}",
        show(&report)
    );
    for u in &report.undecided {
        assert!(!report.checked.contains(&u.id));
        assert!(!u.reason.is_empty());
    }

    let ec2 = aws_sdk_ec2::Client::new(&e.data.config);
    let vpc = e.ids.vpc_id.clone().unwrap();
    let igw = support::route_out(&ec2, &vpc, &e.route_table).await;
    ec2.modify_vpc_endpoint()
        .vpc_endpoint_id(&e.s3_endpoint)
        .policy_document(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    aws_sdk_eks::Client::new(&e.model.config)
        .update_cluster_config()
        .name(&e.bp.cluster.name)
        .resources_vpc_config(
            aws_sdk_eks::types::VpcConfigRequest::builder()
                .endpoint_public_access(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    let found = ids_of(&report);
    assert!(found.contains(&CheckId::D7), "{}", show(&report));
    assert!(found.contains(&CheckId::D3), "{}", show(&report));
    assert!(found.contains(&CheckId::D2), "{}", show(&report));
    let d3 = report
        .findings
        .iter()
        .find(|f| f.id == CheckId::D3)
        .unwrap();
    assert!(d3.detail.contains(&igw), "{}", d3.detail);
}

#[tokio::test]
async fn a_setup_known_only_by_its_tags_is_found_and_judged_the_same() {
    let e = build().await;
    let known = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    let mut bp = e.bp.clone();
    bp.network.vpc = VpcSource::Create {
        cidr: "10.40.0.0/16".into(),
    };
    for s in &mut bp.network.subnets {
        s.source = SubnetSource::Create {
            cidr: "10.40.0.0/20".into(),
        };
    }
    bp.network.s3_endpoint_id = None;
    let ids = KnownIds::from_blueprint(&bp);
    assert_eq!(ids.vpc_id, None);
    assert!(ids.subnet_ids.is_empty());
    let found = verify(&bp, &e.data, &e.model, &ids).await;
    assert_eq!(found, known, "{}", show(&found));
}

#[tokio::test]
async fn a_missing_vpc_leaves_the_network_checks_undecided_not_passed() {
    let e = build().await;
    let ids = KnownIds {
        vpc_id: Some("vpc-0000000000000000".into()),
        ..e.ids.clone()
    };
    let report = verify(&e.bp, &e.data, &e.model, &ids).await;
    for id in [CheckId::D2, CheckId::D3, CheckId::S2, CheckId::S5] {
        let u = report.undecided.iter().find(|u| u.id == id);
        assert!(u.is_some(), "{id}: {}", show(&report));
        assert!(!report.checked.contains(&id));
    }
    // The bucket and the organization are still judged.
    assert!(report.checked.contains(&CheckId::D1));
    assert!(report.checked.contains(&CheckId::D9));
}
