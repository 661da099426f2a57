//! The organization, SCP, RAM share and model-owner cluster steps against moto: what they make
//! is read back from the services; a second run with a fresh journal makes nothing new; drift
//! is corrected; destroy removes what was made and leaves the organization in place.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use eks_isolation::aws::{Identity, Party};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::{Side, names};
use eks_isolation::engine::ctx::{Ctx, StepError};
use eks_isolation::engine::journal::{Journal, Record};
use eks_isolation::engine::progress::Outcome;
use eks_isolation::engine::steps::{cluster, org, share};
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::generate::generate;
use tokio::sync::{mpsc, watch};

const SUBNETS: [&str; 2] = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

async fn party(side: Side, account: &str) -> Party {
    Party {
        side,
        identity: Identity {
            account: account.to_string(),
            arn: format!("arn:aws:sts::{account}:assumed-role/eks-isolation-test/test"),
            source: "test".into(),
        },
        config: support::config_for(account).await,
    }
}

async fn ctx(bp: &Blueprint, dir: &Path) -> Ctx {
    let data = party(Side::DataOwner, &bp.data_owner.account_id).await;
    let model = party(Side::ModelOwner, &bp.model_owner.account_id).await;
    let (tx, _rx) = mpsc::unbounded_channel();
    let (_stop_tx, stop) = watch::channel(false);
    let journal = Journal::open(dir, &bp.name).unwrap();
    Ctx::new(bp.clone(), data, model, journal, tx, stop)
}

fn blueprint(data: &str, model: &str) -> Blueprint {
    let mut bp = Blueprint::starter();
    bp.name = format!("t{data}");
    bp.data_owner.account_id = data.into();
    bp.data_owner.admin_principals = vec![format!("arn:aws:iam::{data}:role/DataAdmin")];
    bp.model_owner.account_id = model.into();
    bp
}

fn record_subnets(ctx: &Ctx) {
    for (i, id) in SUBNETS.iter().enumerate() {
        ctx.record(
            &format!("subnet.{i}"),
            "ec2:subnet",
            id,
            Side::DataOwner,
            true,
        )
        .unwrap();
    }
}

/// A data owner with a new organization, and a member account made by `create_account`.
async fn org_with_member() -> (String, String) {
    let data = support::unique_account();
    let dir = tempfile::tempdir().unwrap();
    let first = ctx(&blueprint(&data, "222222222222"), dir.path()).await;
    let out = org::ensure_organization(&first).await.unwrap();
    assert!(matches!(out, Outcome::Created(_)), "{out:?}");
    let orgs = aws_sdk_organizations::Client::new(&first.data.config);
    let status = orgs
        .create_account()
        .email(format!("model-{data}@example.com"))
        .account_name("model owner")
        .send()
        .await
        .unwrap();
    let model = status
        .create_account_status()
        .and_then(|s| s.account_id())
        .unwrap()
        .to_string();
    (data, model)
}

async fn ensure_all(ctx: &Ctx) -> Vec<Outcome> {
    vec![
        org::ensure_organization(ctx).await.unwrap(),
        org::ensure_member(ctx).await.unwrap(),
        org::ensure_scp(ctx).await.unwrap(),
        share::ensure_share(ctx).await.unwrap(),
        cluster::ensure_roles(ctx).await.unwrap(),
        cluster::ensure_cluster(ctx).await.unwrap(),
        cluster::ensure_nodegroup(ctx).await.unwrap(),
    ]
}

async fn our_scps(ctx: &Ctx) -> Vec<String> {
    let orgs = aws_sdk_organizations::Client::new(&ctx.data.config);
    let out = orgs
        .list_policies()
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    let name = names::scp(&ctx.bp);
    out.policies()
        .iter()
        .filter(|p| p.name() == Some(name.as_str()))
        .map(|p| p.id().unwrap().to_string())
        .collect()
}

async fn our_live_shares(ctx: &Ctx) -> Vec<String> {
    let c = aws_sdk_ram::Client::new(&ctx.data.config);
    eks_isolation::aws::ram::own_shares(&c)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.name == names::share(&ctx.bp) && eks_isolation::aws::ram::is_live(&s.status))
        .map(|s| s.arn)
        .collect()
}

