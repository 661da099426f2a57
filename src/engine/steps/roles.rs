//! DESIGN.md step 9a: the model owner's IAM cluster role and node role, with the trust and the
//! managed policies EKS needs.

use aws_sdk_iam::Client as Iam;

use super::org::ours;
use crate::aws::iam;
use crate::blueprint::Side;
use crate::engine::ctx::{Ctx, StepError};
use crate::engine::notes::Note;
use crate::engine::progress::Outcome;
use crate::policy::PolicyDocument;

const SIDE: Side = Side::ModelOwner;
const ROLE_KIND: &str = "iam:role";

/// One role: journal key, name, the service that assumes it, and its managed policies.
pub struct RoleSpec {
    pub key: &'static str,
    pub name: String,
    pub service: String,
    pub policies: Vec<String>,
}

/// The cluster role and the node role of the blueprint.
pub fn role_specs(ctx: &Ctx) -> [RoleSpec; 2] {
    let p = ctx.bp.partition().as_str();
    let managed = |n: &str| format!("arn:{p}:iam::aws:policy/{n}");
    let ec2 = if p == "aws-cn" {
        "ec2.amazonaws.com.cn"
    } else {
        "ec2.amazonaws.com"
    };
    [
        RoleSpec {
            key: "iam.cluster_role",
            name: crate::blueprint::names::cluster_role(&ctx.bp),
            service: "eks.amazonaws.com".into(),
            policies: vec![managed("AmazonEKSClusterPolicy")],
        },
        RoleSpec {
            key: "iam.node_role",
            name: crate::blueprint::names::node_role(&ctx.bp),
            service: ec2.into(),
            policies: [
                "AmazonEKSWorkerNodePolicy",
                "AmazonEC2ContainerRegistryReadOnly",
                "AmazonEKS_CNI_Policy",
            ]
            .map(managed)
            .to_vec(),
        },
    ]
}

/// The trust policy letting `service` assume a role.
pub fn trust_policy(service: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sts:AssumeRole"
        }]
    })
    .to_string()
}

/// Find or create both roles (concurrently); correct a drifted trust policy; attach missing
/// policies.
pub async fn ensure_roles(ctx: &Ctx) -> Result<Outcome, StepError> {
    let c = ctx.clients(SIDE).iam();
    let specs = role_specs(ctx);
    let results =
        futures::future::try_join_all(specs.iter().map(|s| ensure_role(ctx, &c, s))).await?;
    let created: Vec<String> = results.iter().filter_map(|(c, _)| c.clone()).collect();
    let updated: Vec<String> = results.into_iter().flat_map(|(_, u)| u).collect();
    Ok(if !created.is_empty() {
        Outcome::Created(format!("roles {}", created.join(", ")))
    } else if !updated.is_empty() {
        Outcome::Updated(updated.join("; "))
    } else {
        Outcome::Exists("cluster and node roles as wanted".into())
    })
}

/// One role: its name when created, and what was corrected.
async fn ensure_role(
    ctx: &Ctx,
    c: &Iam,
    spec: &RoleSpec,
) -> Result<(Option<String>, Vec<String>), StepError> {
    let err = |e| ctx.aws_error(spec.key, SIDE, e);
    let trust = trust_policy(&spec.service);
    let mut updated = Vec::new();
    let mut was_created = false;
    let missing: Vec<&String> = match iam::get_role(c, &spec.name).await.map_err(err)? {
        None => {
            if !ctx.go_create(&[spec.key], format!("create the role {}", spec.name)) {
                return Ok((Some(spec.name.clone()), Vec::new()));
            }
            was_created = true;
            let arn = iam::create_role(c, &spec.name, &trust, ctx.tag())
                .await
                .map_err(err)?;
            ctx.record(spec.key, ROLE_KIND, &arn, SIDE, true)?;
            // A role just made has no policy attached: no need to ask.
            spec.policies.iter().collect()
        }
        Some(role) => {
            let (k, v) = ctx.tag();
            let tagged = role.tags.iter().any(|(a, b)| a == k && b == v);
            let mine = ours(ctx, spec.key, &role.arn, tagged);
            ctx.record(spec.key, ROLE_KIND, &role.arn, SIDE, mine)?;
            if PolicyDocument::from_json(&role.trust).ok() != PolicyDocument::from_json(&trust).ok()
                && ctx.go(Note::Change(format!(
                    "{}: the trust policy differs; let only {} assume it",
                    spec.name, spec.service
                )))
            {
                iam::update_trust(c, &spec.name, &trust)
                    .await
                    .map_err(err)?;
                updated.push(format!("{}: trust corrected", spec.name));
            }
            let attached = iam::attached_policies(c, &spec.name).await.map_err(err)?;
            let missing: Vec<&String> = spec
                .policies
                .iter()
                .filter(|p| {
                    !attached.contains(p)
                        && ctx.go(Note::Change(format!("{}: attach {p}", spec.name)))
                })
                .collect();
            updated.extend(
                missing
                    .iter()
                    .map(|p| format!("{}: attached {p}", spec.name)),
            );
            missing
        }
    };
    futures::future::try_join_all(missing.iter().map(|p| iam::attach_policy(c, &spec.name, p)))
        .await
        .map_err(err)?;
    Ok((was_created.then(|| spec.name.clone()), updated))
}
