//! D13's DNS Firewall as the tool generates it: the names the cluster needs, the two domain
//! lists (those names; every name), and the rule group that allows the first and blocks the
//! second with NXDOMAIN. Pure: `apply` creates exactly this and `verify` judges against it.

use crate::aws::ec2::{EndpointService, service_name};
use crate::blueprint::Blueprint;

/// The allow rule comes first: "DNS Firewall processes the rules in a rule group by order of
/// priority, starting from the lowest setting" (FirewallRule.Priority, Route 53 Resolver API
/// reference).
pub const ALLOW_PRIORITY: i32 = 100;
/// The block-everything rule comes after it.
pub const BLOCK_PRIORITY: i32 = 200;
/// The rule group's place among the VPC's rule groups: the lowest value allowed ("The allowed
/// values for Priority are between 100 and 9900", AssociateFirewallRuleGroup), so it is first.
pub const ASSOCIATION_PRIORITY: i32 = 100;
/// The domain specification that matches every name: a domain may "optionally start with *"
/// (UpdateFirewallDomains, Domains), and `*` alone is every domain.
pub const EVERY_NAME: &str = "*";

/// The names the cluster resolves, as DNS Firewall domain specifications, sorted:
/// - each enabled interface endpoint's private DNS names, as DescribeVpcEndpointServices gives
///   them (never hard-coded: `ecr.dkr` answers for `*.dkr.ecr.<region>.amazonaws.com`,
///   `eks-auth` for `eks-auth.<region>.api.aws`);
/// - S3 through the gateway endpoint, which keeps the regional names
///   (`s3.<region>.<suffix>` and the virtual-hosted `*.s3.<region>.<suffix>` of the bucket and
///   of ECR's layer bucket), and in us-east-1 the global `s3.amazonaws.com` names as well;
/// - the cluster's private API server, `<id>.<zone>.<region>.eks.<suffix>`;
/// - the VPC's own host names, `*.<region>.compute.internal` (`*.ec2.internal` in us-east-1),
///   which the Amazon-provided resolver answers itself ("Amazon EC2 instance hostname types").
///
/// Services the region does not list are left out (S3 then reports them missing).
pub fn needed_names(bp: &Blueprint, services: &[EndpointService]) -> Vec<String> {
    let region = &bp.region;
    let suffix = bp.partition().dns_suffix();
    let all: Vec<String> = services.iter().map(|s| s.name.clone()).collect();
    let mut out: Vec<String> = Vec::new();
    for service in &bp.network.interface_endpoints {
        if let Some(s) = service_name(&all, region, service)
            .and_then(|full| services.iter().find(|s| s.name == full))
        {
            out.extend(s.private_dns.iter().map(|n| normal(n)));
        }
    }
    out.push(format!("s3.{region}.{suffix}"));
    out.push(format!("*.s3.{region}.{suffix}"));
    if region == "us-east-1" {
        out.push(format!("s3.{suffix}"));
        out.push(format!("*.s3.{suffix}"));
        out.push("*.ec2.internal".into());
    } else {
        out.push(format!("*.{region}.compute.internal"));
    }
    out.push(format!("*.{region}.eks.{suffix}"));
    out.sort();
    out.dedup();
    out
}

/// A name as DNS Firewall compares it: lower case, no trailing dot.
pub fn normal(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether every name `spec` matches is a name `needed` allows: the same specification, or
/// inside a needed `*.zone` (`a.s3.r.amazonaws.com` and `*.x.s3.r.amazonaws.com` are inside
/// `*.s3.r.amazonaws.com`). `*` is inside nothing but `*`.
pub fn within(spec: &str, needed: &[String]) -> bool {
    let spec = normal(spec);
    needed.iter().any(|n| {
        let n = normal(n);
        if n == spec {
            return true;
        }
        match n.strip_prefix('*') {
            Some(zone) if zone.starts_with('.') => spec.ends_with(zone) && spec.len() > zone.len(),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ec2::EndpointKind;

    fn svc(name: &str, dns: &[&str]) -> EndpointService {
        EndpointService {
            name: name.into(),
            kinds: vec![EndpointKind::Interface],
            private_dns: dns.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn services() -> Vec<EndpointService> {
        vec![
            svc(
                "com.amazonaws.us-east-1.ec2",
                &["ec2.us-east-1.amazonaws.com"],
            ),
            svc(
                "com.amazonaws.us-east-1.ecr.api",
                &["api.ecr.us-east-1.amazonaws.com"],
            ),
            svc(
                "com.amazonaws.us-east-1.ecr.dkr",
                &["*.dkr.ecr.us-east-1.amazonaws.com"],
            ),
            svc(
                "com.amazonaws.us-east-1.eks-auth",
                &["eks-auth.us-east-1.api.aws"],
            ),
            svc(
                "com.amazonaws.us-east-1.logs",
                &["logs.us-east-1.amazonaws.com"],
            ),
            svc(
                "com.amazonaws.us-east-1.sagemaker.api",
                &["api.sagemaker.us-east-1.amazonaws.com"],
            ),
        ]
    }

    #[test]
    fn needed_names_are_the_enabled_services_private_dns_names_and_s3_eks_and_the_vpc() {
        let bp = Blueprint::starter();
        assert_eq!(bp.region, "us-east-1");
        let names = needed_names(&bp, &services());
        assert_eq!(
            names,
            [
                "*.dkr.ecr.us-east-1.amazonaws.com",
                "*.ec2.internal",
                "*.s3.amazonaws.com",
                "*.s3.us-east-1.amazonaws.com",
                "*.us-east-1.eks.amazonaws.com",
                "api.ecr.us-east-1.amazonaws.com",
                "ec2.us-east-1.amazonaws.com",
                "eks-auth.us-east-1.api.aws",
                "logs.us-east-1.amazonaws.com",
                "s3.amazonaws.com",
                "s3.us-east-1.amazonaws.com",
            ]
        );
        assert!(
            !names.iter().any(|n| n.contains("sagemaker")),
            "not enabled"
        );
    }

    #[test]
    fn other_regions_and_china_use_their_own_names() {
        let mut bp = Blueprint::starter();
        bp.region = "cn-north-1".into();
        let names = needed_names(&bp, &[]);
        assert!(names.contains(&"*.s3.cn-north-1.amazonaws.com.cn".to_string()));
        assert!(names.contains(&"*.cn-north-1.compute.internal".to_string()));
        assert!(names.contains(&"*.cn-north-1.eks.amazonaws.com.cn".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("s3.amazonaws")));
    }

    #[test]
    fn within_takes_exact_names_and_names_inside_a_needed_zone() {
        let needed = needed_names(&Blueprint::starter(), &services());
        for inside in [
            "ec2.us-east-1.amazonaws.com.",
            "EC2.us-east-1.amazonaws.com",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "*.dkr.ecr.us-east-1.amazonaws.com",
            "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com",
            "abc.gr7.us-east-1.eks.amazonaws.com",
        ] {
            assert!(within(inside, &needed), "{inside}");
        }
        for outside in [
            "*",
            "*.amazonaws.com",
            "amazonaws.com",
            "dkr.ecr.us-east-1.amazonaws.com",
            "data.attacker.example",
            "x.s3.us-east-1.amazonaws.com.attacker.example",
            "sts.us-east-1.amazonaws.com",
        ] {
            assert!(!within(outside, &needed), "{outside}");
        }
    }
}
