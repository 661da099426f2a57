//! The writer catalog behind D12: actions that store caller-chosen bytes where the model owner
//! can read them from outside the VPC, with the bytes one call can carry and where that figure
//! comes from. Pure data.
//!
//! Sizes are counted one byte per character (what an ASCII payload carries). Where the API
//! reference states no maximum, the row says so ([`Bytes::Unstated`]) and is ranked as
//! THREATS.md D12 ranks its kind (descriptions medium, key material high). An action this
//! catalog does not know, allowed by name or by a wildcard, counts as a high writer; actions
//! named `Describe*`, `Get*`, `List*`, `BatchGet*` and `BatchCheck*` read state (AWS's naming
//! for the List and Read access levels); the writers among them are rows here. Writes D2, D4
//! and D5 judge (ECR push, logs) are left to them.

use crate::policy::generate::LOGS_WRITE_ACTIONS;

/// How much one call of a writer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bytes {
    /// At most this many bytes, as the cited reference states.
    Stated(u32),
    /// The reference states no maximum.
    Unstated,
    /// Values drawn from a small set (a count, an address of the subnet, an existing ID).
    Small,
}

/// A writer's rank (THREATS.md D12): high ≥ 1 KiB a call (critical), medium tens to hundreds
/// of bytes with free values (warning), low fixed values or a small set (info).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    High,
    Medium,
    Low,
}

impl Rank {
    /// The rank of `n` free bytes a call.
    pub fn of_bytes(n: u32) -> Self {
        if n >= 1024 { Self::High } else { Self::Medium }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

/// Which condition keys can fix what a writer stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Steer {
    /// Nothing: no condition key sees the bytes.
    Nothing,
    /// Tags: `aws:TagKeys` and `aws:RequestTag/<key>`.
    Tags,
}

/// EC2 tags: keys of at most 127 and values of at most 256 Unicode characters
/// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html>), at most 50 tags a
/// resource (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions>).
pub const EC2_TAG_KEY: u32 = 127;
pub const EC2_TAG_VALUE: u32 = 256;
pub const EC2_TAGS_PER_RESOURCE: u32 = 50;

/// One row of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer {
    pub action: &'static str,
    /// What the bytes go into.
    pub carries: &'static str,
    pub bytes: Bytes,
    /// The rank when the bytes are free: `None` ranks [`Bytes::Stated`] by size.
    pub rank: Option<Rank>,
    pub steer: Steer,
    /// Where the bytes are stored, as ARN templates: `{p}` partition, `{r}` region, `{a}`
    /// account, `{x}` a name.
    pub resources: &'static [&'static str],
    /// The reference the figure comes from.
    pub source: &'static str,
}

impl Writer {
    /// The rank of the row with its values free.
    pub fn free_rank(&self) -> Rank {
        match (self.rank, self.bytes) {
            (Some(rank), _) => rank,
            (None, Bytes::Stated(n)) => Rank::of_bytes(n),
            (None, Bytes::Unstated) => Rank::High,
            (None, Bytes::Small) => Rank::Low,
        }
    }
}

const USER_DATA: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/\
                         instancedata-add-user-data.html (user data is limited to 16 KB, in \
                         raw form)";
const INSTANCE: &[&str] = &["arn:{p}:ec2:{r}:{a}:instance/{x}"];
const LAUNCH_TEMPLATE: &[&str] = &["arn:{p}:ec2:{r}:{a}:launch-template/{x}"];
const INTERFACE: &[&str] = &["arn:{p}:ec2:{r}:{a}:network-interface/{x}"];
const SECURITY_GROUP: &[&str] = &["arn:{p}:ec2:{r}:{a}:security-group/{x}"];
const KEY_PAIR: &[&str] = &["arn:{p}:ec2:{r}:{a}:key-pair/{x}"];
const ROLE: &[&str] = &["arn:{p}:iam::{a}:role/{x}"];
const GROUP: &[&str] =
    &["arn:{p}:autoscaling:{r}:{a}:autoScalingGroup:{x}:autoScalingGroupName/{x}"];

const fn row(
    action: &'static str,
    carries: &'static str,
    bytes: Bytes,
    resources: &'static [&'static str],
    source: &'static str,
) -> Writer {
    Writer {
        action,
        carries,
        bytes,
        rank: None,
        steer: Steer::Nothing,
        resources,
        source,
    }
}

