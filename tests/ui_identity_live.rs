//! The identity task against moto, through the wizard's task runner: real AWS config files
//! (profiles that assume roles in two accounts), `Effect::Resolve` in, `LiveEvent::Identity`
//! out, fed to an `App` whose banner then shows ✓. Also the real SDK error texts of a profile
//! that does not exist and of an SSO profile never logged in, and the hints they get.
//!
//! The SDK reads its files from the environment, which a test may not change in-process (no
//! `unsafe`): the test runs itself again as a child process with the environment set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use eks_isolation::aws::profiles;
use eks_isolation::blueprint::Blueprint;
use eks_isolation::blueprint::Side;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::live::{Effect, LiveEvent, Loadable, identity_key};
use eks_isolation::ui::tasks::Runner;
use eks_isolation::ui::widgets::identity::hint;
use eks_isolation::ui::{Action, App, Theme};

const CHILD: &str = "child_resolves_through_the_runner";

#[test]
fn the_runner_resolves_identities_against_moto() {
    let dir = tempfile::tempdir().unwrap();
    let data = support::unique_account();
    let model = support::unique_account();
    let env = support::profile_env(dir.path(), &data, &model);
    let config = dir.path().join("aws-config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = Admin\nregion = us-east-1\n\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n\
         sso_region = us-east-1\n",
    );
    std::fs::write(&config, text).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", CHILD, "--ignored", "--nocapture"])
        .envs(env)
        // No real SSO token cache, no real files.
        .env("HOME", dir.path())
        .env("EKS_TEST_DATA", &data)
        .env("EKS_TEST_MODEL", &model)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{stderr}"
    );
}

async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<LiveEvent>) -> LiveEvent {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("an answer within 30 s")
        .expect("the runner is alive")
}

#[test]
#[ignore = "run by the_runner_resolves_identities_against_moto, with the AWS environment set"]
fn child_resolves_through_the_runner() {
    let data = std::env::var("EKS_TEST_DATA").unwrap();
    let model = std::env::var("EKS_TEST_MODEL").unwrap();
    let mut bp = Blueprint::starter();
    bp.data_owner.account_id.clone_from(&data);
    bp.model_owner.account_id.clone_from(&model);
    // The profile list the wizard reads at start: the files the environment names.
    let list = profiles::read_default();
    let names: Vec<&str> = list.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["base", "data-owner", "model-owner", "sso"]);
    let mut app = App::new(bp.clone(), None, Theme::NO_COLOR);
    app.set_profiles(list.clone());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let state = tempfile::tempdir().unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut runner = Runner::new(tx, state.path().to_path_buf());

        // Both sides, as the wizard asks at start.
        let effects = app.take_effects();
        assert_eq!(
            effects,
            [
                Effect::Resolve(Side::DataOwner),
                Effect::Resolve(Side::ModelOwner)
            ]
        );
        runner.run(effects, &app.bp);
        for _ in 0..2 {
            let event = next(&mut rx).await;
            let LiveEvent::Identity { side, key, result } = &event else {
                panic!("{event:?}");
            };
            assert_eq!(*key, identity_key(&bp, *side));
            let id = result.as_ref().unwrap();
            let expected = if *side == Side::ModelOwner {
                &model
            } else {
                &data
            };
            assert_eq!(&id.account, expected);
            assert!(id.arn.contains(expected.as_str()), "{}", id.arn);
            app.update(Action::Live(Box::new(event)));
        }
        let text = ui_text(&mut app);
        assert!(
            text.contains(&format!("data owner  ✓ {data}")),
            "banner:\n{text}"
        );
        assert!(text.contains(&format!("model owner ✓ {model}")), "{text}");

        // The model owner through a role, assumed with the data owner's credentials.
        app.update(Action::SetField(FieldId::ModelProfile, String::new()));
        app.take_effects();
        app.update(Action::SetField(
            FieldId::ModelRole,
            format!("arn:aws:iam::{model}:role/admin"),
        ));
        let effects = app.take_effects();
        assert_eq!(effects, [Effect::Resolve(Side::ModelOwner)]);
        runner.run(effects, &app.bp);
        let event = next(&mut rx).await;
        app.update(Action::Live(Box::new(event)));
        let Loadable::Ready(id) = app.live.identity(Side::ModelOwner) else {
            panic!("{:?}", app.live.identity(Side::ModelOwner));
        };
        assert_eq!(id.account, model);
        assert!(id.source.starts_with("role arn:aws:iam::"), "{}", id.source);

        // The real error texts, and the hints they get.
        for (profile, expect) in [
            ("nope", "nope is not a profile of your config files"),
            ("sso", "aws sso login --profile sso"),
        ] {
            let mut bp = bp.clone();
            bp.data_owner.profile = Some(profile.into());
            runner.run(vec![Effect::Resolve(Side::DataOwner)], &bp);
            let LiveEvent::Identity { result, .. } = next(&mut rx).await else {
                panic!("not an identity");
            };
            let error = result.unwrap_err();
            println!("{profile}: {error}");
            assert!(error.starts_with("sts:GetCallerIdentity: "), "{error}");
            let h = hint(&error, &bp, Side::DataOwner, &list).unwrap_or_default();
            assert!(h.contains(expect), "{profile}: {error}\nhint: {h}");
        }
    });
}

fn ui_text(app: &mut App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    app.update(Action::Resize(100, 30));
    t.draw(|f| eks_isolation::ui::draw(app, f)).unwrap();
    t.backend().to_string()
}
