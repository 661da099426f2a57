//! Security groups: their ingress rules, by ID or tag; made and opened to HTTPS by the steps.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType};

use super::{Tags, none_if_missing, tag_filters, tag_spec};
use crate::aws::AwsError;

/// A security group and its ingress rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub vpc_id: String,
    pub ingress: Vec<IngressRule>,
}

/// One ingress permission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub protocol: String,
    /// `None`: every port.
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    /// IPv4 and IPv6 CIDRs.
    pub cidrs: Vec<String>,
}

impl IngressRule {
    /// Whether the rule lets TCP 443 in (all traffic does).
    pub fn allows_https(&self) -> bool {
        let proto = self.protocol.as_str();
        proto == "-1"
            || ((proto == "tcp" || proto == "6")
                && self.from_port.is_none_or(|f| f <= 443)
                && self.to_port.is_none_or(|t| t >= 443))
    }
}

impl SecurityGroup {
    /// The IPv4 CIDRs its ingress rules allow on TCP 443.
    pub fn https_from(&self) -> Vec<String> {
        self.ingress
            .iter()
            .filter(|r| r.allows_https())
            .flat_map(|r| r.cidrs.iter().filter(|c| !c.contains(':')).cloned())
            .collect()
    }
}

fn ingress_of(p: &IpPermission) -> IngressRule {
    let mut cidrs: Vec<String> = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip().map(str::to_string))
        .collect();
    cidrs.extend(
        p.ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_string)),
    );
    IngressRule {
        protocol: p.ip_protocol().unwrap_or("-1").to_string(),
        from_port: p.from_port(),
        to_port: p.to_port(),
        cidrs,
    }
}

fn group_of(g: &aws_sdk_ec2::types::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        id: g.group_id().unwrap_or_default().to_string(),
        vpc_id: g.vpc_id().unwrap_or_default().to_string(),
        ingress: g.ip_permissions().iter().map(ingress_of).collect(),
    }
}

pub async fn security_group(ec2: &Client, id: &str) -> Result<Option<SecurityGroup>, AwsError> {
    let out = ec2.describe_security_groups().group_ids(id).send().await;
    let out =
        none_if_missing(out.map_err(|e| AwsError::from_sdk("ec2:DescribeSecurityGroups", e)))?;
    Ok(out.and_then(|o| o.security_groups().first().map(group_of)))
}

/// The security groups of these IDs (either party's client), to the last page; an unknown ID
/// is an error (`InvalidGroup.NotFound`).
pub async fn security_groups_by_id(
    ec2: &Client,
    ids: &[String],
) -> Result<Vec<SecurityGroup>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let groups: Vec<aws_sdk_ec2::types::SecurityGroup> = ec2
        .describe_security_groups()
        .set_group_ids(Some(ids.to_vec()))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSecurityGroups", e))?;
    Ok(groups.iter().map(group_of).collect())
}

/// Every security group carrying all of `tags`, to the last page.
pub async fn security_groups_tagged(
    ec2: &Client,
    tags: Tags<'_>,
) -> Result<Vec<SecurityGroup>, AwsError> {
    let groups: Vec<aws_sdk_ec2::types::SecurityGroup> = ec2
        .describe_security_groups()
        .set_filters(Some(tag_filters(tags)))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DescribeSecurityGroups", e))?;
    Ok(groups.iter().map(group_of).collect())
}

pub async fn create_security_group(
    ec2: &Client,
    vpc_id: &str,
    name: &str,
    description: &str,
    tags: Tags<'_>,
) -> Result<SecurityGroup, AwsError> {
    let out = ec2
        .create_security_group()
        .vpc_id(vpc_id)
        .group_name(name)
        .description(description)
        .tag_specifications(tag_spec(ResourceType::SecurityGroup, tags))
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:CreateSecurityGroup", e))?;
    let id = out
        .group_id()
        .ok_or_else(|| AwsError::answer("ec2:CreateSecurityGroup", "no group ID in the answer"))?;
    Ok(SecurityGroup {
        id: id.to_string(),
        vpc_id: vpc_id.to_string(),
        ingress: Vec::new(),
    })
}

/// Allow TCP 443 from each CIDR.
pub async fn allow_https_from(ec2: &Client, id: &str, cidrs: &[String]) -> Result<(), AwsError> {
    let mut rule = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443);
    for cidr in cidrs {
        rule = rule.ip_ranges(
            IpRange::builder()
                .cidr_ip(cidr)
                .description("HTTPS to VPC endpoints")
                .build(),
        );
    }
    ec2.authorize_security_group_ingress()
        .group_id(id)
        .ip_permissions(rule.build())
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:AuthorizeSecurityGroupIngress", e))?;
    Ok(())
}

pub async fn delete_security_group(ec2: &Client, id: &str) -> Result<(), AwsError> {
    ec2.delete_security_group()
        .group_id(id)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("ec2:DeleteSecurityGroup", e))?;
    Ok(())
}
