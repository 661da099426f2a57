//! What the organization lets its management account reach in member accounts (M6): the
//! services with trusted access, and the delegated administrators. Both can be read only from
//! the management account (or a delegated administrator):
//! <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAWSServiceAccessForOrganization.html>,
//! <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html>.

use aws_sdk_organizations::Client;

use crate::aws::AwsError;

/// Every service principal with trusted access to the organization, to the last page.
pub async fn trusted_services(c: &Client) -> Result<Vec<String>, AwsError> {
    let mut pages = c
        .list_aws_service_access_for_organization()
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            AwsError::from_sdk("organizations:ListAWSServiceAccessForOrganization", e)
        })?;
        out.extend(
            page.enabled_service_principals()
                .iter()
                .filter_map(|p| p.service_principal().map(str::to_string)),
        );
    }
    Ok(out)
}

/// A delegated administrator: its account and the services it administers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatedAdmin {
    pub account: String,
    pub services: Vec<String>,
}

/// Every delegated administrator with its services, each listing to its last page.
pub async fn delegated_admins(c: &Client) -> Result<Vec<DelegatedAdmin>, AwsError> {
    let mut pages = c.list_delegated_administrators().into_paginator().send();
    let mut accounts = Vec::new();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| AwsError::from_sdk("organizations:ListDelegatedAdministrators", e))?;
        accounts.extend(
            page.delegated_administrators()
                .iter()
                .filter_map(|a| a.id().map(str::to_string)),
        );
    }
    let mut out = Vec::new();
    for account in accounts {
        let mut pages = c
            .list_delegated_services_for_account()
            .account_id(&account)
            .into_paginator()
            .send();
        let mut services = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                AwsError::from_sdk("organizations:ListDelegatedServicesForAccount", e)
            })?;
            services.extend(
                page.delegated_services()
                    .iter()
                    .filter_map(|s| s.service_principal().map(str::to_string)),
            );
        }
        out.push(DelegatedAdmin { account, services });
    }
    Ok(out)
}
