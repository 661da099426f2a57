//! The blueprint's shape: which tables and keys exist, their types, defaults and alternatives.
//! Builds a [`Blueprint`] from the spanned tree, with placeholders where a value is unusable.

use toml::de::DeTable;

use super::reader::{Reader, Tbl};
use super::{
    Blueprint, Cluster, DEFAULT_MODEL_OWNER_ACTIONS, Data, DataOwner, Guardrails, ModelOwner,
    Network, PodCredentials, Subnet, SubnetSource, VpcSource,
};

const TOP: &[&str] = &[
    "name",
    "region",
    "data_owner",
    "model_owner",
    "network",
    "data",
    "cluster",
    "guardrails",
];
const DATA_OWNER: &[&str] = &["account_id", "profile", "admin_principals"];
const MODEL_OWNER: &[&str] = &["account_id", "profile", "role_arn"];
const NETWORK: &[&str] = &[
    "vpc_cidr",
    "vpc_id",
    "interface_endpoints",
    "s3_endpoint_id",
    "subnets",
];
const SUBNET: &[&str] = &["az_id", "cidr", "subnet_id"];
const DATA: &[&str] = &["bucket", "model_owner_actions"];
const CLUSTER: &[&str] = &[
    "name",
    "kubernetes_version",
    "endpoint_public_access",
    "instance_types",
    "desired_size",
    "pod_credentials",
];
const GUARDRAILS: &[&str] = &["extra_denied_actions"];

/// Read the whole document. Unusable values become placeholders, their keys listed in `r.bad`.
pub(super) fn blueprint(r: &mut Reader<'_>, doc: &DeTable<'_>) -> Blueprint {
    let top = r.open("", doc, 1, TOP);
    Blueprint {
        name: r.req_string(&top, "name").unwrap_or_default(),
        region: r.req_string(&top, "region").unwrap_or_default(),
        data_owner: data_owner(r, &top),
        model_owner: model_owner(r, &top),
        network: network(r, &top),
        data: data(r, &top),
        cluster: cluster(r, &top),
        guardrails: guardrails(r, &top),
    }
}

