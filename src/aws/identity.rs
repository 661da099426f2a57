//! The two parties' identities: credentials from everything the AWS config files allow (through
//! aws-config), resolved with STS GetCallerIdentity and checked against the blueprint.

use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::AwsError;
use crate::blueprint::Blueprint;
use crate::blueprint::Side;

/// A resolved identity: who the credentials are, and where they came from (never a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    /// `profile data-owner`, `role arn:aws:iam::…:role/X`, or `default credentials`.
    pub source: String,
}

/// One party: its side, its live identity, and the SDK configuration every client of that side
/// is built from. Steps of a side use only that side's configuration.
#[derive(Debug, Clone)]
pub struct Party {
    pub side: Side,
    pub identity: Identity,
    pub config: SdkConfig,
}

/// Why the parties could not be resolved or are not who the blueprint says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("{side}: cannot get credentials from {via}: {error}")]
    Credentials {
        side: &'static str,
        via: String,
        error: AwsError,
    },
    #[error(
        "{side}: the blueprint names account {expected}, but {via} is account {actual} ({arn}); \
         switch {what} or fix the blueprint"
    )]
    WrongAccount {
        side: &'static str,
        expected: String,
        actual: String,
        arn: String,
        via: String,
        what: &'static str,
    },
    #[error(
        "model owner: the blueprint reaches it through role {role}, assumed with the data owner's \
         credentials; a model-owner run needs the model owner's own: set model_owner.profile \
         and remove model_owner.role_arn, or run with both parties"
    )]
    RoleNeedsDataOwner { role: String },
}

/// The data owner's SDK configuration: its profile, else the default chain, in the blueprint's
/// region. `AWS_ENDPOINT_URL` and the other AWS_* variables apply as usual.
pub async fn data_owner_config(bp: &Blueprint) -> SdkConfig {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(Region::new(bp.region.clone()));
    if let Some(profile) = &bp.data_owner.profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// The model owner's SDK configuration: its profile; or its role, assumed with the data owner's
/// credentials; else the default chain.
pub async fn model_owner_config(bp: &Blueprint, data_owner: &SdkConfig) -> SdkConfig {
    let region = Region::new(bp.region.clone());
    if let Some(role) = &bp.model_owner.role_arn {
        let provider = aws_config::sts::AssumeRoleProvider::builder(role)
            .session_name(crate::blueprint::names::session(bp))
            .region(region)
            .configure(data_owner)
            .build()
            .await;
        return data_owner
            .to_builder()
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            )
            .build();
    }
    model_owner_own_config(bp).await
}

/// The model owner's SDK configuration from its own credentials alone: its profile, else the
/// default chain (never the data owner's; `role_arn` is not used).
pub async fn model_owner_own_config(bp: &Blueprint) -> SdkConfig {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(Region::new(bp.region.clone()));
    if let Some(profile) = &bp.model_owner.profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// Where a side's credentials come from, in words.
pub fn source_of(bp: &Blueprint, side: Side) -> String {
    let (profile, role) = match side {
        Side::ModelOwner => (&bp.model_owner.profile, &bp.model_owner.role_arn),
        _ => (&bp.data_owner.profile, &None),
    };
    match (profile, role) {
        (_, Some(role)) => format!("role {role}"),
        (Some(p), None) => format!("profile {p}"),
        (None, None) => "default credentials".to_string(),
    }
}

/// STS GetCallerIdentity with this configuration.
pub async fn caller_identity(config: &SdkConfig) -> Result<(String, String), AwsError> {
    let out = aws_sdk_sts::Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("sts:GetCallerIdentity", e))?;
    let account = out
        .account()
        .ok_or_else(|| AwsError::answer("sts:GetCallerIdentity", "no account in the answer"))?;
    Ok((
        account.to_string(),
        out.arn().unwrap_or_default().to_string(),
    ))
}

/// Resolve one party and check it is the account the blueprint names.
pub async fn resolve(
    bp: &Blueprint,
    side: Side,
    config: SdkConfig,
) -> Result<Party, IdentityError> {
    let (expected, side_name, what) = match side {
        Side::ModelOwner => (
            &bp.model_owner.account_id,
            "model owner",
            if bp.model_owner.role_arn.is_some() {
                "the role"
            } else {
                "the profile"
            },
        ),
        _ => (&bp.data_owner.account_id, "data owner", "the profile"),
    };
    let source = source_of(bp, side);
    let (account, arn) =
        caller_identity(&config)
            .await
            .map_err(|error| IdentityError::Credentials {
                side: side_name,
                via: source.clone(),
                error,
            })?;
    if &account != expected {
        return Err(IdentityError::WrongAccount {
            side: side_name,
            expected: expected.clone(),
            actual: account,
            arn,
            via: source,
            what,
        });
    }
    Ok(Party {
        side,
        identity: Identity {
            account,
            arn,
            source,
        },
        config,
    })
}

/// Resolve both parties (concurrently) before any change.
pub async fn resolve_parties(bp: &Blueprint) -> Result<(Party, Party), IdentityError> {
    let data_config = data_owner_config(bp).await;
    let model_config = model_owner_config(bp, &data_config).await;
    let (data, model) = tokio::join!(
        resolve(bp, Side::DataOwner, data_config),
        resolve(bp, Side::ModelOwner, model_config)
    );
    Ok((data?, model?))
}

/// Resolve the parties of a run as `side` (`Both`: both, as [`resolve_parties`]). A one-party
/// run builds and asks only that party's configuration: the other party's profile is not even
/// looked up. A model owner reached through a role assumed with the data owner's credentials
/// cannot run alone.
pub async fn resolve_side(
    bp: &Blueprint,
    side: Side,
) -> Result<(Option<Party>, Option<Party>), IdentityError> {
    match side {
        Side::Both => resolve_parties(bp)
            .await
            .map(|(data, model)| (Some(data), Some(model))),
        Side::DataOwner => {
            let config = data_owner_config(bp).await;
            Ok((Some(resolve(bp, Side::DataOwner, config).await?), None))
        }
        Side::ModelOwner => {
            if let Some(role) = &bp.model_owner.role_arn {
                return Err(IdentityError::RoleNeedsDataOwner { role: role.clone() });
            }
            let config = model_owner_own_config(bp).await;
            Ok((None, Some(resolve(bp, Side::ModelOwner, config).await?)))
        }
    }
}
