//! Single-field validators, shared by the blueprint loader and the wizard's input fields.
//! Each returns `Ok(())` or a one-line reason that names the offending value.

use crate::blueprint::cidr::Ipv4Cidr;
use crate::blueprint::regions::{Partition, is_known_region};

/// Bounds of the managed node group size this tool accepts (EKS allows up to 450 nodes per
/// managed node group).
pub const DESIRED_SIZE_RANGE: std::ops::RangeInclusive<i64> = 1..=450;

/// An AWS account ID: exactly 12 digits.
pub fn account_id(s: &str) -> Result<(), String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not an account ID: expected exactly 12 digits"
        ))
    }
}

/// A region code AWS has, e.g. `us-east-1` (see [`crate::blueprint::is_known_region`]).
pub fn region(s: &str) -> Result<(), String> {
    if is_known_region(s) {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not a known AWS region code (like us-east-1 or eu-west-1)"
        ))
    }
}

/// The blueprint's name: used as a tag value and a file name: `[A-Za-z0-9][A-Za-z0-9_-]{0,62}`.
pub fn blueprint_name(s: &str) -> Result<(), String> {
    word_name(s, 63, "name")
}

/// Letters, digits, hyphens and underscores, starting with a letter or digit, at most `max`.
fn word_name(s: &str, max: usize, what: &str) -> Result<(), String> {
    let ok = (1..=max).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not a valid {what}: use 1 to {max} letters, digits, hyphens and underscores, starting with a letter or digit"
        ))
    }
}

/// An AWS CLI profile name: non-empty, no surrounding whitespace, no control characters.
pub fn profile(s: &str) -> Result<(), String> {
    if s.is_empty() {
        Err(
            "the profile name is empty (leave the key out to use the default credential chain)"
                .into(),
        )
    } else if s.trim() != s || s.chars().any(char::is_control) {
        Err(format!(
            "{s:?} is not a usable profile name: no surrounding spaces or control characters"
        ))
    } else {
        Ok(())
    }
}

/// An IAM principal ARN usable in `aws:PrincipalArn`: `arn:<partition>:iam::<account>:role/...`,
/// `...:user/...` or `...:root`, in the given partition.
pub fn iam_arn(s: &str, partition: Partition) -> Result<(), String> {
    principal_arn(s, partition, &["role", "user"], true)
}

/// An IAM role ARN, `arn:<partition>:iam::<account>:role/<path/>name`, in the given partition.
pub fn role_arn(s: &str, partition: Partition) -> Result<(), String> {
    principal_arn(s, partition, &["role"], false)
}

/// The account ID field of an ARN, if `s` has the shape of one.
pub fn arn_account(s: &str) -> Option<&str> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, _, _, account, _] => Some(account),
        _ => None,
    }
}

fn principal_arn(s: &str, partition: Partition, kinds: &[&str], root: bool) -> Result<(), String> {
    let want = partition.as_str();
    let example = format!("arn:{want}:iam::<account>:{}/<name>", kinds.join("|"));
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let ["arn", part, service, region, account, resource] = parts.as_slice() else {
        return Err(format!("{s:?} is not an ARN: expected {example}"));
    };
    if !matches!(*part, "aws" | "aws-cn" | "aws-us-gov") {
        return Err(format!(
            "{s:?} has an unknown partition {part:?}: expected {example}"
        ));
    }
    if *part != want {
        return Err(format!(
            "{s} is in partition {part}, but this region's partition is {want}: expected {example}"
        ));
    }
    if *service == "sts" && resource.starts_with("assumed-role/") {
        return Err(format!(
            "{s} is a role session ARN: give the role ARN arn:{want}:iam::{account}:role/<name>"
        ));
    }
    if *service != "iam" || !region.is_empty() {
        return Err(format!("{s:?} is not an IAM ARN: expected {example}"));
    }
    if account_id(account).is_err() {
        return Err(format!(
            "{s:?}: the account field {account:?} is not 12 digits"
        ));
    }
    if root && *resource == "root" {
        return Ok(());
    }
    let kind_ok = resource
        .split_once('/')
        .filter(|(kind, _)| kinds.contains(kind))
        .map(|(_, path_and_name)| iam_path_and_name(path_and_name));
    match kind_ok {
        Some(true) => Ok(()),
        Some(false) => Err(format!(
            "{s:?}: the name must be 1 to 64 of A-Z a-z 0-9 +=,.@_- (after an optional path/)"
        )),
        None => Err(format!(
            "{s:?} is not an IAM {} ARN: expected {example}",
            kinds.join(" or ")
        )),
    }
}