async fn check_state(ctx: &Ctx) {
    let model = &ctx.bp.model_owner.account_id;
    // Organization with all features; SCPs enabled on the root.
    let orgs = aws_sdk_organizations::Client::new(&ctx.data.config);
    let o = orgs.describe_organization().send().await.unwrap();
    assert_eq!(
        o.organization().unwrap().feature_set().unwrap().as_str(),
        "ALL"
    );
    let roots = orgs.list_roots().send().await.unwrap();
    let types = roots.roots()[0].policy_types();
    assert!(
        types
            .iter()
            .any(|t| t.r#type().unwrap().as_str() == "SERVICE_CONTROL_POLICY"),
        "{types:?}"
    );
    // One SCP with the generated content, attached to the model owner.
    let scps = our_scps(ctx).await;
    assert_eq!(scps.len(), 1);
    let p = orgs
        .describe_policy()
        .policy_id(&scps[0])
        .send()
        .await
        .unwrap();
    let content = p.policy().unwrap().content().unwrap();
    assert_eq!(
        PolicyDocument::from_json(content).unwrap(),
        generate(&ctx.bp, None).scp
    );
    let targets = orgs
        .list_targets_for_policy()
        .policy_id(&scps[0])
        .send()
        .await
        .unwrap();
    assert!(
        targets
            .targets()
            .iter()
            .any(|t| t.target_id() == Some(model))
    );
    // One share with the model owner and both subnet ARNs.
    let shares = our_live_shares(ctx).await;
    assert_eq!(shares.len(), 1);
    let ram = aws_sdk_ram::Client::new(&ctx.data.config);
    let principals = eks_isolation::aws::ram::associated(&ram, &shares[0], true)
        .await
        .unwrap();
    assert_eq!(principals, vec![model.clone()]);
    let mut resources = eks_isolation::aws::ram::associated(&ram, &shares[0], false)
        .await
        .unwrap();
    resources.sort();
    assert_eq!(resources, share::subnet_arns(ctx));
    // Roles with their trust and policies.
    let iam = aws_sdk_iam::Client::new(&ctx.model.config);
    for spec in cluster::role_specs(ctx) {
        let role = eks_isolation::aws::iam::get_role(&iam, &spec.name)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            PolicyDocument::from_json(&role.trust).unwrap(),
            PolicyDocument::from_json(&cluster::trust_policy(&spec.service)).unwrap()
        );
        let mut attached = eks_isolation::aws::iam::attached_policies(&iam, &spec.name)
            .await
            .unwrap();
        attached.sort();
        let mut want = spec.policies.clone();
        want.sort();
        assert_eq!(attached, want);
    }
    // A private cluster in the shared subnet IDs, and its node group.
    let eks = aws_sdk_eks::Client::new(&ctx.model.config);
    let cl = eks_isolation::aws::eks::describe_cluster(&eks, &ctx.bp.cluster.name)
        .await
        .unwrap()
        .unwrap();
    assert!(!cl.public_access && cl.private_access, "{cl:?}");
    assert_eq!(cl.subnet_ids, SUBNETS.map(String::from).to_vec());
    let clusters = eks.list_clusters().send().await.unwrap();
    assert_eq!(clusters.clusters().len(), 1);
    let groups = eks
        .list_nodegroups()
        .cluster_name(&ctx.bp.cluster.name)
        .send()
        .await
        .unwrap();
    assert_eq!(groups.nodegroups(), [names::nodegroup(&ctx.bp)]);
}

