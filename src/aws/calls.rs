//! Every client the engine builds goes through [`Clients`], so one interceptor sees every call:
//! it counts them (a plan's calls against apply's discovery), and in read-only mode it refuses
//! any operation that is not a read, so a plan can never change an account even where a step
//! forgot to ask whether it is planning.

use std::sync::{Arc, Mutex};

use aws_config::SdkConfig;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// The operation names that only read: `Describe*`, `List*`, `Get*`, `Head*` (every read this
/// tool makes is one of these; see the AWS API references of EC2, S3, IAM, EKS, Organizations,
/// RAM and STS, whose read operations all carry one of these verbs).
pub fn is_read(operation: &str) -> bool {
    ["Describe", "List", "Get", "Head"]
        .iter()
        .any(|verb| operation.starts_with(verb))
}

/// The calls one run made, as `service:Operation`, in order; shared by every client of a run.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    read_only: bool,
    calls: Arc<Mutex<Vec<String>>>,
    /// More interceptors every client of the run carries, after the log itself (a test's
    /// mocked answers: the steps build their clients from a party's configuration, which
    /// cannot carry one).
    more: Vec<SharedInterceptor>,
}

impl CallLog {
    /// A log that lets every call through.
    pub fn new() -> Self {
        Self::default()
    }

    /// A log that refuses every call that is not a read.
    pub fn read_only() -> Self {
        Self {
            read_only: true,
            ..Self::default()
        }
    }

    /// A fresh log that refuses writes and keeps this one's extra interceptors (a plan of a
    /// run whose clients carry a test's mocked answers).
    #[must_use]
    pub fn to_read_only(&self) -> Self {
        Self {
            read_only: true,
            calls: Arc::default(),
            more: self.more.clone(),
        }
    }

    /// The same log; every client built with it also carries `interceptor`.
    #[must_use]
    pub fn with_interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.more.push(SharedInterceptor::new(interceptor));
        self
    }

    /// Every call so far (`ec2:DescribeVpcs`, ...), refused ones included.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "eks-isolation call log"
    }

    // The operation's name is in the bag once its own configuration is applied, which is after
    // the client's `read_before_execution`: so this hook, the first one after it.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = cfg
            .load::<Metadata>()
            .map(|m| (m.service().to_ascii_lowercase(), m.name().to_string()))
            .unwrap_or_default();
        if let Ok(mut calls) = self.calls.lock() {
            calls.push(format!("{service}:{operation}"));
        }
        if self.read_only && !is_read(&operation) {
            return Err(format!(
                "refused {service}:{operation}: a plan only reads (this is a bug in the step \
                 that asked for it)"
            )
            .into());
        }
        Ok(())
    }
}

/// The clients of one side, built from its SDK configuration with the run's [`CallLog`].
#[derive(Debug, Clone)]
pub struct Clients<'a> {
    pub config: &'a SdkConfig,
    pub log: &'a CallLog,
}

macro_rules! client {
    ($name:ident, $krate:ident) => {
        pub fn $name(&self) -> $krate::Client {
            let mut conf = $krate::config::Builder::from(self.config).interceptor(self.log.clone());
            for more in &self.log.more {
                conf.push_interceptor(more.clone());
            }
            $krate::Client::from_conf(conf.build())
        }
    };
}

impl Clients<'_> {
    client!(cloudtrail, aws_sdk_cloudtrail);
    client!(ec2, aws_sdk_ec2);
    client!(iam, aws_sdk_iam);
    client!(eks, aws_sdk_eks);
    client!(organizations, aws_sdk_organizations);
    client!(ram, aws_sdk_ram);
    client!(resolver, aws_sdk_route53resolver);
    client!(sts, aws_sdk_sts);

    /// S3, path-style whenever the endpoint is overridden (a local server has no virtual-host
    /// names).
    pub fn s3(&self) -> aws_sdk_s3::Client {
        let mut builder = super::s3_config(self.config).interceptor(self.log.clone());
        for more in &self.log.more {
            builder.push_interceptor(more.clone());
        }
        aws_sdk_s3::Client::from_conf(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::is_read;

    #[test]
    fn reads_are_told_from_writes_by_their_verb() {
        for read in ["DescribeVpcs", "ListRoots", "GetBucketPolicy", "HeadBucket"] {
            assert!(is_read(read), "{read}");
        }
        for write in [
            "CreateVpc",
            "PutBucketPolicy",
            "AttachPolicy",
            "EnableSharingWithAwsOrganization",
            "ModifyVpcEndpoint",
            "DeleteSubnet",
            "TagResource",
        ] {
            assert!(!is_read(write), "{write}");
        }
    }
}
