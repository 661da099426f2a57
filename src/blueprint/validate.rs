//! Semantic validation: account IDs, regions, CIDRs, ARNs, names, subnet layout.
//!
//! Problems carry dotted keys (`network.subnets[1].cidr`; list indices are 0-based) and no line;
//! the loader fills lines in.

use super::cidr::Ipv4Cidr;
use super::regions::{Partition, az_id_prefix};
use super::{Blueprint, Problem, SubnetSource, VpcSource};

pub mod fields;

/// Collects problems under dotted keys.
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            line: None,
            key: key.into(),
            message: message.into(),
        });
    }

    fn check(&mut self, key: impl Into<String>, result: Result<(), String>) {
        if let Err(message) = result {
            self.add(key, message);
        }
    }

    /// Check every item of a list with `f`, under `key[i]`.
    fn each(&mut self, key: &str, items: &[String], f: impl Fn(&str) -> Result<(), String>) {
        for (i, item) in items.iter().enumerate() {
            self.check(format!("{key}[{i}]"), f(item));
        }
    }

    /// Report every item that repeats an earlier one.
    fn duplicates(&mut self, key: &str, items: &[String]) {
        for (i, item) in items.iter().enumerate() {
            if let Some(first) = items[..i].iter().position(|x| x == item) {
                self.add(
                    format!("{key}[{i}]"),
                    format!("{item} is listed twice (also {key}[{first}])"),
                );
            }
        }
    }
}

pub(super) fn validate(bp: &Blueprint) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let partition = |arn: &str| arn_partition(bp, arn);

    r.check("name", fields::blueprint_name(&bp.name));
    r.check("region", fields::region(&bp.region));

    let data_account = &bp.data_owner.account_id;
    r.check("data_owner.account_id", fields::account_id(data_account));
    if let Some(p) = &bp.data_owner.profile {
        r.check("data_owner.profile", fields::profile(p));
    }
    for (i, arn) in bp.data_owner.admin_principals.iter().enumerate() {
        let key = format!("data_owner.admin_principals[{i}]");
        match fields::iam_arn(arn, partition(arn)) {
            Err(e) => r.add(key, e),
            Ok(()) => same_account(&mut r, key, arn, data_account, "data_owner.account_id"),
        }
    }
    r.duplicates(
        "data_owner.admin_principals",
        &bp.data_owner.admin_principals,
    );

    let mo = &bp.model_owner;
    r.check("model_owner.account_id", fields::account_id(&mo.account_id));
    if mo.account_id == *data_account && fields::account_id(data_account).is_ok() {
        r.add(
            "model_owner.account_id",
            format!(
                "{} is also the data owner's account: the two parties need different accounts",
                mo.account_id
            ),
        );
    }
    if let Some(p) = &mo.profile {
        r.check("model_owner.profile", fields::profile(p));
    }
    if let Some(arn) = &mo.role_arn {
        if mo.profile.is_some() {
            r.add("model_owner.role_arn", "give profile or role_arn, not both");
        }
        match fields::role_arn(arn, partition(arn)) {
            Err(e) => r.add("model_owner.role_arn", e),
            Ok(()) => same_account(
                &mut r,
                "model_owner.role_arn".into(),
                arn,
                &mo.account_id,
                "model_owner.account_id",
            ),
        }
    }

    network(&mut r, bp);

    r.check("data.bucket", fields::bucket_name(&bp.data.bucket));
    r.each(
        "data.model_owner_actions",
        &bp.data.model_owner_actions,
        |a| {
            fields::action(a)?;
            if a.starts_with("s3:") {
                Ok(())
            } else {
                Err(format!(
                    "{a} is not an S3 action: the bucket policy grants only s3: actions"
                ))
            }
        },
    );

    let c = &bp.cluster;
    r.check("cluster.name", fields::cluster_name(&c.name));
    r.check(
        "cluster.kubernetes_version",
        fields::kubernetes_version(&c.kubernetes_version),
    );
    if c.instance_types.is_empty() {
        r.add(
            "cluster.instance_types",
            "give at least one instance type, like \"m6i.large\"",
        );
    }
    r.each(
        "cluster.instance_types",
        &c.instance_types,
        fields::instance_type,
    );
    r.check(
        "cluster.desired_size",
        fields::desired_size(i64::from(c.desired_size)),
    );

    r.each(
        "guardrails.extra_denied_actions",
        &bp.guardrails.extra_denied_actions,
        fields::action,
    );
    r.0
}