/// The catalog.
pub const WRITERS: [Writer; 17] = [
    row(
        "ec2:RunInstances",
        "user data",
        Bytes::Stated(16_384),
        INSTANCE,
        USER_DATA,
    ),
    row(
        "ec2:CreateLaunchTemplate",
        "launch template user data",
        Bytes::Stated(16_384),
        LAUNCH_TEMPLATE,
        USER_DATA,
    ),
    row(
        "ec2:CreateLaunchTemplateVersion",
        "launch template user data",
        Bytes::Stated(16_384),
        LAUNCH_TEMPLATE,
        USER_DATA,
    ),
    row(
        "ec2:ModifyInstanceAttribute",
        "user data",
        Bytes::Stated(16_384),
        INSTANCE,
        USER_DATA,
    ),
    // THREATS.md D12 ranks imported key material high.
    row(
        "ec2:ImportKeyPair",
        "key name and public key material",
        Bytes::Unstated,
        KEY_PAIR,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html \
         (no maximum stated for PublicKeyMaterial)",
    ),
    row(
        "ec2:CreateKeyPair",
        "key name",
        Bytes::Stated(255),
        KEY_PAIR,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateKeyPair.html \
         (KeyName: up to 255 ASCII characters)",
    ),
    Writer {
        steer: Steer::Tags,
        ..row(
            "ec2:CreateTags",
            "tag keys and values",
            Bytes::Stated(EC2_TAGS_PER_RESOURCE * (EC2_TAG_KEY + EC2_TAG_VALUE)),
            &[
                "arn:{p}:ec2:{r}:{a}:network-interface/{x}",
                "arn:{p}:ec2:{r}:{a}:instance/{x}",
                "arn:{p}:ec2:{r}:{a}:security-group/{x}",
                "arn:{p}:ec2:{r}:{a}:volume/{x}",
                "arn:{p}:ec2:{r}:{a}:key-pair/{x}",
                "arn:{p}:ec2:{r}:{a}:launch-template/{x}",
            ],
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html (keys 127, \
             values 256 characters); https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/\
             Using_Tags.html#tag-restrictions (50 tags a resource)",
        )
    },
    // THREATS.md D12 ranks descriptions medium.
    Writer {
        rank: Some(Rank::Medium),
        ..row(
            "ec2:CreateNetworkInterface",
            "description",
            Bytes::Unstated,
            INTERFACE,
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterface.html \
             (no maximum stated for Description)",
        )
    },
    Writer {
        rank: Some(Rank::Medium),
        ..row(
            "ec2:ModifyNetworkInterfaceAttribute",
            "description",
            Bytes::Unstated,
            INTERFACE,
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyNetworkInterfaceAttribute.html \
             (no maximum stated for Description)",
        )
    },
    row(
        "ec2:AssignPrivateIpAddresses",
        "private addresses chosen in the subnet",
        Bytes::Small,
        INTERFACE,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssignPrivateIpAddresses.html",
    ),
    row(
        "ec2:CreateSecurityGroup",
        "group name and description",
        Bytes::Stated(510),
        SECURITY_GROUP,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html \
         (GroupName and GroupDescription: up to 255 characters each)",
    ),
    row(
        "ec2:AuthorizeSecurityGroupIngress",
        "rule descriptions",
        Bytes::Stated(60 * 255),
        SECURITY_GROUP,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description: \
         up to 255 characters a rule); https://docs.aws.amazon.com/vpc/latest/userguide/\
         amazon-vpc-limits.html (60 inbound rules a group by default)",
    ),
    row(
        "ec2:AuthorizeSecurityGroupEgress",
        "rule descriptions",
        Bytes::Stated(60 * 255),
        SECURITY_GROUP,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description: \
         up to 255 characters a rule); https://docs.aws.amazon.com/vpc/latest/userguide/\
         amazon-vpc-limits.html (60 outbound rules a group by default)",
    ),
    row(
        "sts:AssumeRole",
        "session name, source identity and session tags",
        Bytes::Stated(64 + 64 + 50 * (128 + 256)),
        ROLE,
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName \
         and SourceIdentity: 64 characters; up to 50 session tags, keys 128 and values 256 \
         characters)",
    ),
    row(
        "sts:AssumeRoleWithWebIdentity",
        "session name",
        Bytes::Stated(64),
        ROLE,
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html \
         (RoleSessionName: 2 to 64 characters)",
    ),
    row(
        "autoscaling:SetDesiredCapacity",
        "a group's node count",
        Bytes::Small,
        GROUP,
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SetDesiredCapacity.html \
         (between the group's minimum and maximum size)",
    ),
    row(
        "autoscaling:TerminateInstanceInAutoScalingGroup",
        "which instance goes",
        Bytes::Small,
        GROUP,
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TerminateInstanceInAutoScalingGroup.html",
    ),
];

