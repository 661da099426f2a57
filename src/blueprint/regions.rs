//! Regions and partitions.

/// The AWS partition: `aws`, `aws-cn` (cn-*), `aws-us-gov` (us-gov-*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    Aws,
    AwsCn,
    AwsUsGov,
}

impl Partition {
    pub fn for_region(region: &str) -> Self {
        if region.starts_with("cn-") {
            Self::AwsCn
        } else if region.starts_with("us-gov-") {
            Self::AwsUsGov
        } else {
            Self::Aws
        }
    }

    /// The ARN partition string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::AwsCn => "aws-cn",
            Self::AwsUsGov => "aws-us-gov",
        }
    }
}

/// Whether `region` is a region code AWS has (commercial, China and GovCloud).
pub fn is_known_region(region: &str) -> bool {
    let _ = region;
    todo!("blueprint helper")
}
