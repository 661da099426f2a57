//! Resolve one side's identity (STS GetCallerIdentity) for the Identities screen.

use aws_config::SdkConfig;

use crate::blueprint::Blueprint;
use crate::blueprint::Side;
use crate::ui::live::{IdentityView, LiveEvent};

/// Who a side's credentials are, or the exact error (expired SSO token, no such profile, …).
pub async fn resolve(bp: &Blueprint, side: Side, key: String, config: &SdkConfig) -> LiveEvent {
    let result = crate::aws::identity::caller_identity(config)
        .await
        .map(|(account, arn)| IdentityView {
            account,
            arn,
            region: bp.region.clone(),
            source: crate::aws::identity::source_of(bp, side),
        })
        .map_err(|e| e.to_string());
    LiveEvent::Identity { side, key, result }
}
