//! Helpers shared by the wizard's tests: keys, an app on the starter blueprint, rendering.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod big_vpc;
pub mod pty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::widgets::form::Form;
use eks_isolation::ui::{self, Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub mod identities;

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Feed keys to the app.
pub fn press(app: &mut App, keys: &[KeyEvent]) {
    for k in keys {
        app.on_key(*k);
    }
}

/// Type a string, one key per character.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.on_key(ch(c));
    }
}

/// The starter blueprint, saving to a fixed relative path (nothing is written unless a test
/// saves).
pub fn app() -> App {
    app_with(Theme::COLOR)
}

pub fn app_with(theme: Theme) -> App {
    let mut app = App::new(Blueprint::starter(), Some("bp.toml".into()), theme);
    // A journal directory that does not exist: nothing of the user's is read, and screens
    // that read the journal show the same path on every machine.
    app.state_dir = "no-state".into();
    app.update(Action::Resize(100, 30));
    app
}

pub fn terminal(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(app, f)).unwrap();
    t
}

/// The rendered screen as text, one line per row.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    terminal(app, w, h).backend().to_string()
}

pub fn form(app: &App) -> &Form {
    match app.screen {
        Screen::Parties => &app.parties.form,
        Screen::Network => &app.network.form,
        Screen::Data => &app.data.form,
        Screen::Cluster => &app.cluster.form,
        other => panic!("{other:?} has no form"),
    }
}

/// Move the selection of the current form to `id`, with arrow keys.
pub fn select(app: &mut App, id: FieldId) {
    for _ in 0..60 {
        app.on_key(key(KeyCode::Up));
    }
    for _ in 0..60 {
        if form(app).selected_id() == Some(id) {
            return;
        }
        app.on_key(key(KeyCode::Down));
    }
    panic!("no row {id:?} on {:?}", app.screen);
}

/// Select `id`, open its input, clear it and type `text` (not committed).
pub fn edit(app: &mut App, id: FieldId, text: &str) {
    select(app, id);
    press(app, &[key(KeyCode::Enter), ctrl('u')]);
    type_str(app, text);
}

/// Feed a background task's answer, as the event loop does.
pub fn live(app: &mut App, event: eks_isolation::ui::live::LiveEvent) {
    app.update(Action::Live(Box::new(event)));
}

/// Both identities resolved as the starter blueprint's accounts (profiles data-owner and
/// model-owner, us-east-1).
pub fn resolved(app: &mut App) {
    use eks_isolation::blueprint::Side;
    use eks_isolation::ui::live::{IdentityView, LiveEvent, identity_key};
    for (side, account, profile) in [
        (Side::DataOwner, "111111111111", "data-owner"),
        (Side::ModelOwner, "222222222222", "model-owner"),
    ] {
        let key = identity_key(&app.bp, side);
        live(
            app,
            LiveEvent::Identity {
                side,
                key,
                result: Ok(IdentityView {
                    account: account.into(),
                    arn: format!("arn:aws:sts::{account}:assumed-role/admin/op"),
                    region: "us-east-1".into(),
                    source: format!("profile {profile}"),
                }),
            },
        );
    }
}

/// Ask for the journal, and answer the read as the task runner would.
pub fn read_journal(app: &mut App) {
    app.read_journal();
    answer_journal(app);
}

/// Answer the journal reads the app asked for, as the task runner would (other effects are
/// dropped).
pub fn answer_journal(app: &mut App) {
    use eks_isolation::ui::live::Effect;
    for effect in app.take_effects() {
        if let Effect::ReadJournal { dir, name } = effect {
            live(app, eks_isolation::ui::tasks::journal::read(&dir, &name));
        }
    }
}

