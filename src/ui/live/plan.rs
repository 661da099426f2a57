//! The live plan as the wizard shows it on Review and Apply: every step of the catalogue with
//! what apply would do to it (`engine::plan::look`, read-only), read by a background task.
//!
//! It is asked for ([`Effect::Plan`]) when Review or Apply is shown, on `r` there, and after an
//! apply; one request is on its way at a time. Its answer carries the request key (the
//! blueprint as it was asked for, see [`plan_key`]); an answer for a blueprint since changed is
//! dropped, and a request that came while another was on its way is sent when that one lands.
//!
//! [`Effect::Plan`]: super::Effect::Plan

use super::{Effect, Loadable};
use crate::blueprint::Blueprint;
use crate::engine::notes::Mark;
use crate::engine::plan::PlanStep;
use crate::policy::overrides::Overrides;
use crate::ui::App;

/// What a look at both accounts found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivePlan {
    /// One row per step of the catalogue, in working order, each marked (or with its error).
    pub rows: Vec<PlanStep>,
    /// Journal key → ID of every resource the steps' discovery found (journal, tag, adopted).
    pub ids: Vec<(String, String)>,
    /// How many AWS calls the look made (all reads).
    pub calls: usize,
    /// When it was read (UTC `HH:MM:SS`).
    pub at: String,
}

impl LivePlan {
    pub fn row(&self, id: &str) -> Option<&PlanStep> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// How many rows of `side` (all when `None`) carry `mark`.
    pub fn count(&self, side: Option<crate::blueprint::Side>, mark: Mark) -> usize {
        self.rows
            .iter()
            .filter(|r| side.is_none_or(|s| r.side == s) && r.mark == Some(mark))
            .count()
    }