/// `sts:GetFederationToken` reads by name but writes: a federated user name (2 to 32
/// characters) and up to 50 session tags
/// (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html>).
pub const GET_FEDERATION_TOKEN: Writer = row(
    "sts:GetFederationToken",
    "federated user name and session tags",
    Bytes::Stated(32 + 50 * (128 + 256)),
    &["arn:{p}:sts::{a}:federated-user/{x}"],
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html",
);

/// Writes that store no value the caller composes: they pick existing things by ID, or make
/// AWS choose (a network interface attached, detached or deleted, an address released, pod
/// credentials whose session name and tags EKS sets, authorization-only permissions whose
/// values the `AssumeRole` row counts).
pub const QUIET: [&str; 7] = [
    "ec2:AttachNetworkInterface",
    "ec2:DetachNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:UnassignPrivateIpAddresses",
    "eks-auth:AssumeRoleForPodIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
];

/// Name prefixes of actions that read (List and Read access levels).
const READ_PREFIXES: [&str; 5] = ["describe", "get", "list", "batchget", "batchcheck"];

/// What the catalog says of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    Writer(&'static Writer),
    /// A write that stores nothing the caller composes, or a read.
    Quiet,
    /// Judged by D2, D4 or D5.
    Elsewhere,
    Unknown,
}

/// Look an action up (case-insensitive, as IAM compares actions).
pub fn lookup(action: &str) -> Known {
    if let Some(w) = WRITERS
        .iter()
        .chain(std::iter::once(&GET_FEDERATION_TOKEN))
        .find(|w| w.action.eq_ignore_ascii_case(action))
    {
        return Known::Writer(w);
    }
    if QUIET.iter().any(|q| q.eq_ignore_ascii_case(action)) {
        return Known::Quiet;
    }
    let elsewhere = super::endpoint_checks::ECR_PUSH_ACTIONS
        .iter()
        .chain(LOGS_WRITE_ACTIONS.iter());
    if elsewhere.clone().any(|a| a.eq_ignore_ascii_case(action)) {
        return Known::Elsewhere;
    }
    let name = action
        .split_once(':')
        .map_or("", |(_, n)| n)
        .to_ascii_lowercase();
    if READ_PREFIXES.iter().any(|p| name.starts_with(p)) {
        return Known::Quiet;
    }
    Known::Unknown
}

/// The IAM service prefixes a VPC endpoint service answers for.
pub fn prefixes(service: &str) -> Vec<&str> {
    match service {
        "ecr.api" | "ecr.dkr" => vec!["ecr"],
        other => vec![other.split('.').next().unwrap_or(other)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert!(
            matches!(lookup("EC2:runinstances"), Known::Writer(w) if w.bytes == Bytes::Stated(16_384))
        );
        assert_eq!(lookup("ec2:DescribeInstances"), Known::Quiet);
        assert_eq!(lookup("ec2:AttachNetworkInterface"), Known::Quiet);
        assert_eq!(lookup("ecr:PutImage"), Known::Elsewhere);
        assert_eq!(lookup("logs:PutLogEvents"), Known::Elsewhere);
        assert_eq!(lookup("ec2:CreateSnapshot"), Known::Unknown);
        // Read by name, a writer by the catalog.
        assert!(matches!(lookup("sts:GetFederationToken"), Known::Writer(_)));
        assert_eq!(prefixes("ecr.dkr"), ["ecr"]);
        assert_eq!(prefixes("eks-auth"), ["eks-auth"]);
    }

    #[test]
    fn ranks_follow_the_bytes_unless_the_row_says() {
        let rank = |a: &str| match lookup(a) {
            Known::Writer(w) => w.free_rank(),
            other => panic!("{a}: {other:?}"),
        };
        assert_eq!(rank("ec2:RunInstances"), Rank::High);
        assert_eq!(rank("ec2:CreateTags"), Rank::High);
        assert_eq!(rank("ec2:ImportKeyPair"), Rank::High);
        assert_eq!(rank("ec2:CreateNetworkInterface"), Rank::Medium);
        assert_eq!(rank("sts:AssumeRoleWithWebIdentity"), Rank::Medium);
        assert_eq!(rank("ec2:AssignPrivateIpAddresses"), Rank::Low);
        assert_eq!(Rank::of_bytes(1023), Rank::Medium);
        assert_eq!(Rank::of_bytes(1024), Rank::High);
        for w in &WRITERS {
            assert!(w.source.starts_with("https://"), "{}", w.action);
            assert!(!w.resources.is_empty(), "{}", w.action);
        }
    }
}
