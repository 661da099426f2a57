//! The plan: one row per step of the catalogue, bound to the account it runs in. Offline, the
//! rows say what each step does; live, each step's own discovery (its `ensure` run in plan
//! mode, where every write becomes a note and every client refuses writes) marks it `exists`,
//! `create`, `adopt`, `change` (saying what differs) or `run`.

use serde::Serialize;

use super::catalogue::CATALOGUE;
use super::ctx::{Ctx, StepError};
use super::notes::{Mark, mark_of};
use tokio::sync::{mpsc, watch};

use super::journal::{Journal, Record};
use crate::aws::Party;
use crate::blueprint::{Blueprint, Side};
use crate::policy::overrides::Overrides;

/// One planned step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// DESIGN.md step number (1–9).
    pub step: u8,
    pub id: String,
    pub side: Side,
    pub account: String,
    /// A few words (the wizard's panes).
    pub label: String,
    pub action: String,
    pub resource: String,
    /// Live only: what apply would do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    /// Live only: what differs, or what would be made.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
    /// Live only: why the step could not be planned (apply would stop there too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The plan without looking at AWS: every step in working order.
pub fn offline(bp: &Blueprint) -> Vec<PlanStep> {
    CATALOGUE
        .iter()
        .map(|s| PlanStep {
            step: s.number,
            id: s.id.to_string(),
            side: s.side,
            account: bp.account(s.side),
            label: s.label.to_string(),
            action: (s.action)(bp),
            resource: (s.resource)(bp),
            mark: None,
            changes: Vec::new(),
            error: None,
        })
        .collect()
}

/// The live plan: every step's discovery in working order, with a planning context
/// ([`Ctx::planning`]). A step that needs what this run would create is marked `create`; a
/// step whose needs could not be planned is not looked at.
pub async fn live(ctx: &Ctx) -> Vec<PlanStep> {
    let mut rows = offline(&ctx.bp);
    let mut failed: Vec<&str> = Vec::new();
    let mut created: Vec<&str> = Vec::new();
    for (row, step) in rows.iter_mut().zip(CATALOGUE) {
        if let Some(dep) = step.after.iter().find(|d| failed.contains(d)) {
            row.error = Some(format!("not looked at: {dep} could not be planned"));
            failed.push(step.id);
            continue;
        }
        ctx.take_notes();
        let result = (step.ensure)(ctx).await;
        let notes = ctx.take_notes();
        let mut changes: Vec<String> = notes.iter().map(|n| n.text().to_string()).collect();
        match result {
            Ok(_) => row.mark = Some(mark_of(&notes)),
            Err(StepError::Waits { on, .. }) => {
                changes.push(format!("after {on}, which this run creates first"));
                row.mark = Some(mark_of(&notes).max(Mark::Create));
            }
            // A read that fails because a step before it would create what it reads (no
            // organization yet, say) means this one creates too.
            Err(e) => match step.after.iter().find(|d| created.contains(d)) {
                Some(dep) => {
                    changes.push(format!("after {dep}, which this run creates first"));
                    row.mark = Some(Mark::Create);
                }
                None => {
                    row.error = Some(e.to_string());
                    failed.push(step.id);
                }
            },
        }
        if row.mark == Some(Mark::Create) {
            created.push(step.id);
        }
        row.changes = changes;
    }
    rows
}

/// What a look at both accounts found: the plan's rows, every record the steps' discovery
/// holds (the journal's, and what was found by tag or adopted ID), and the AWS calls it made.
#[derive(Debug)]
pub struct Looked {
    pub rows: Vec<PlanStep>,
    pub records: Vec<Record>,
    pub calls: Vec<String>,
}

/// The live plan of `bp` for both parties, starting from `journal` (which it never writes),
/// with the policies apply would put (`overrides` in place of generated ones).
pub async fn look(
    bp: &Blueprint,
    data: &Party,
    model: &Party,
    journal: Journal,
    overrides: Overrides,
) -> Looked {
    let (progress, _) = mpsc::unbounded_channel();
    let (_stop, stop) = watch::channel(false);
    let ctx = Ctx::new(
        bp.clone(),
        data.clone(),
        model.clone(),
        journal,
        progress,
        stop,
    )
    .with_overrides(overrides)
    .planning();
    let rows = live(&ctx).await;
    Looked {
        rows,
        records: ctx.records(),
        calls: ctx.calls(),
    }
}

/// Whether applying this plan would change an account.
pub fn has_changes(rows: &[PlanStep]) -> bool {
    rows.iter()
        .any(|r| r.mark.is_some_and(Mark::changes_something))
}

/// Whether a step could not be planned.
pub fn has_errors(rows: &[PlanStep]) -> bool {
    rows.iter().any(|r| r.error.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::{Subnet, SubnetSource, VpcSource};

    fn ids(steps: &[PlanStep]) -> Vec<&str> {
        steps.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn starter_plan_is_the_catalogue_in_working_order_with_accounts_bound() {
        let bp = Blueprint::starter();
        let steps = offline(&bp);
        assert_eq!(steps.len(), CATALOGUE.len());
        let pos = |id: &str| ids(&steps).iter().position(|s| *s == id).unwrap();
        assert!(pos("org") < pos("org.member"));
        assert!(pos("org.member") < pos("scp"));
        assert!(pos("endpoint.s3") < pos("bucket.policy"));
        assert!(pos("ram.share") < pos("eks.cluster"));
        for s in &steps {
            match s.side {
                Side::DataOwner => assert_eq!(s.account, "111111111111", "{}", s.id),
                Side::ModelOwner => assert_eq!(s.account, "222222222222", "{}", s.id),
                Side::Both => panic!("{} runs in both accounts", s.id),
            }
            assert_eq!(s.mark, None);
            assert!(!s.label.is_empty());
        }
        let interface = steps.iter().find(|s| s.id == "endpoint.interface").unwrap();
        assert_eq!(interface.resource, "ec2, ecr.api, ecr.dkr, eks-auth, logs");
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
        assert_eq!(get("vpc").resource, "vpc-0abc1234");
        assert!(get("vpc").action.starts_with("adopt"));
        assert_eq!(get("subnets").resource, "subnet-0def in use1-az4");
        assert_eq!(get("endpoint.s3").resource, "adopt vpce-0aaa");
        assert_eq!(
            get("identity.model_owner").resource,
            "role arn:aws:iam::222222222222:role/Deployer"
        );
        assert!(get("eks.cluster").action.contains("PUBLIC endpoint (D7)"));
    }

    #[test]
    fn a_plan_with_a_change_is_told_from_one_without() {
        let mut rows = offline(&Blueprint::starter());
        for r in &mut rows {
            r.mark = Some(Mark::Exists);
        }
        rows[0].mark = Some(Mark::Run);
        assert!(!has_changes(&rows));
        rows[3].mark = Some(Mark::Change);
        assert!(has_changes(&rows));
        assert!(!has_errors(&rows));
        rows[4].error = Some("denied".into());
        assert!(has_errors(&rows));
    }
}
