//! The harness of `ui_live`: a child process per test (its environment set), a moto estate of
//! two accounts with a blueprint, and the wizard driven without a terminal.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use aws_sdk_ec2::types::Filter;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::blueprint::Side;
use eks_isolation::ui::live::plan::LivePlan;
use eks_isolation::ui::live::run::{Mark, Phase};
use eks_isolation::ui::live::{LiveEvent, Loadable};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::tasks::Runner;
use eks_isolation::ui::{Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedReceiver;

use super::support;

/// The tag on everything the engine creates.
pub const TAG: &str = "eks-isolation:blueprint";

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by the parent test"))
}

/// Whether this process is the child a test started.
pub fn child() -> bool {
    std::env::var_os("UI_LIVE_CHILD").is_some()
}

/// Run test `name` again in a child process with `env`; fail with its output if it fails.
pub fn run_child(name: &str, env: &[(String, String)]) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env("UI_LIVE_CHILD", "1");
    for key in ["AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"] {
        cmd.env_remove(key);
    }
    for (k, v) in env {
        if v.is_empty() {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child {name} failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "child {name} ran no test:\n{text}"
    );
}

/// A data owner that manages an organization and a model owner created in it (moto cannot
/// invite), a blueprint naming both in `dir`, and the environment for the child.
pub async fn estate(dir: &Path, edit: impl FnOnce(String) -> String) -> Vec<(String, String)> {
    let data = support::unique_account();
    let org = aws_sdk_organizations::Client::new(&support::config_for(&data).await);
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
    let model = created
        .create_account_status()
        .unwrap()
        .account_id()
        .unwrap()
        .to_string();
    let bp = eks_isolation::blueprint::EXAMPLE
        .replace("111111111111", &data)
        .replace("222222222222", &model)
        .replace(
            "name = \"inference-demo\"",
            &format!("name = \"ui-{data}\""),
        )
        .replace("inference-demo-data", &format!("data-{data}"));
    std::fs::write(dir.join("bp.toml"), edit(bp)).unwrap();
    let mut env = support::profile_env(dir, &data, &model);
    env.push(("UI_LIVE_DIR".into(), dir.display().to_string()));
    env.push(("UI_LIVE_DATA".into(), data));
    env.push(("UI_LIVE_MODEL".into(), model));
    env
}

/// The wizard without a terminal: the app, the runner, and the runner's answers.
pub struct Wizard {
    pub app: App,
    runner: Runner,
    rx: UnboundedReceiver<LiveEvent>,
}

impl Wizard {
    pub fn open(dir: &Path) -> Self {
        let mut app = App::open(Some(dir.join("bp.toml")), Theme::NO_COLOR);
        app.state_dir = dir.join("state");
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let runner = Runner::new(tx, app.state_dir.clone());
        Self { app, runner, rx }
    }

    pub fn press(&mut self, c: char) {
        self.app
            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }

    /// Hand the effects to the runner and feed its answers back until `done`.
    pub async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            self.runner.run(self.app.take_effects(), &self.app.bp);
            if done(&self.app) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let event = tokio::time::timeout(left, self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
                .unwrap();
            self.app.live.now = Instant::now();
            self.app.update(Action::Live(Box::new(event)));
        }
    }

    pub fn screen(&mut self, w: u16, h: u16) -> String {
        self.app.update(Action::Resize(w, h));
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| eks_isolation::ui::draw(&self.app, f)).unwrap();
        t.backend().to_string()
    }

    pub fn mark(&self, id: &str) -> Mark {
        let run = &self.app.live.run;
        let over = run.phase == Phase::Finished;
        run.steps
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no step {id}"))
            .mark(over)
    }

    pub fn marks(&self) -> Vec<(String, Mark)> {
        let over = self.app.live.run.phase == Phase::Finished;
        self.app
            .live
            .run
            .steps
            .iter()
            .map(|s| (s.id.clone(), s.mark(over)))
            .collect()
    }

    /// Both identities resolved, the Apply screen shown, `a` then `y`, until the run is over.
    pub async fn apply(&mut self) {
        self.until("both identities", |a| {
            [Side::DataOwner, Side::ModelOwner]
                .iter()
                .all(|s| a.live.identity(*s).ready().is_some())
        })
        .await;
        if self.app.screen != Screen::Apply {
            self.app.update(Action::Goto(Screen::Apply));
        }
        self.until("the journal read", |a| a.recorded.known()).await;
        self.press('a');
        assert!(
            self.app.overlay.is_some(),
            "no question: {:?}",
            self.app.status
        );
        self.press('y');
        assert_eq!(self.app.live.run.phase, Phase::Starting);
        self.until("the end of the apply", |a| {
            a.live.run.phase == Phase::Finished
        })
        .await;
    }
}

impl Wizard {
    /// Show `screen` (Review or Apply; `r` when it is shown already), then wait for the live
    /// plan it asks for.
    pub async fn live_plan(&mut self, screen: Screen) -> LivePlan {
        if self.app.screen == screen {
            self.press('r');
        } else {
            self.app.update(Action::Goto(screen));
        }
        assert!(self.app.live.plan.in_flight, "the plan was asked for");
        self.until("the live plan", |a| !a.live.plan.in_flight)
            .await;
        match &self.app.live.plan.plan {
            Loadable::Ready(plan) => plan.clone(),
            other => panic!("no live plan: {other:?}"),
        }
    }
}

/// Each step's id and mark, as `plan --output json` (the same blueprint and state directory,
/// in this child's environment) prints them; its exit code.
pub fn cli_plan(dir: &Path) -> (Vec<(String, String)>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_eks-isolation"))
        .arg("plan")
        .arg("--config")
        .arg(dir.join("bp.toml"))
        .arg("--state-dir")
        .arg(dir.join("state"))
        .args(["--output", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}{}", String::from_utf8_lossy(&out.stderr)));
    let rows = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mark = s["mark"].as_str().unwrap_or("(none)").to_string();
            (s["id"].as_str().unwrap().to_string(), mark)
        })
        .collect();
    (rows, out.status.code().unwrap_or(-1))
}

/// Each row's id and mark as the wizard's live plan has them (`error` for a row that could not
/// be planned).
pub fn wizard_rows(plan: &LivePlan) -> Vec<(String, String)> {
    plan.rows
        .iter()
        .map(|r| {
            let mark = match (&r.error, r.mark) {
                (Some(e), _) => format!("error: {e}"),
                (None, Some(m)) => m.as_str().to_string(),
                (None, None) => "(none)".into(),
            };
            (r.id.clone(), mark)
        })
        .collect()
}

/// Squeeze a screen's text so wrapped words can be searched for.
pub fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.replace(['│', '"'], " "))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect()
}

/// The data owner's EC2 client, through its profile (the child's environment).
pub async fn data_ec2() -> aws_sdk_ec2::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .profile_name("data-owner")
        .load()
        .await;
    aws_sdk_ec2::Client::new(&config)
}

pub async fn tagged_subnets(ec2: &aws_sdk_ec2::Client, name: &str) -> usize {
    ec2.describe_subnets()
        .filters(
            Filter::builder()
                .name(format!("tag:{TAG}"))
                .values(name)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .subnets()
        .len()
}

pub fn journal_keys(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

pub fn journal_id(path: &str, key: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {json}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}
