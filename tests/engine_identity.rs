//! Identities against moto: each side resolves to its own account; a mismatch is refused with
//! a line naming the expected and actual account and where the credentials came from.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on its own setup

mod support;

use eks_isolation::aws::identity::{self, IdentityError, caller_identity};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::Side;

#[tokio::test]
async fn assumed_roles_act_as_their_accounts() {
    let data = support::unique_account();
    let model = support::unique_account();
    let (d, _) = caller_identity(&support::config_for(&data).await)
        .await
        .unwrap();
    let (m, arn) = caller_identity(&support::config_for(&model).await)
        .await
        .unwrap();
    assert_eq!(d, data);
    assert_eq!(m, model);
    assert!(arn.contains(&model), "{arn}");
}

#[tokio::test]
async fn a_party_in_another_account_is_refused_by_name() {
    let data = support::unique_account();
    let other = support::unique_account();
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id = data.clone();
    let config = support::config_for(&other).await;
    let err = identity::resolve(&bp, Side::DataOwner, config)
        .await
        .unwrap_err();
    let IdentityError::WrongAccount {
        expected, actual, ..
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!(
        (expected.as_str(), actual.as_str()),
        (data.as_str(), other.as_str())
    );
    let line = err.to_string();
    assert!(
        line.starts_with("data owner: the blueprint names account "),
        "{line}"
    );
    assert!(line.contains("profile data-owner"), "{line}");
    assert!(!line.contains('\n'));
    let ok = identity::resolve(&bp, Side::DataOwner, support::config_for(&data).await)
        .await
        .unwrap();
    assert_eq!(ok.identity.account, data);
    assert_eq!(ok.identity.source, "profile data-owner");
}