/// A live plan of the starter blueprint as `look` could answer it on a half-made estate: the
/// identities run, the organization and roles exist, the SCP, the VPC and the bucket changed
/// behind the tool's back (each with its reason), the rest to create, and one step that could
/// not be read.
pub fn sample_plan(app: &App) -> eks_isolation::ui::live::plan::LivePlan {
    use eks_isolation::engine::notes::Mark::{Change, Create, Exists, Run};
    let mut rows = eks_isolation::engine::plan::offline(&app.bp);
    for r in &mut rows {
        let (mark, changes): (_, &[&str]) = match r.id.as_str() {
            "identity.data_owner" => (
                Run,
                &["check the data owner identity (profile data-owner) is account 111111111111"],
            ),
            "identity.model_owner" => (
                Run,
                &["check the model owner identity (profile model-owner) is account 222222222222"],
            ),
            "org" | "org.member" | "iam.roles" => (Exists, &[]),
            "scp" => (
                Change,
                &[
                    "eks-isolation-inference-demo: the content differs from the generated SCP; replace it",
                ],
            ),
            "vpc" => (Change, &["vpc-0aaa: turn DNS hostnames on"]),
            "subnets" => (Create, &["create subnet 10.40.16.0/20 in use1-az2"]),
            "route_table" => (Create, &["create a local-only route table on 2 subnet(s)"]),
            "endpoint.s3" => (
                Create,
                &[
                    "create the com.amazonaws.us-east-1.s3 gateway endpoint on the route table",
                    "after route_table, which this run creates first",
                ],
            ),
            "endpoint.security_group" => (
                Create,
                &["create the security group eks-isolation-inference-demo-endpoints"],
            ),
            "endpoint.interface" => (
                Create,
                &[
                    "create the ec2 interface endpoint",
                    "create the ecr.api interface endpoint",
                    "create the ecr.dkr interface endpoint",
                    "create the sts interface endpoint",
                    "create the logs interface endpoint",
                ],
            ),
            "dns.firewall" => (Change, &["turn fail-open off on vpc-0aaa (it is ENABLED)"]),
            "ram.share" => (
                Create,
                &["create the share eks-isolation-inference-demo of 2 subnet(s) with 222222222222"],
            ),
            "eks.cluster" => (Create, &["create the EKS cluster inference"]),
            "eks.addon.pod_identity" => {
                (Create, &["after eks.cluster, which this run creates first"])
            }
            "bucket" => (
                Change,
                &["inference-demo-data: turn all four public-access blocks on"],
            ),
            "bucket.policy" => {
                r.error = Some(
                    "step bucket.policy (data owner 111111111111): s3:GetBucketPolicy: \
                     AccessDenied: Access Denied; give the data owner identity permission for \
                     s3:GetBucketPolicy"
                        .into(),
                );
                continue;
            }
            "eks.nodegroup" => (
                Create,
                &[
                    "create the node group inference-nodes",
                    "after eks.cluster, which this run creates first",
                ],
            ),
            other => panic!("a step the sample plan does not know: {other}"),
        };
        r.mark = Some(mark);
        r.changes = changes.iter().map(ToString::to_string).collect();
    }
    eks_isolation::ui::live::plan::LivePlan {
        rows,
        ids: [
            ("org", "o-abc123"),
            ("org.member", "222222222222"),
            ("vpc", "vpc-0aaa"),
            ("iam.cluster_role", "eks-isolation-inference-demo-cluster"),
            ("iam.node_role", "eks-isolation-inference-demo-node"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .to_vec(),
        calls: 38,
        at: "10:31:07".into(),
    }
}

/// The live plan's answer for the blueprint as it is now (the screen asked for it).
pub fn plan_answer(app: &mut App, result: Result<eks_isolation::ui::live::plan::LivePlan, String>) {
    use eks_isolation::ui::live::LiveEvent;
    use eks_isolation::ui::live::plan::{PlanEvent, plan_key};
    let key = plan_key(&app.bp, &app.overrides);
    live(app, LiveEvent::Plan(PlanEvent { key, result }));
}

/// The starter blueprint on the Apply screen, both identities resolved, the live plan asked
/// for (not answered yet), and no file (nothing is written).
pub fn apply_asked() -> App {
    let mut app = app();
    app.config = None;
    resolved(&mut app);
    app.update(Action::Goto(eks_isolation::ui::screen::Screen::Apply));
    let effects = app.take_effects();
    assert!(
        effects.contains(&eks_isolation::ui::live::Effect::Plan(Default::default())),
        "{effects:?}"
    );
    app
}

/// As [`apply_asked`], with the live plan in hand (`sample_plan`).
pub fn apply_planned() -> App {
    let mut app = apply_asked();
    let plan = sample_plan(&app);
    plan_answer(&mut app, Ok(plan));
    app
}
