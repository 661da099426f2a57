//! The live plan in the wizard against moto: on a fresh estate and after an apply, on Review
//! and Apply, the same rows and marks as `plan --output json`.

use std::path::Path;

use eks_isolation::engine::notes::Mark as PlanMark;
use eks_isolation::ui::Action;
use eks_isolation::ui::screen::Screen;

use super::wizard::{Wizard, cli_plan, joined, wizard_rows};

/// Review on a fresh estate (an organization the model owner is already a member of, nothing
/// else): the organization and the membership are adopted, every other step is to create, the
/// identity checks run every time; the same rows and marks as `plan --output json`; Apply's
/// panes carry the same marks.
pub async fn fresh_estate(w: &mut Wizard, dir: &Path) {
    w.until("both identities", |a| {
        a.live.data_identity.ready().is_some() && a.live.model_identity.ready().is_some()
    })
    .await;
    let plan = w.live_plan(Screen::Review).await;
    let rows = wizard_rows(&plan);
    let (cli, code) = cli_plan(dir);
    assert_eq!(rows, cli, "the wizard's plan and the CLI's");
    assert_eq!(code, 3, "a plan with changes exits 3");
    let mark = |id: &str| plan.row(id).unwrap().mark;
    for r in &plan.rows {
        assert!(r.error.is_none(), "{}: {:?}", r.id, r.error);
        assert_ne!(r.mark, Some(PlanMark::Change), "{}: {:?}", r.id, r.changes);
    }
    // The organization exists and the model owner is in it, not yet in the journal.
    assert_eq!(mark("org"), Some(PlanMark::Adopt), "{rows:?}");
    assert_eq!(mark("org.member"), Some(PlanMark::Adopt), "{rows:?}");
    for id in [
        "scp",
        "vpc",
        "subnets",
        "route_table",
        "endpoint.s3",
        "endpoint.security_group",
        "endpoint.interface",
        "bucket",
        "bucket.policy",
        "ram.share",
        "iam.roles",
        "eks.cluster",
        "eks.nodegroup",
    ] {
        assert_eq!(mark(id), Some(PlanMark::Create), "{id}: {rows:?}");
    }
    assert_eq!(mark("identity.data_owner"), Some(PlanMark::Run));
    let s = joined(&w.screen(160, 48));
    assert!(s.contains("Plan(live,readat"), "{s}");
    let text: Vec<String> = eks_isolation::ui::screens::review::lines(&w.app, 138)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        text.iter()
            .any(|l| l.contains("+ create   EKS cluster 1.33 in the shared subnets")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|l| l.contains("+ adopt    find or create the organization")),
        "{text:#?}"
    );
    // Apply shows the same plan in its panes (asked for again on arrival).
    let again = w.live_plan(Screen::Apply).await;
    assert_eq!(wizard_rows(&again), rows);
    let s = w.screen(160, 48);
    assert!(
        s.lines()
            .any(|l| l.contains("+ eks.cluster") && l.contains("create")),
        "{s}"
    );
}

/// After the apply: the plan read again shows nothing left to do (every step exists, the
/// checks run), on Apply and on Review, and the CLI says the same.
pub async fn after_apply(w: &mut Wizard, dir: &Path) {
    w.until("the plan after the apply", |a| !a.live.plan.in_flight)
        .await;
    let plan = w.app.live.plan.plan.ready().cloned().unwrap();
    for r in &plan.rows {
        assert!(
            matches!(r.mark, Some(PlanMark::Exists | PlanMark::Run)) && r.error.is_none(),
            "{}: {:?} {:?} {:?}",
            r.id,
            r.mark,
            r.changes,
            r.error
        );
    }
    let s = w.screen(160, 48);
    assert!(s.contains(&format!("live plan at {}: ", plan.at)), "{s}");
    assert!(!s.contains("to create"), "{s}");
    let review = w.live_plan(Screen::Review).await;
    let rows = wizard_rows(&review);
    let (cli, code) = cli_plan(dir);
    assert_eq!(rows, cli, "the wizard's plan and the CLI's");
    assert_eq!(code, 0, "nothing to change exits 0");
    let s = w.screen(160, 48);
    assert!(s.contains("= exists"), "{s}");
    assert!(!s.contains("+ create"), "{s}");
    w.app.update(Action::Goto(Screen::Apply));
}

/// After an apply, DNS hostnames turned off behind the tool's back: Review marks exactly the
/// VPC `change`, saying what it would do; the CLI's plan has the same rows and marks.
pub async fn drifted(w: &mut Wizard, dir: &Path, ec2: &aws_sdk_ec2::Client, vpc: &str) {
    ec2.modify_vpc_attribute()
        .vpc_id(vpc)
        .enable_dns_hostnames(
            aws_sdk_ec2::types::AttributeBooleanValue::builder()
                .value(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let plan = w.live_plan(Screen::Review).await;
    let rows = wizard_rows(&plan);
    for r in plan.rows.iter().filter(|r| r.id != "vpc") {
        assert!(
            matches!(r.mark, Some(PlanMark::Exists | PlanMark::Run)) && r.error.is_none(),
            "{}: {:?} {rows:?}",
            r.id,
            r.changes
        );
    }
    assert_eq!(plan.row("vpc").unwrap().mark, Some(PlanMark::Change));
    assert_eq!(
        plan.row("vpc").unwrap().changes,
        [format!("{vpc}: turn DNS hostnames on")]
    );
    let (cli, code) = cli_plan(dir);
    assert_eq!(rows, cli, "the wizard's plan and the CLI's");
    assert_eq!(code, 3, "a plan with changes exits 3");
    let text: Vec<String> = eks_isolation::ui::screens::review::lines(&w.app, 138)
        .iter()
        .map(ToString::to_string)
        .collect();
    let at = text
        .iter()
        .position(|l| l.contains("~ change   adopt the VPC"))
        .unwrap_or_else(|| panic!("{text:#?}"));
    assert!(
        text[at + 1..]
            .iter()
            .take(2)
            .any(|l| l.trim_start() == format!("- {vpc}: turn DNS hostnames on")),
        "{text:#?}"
    );
}
