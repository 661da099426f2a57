//! AWS access: one module per service, async functions over SDK clients, domain types and
//! [`AwsError`] out. Never prints, never imports ratatui.

pub mod calls;
pub mod cloudtrail;
pub mod ec2;
pub mod ecr;
pub mod eks;
mod error;
pub mod iam;
pub mod identity;
pub mod organizations;
pub mod profiles;
pub mod ram;
pub mod resolver;
pub mod s3;

pub use calls::{CallLog, Clients};
pub use error::AwsError;
pub use identity::{Identity, IdentityError, Party, resolve_parties, resolve_side};

use aws_config::SdkConfig;

/// An S3 client; path-style whenever the endpoint is overridden (a local server has no
/// virtual-host names).
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(s3_config(config).build())
}

/// The S3 client configuration every S3 client starts from: path-style whenever the endpoint
/// is overridden.
pub(crate) fn s3_config(config: &SdkConfig) -> aws_sdk_s3::config::Builder {
    let builder = aws_sdk_s3::config::Builder::from(config);
    if config.endpoint_url().is_some() {
        builder.force_path_style(true)
    } else {
        builder
    }
}