fn iam_path_and_name(s: &str) -> bool {
    let mut segments: Vec<&str> = s.split('/').collect();
    let name = segments.pop().unwrap_or_default();
    let good = |seg: &str| {
        !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    };
    name.len() <= 64 && good(name) && segments.into_iter().all(good)
}

/// Any IPv4 CIDR block: prefix 0–32, host bits zero.
pub fn cidr(s: &str) -> Result<(), String> {
    s.parse::<Ipv4Cidr>().map(|_| ())
}

/// A VPC CIDR block: a valid block with a prefix from /16 to /28, as AWS allows.
pub fn vpc_cidr(s: &str) -> Result<(), String> {
    let c: Ipv4Cidr = s.parse()?;
    if (16..=28).contains(&c.prefix()) {
        Ok(())
    } else {
        Err(format!("{s}: a VPC CIDR block must be from /16 to /28"))
    }
}

/// A subnet CIDR block: a valid block from /16 to /28 (AWS's smallest subnet is a /28).
pub fn subnet_cidr(s: &str) -> Result<(), String> {
    let c: Ipv4Cidr = s.parse()?;
    if c.prefix() > 28 {
        Err(format!(
            "{s} is smaller than a /28, the smallest subnet AWS allows"
        ))
    } else if c.prefix() < 16 {
        Err(format!(
            "{s} is larger than a /16, the largest subnet AWS allows"
        ))
    } else {
        Ok(())
    }
}

fn resource_id(s: &str, prefix: &str, what: &str) -> Result<(), String> {
    let ok = s.strip_prefix(prefix).is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not a {what} ID: expected {prefix} and 8 or 17 lowercase hex digits"
        ))
    }
}

/// An existing VPC's ID: `vpc-` and 8 or 17 hex digits.
pub fn vpc_id(s: &str) -> Result<(), String> {
    resource_id(s, "vpc-", "VPC")
}

/// An existing subnet's ID: `subnet-` and 8 or 17 hex digits.
pub fn subnet_id(s: &str) -> Result<(), String> {
    resource_id(s, "subnet-", "subnet")
}

/// An existing VPC endpoint's ID: `vpce-` and 8 or 17 hex digits.
pub fn vpc_endpoint_id(s: &str) -> Result<(), String> {
    resource_id(s, "vpce-", "VPC endpoint")
}

/// An Availability Zone ID like `use1-az1` (letters and a digit, `-az`, a number).
pub fn az_id(s: &str) -> Result<(), String> {
    let ok = s.split_once("-az").is_some_and(|(region, n)| {
        let letters = region.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = region.len() - letters.len();
        (2..=8).contains(&letters.len())
            && letters.bytes().all(|b| b.is_ascii_lowercase())
            && (1..=2).contains(&digits)
            && (1..=2).contains(&n.len())
            && n.bytes().all(|b| b.is_ascii_digit())
    });
    if ok {
        Ok(())
    } else if s.ends_with(|c: char| c.is_ascii_lowercase()) && s.contains('-') {
        Err(format!(
            "{s:?} is not an AZ ID: give the Availability Zone ID (like use1-az1), not the zone name"
        ))
    } else {
        Err(format!(
            "{s:?} is not an AZ ID: expected an ID like use1-az1"
        ))
    }
}

