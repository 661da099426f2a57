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

    /// The DNS suffix of the partition's service endpoints: `amazonaws.com`, or
    /// `amazonaws.com.cn` in China ("AWS service endpoints", AWS General Reference).
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Self::AwsCn => "amazonaws.com.cn",
            Self::Aws | Self::AwsUsGov => "amazonaws.com",
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

/// Every region code of the `aws`, `aws-cn` and `aws-us-gov` partitions, opt-in regions
/// included. (The ISO partitions and the European Sovereign Cloud are out of scope: they have
/// partitions of their own that [`Partition`] does not model.)
pub const KNOWN_REGIONS: &[&str] = &[
    // North America
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    // South America
    "sa-east-1",
    // Europe
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    // Middle East and Africa
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "af-south-1",
    // Asia Pacific
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    // China (aws-cn)
    "cn-north-1",
    "cn-northwest-1",
    // GovCloud (aws-us-gov)
    "us-gov-west-1",
    "us-gov-east-1",
];

/// Whether `region` is a region code AWS has (commercial, China and GovCloud).
pub fn is_known_region(region: &str) -> bool {
    KNOWN_REGIONS.contains(&region)
}

/// The prefix of the Availability Zone IDs of a region, e.g. `use1` for `us-east-1`,
/// `apne1` for `ap-northeast-1`, `usgw1` for `us-gov-west-1`, `cnnw1` for `cn-northwest-1`.
/// `None` for a region that is not known.
pub fn az_id_prefix(region: &str) -> Option<String> {
    if !is_known_region(region) {
        return None;
    }
    let mut parts: Vec<&str> = region.split('-').collect();
    let number = parts.pop()?;
    let (area, words) = parts.split_first()?;
    let mut prefix = (*area).to_string();
    for word in words {
        prefix.push_str(match *word {
            "gov" => "g",
            "east" => "e",
            "west" => "w",
            "north" => "n",
            "south" => "s",
            "central" => "c",
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            _ => return None,
        });
    }
    prefix.push_str(number);
    Some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions() {
        for r in [
            "us-east-1",
            "cn-north-1",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-gov-east-1",
            "mx-central-1",
            "ap-southeast-5",
            "ap-southeast-7",
            "ca-west-1",
            "il-central-1",
            "me-central-1",
            "ap-east-2",
            "ap-southeast-6",
        ] {
            assert!(is_known_region(r), "{r}");
        }
        for r in [
            "",
            "us-east-3",
            "US-EAST-1",
            "useast1",
            "us-east-1 ",
            "eu-moon-1",
        ] {
            assert!(!is_known_region(r), "{r:?}");
        }
    }

    #[test]
    fn every_known_region_has_an_az_prefix() {
        for r in KNOWN_REGIONS {
            assert!(az_id_prefix(r).is_some(), "{r}");
        }
    }

    #[test]
    fn az_prefixes() {
        assert_eq!(az_id_prefix("us-east-1").as_deref(), Some("use1"));
        assert_eq!(az_id_prefix("ap-northeast-1").as_deref(), Some("apne1"));
        assert_eq!(az_id_prefix("us-gov-west-1").as_deref(), Some("usgw1"));
        assert_eq!(az_id_prefix("cn-northwest-1").as_deref(), Some("cnnw1"));
        assert_eq!(az_id_prefix("eu-central-2").as_deref(), Some("euc2"));
        assert_eq!(az_id_prefix("us-moon-1"), None);
    }

    #[test]
    fn partitions() {
        assert_eq!(Partition::for_region("cn-north-1"), Partition::AwsCn);
        assert_eq!(Partition::for_region("us-gov-east-1"), Partition::AwsUsGov);
        assert_eq!(Partition::for_region("eu-west-1"), Partition::Aws);
        assert_eq!(Partition::AwsCn.as_str(), "aws-cn");
    }
}
