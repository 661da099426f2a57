//! M6 against moto: on a fresh estate the organization reaches nothing of the model owner's
//! (RAM's trusted access, which the setup needs, is no way in); then the management account
//! turns on trusted access for AWS Config, makes another account delegated administrator for
//! GuardDuty and keeps an organization trail, and `verify` names each as M6.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // the estate's route table and S3 endpoint are for other tests
#[path = "verify_estate/mod.rs"]
mod estate;
mod support;

use eks_isolation::policy::analyze::{CheckId, Report};
use eks_isolation::verify::verify;

fn m6(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.id == CheckId::M6)
        .map(|f| f.detail.clone())
        .collect()
}

#[tokio::test]
async fn trusted_access_a_delegated_administrator_and_an_organization_trail_are_each_m6() {
    let e = estate::build().await;
    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    assert!(report.checked.contains(&CheckId::M6), "{report:#?}");
    assert_eq!(m6(&report), Vec::<String>::new());

    let orgs = aws_sdk_organizations::Client::new(&e.data.config);
    for service in ["ram.amazonaws.com", "config.amazonaws.com"] {
        orgs.enable_aws_service_access()
            .service_principal(service)
            .send()
            .await
            .unwrap();
    }
    let created = orgs
        .create_account()
        .account_name("security")
        .email(format!("security-{}@example.com", e.data.identity.account))
        .send()
        .await
        .unwrap();
    let security = created
        .create_account_status()
        .unwrap()
        .account_id()
        .unwrap()
        .to_string();
    orgs.register_delegated_administrator()
        .account_id(&security)
        .service_principal("guardduty.amazonaws.com")
        .send()
        .await
        .unwrap();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&e.data.config)
            .force_path_style(true)
            .build(),
    );
    let bucket = format!("audit-{}", e.data.identity.account);
    s3.create_bucket().bucket(&bucket).send().await.unwrap();
    aws_sdk_cloudtrail::Client::new(&e.data.config)
        .create_trail()
        .name("org-audit")
        .s3_bucket_name(&bucket)
        .is_organization_trail(true)
        .send()
        .await
        .unwrap();

    let report = verify(&e.bp, &e.data, &e.model, &e.ids).await;
    let found = m6(&report);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("trusted access for config.amazonaws.com: AWS Config"));
    assert!(found[1].contains(&security) && found[1].contains("guardduty.amazonaws.com"));
    assert!(found[2].contains("trail org-audit") && found[2].contains(&bucket));
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.id == CheckId::M6)
            .all(|f| { f.severity == eks_isolation::policy::analyze::Severity::Warning })
    );
}