/// An interface endpoint service short name like `ecr.api`, `sts` or `eks-auth`.
pub fn endpoint_service(s: &str) -> Result<(), String> {
    let full = s
        .strip_prefix("com.amazonaws.")
        .or_else(|| s.strip_prefix("cn.com.amazonaws."));
    if let Some(rest) = full {
        let short = rest
            .split_once('.')
            .map_or("like sts", |(_region, short)| short);
        return Err(format!(
            "{s:?} is a full service name: give the short name ({short})"
        ));
    }
    let ok = (1..=64).contains(&s.len())
        && s.split(['.', '-']).all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not an endpoint service short name: expected a name like ecr.api or sts"
        ))
    }
}

/// `cluster.pod_credentials`: `pod-identity` or `irsa`.
pub fn pod_credentials(s: &str) -> Result<crate::blueprint::PodCredentials, String> {
    crate::blueprint::PodCredentials::ALL
        .into_iter()
        .find(|p| p.as_str() == s)
        .ok_or_else(|| {
            format!(
                "{s:?} is not a way to give pods credentials: expected \"pod-identity\" (EKS Pod \
                 Identity, the eks-auth endpoint) or \"irsa\" (IAM roles for service accounts, \
                 the sts endpoint)"
            )
        })
}

/// An S3 general purpose bucket name, by the current naming rules.
pub fn bucket_name(s: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("{s:?} is not a valid bucket name: {why}"));
    if !(3..=63).contains(&s.len()) {
        return bad("it must be 3 to 63 characters long");
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return bad("only lowercase letters, digits, dots and hyphens are allowed");
    }
    let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    if !alnum(s.bytes().next()) || !alnum(s.bytes().last()) {
        return bad("it must begin and end with a letter or digit");
    }
    if s.contains("..") {
        return bad("it must not contain two adjacent dots");
    }
    if s.parse::<std::net::Ipv4Addr>().is_ok() {
        return bad("it must not be formatted as an IP address");
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if s.starts_with(prefix) {
            return bad(&format!("the prefix {prefix} is reserved"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if s.ends_with(suffix) {
            return bad(&format!("the suffix {suffix} is reserved"));
        }
    }
    Ok(())
}

/// An EKS cluster name: 1–100 characters, `[0-9A-Za-z][A-Za-z0-9_-]*`.
pub fn cluster_name(s: &str) -> Result<(), String> {
    word_name(s, 100, "cluster name")
}

/// A Kubernetes minor version as EKS names it: `1.<minor>`, like `1.33`.
pub fn kubernetes_version(s: &str) -> Result<(), String> {
    let ok = s.strip_prefix("1.").is_some_and(|minor| {
        (1..=2).contains(&minor.len())
            && minor.bytes().all(|b| b.is_ascii_digit())
            && (minor == "0" || !minor.starts_with('0'))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not a Kubernetes version: expected major.minor, like 1.33"
        ))
    }
}

/// An EC2 instance type like `m6i.large` or `p4d.24xlarge`.
pub fn instance_type(s: &str) -> Result<(), String> {
    let word = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let ok = s
        .split_once('.')
        .is_some_and(|(family, size)| family.split('-').all(word) && word(size));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not an instance type: expected family.size, like m6i.large"
        ))
    }
}

/// The node group's desired size, within [`DESIRED_SIZE_RANGE`].
pub fn desired_size(n: i64) -> Result<(), String> {
    if DESIRED_SIZE_RANGE.contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "{n} is out of range: a managed node group has {} to {} nodes",
            DESIRED_SIZE_RANGE.start(),
            DESIRED_SIZE_RANGE.end()
        ))
    }
}

/// An IAM action `service:Action`, with optional `*`/`?` wildcards in the action (`s3:Get*`).
pub fn action(s: &str) -> Result<(), String> {
    let ok = s.split_once(':').is_some_and(|(service, action)| {
        !service.is_empty()
            && service
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !action.is_empty()
            && action
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?')
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s:?} is not an IAM action: expected service:Action, like s3:GetObject or s3:Get*"
        ))
    }
}

#[cfg(test)]
mod tests;
