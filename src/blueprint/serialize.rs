//! Blueprint → tidy TOML, written by hand: top-level keys, then the tables in file order.

use std::fmt::Write;

use super::{Blueprint, SubnetSource, VpcSource};

/// Arrays longer than this on one line are written one item per line.
const MAX_INLINE: usize = 80;

pub(super) fn to_toml(bp: &Blueprint) -> String {
    let mut out = Toml(String::new());
    out.string("name", &bp.name);
    out.string("region", &bp.region);

    out.header("[data_owner]");
    out.string("account_id", &bp.data_owner.account_id);
    out.opt_string("profile", bp.data_owner.profile.as_deref());
    if !bp.data_owner.admin_principals.is_empty() {
        out.list("admin_principals", &bp.data_owner.admin_principals);
    }

    out.header("[model_owner]");
    out.string("account_id", &bp.model_owner.account_id);
    out.opt_string("profile", bp.model_owner.profile.as_deref());
    out.opt_string("role_arn", bp.model_owner.role_arn.as_deref());

    let net = &bp.network;
    out.header("[network]");
    match &net.vpc {
        VpcSource::Create { cidr } => out.string("vpc_cidr", cidr),
        VpcSource::Existing { vpc_id } => out.string("vpc_id", vpc_id),
    }
    out.list("interface_endpoints", &net.interface_endpoints);
    out.opt_string("s3_endpoint_id", net.s3_endpoint_id.as_deref());
    if net.subnets.is_empty() {
        out.list("subnets", &[]);
    }
    for subnet in &net.subnets {
        out.header("[[network.subnets]]");
        out.string("az_id", &subnet.az_id);
        match &subnet.source {
            SubnetSource::Create { cidr } => out.string("cidr", cidr),
            SubnetSource::Existing { subnet_id } => out.string("subnet_id", subnet_id),
        }
    }

    out.header("[data]");
    out.string("bucket", &bp.data.bucket);
    out.list("model_owner_actions", &bp.data.model_owner_actions);

    let c = &bp.cluster;
    out.header("[cluster]");
    out.string("name", &c.name);
    out.string("kubernetes_version", &c.kubernetes_version);
    out.raw(
        "endpoint_public_access",
        &c.endpoint_public_access.to_string(),
    );
    out.list("instance_types", &c.instance_types);
    out.raw("desired_size", &c.desired_size.to_string());
    // Written when it is not the default, like [guardrails] below.
    if c.pod_credentials != crate::blueprint::PodCredentials::default() {
        out.string("pod_credentials", c.pod_credentials.as_str());
    }

    if !bp.guardrails.extra_denied_actions.is_empty() {
        out.header("[guardrails]");
        out.list("extra_denied_actions", &bp.guardrails.extra_denied_actions);
    }
    out.0
}

struct Toml(String);

impl Toml {
    fn header(&mut self, header: &str) {
        self.0.push('\n');
        self.0.push_str(header);
        self.0.push('\n');
    }

    fn raw(&mut self, key: &str, value: &str) {
        let _ = writeln!(self.0, "{key} = {value}");
    }

    fn string(&mut self, key: &str, value: &str) {
        self.raw(key, &quote(value));
    }

    fn opt_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(key, v);
        }
    }

    fn list(&mut self, key: &str, items: &[String]) {
        let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
        let inline = format!("[{}]", quoted.join(", "));
        if key.len() + 3 + inline.len() <= MAX_INLINE {
            self.raw(key, &inline);
        } else {
            let _ = writeln!(self.0, "{key} = [");
            for q in quoted {
                let _ = writeln!(self.0, "    {q},");
            }
            self.0.push_str("]\n");
        }
    }
}

/// A TOML basic string, escaping `"`, `\` and control characters.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_strings() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny\t\u{7f}\u{1}"), r#""x\ny\t\u007F\u0001""#);
        assert_eq!(quote("ünï"), "\"ünï\"");
    }
}
