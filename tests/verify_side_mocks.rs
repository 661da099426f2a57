//! One party's clients alone (mocked, every listing over two pages): the party's checks are
//! judged exactly as in a run with both, and the other party's are undecided because they need
//! its credentials. With no client of the other party, no call of its can be made at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod verify_mocks;

use eks_isolation::blueprint::Side;
use eks_isolation::policy::analyze::Report;
use eks_isolation::verify::{checks_read_by, live_checks, needs_other, read_with};
use verify_mocks::{blueprint, clients, known_ids};

async fn report_with(drop: Side) -> Report {
    let bp = blueprint();
    let mut c = clients(&bp);
    match drop {
        Side::DataOwner => c.data = None,
        _ => c.model = None,
    }
    live_checks(&bp, &read_with(&bp, &c, &known_ids(&bp)).await)
}

async fn both() -> Report {
    let bp = blueprint();
    live_checks(&bp, &read_with(&bp, &clients(&bp), &known_ids(&bp)).await)
}

/// The report restricted to `side`'s checks: (checked, findings' details, undecided).
fn part(r: &Report, side: Side) -> (Vec<String>, Vec<String>, Vec<String>) {
    let own = checks_read_by(side);
    (
        r.checked
            .iter()
            .filter(|i| own.contains(i))
            .map(ToString::to_string)
            .collect(),
        r.findings
            .iter()
            .filter(|f| own.contains(&f.id))
            .map(|f| f.detail.clone())
            .collect(),
        r.undecided
            .iter()
            .filter(|u| own.contains(&u.id))
            .map(|u| u.reason.clone())
            .collect(),
    )
}

#[tokio::test]
async fn the_data_owner_alone_judges_its_checks_as_both_do_and_the_model_owners_need_it() {
    let (alone, together) = (report_with(Side::ModelOwner).await, both().await);
    assert_eq!(
        part(&alone, Side::DataOwner),
        part(&together, Side::DataOwner)
    );
    let (checked, findings, undecided) = part(&alone, Side::ModelOwner);
    assert!(
        checked.is_empty() && findings.is_empty(),
        "{checked:?} {findings:?}"
    );
    assert_eq!(undecided.len(), checks_read_by(Side::ModelOwner).len());
    assert!(
        undecided
            .iter()
            .all(|r| *r == needs_other(Side::ModelOwner)),
        "{undecided:?}"
    );
}

#[tokio::test]
async fn the_model_owner_alone_judges_its_checks_as_both_do_and_the_data_owners_need_it() {
    let (alone, together) = (report_with(Side::DataOwner).await, both().await);
    let (checked, findings, undecided) = part(&alone, Side::DataOwner);
    assert!(
        checked.is_empty() && findings.is_empty(),
        "{checked:?} {findings:?}"
    );
    assert_eq!(undecided.len(), checks_read_by(Side::DataOwner).len());
    assert!(
        undecided.iter().all(|r| *r == needs_other(Side::DataOwner)),
        "{undecided:?}"
    );
    // M4 reads the VPC's CIDR too (the data owner's): without it, a group open to a range that
    // may be the whole VPC cannot pass; every other model-owner check is judged as with both.
    let mine = part(&alone, Side::ModelOwner);
    let theirs = part(&together, Side::ModelOwner);
    assert_eq!(mine.1, theirs.1, "the same findings");
    assert!(mine.0.iter().all(|id| theirs.0.contains(id)));
}