fn data_owner(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> DataOwner {
    let Some(t) = r.table(top, "data_owner", true, DATA_OWNER) else {
        return DataOwner::default();
    };
    DataOwner {
        account_id: r.req_string(&t, "account_id").unwrap_or_default(),
        profile: r.opt_string(&t, "profile"),
        admin_principals: r
            .string_list(&t, "admin_principals", false)
            .unwrap_or_default(),
    }
}

fn model_owner(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> ModelOwner {
    let Some(t) = r.table(top, "model_owner", true, MODEL_OWNER) else {
        return ModelOwner::default();
    };
    ModelOwner {
        account_id: r.req_string(&t, "account_id").unwrap_or_default(),
        profile: r.opt_string(&t, "profile"),
        role_arn: r.opt_string(&t, "role_arn"),
    }
}

fn network(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> Network {
    let mut net = Network {
        vpc: VpcSource::Existing {
            vpc_id: String::new(),
        },
        interface_endpoints: Vec::new(),
        s3_endpoint_id: None,
        subnets: Vec::new(),
    };
    let Some(t) = r.table(top, "network", true, NETWORK) else {
        return net;
    };
    let cidr = r.opt_string(&t, "vpc_cidr");
    let id = r.opt_string(&t, "vpc_id");
    net.vpc = match (cidr, id) {
        (Some(cidr), Some(_)) => {
            let line = r.line_of("network.vpc_id").unwrap_or(t.line);
            r.problem(line, "network.vpc_id", "give vpc_cidr or vpc_id, not both");
            VpcSource::Create { cidr }
        }
        (Some(cidr), None) => VpcSource::Create { cidr },
        (None, Some(vpc_id)) => VpcSource::Existing { vpc_id },
        (None, None) => {
            if !r
                .bad
                .iter()
                .any(|k| k == "network.vpc_cidr" || k == "network.vpc_id")
            {
                r.problem(
                    t.line,
                    "network.vpc_cidr",
                    "missing required key: give vpc_cidr (a VPC to create) or vpc_id (an existing VPC)",
                );
            }
            r.bad.push("network.vpc_id".into());
            VpcSource::Existing {
                vpc_id: String::new(),
            }
        }
    };
    net.interface_endpoints = r
        .string_list(&t, "interface_endpoints", true)
        .unwrap_or_default();
    net.s3_endpoint_id = r.opt_string(&t, "s3_endpoint_id");
    match r.table_list(&t, "subnets", SUBNET) {
        Some(subnets) => {
            let placeholder = || Subnet {
                az_id: String::new(),
                source: SubnetSource::Create {
                    cidr: String::new(),
                },
            };
            net.subnets = subnets
                .iter()
                .map(|s| s.as_ref().map_or_else(placeholder, |s| subnet(r, s)))
                .collect();
        }
        None => {
            if r.line_of("network.subnets").is_none() {
                r.missing(&t, "subnets", "one or more [[network.subnets]] tables");
            }
        }
    }
    net
}

fn subnet(r: &mut Reader<'_>, t: &Tbl<'_, '_>) -> Subnet {
    let az_id = r.req_string(t, "az_id").unwrap_or_default();
    let cidr = r.opt_string(t, "cidr");
    let id = r.opt_string(t, "subnet_id");
    let cidr_key = format!("{}.cidr", t.path);
    let id_key = format!("{}.subnet_id", t.path);
    let source = match (cidr, id) {
        (Some(cidr), Some(_)) => {
            let line = r.line_of(&id_key).unwrap_or(t.line);
            r.problem(line, &id_key, "give cidr or subnet_id, not both");
            SubnetSource::Create { cidr }
        }
        (Some(cidr), None) => SubnetSource::Create { cidr },
        (None, Some(subnet_id)) => SubnetSource::Existing { subnet_id },
        (None, None) => {
            if !r.bad.contains(&cidr_key) && !r.bad.contains(&id_key) {
                r.problem(
                    t.line,
                    &cidr_key,
                    "missing required key: give cidr (a subnet to create) or subnet_id (an existing subnet)",
                );
            }
            r.bad.push(cidr_key);
            SubnetSource::Create {
                cidr: String::new(),
            }
        }
    };
    Subnet { az_id, source }
}

fn data(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> Data {
    let defaults = || DEFAULT_MODEL_OWNER_ACTIONS.map(String::from).to_vec();
    let Some(t) = r.table(top, "data", true, DATA) else {
        return Data {
            bucket: String::new(),
            model_owner_actions: defaults(),
        };
    };
    Data {
        bucket: r.req_string(&t, "bucket").unwrap_or_default(),
        model_owner_actions: r
            .string_list(&t, "model_owner_actions", false)
            .unwrap_or_else(defaults),
    }
}

fn cluster(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> Cluster {
    let mut c = Cluster {
        name: String::new(),
        kubernetes_version: String::new(),
        endpoint_public_access: false,
        instance_types: Vec::new(),
        desired_size: 0,
        pod_credentials: PodCredentials::default(),
    };
    let Some(t) = r.table(top, "cluster", true, CLUSTER) else {
        return c;
    };
    c.name = r.req_string(&t, "name").unwrap_or_default();
    c.kubernetes_version = r.req_string(&t, "kubernetes_version").unwrap_or_default();
    c.endpoint_public_access = r.opt_bool(&t, "endpoint_public_access").unwrap_or(false);
    c.instance_types = r
        .string_list(&t, "instance_types", true)
        .unwrap_or_default();
    if let Some(value) = r.opt_string(&t, "pod_credentials") {
        match super::fields::pod_credentials(&value) {
            Ok(p) => c.pod_credentials = p,
            Err(message) => {
                let line = r.line_of("cluster.pod_credentials").unwrap_or(t.line);
                r.problem(line, "cluster.pod_credentials", message);
            }
        }
    }
    if let Some(n) = r.req_integer(&t, "desired_size") {
        match u32::try_from(n) {
            Ok(n) => c.desired_size = n,
            Err(_) => {
                let line = r.line_of("cluster.desired_size").unwrap_or(t.line);
                let message = super::fields::desired_size(n).err().unwrap_or_default();
                r.problem(line, "cluster.desired_size", message);
            }
        }
    }
    c
}

fn guardrails(r: &mut Reader<'_>, top: &Tbl<'_, '_>) -> Guardrails {
    let Some(t) = r.table(top, "guardrails", false, GUARDRAILS) else {
        return Guardrails::default();
    };
    Guardrails {
        extra_denied_actions: r
            .string_list(&t, "extra_denied_actions", false)
            .unwrap_or_default(),
    }
}