#[tokio::test]
async fn the_org_share_and_cluster_steps_converge_correct_drift_and_destroy() {
    let (data, model) = org_with_member().await;
    let bp = blueprint(&data, &model);
    let dir = tempfile::tempdir().unwrap();
    let first = ctx(&bp, dir.path()).await;
    record_subnets(&first);
    let outcomes = ensure_all(&first).await;
    assert!(matches!(outcomes[0], Outcome::Exists(_)), "{outcomes:?}");
    assert!(matches!(outcomes[1], Outcome::Exists(_)), "{outcomes:?}");
    assert!(
        outcomes[2..]
            .iter()
            .all(|o| matches!(o, Outcome::Created(_))),
        "{outcomes:?}"
    );
    check_state(&first).await;

    // Again with a fresh journal: found, nothing new.
    let dir2 = tempfile::tempdir().unwrap();
    let second = ctx(&bp, dir2.path()).await;
    record_subnets(&second);
    let again = ensure_all(&second).await;
    assert!(
        again.iter().all(|o| matches!(o, Outcome::Exists(_))),
        "{again:?}"
    );
    check_state(&second).await;

    // Drift: an action removed from the SCP, the public endpoint switched on.
    let orgs = aws_sdk_organizations::Client::new(&first.data.config);
    let scp_id = our_scps(&first).await.remove(0);
    let mut doc: serde_json::Value =
        serde_json::from_str(&generate(&bp, None).scp.to_json_pretty()).unwrap();
    let actions = doc["Statement"][0]["Action"].as_array_mut().unwrap();
    let removed = actions.remove(0);
    orgs.update_policy()
        .policy_id(&scp_id)
        .content(doc.to_string())
        .send()
        .await
        .unwrap();
    let out = org::ensure_scp(&first).await.unwrap();
    assert!(
        matches!(out, Outcome::Updated(_)),
        "{out:?} ({removed} removed)"
    );
    check_state(&first).await;
    // moto's UpdateClusterConfig replaces the whole VPC config, subnets included, so only the
    // endpoint access is read back after this one.
    let eks = aws_sdk_eks::Client::new(&first.model.config);
    eks_isolation::aws::eks::set_public_access(&eks, &bp.cluster.name, true)
        .await
        .unwrap();
    let out = cluster::ensure_cluster(&first).await.unwrap();
    assert!(matches!(out, Outcome::Updated(_)), "{out:?}");
    let cl = eks_isolation::aws::eks::describe_cluster(&eks, &bp.cluster.name)
        .await
        .unwrap()
        .unwrap();
    assert!(!cl.public_access && cl.private_access, "{cl:?}");
    let out = cluster::ensure_cluster(&first).await.unwrap();
    assert!(matches!(out, Outcome::Exists(_)), "{out:?}");

    // Destroy what the first run made, newest first; the organization stays.
    let records: Vec<Record> = [
        "eks.nodegroup",
        "eks.cluster",
        "iam.node_role",
        "iam.cluster_role",
        "ram.share",
        "scp",
        "org.member",
        "org",
    ]
    .iter()
    .map(|k| first.recorded(k).unwrap())
    .collect();
    for pass in 0..2 {
        for r in &records {
            let out = match r.key.as_str() {
                "org" | "org.member" | "scp" => org::destroy(&first, r).await,
                "ram.share" => share::destroy(&first, r).await,
                _ => cluster::destroy(&first, r).await,
            }
            .unwrap();
            let want = match (r.key.as_str(), pass) {
                ("org" | "org.member", _) => "left in place",
                (_, 1) => "already gone",
                _ => "deleted",
            };
            assert!(
                out.message().contains(want),
                "pass {pass} {}: {out:?}",
                r.key
            );
        }
    }
    assert!(our_scps(&first).await.is_empty());
    assert!(our_live_shares(&first).await.is_empty());
    let iam = aws_sdk_iam::Client::new(&first.model.config);
    for spec in cluster::role_specs(&first) {
        let role = eks_isolation::aws::iam::get_role(&iam, &spec.name)
            .await
            .unwrap();
        assert!(role.is_none(), "{}", spec.name);
    }
    assert!(
        eks.list_clusters()
            .send()
            .await
            .unwrap()
            .clusters()
            .is_empty()
    );
    let o = orgs.describe_organization().send().await.unwrap();
    assert!(o.organization().is_some());
    assert!(first.recorded("org").is_some());
    assert!(first.recorded("scp").is_none());
}

#[tokio::test]
async fn a_data_owner_that_is_only_a_member_or_billing_only_is_blocked() {
    let (_, member) = org_with_member().await;
    let dir = tempfile::tempdir().unwrap();
    let as_member = ctx(&blueprint(&member, "222222222222"), dir.path()).await;
    let err = org::ensure_organization(&as_member).await.unwrap_err();
    let StepError::Blocked { reason, .. } = &err else {
        panic!("{err}");
    };
    assert!(reason.contains("management account"), "{reason}");

    let billing = support::unique_account();
    let c = ctx(&blueprint(&billing, "222222222222"), dir.path()).await;
    aws_sdk_organizations::Client::new(&c.data.config)
        .create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::ConsolidatedBilling)
        .send()
        .await
        .unwrap();
    let err = org::ensure_organization(&c).await.unwrap_err();
    assert!(err.to_string().contains("EnableAllFeatures"), "{err}");
}

#[tokio::test]
async fn the_share_waits_for_recorded_subnets() {
    let (data, model) = org_with_member().await;
    let dir = tempfile::tempdir().unwrap();
    let c = ctx(&blueprint(&data, &model), dir.path()).await;
    let err = share::ensure_share(&c).await.unwrap_err();
    assert!(err.to_string().contains("no subnet is recorded"), "{err}");
    assert!(our_live_shares(&c).await.is_empty());
}
