//! Waiting on an EKS resource's status: look, sleep, look again, until done, failed or late.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::aws::AwsError;

/// How often to look, and for how long at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub poll: Duration,
    pub limit: Duration,
}

impl Timing {
    /// What real EKS needs: a cluster takes 10–15 minutes, a node group a few.
    pub const DEFAULT: Self = Self {
        poll: Duration::from_secs(10),
        limit: Duration::from_secs(25 * 60),
    };
}

/// One look at a resource being waited on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look<T> {
    /// Reached the wanted state.
    Done(T),
    /// Still on its way (the status it is in).
    Again(String),
    /// Will never get there (the status it is in).
    Failed(String),
}

/// Why a wait did not end in the wanted state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    #[error("{0}")]
    Aws(AwsError),
    #[error("{what} is {status}")]
    Failed { what: String, status: String },
    #[error("{what} is still {status} after {waited:?}")]
    Timeout {
        what: String,
        status: String,
        waited: Duration,
    },
}

/// Look every `timing.poll` until `probe` is done or failed, or `timing.limit` has passed.
pub async fn wait_until<T, F, Fut>(what: &str, timing: Timing, mut probe: F) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Look<T>, AwsError>>,
{
    let started = Instant::now();
    loop {
        match probe().await.map_err(WaitError::Aws)? {
            Look::Done(t) => return Ok(t),
            Look::Failed(status) => {
                return Err(WaitError::Failed {
                    what: what.to_string(),
                    status,
                });
            }
            Look::Again(status) => {
                if started.elapsed() + timing.poll > timing.limit {
                    return Err(WaitError::Timeout {
                        what: what.to_string(),
                        status,
                        waited: started.elapsed(),
                    });
                }
            }
        }
        tokio::time::sleep(timing.poll).await;
    }
}
