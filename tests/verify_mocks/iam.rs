//! The model owner's roles over two pages: the one that trusts the data owner is on page 2.

use aws_sdk_iam::operation::list_roles::ListRolesOutput;
use aws_sdk_iam::types::Role;
use aws_smithy_mocks::{Rule, mock};

use super::{DATA, MODEL, NEXT, first_page};

/// The role on page 2 whose trust policy names the data-owner account.
pub const TRUSTING: &str = "vendor-support";

fn role(name: &str, trusted: &str) -> Role {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{trusted}"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    Role::builder()
        .role_name(name)
        .arn(format!("arn:aws:iam::{MODEL}:role/{name}"))
        .path("/")
        .role_id(format!("AROA{}", name.len()))
        .create_date(aws_smithy_types::DateTime::from_secs(0))
        .assume_role_policy_document(trust)
        .build()
        .expect("every required field is set")
}

pub fn rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_iam::Client::list_roles).then_compute_output(|r| {
            if first_page(r.marker()) {
                return ListRolesOutput::builder()
                    .roles(role("eks-cluster", "eks.amazonaws.com"))
                    .is_truncated(true)
                    .marker(NEXT)
                    .build()
                    .expect("roles set");
            }
            ListRolesOutput::builder()
                .roles(role(TRUSTING, &format!("arn:aws:iam::{DATA}:root")))
                .is_truncated(false)
                .build()
                .expect("roles set")
        }),
    ]
}
