//! One error type for every AWS call: which call, AWS's error code, and its message.

use aws_sdk_sts::error::ProvideErrorMetadata;
use aws_sdk_sts::error::SdkError;

/// An AWS call that failed. Displays as `ec2:CreateVpc: UnauthorizedOperation: ...`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{call}: {}{message}", code.as_deref().map(|c| format!("{c}: ")).unwrap_or_default())]
pub struct AwsError {
    /// `service:Operation`, e.g. `ec2:CreateVpc`.
    pub call: &'static str,
    /// AWS's error code (`AccessDenied`, `DependencyViolation`, ...), when it sent one.
    pub code: Option<String>,
    pub message: String,
}

impl AwsError {
    /// From any SDK error: keeps the code and message AWS sent, else the transport's words.
    pub fn from_sdk<E, R>(call: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let code = err.code().map(str::to_string);
        let message = match err.message() {
            Some(m) => m.to_string(),
            None => match &err {
                SdkError::ServiceError(_) => "the service refused the request".to_string(),
                other => describe_chain(other),
            },
        };
        Self {
            call,
            code,
            message,
        }
    }

    /// An error of our own about a call's answer (e.g. a field AWS did not send).
    pub fn answer(call: &'static str, message: impl Into<String>) -> Self {
        Self {
            call,
            code: None,
            message: message.into(),
        }
    }

    /// Whether AWS said the thing does not exist (so deleting it is already done).
    pub fn is_not_found(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            c.contains("NotFound") || c.starts_with("NoSuch") || c == "ResourceNotFoundException"
        })
    }

    /// Whether AWS said the caller may not do this.
    pub fn is_access_denied(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            c.contains("AccessDenied") || c == "UnauthorizedOperation" || c == "AuthFailure"
        })
    }
}

/// The error and its sources on one line (the SDK nests the useful part).
fn describe_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
