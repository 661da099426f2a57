//! The ordered steps of the flow (DESIGN.md), each bound to the account it runs in.

use serde::Serialize;

use crate::blueprint::{Blueprint, Side, SubnetSource, VpcSource, names};
use crate::policy::generate::S3_ENDPOINT_PLACEHOLDER;

/// One planned step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// DESIGN.md step number (1–10).
    pub step: u8,
    pub id: String,
    pub side: Side,
    pub account: String,
    pub action: String,
    pub resource: String,
    /// `None` offline (not known); `Some(true)` when discovered live.
    pub exists: Option<bool>,
}

struct Builder<'a> {
    bp: &'a Blueprint,
    steps: Vec<PlanStep>,
}

impl Builder<'_> {
    fn add(&mut self, step: u8, id: &str, side: Side, action: String, resource: String) {
        let account = match side {
            Side::DataOwner => self.bp.data_owner.account_id.clone(),
            Side::ModelOwner => self.bp.model_owner.account_id.clone(),
            Side::Both => format!(
                "{} + {}",
                self.bp.data_owner.account_id, self.bp.model_owner.account_id
            ),
        };
        self.steps.push(PlanStep {
            step,
            id: id.to_string(),
            side,
            account,
            action,
            resource,
            exists: None,
        });
    }
}

