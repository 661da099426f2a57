//! An estate for the real binary against moto: a data owner that manages an organization and a
//! model owner created in it (moto cannot invite: DESIGN.md), a blueprint naming both, and AWS
//! profiles that assume roles into each; plus what the tests count afterwards.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use aws_sdk_ec2::types::Filter;
use serde_json::Value;

use super::{config_for, profile_env, unique_account};

pub const TAG: &str = "eks-isolation:blueprint";

pub struct Estate {
    pub dir: tempfile::TempDir,
    pub data: String,
    pub model: String,
    pub name: String,
}

impl Estate {
    /// A data owner that manages an organization, and a model owner created in it (moto cannot
    /// invite: DESIGN.md), with a blueprint naming both.
    pub async fn new() -> Self {
        let data = unique_account();
        let org = aws_sdk_organizations::Client::new(&config_for(&data).await);
        org.create_organization()
            .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
            .send()
            .await
            .unwrap();
        let created = org
            .create_account()
            .account_name("model-owner")
            .email(format!("model-{data}@example.com"))
            .send()
            .await
            .unwrap();
        let status = created.create_account_status().unwrap();
        let model = status.account_id().unwrap().to_string();
        let name = format!("e2e-{data}");
        let dir = tempfile::tempdir().unwrap();
        let bp = eks_isolation::blueprint::EXAMPLE
            .replace("111111111111", &data)
            .replace("222222222222", &model)
            .replace("name = \"inference-demo\"", &format!("name = \"{name}\""))
            .replace("inference-demo-data", &format!("data-{data}"));
        std::fs::write(dir.path().join("bp.toml"), bp).unwrap();
        Self {
            dir,
            data,
            model,
            name,
        }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("bp.toml")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eks-isolation"));
        cmd.args(args)
            .arg("--config")
            .arg(self.config())
            .arg("--state-dir")
            .arg(self.dir.path().join("state"));
        for key in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
        ] {
            cmd.env_remove(key);
        }
        for (k, v) in profile_env(self.dir.path(), &self.data, &self.model) {
            if !v.is_empty() {
                cmd.env(k, v);
            }
        }
        cmd.stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// How many EC2 resources of each kind carry this blueprint's tag.
    pub async fn tagged(&self) -> [usize; 4] {
        let ec2 = aws_sdk_ec2::Client::new(&config_for(&self.data).await);
        let f = || {
            Filter::builder()
                .name(format!("tag:{TAG}"))
                .values(&self.name)
                .build()
        };
        let vpcs = ec2.describe_vpcs().filters(f()).send().await.unwrap();
        let subnets = ec2.describe_subnets().filters(f()).send().await.unwrap();
        let endpoints = ec2
            .describe_vpc_endpoints()
            .filters(f())
            .send()
            .await
            .unwrap();
        let live_endpoints = endpoints
            .vpc_endpoints()
            .iter()
            .filter(|e| e.state().is_none_or(|s| s.as_str() != "deleted"))
            .count();
        let sgs = ec2
            .describe_security_groups()
            .filters(f())
            .send()
            .await
            .unwrap();
        [
            vpcs.vpcs().len(),
            subnets.subnets().len(),
            live_endpoints,
            sgs.security_groups().len(),
        ]
    }

    /// The data owner's DNS Firewall: domain lists, rule groups, rule group associations.
    pub async fn dns_firewall(&self) -> [usize; 3] {
        let c = aws_sdk_route53resolver::Client::new(&config_for(&self.data).await);
        let lists = c.list_firewall_domain_lists().send().await.unwrap();
        let groups = c.list_firewall_rule_groups().send().await.unwrap();
        let associations = c
            .list_firewall_rule_group_associations()
            .send()
            .await
            .unwrap();
        [
            lists.firewall_domain_lists().len(),
            groups.firewall_rule_groups().len(),
            associations.firewall_rule_group_associations().len(),
        ]
    }

    pub async fn scps_named_like_ours(&self) -> usize {
        let org = aws_sdk_organizations::Client::new(&config_for(&self.data).await);
        let out = org
            .list_policies()
            .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
            .send()
            .await
            .unwrap();
        out.policies()
            .iter()
            .filter(|p| p.name() == Some(&format!("eks-isolation-{}", self.name)))
            .count()
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The final `{"summary": …}` line of a json-mode apply/destroy.
pub fn summary(o: &Output) -> Value {
    let text = stdout(o);
    let last = text
        .lines()
        .rev()
        .find(|l| l.contains("\"summary\""))
        .unwrap_or_else(|| panic!("no summary: {text}\n{}", stderr(o)));
    serde_json::from_str::<Value>(last).unwrap()["summary"].clone()
}