    /// How many rows could not be planned.
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.error.is_some()).count()
    }

    /// `3 to create, 2 to change, 9 exist, 2 run every time` (the counts that are not zero,
    /// and what could not be planned), for the rows of `side` (all when `None`).
    pub fn summary(&self, side: Option<crate::blueprint::Side>) -> String {
        let n = |m| self.count(side, m);
        let failed = self
            .rows
            .iter()
            .filter(|r| r.error.is_some() && side.is_none_or(|s| r.side == s))
            .count();
        let parts: Vec<String> = [
            (n(Mark::Create), "to create"),
            (n(Mark::Adopt), "to adopt"),
            (n(Mark::Change), "to change"),
            (
                n(Mark::Exists),
                if n(Mark::Exists) == 1 {
                    "exists"
                } else {
                    "exist"
                },
            ),
            (n(Mark::Run), "run every time"),
            (failed, "could not be planned"),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

/// How a row of the live plan shows: a symbol and a word (never colour alone). `=` exists,
/// `↻` run, `~` change, `+` adopt or create, `✗` could not be planned; `·` and no word when the
/// row has no mark (no live plan).
pub fn mark_view(row: &PlanStep) -> (char, &'static str) {
    if row.error.is_some() {
        return ('✗', "error");
    }
    match row.mark {
        Some(Mark::Exists) => ('=', "exists"),
        Some(Mark::Run) => ('↻', "run"),
        Some(Mark::Change) => ('~', "change"),
        Some(Mark::Adopt) => ('+', "adopt"),
        Some(Mark::Create) => ('+', "create"),
        None => ('·', ""),
    }
}

/// The style of a row's mark: what changes an account stands out, what does not is muted.
pub fn mark_style(row: &PlanStep, t: crate::ui::Theme) -> ratatui::style::Style {
    if row.error.is_some() {
        return t.error();
    }
    match row.mark {
        Some(Mark::Change) => t.warning(),
        Some(Mark::Create | Mark::Adopt) => t.text(),
        Some(Mark::Exists | Mark::Run) | None => t.muted(),
    }
}

/// A live plan's answer. `key`: the request it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEvent {
    pub key: String,
    pub result: Result<LivePlan, String>,
}

/// The live plan in hand, and the request on its way.
#[derive(Debug, Clone, Default)]
pub struct PlanState {
    /// `Loading` until the first answer for the blueprint as it is; then the plan or the error
    /// (kept, with `in_flight`, while it is read again).
    pub plan: Loadable<LivePlan>,
    /// The key of the answer in hand, or of the request on its way.
    pub key: String,
    pub in_flight: bool,
    /// Asked for while a request for another key was on its way: sent when that one lands.
    pub again: bool,
}

/// What the live plan depends on: the whole blueprint (its profiles, role and region choose
/// the identities; everything else what the steps look for) and the policy edits (the
/// policies the steps compare with).
pub fn plan_key(bp: &Blueprint, overrides: &Overrides) -> String {
    let mut key = bp.to_toml();
    for (kind, o) in overrides {
        key.push_str(&format!("\n# {}\n{}", kind.file_kind(), o.text));
    }
    key
}

impl App {
    /// Ask for the live plan of the blueprint as it is now (Review or Apply shown, `r`). Not
    /// while an apply runs (it is asked for when the run ends), nor while the blueprint has
    /// problems (the plan stays offline). A request on its way for the same blueprint answers
    /// it, unless `fresh`: the accounts changed since it was sent (an apply ended), so it is
    /// sent again when that one lands.
    pub(crate) fn ask_plan_for(&mut self, fresh: bool) {
        if self.live.run.running() {
            return;
        }
        let p = &mut self.live.plan;
        if !self.derived.problems.is_empty() {
            p.key.clear();
            p.plan = Loadable::Idle;
            p.again = false;
            return;
        }
        let key = plan_key(&self.bp, &self.overrides);
        if p.key != key || !matches!(p.plan, Loadable::Ready(_)) {
            p.plan = Loadable::Loading;
        }
        if p.in_flight {
            // One at a time: what is on its way lands first (dropped when for another key).
            p.again |= p.key != key || fresh;
            p.key = key;
            return;
        }
        p.key = key;
        p.in_flight = true;
        p.again = false;
        self.effects.push(Effect::Plan(self.overrides.clone()));
    }

    /// [`App::ask_plan_for`] a screen that is shown, or `r`.
    pub(crate) fn ask_plan(&mut self) {
        self.ask_plan_for(false);
    }

    /// The blueprint changed: a plan of the blueprint as it was is no longer shown (the next
    /// look is asked for when Review or Apply is shown, or on `r`).
    pub(crate) fn forget_stale_plan(&mut self) {
        let p = &mut self.live.plan;
        if !p.key.is_empty() && p.key != plan_key(&self.bp, &self.overrides) {
            p.key.clear();
            p.plan = Loadable::Idle;
            p.again = false;
        }
    }

    pub(crate) fn on_plan(&mut self, event: PlanEvent) {
        let p = &mut self.live.plan;
        p.in_flight = false;
        // Kept only for the blueprint as it is (and as it was asked for).
        if event.key == p.key && event.key == plan_key(&self.bp, &self.overrides) {
            p.plan = Loadable::from_result(event.result);
        }
        if std::mem::take(&mut p.again) {
            self.ask_plan();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::Side;

    fn answer(app: &App, rows: Vec<PlanStep>) -> PlanEvent {
        PlanEvent {
            key: plan_key(&app.bp, &app.overrides),
            result: Ok(LivePlan {
                rows,
                ids: Vec::new(),
                calls: 3,
                at: "10:00:00".into(),
            }),
        }
    }

    fn app() -> App {
        App::new(Blueprint::starter(), None, crate::ui::Theme::NO_COLOR)
    }

    #[test]
    fn one_request_at_a_time_and_an_answer_for_another_blueprint_is_dropped() {
        let mut app = app();
        app.take_effects();
        app.ask_plan();
        assert_eq!(app.take_effects(), [Effect::Plan(Overrides::new())]);
        assert!(app.live.plan.plan.is_loading() && app.live.plan.in_flight);
        // Shown again while on its way, same blueprint: nothing more is asked.
        app.ask_plan();
        assert!(app.take_effects().is_empty());
        // The blueprint changes meanwhile: the answer on its way is for the old one.
        let old = answer(&app, crate::engine::plan::offline(&app.bp));
        app.bp.data.bucket = "other-bucket-name".into();
        app.refresh();
        app.ask_plan();
        assert!(app.take_effects().is_empty(), "one in flight at a time");
        app.on_plan(old);
        assert_eq!(
            app.take_effects(),
            [Effect::Plan(Overrides::new())],
            "asked again when it landed"
        );
        assert!(
            app.live.plan.plan.is_loading(),
            "the stale answer is dropped"
        );
        assert!(app.live.plan.in_flight);
        let rows = crate::engine::plan::offline(&app.bp);
        app.on_plan(answer(&app, rows));
        let plan = app.live.plan.plan.ready().unwrap();
        assert_eq!(plan.rows.len(), crate::engine::catalogue::CATALOGUE.len());
        assert!(!app.live.plan.in_flight);
    }

    #[test]
    fn a_refresh_keeps_the_plan_in_hand_and_problems_keep_it_offline() {
        let mut app = app();
        app.ask_plan();
        let rows = crate::engine::plan::offline(&app.bp);
        app.on_plan(answer(&app, rows));
        app.take_effects();
        app.ask_plan();
        assert_eq!(app.take_effects(), [Effect::Plan(Overrides::new())]);
        assert!(
            app.live.plan.plan.ready().is_some(),
            "shown while read again"
        );
        let key = plan_key(&app.bp, &app.overrides);
        app.on_plan(PlanEvent {
            key,
            result: Err("sts:GetCallerIdentity: ExpiredToken".into()),
        });
        assert_eq!(
            app.live.plan.plan,
            Loadable::Failed("sts:GetCallerIdentity: ExpiredToken".into())
        );
        app.bp.model_owner.account_id = app.bp.data_owner.account_id.clone();
        app.refresh();
        assert!(!app.derived.problems.is_empty());
        app.ask_plan();
        assert!(app.take_effects().is_empty());
        assert_eq!(app.live.plan.plan, Loadable::Idle);
    }

    #[test]
    fn after_an_apply_a_plan_on_its_way_is_followed_by_a_fresh_one() {
        let mut app = app();
        app.ask_plan();
        app.take_effects();
        let before = answer(&app, crate::engine::plan::offline(&app.bp));
        // The run ends while the plan asked before it is on its way.
        app.ask_plan_for(true);
        assert!(app.take_effects().is_empty(), "one in flight at a time");
        app.on_plan(before);
        assert!(
            app.live.plan.plan.ready().is_some(),
            "shown while read again"
        );
        assert_eq!(app.take_effects(), [Effect::Plan(Overrides::new())]);
        assert!(app.live.plan.in_flight);
    }

    #[test]
    fn the_summary_counts_marks_per_side() {
        let bp = Blueprint::starter();
        let mut rows = crate::engine::plan::offline(&bp);
        for r in &mut rows {
            r.mark = Some(Mark::Exists);
        }
        rows[0].mark = Some(Mark::Run);
        rows[2].mark = Some(Mark::Create);
        rows[3].mark = None;
        rows[3].error = Some("denied".into());
        let plan = LivePlan {
            rows,
            ids: Vec::new(),
            calls: 0,
            at: String::new(),
        };
        assert_eq!(
            plan.summary(Some(Side::DataOwner)),
            "1 to create, 11 exist, 1 run every time, 1 could not be planned"
        );
        assert_eq!(plan.summary(Some(Side::ModelOwner)), "5 exist");
        assert_eq!(plan.count(Some(Side::ModelOwner), Mark::Exists), 5);
        assert_eq!(plan.errors(), 1);
    }
}