/// The plan without looking at AWS: every step in working order.
pub fn offline(bp: &Blueprint) -> Vec<PlanStep> {
    use Side::{Both, DataOwner as Data, ModelOwner as Model};
    let mut b = Builder {
        bp,
        steps: Vec::new(),
    };
    let model = &bp.model_owner.account_id;
    let model_identity = match (&bp.model_owner.profile, &bp.model_owner.role_arn) {
        (_, Some(role)) => format!("role {role}"),
        (Some(p), None) => format!("profile {p}"),
        (None, None) => "default credentials".into(),
    };
    let data_identity = bp
        .data_owner
        .profile
        .as_ref()
        .map_or_else(|| "default credentials".into(), |p| format!("profile {p}"));
    b.add(
        1,
        "identity.data_owner",
        Data,
        "resolve identity (sts:GetCallerIdentity)".into(),
        data_identity,
    );
    b.add(
        1,
        "identity.model_owner",
        Model,
        "resolve identity (sts:GetCallerIdentity)".into(),
        model_identity,
    );
    b.add(
        2,
        "org.ensure",
        Data,
        "find or create organization (feature set ALL)".into(),
        "organization".into(),
    );
    b.add(
        2,
        "org.invite",
        Data,
        "invite the model-owner account".into(),
        format!("account {model}"),
    );
    b.add(
        2,
        "org.enable_scp",
        Data,
        "enable SERVICE_CONTROL_POLICY".into(),
        "organization root".into(),
    );
    b.add(
        3,
        "org.accept",
        Model,
        "accept the organization handshake".into(),
        "handshake".into(),
    );
    b.add(
        4,
        "scp.ensure",
        Data,
        "create or update the isolation SCP".into(),
        names::scp(bp),
    );
    b.add(
        4,
        "scp.attach",
        Data,
        "attach the SCP".into(),
        format!("account {model}"),
    );
    let vpc = match &bp.network.vpc {
        VpcSource::Create { cidr } => {
            b.add(
                5,
                "vpc.ensure",
                Data,
                "create VPC with DNS support and hostnames".into(),
                cidr.clone(),
            );
            cidr.clone()
        }
        VpcSource::Existing { vpc_id } => {
            b.add(
                5,
                "vpc.adopt",
                Data,
                "adopt VPC (check DNS support and hostnames)".into(),
                vpc_id.clone(),
            );
            vpc_id.clone()
        }
    };
    for (i, subnet) in bp.network.subnets.iter().enumerate() {
        match &subnet.source {
            SubnetSource::Create { cidr } => b.add(
                5,
                &format!("subnet.{i}"),
                Data,
                "create private subnet".into(),
                format!("{cidr} in {} ({vpc})", subnet.az_id),
            ),
            SubnetSource::Existing { subnet_id } => b.add(
                5,
                &format!("subnet.{i}"),
                Data,
                "adopt subnet".into(),
                format!("{subnet_id} in {}", subnet.az_id),
            ),
        }
    }
    b.add(
        5,
        "route_table.ensure",
        Data,
        "route table with only the local route, associated with every subnet".into(),
        names::route_table(bp),
    );
    let s3 = bp.network.s3_endpoint_id.clone().map_or_else(
        || format!("new (bucket policy uses {S3_ENDPOINT_PLACEHOLDER} until then)"),
        |id| format!("adopt {id}"),
    );
    b.add(
        6,
        "endpoint.s3",
        Data,
        "S3 gateway endpoint with the bucket-scoped policy".into(),
        s3,
    );
    b.add(
        6,
        "endpoint.security_group",
        Data,
        "security group allowing TCP 443 from the subnets".into(),
        names::endpoint_security_group(bp),
    );
    for service in &bp.network.interface_endpoints {
        b.add(
            6,
            &format!("endpoint.{service}"),
            Data,
            "interface endpoint with private DNS".into(),
            format!("{service} (service name from DescribeVpcEndpointServices)"),
        );
    }
    b.add(
        7,
        "bucket.public_access_block",
        Data,
        "block all public access".into(),
        bp.data.bucket.clone(),
    );
    b.add(
        7,
        "bucket.policy",
        Data,
        "put the bucket policy (deny off the endpoint)".into(),
        bp.data.bucket.clone(),
    );
    b.add(
        8,
        "ram.enable",
        Data,
        "enable RAM sharing with the organization".into(),
        "organization".into(),
    );
    b.add(
        8,
        "ram.share",
        Data,
        format!("share {} subnet(s)", bp.network.subnets.len()),
        format!("account {model}"),
    );
    b.add(
        9,
        "iam.cluster_role",
        Model,
        "create the EKS cluster role".into(),
        names::cluster_role(bp),
    );
    b.add(
        9,
        "iam.node_role",
        Model,
        "create the node role".into(),
        names::node_role(bp),
    );
    let access = if bp.cluster.endpoint_public_access {
        "PUBLIC endpoint (D7)"
    } else {
        "private endpoint only"
    };
    b.add(
        9,
        "eks.cluster",
        Model,
        format!(
            "create EKS cluster {}, {access}",
            bp.cluster.kubernetes_version
        ),
        bp.cluster.name.clone(),
    );
    b.add(
        9,
        "eks.nodegroup",
        Model,
        format!(
            "managed node group, {} x {}",
            bp.cluster.desired_size,
            bp.cluster.instance_types.join("/")
        ),
        format!("{}-nodes", bp.cluster.name),
    );
    b.add(
        10,
        "verify",
        Both,
        "verify every THREATS.md check, live".into(),
        "both accounts".into(),
    );
    b.steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::{Subnet, SubnetSource, VpcSource};

    fn ids(steps: &[PlanStep]) -> Vec<&str> {
        steps.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn starter_plan_runs_in_design_order_with_accounts_bound() {
        let bp = Blueprint::starter();
        let steps = offline(&bp);
        assert!(steps.windows(2).all(|w| w[0].step <= w[1].step));
        let pos = |id: &str| ids(&steps).iter().position(|s| *s == id).unwrap();
        assert!(pos("org.ensure") < pos("org.accept"));
        assert!(pos("org.accept") < pos("scp.attach"));
        assert!(pos("endpoint.s3") < pos("bucket.policy"));
        assert!(pos("ram.enable") < pos("ram.share"));
        assert!(pos("ram.share") < pos("eks.cluster"));
        for s in &steps {
            match s.side {
                Side::DataOwner => assert_eq!(s.account, "111111111111", "{}", s.id),
                Side::ModelOwner => assert_eq!(s.account, "222222222222", "{}", s.id),
                Side::Both => assert_eq!(s.account, "111111111111 + 222222222222"),
            }
            assert_eq!(s.exists, None);
        }
        let interface: Vec<_> = ids(&steps)
            .into_iter()
            .filter(|i| {
                i.starts_with("endpoint.") && *i != "endpoint.s3" && *i != "endpoint.security_group"
            })
            .collect();
        assert_eq!(
            interface,
            [
                "endpoint.ec2",
                "endpoint.ecr.api",
                "endpoint.ecr.dkr",
                "endpoint.sts",
                "endpoint.logs"
            ]
        );
        let cluster = steps.iter().find(|s| s.id == "eks.cluster").unwrap();
        assert!(cluster.action.contains("private endpoint only"));
    }

    #[test]
    fn adopted_resources_are_adopted_not_created() {
        let mut bp = Blueprint::starter();
        bp.network.vpc = VpcSource::Existing {
            vpc_id: "vpc-0abc1234".into(),
        };
        bp.network.subnets = vec![Subnet {
            az_id: "use1-az4".into(),
            source: SubnetSource::Existing {
                subnet_id: "subnet-0def".into(),
            },
        }];
        bp.network.s3_endpoint_id = Some("vpce-0aaa".into());
        bp.model_owner.role_arn = Some("arn:aws:iam::222222222222:role/Deployer".into());
        bp.cluster.endpoint_public_access = true;
        let steps = offline(&bp);
        let get = |id: &str| steps.iter().find(|s| s.id == id).unwrap();
        assert_eq!(get("vpc.adopt").resource, "vpc-0abc1234");
        assert_eq!(get("subnet.0").action, "adopt subnet");
        assert_eq!(get("endpoint.s3").resource, "adopt vpce-0aaa");
        assert_eq!(
            get("identity.model_owner").resource,
            "role arn:aws:iam::222222222222:role/Deployer"
        );
        assert!(get("eks.cluster").action.contains("PUBLIC endpoint (D7)"));
        assert!(!ids(&steps).contains(&"vpc.ensure"));
    }
}

/// The journal key that records what a plan step makes, where one does.
pub fn journal_key(step_id: &str) -> Option<String> {
    let key = match step_id {
        "org.ensure" => "org",
        "org.invite" => "org.member",
        "scp.ensure" | "scp.attach" => "scp",
        "vpc.ensure" | "vpc.adopt" => "vpc",
        "route_table.ensure" => "route_table",
        "bucket.public_access_block" | "bucket.policy" => "bucket",
        "identity.data_owner"
        | "identity.model_owner"
        | "org.enable_scp"
        | "org.accept"
        | "ram.enable"
        | "verify" => return None,
        other => other,
    };
    Some(key.to_string())
}

/// Mark each step that makes a resource: `Some(true)` when the journal records it already.
pub fn mark_recorded(steps: &mut [PlanStep], recorded: impl Fn(&str) -> bool) {
    for step in steps {
        if let Some(key) = journal_key(&step.id) {
            step.exists = Some(recorded(&key));
        }
    }
}

#[cfg(test)]
mod journal_tests {
    use super::*;

    #[test]
    fn steps_are_marked_from_the_journal_keys() {
        let mut steps = offline(&Blueprint::starter());
        let known = ["vpc", "subnet.0", "scp", "endpoint.ecr.api"];
        mark_recorded(&mut steps, |k| known.contains(&k));
        let state = |id: &str| steps.iter().find(|s| s.id == id).map(|s| s.exists);
        assert_eq!(state("vpc.ensure"), Some(Some(true)));
        assert_eq!(state("subnet.0"), Some(Some(true)));
        assert_eq!(state("subnet.1"), Some(Some(false)));
        assert_eq!(state("scp.attach"), Some(Some(true)));
        assert_eq!(state("endpoint.ecr.api"), Some(Some(true)));
        assert_eq!(state("eks.cluster"), Some(Some(false)));
        assert_eq!(state("identity.data_owner"), Some(None));
        assert_eq!(state("verify"), Some(None));
    }
}