/// The partition an ARN must be in: the region's, or the ARN's own while no region is given
/// (so a missing region is reported once, not once per ARN).
fn arn_partition(bp: &Blueprint, arn: &str) -> Partition {
    if !bp.region.is_empty() {
        return bp.partition();
    }
    match arn.split(':').nth(1) {
        Some("aws-cn") => Partition::AwsCn,
        Some("aws-us-gov") => Partition::AwsUsGov,
        _ => Partition::Aws,
    }
}

/// An ARN that must belong to a given account (when that account ID is itself valid).
fn same_account(r: &mut Report, key: String, arn: &str, account: &str, account_key: &str) {
    let arn_account = fields::arn_account(arn).unwrap_or_default();
    if fields::account_id(account).is_ok() && arn_account != account {
        r.add(
            key,
            format!("{arn} is in account {arn_account}, not {account_key} {account}"),
        );
    }
}

fn network(r: &mut Report, bp: &Blueprint) {
    let net = &bp.network;
    let vpc_cidr = match &net.vpc {
        VpcSource::Create { cidr } => {
            r.check("network.vpc_cidr", fields::vpc_cidr(cidr));
            cidr.parse::<Ipv4Cidr>().ok()
        }
        VpcSource::Existing { vpc_id } => {
            r.check("network.vpc_id", fields::vpc_id(vpc_id));
            None
        }
    };
    r.each(
        "network.interface_endpoints",
        &net.interface_endpoints,
        fields::endpoint_service,
    );
    r.duplicates("network.interface_endpoints", &net.interface_endpoints);
    if let Some(id) = &net.s3_endpoint_id {
        r.check("network.s3_endpoint_id", fields::vpc_endpoint_id(id));
    }

    if net.subnets.is_empty() {
        r.add(
            "network.subnets",
            "give at least one [[network.subnets]] entry",
        );
    }
    let az_prefix = az_id_prefix(&bp.region);
    let mut cidrs: Vec<(usize, Ipv4Cidr)> = Vec::new();
    let mut ids: Vec<(usize, &str)> = Vec::new();
    for (i, subnet) in net.subnets.iter().enumerate() {
        let key = format!("network.subnets[{i}]");
        match fields::az_id(&subnet.az_id) {
            Err(e) => r.add(format!("{key}.az_id"), e),
            Ok(()) => {
                if let Some(prefix) = &az_prefix
                    && subnet.az_id.split_once("-az").map(|(p, _)| p) != Some(prefix.as_str())
                {
                    r.add(
                        format!("{key}.az_id"),
                        format!(
                            "{} is not in region {} (its AZ IDs look like {prefix}-az1)",
                            subnet.az_id, bp.region
                        ),
                    );
                }
            }
        }
        match &subnet.source {
            SubnetSource::Create { cidr } => {
                let key = format!("{key}.cidr");
                if let Err(e) = fields::subnet_cidr(cidr) {
                    r.add(key, e);
                    continue;
                }
                let Ok(block) = cidr.parse::<Ipv4Cidr>() else {
                    continue;
                };
                if let Some(vpc) = vpc_cidr
                    && !vpc.contains(block)
                {
                    r.add(&key, format!("{block} is outside the VPC CIDR {vpc}"));
                }
                for (j, other) in &cidrs {
                    if other.overlaps(block) {
                        r.add(
                            &key,
                            format!("{block} overlaps network.subnets[{j}].cidr {other}"),
                        );
                    }
                }
                cidrs.push((i, block));
            }
            SubnetSource::Existing { subnet_id } => {
                let key = format!("{key}.subnet_id");
                if let Err(e) = fields::subnet_id(subnet_id) {
                    r.add(key, e);
                    continue;
                }
                if matches!(net.vpc, VpcSource::Create { .. }) {
                    r.add(
                        &key,
                        "an existing subnet cannot be in a VPC still to be created: give network.vpc_id, or a cidr here",
                    );
                }
                if let Some((j, _)) = ids.iter().find(|(_, id)| id == subnet_id) {
                    r.add(
                        &key,
                        format!(
                            "{subnet_id} is listed twice (also network.subnets[{j}].subnet_id)"
                        ),
                    );
                }
                ids.push((i, subnet_id));
            }
        }
    }
}

#[cfg(test)]
mod tests;
