//! What you preview is what you apply, against moto: policy override files beside the
//! blueprint, and a policy edited with the wizard's keys, are what the accounts hold after
//! apply (read back with the SDK); `verify` judges what was put; a critical override stops
//! `apply --yes` with exit 2 and nothing made, until `--accept-findings` names it.
//!
//! The wizard part runs in a child process with the profiles' environment, as `ui_live` does
//! (the runner reads its configuration from the environment).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
#[path = "ui_live/wizard.rs"]
#[allow(dead_code)]
mod wizard;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::policy::PolicyDocument;
use eks_isolation::policy::generate::{S3_ENDPOINT_PLACEHOLDER, generate};
use eks_isolation::ui::Action;
use eks_isolation::ui::live::run::Phase;
use eks_isolation::ui::overlay::Overlay;
use eks_isolation::ui::screen::Screen;
use serde_json::Value;
use wizard::{Wizard, child, data_ec2, estate, journal_id, run_child, runtime, var};

/// Pull only, under a Sid of its own: no finding, but not the generated policy.
const ECR_API: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"PullEdited","Effect":"Allow","Principal":"*","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"*"}]}"#;

fn value(env: &[(String, String)], key: &str) -> String {
    env.iter().find(|(k, _)| k == key).unwrap().1.clone()
}

/// The real binary on `dir/bp.toml` with the profiles' environment.
fn run(dir: &Path, env: &[(String, String)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eks-isolation"));
    cmd.args(args)
        .arg("--config")
        .arg(dir.join("bp.toml"))
        .stdin(Stdio::null());
    if args[0] != "check" {
        cmd.arg("--state-dir").arg(dir.join("state"));
    }
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
    cmd.output().unwrap()
}

fn show(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The last line of stdout holding `key`, parsed.
fn last_json(o: &Output, key: &str) -> Value {
    let text = String::from_utf8_lossy(&o.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.contains(key))
        .unwrap_or_else(|| panic!("no {key}: {}", show(o)));
    serde_json::from_str(line).unwrap()
}

fn ids(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

async fn endpoint_policy(ec2: &aws_sdk_ec2::Client, id: &str) -> PolicyDocument {
    let out = ec2
        .describe_vpc_endpoints()
        .vpc_endpoint_ids(id)
        .send()
        .await
        .unwrap();
    let text = out.vpc_endpoints()[0].policy_document().unwrap();
    PolicyDocument::from_json(text).unwrap()
}

#[test]
fn override_files_are_what_apply_puts_and_verify_judges() {
    let rt = runtime();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let env = rt.block_on(estate(dir, |bp| bp));
    let data = value(&env, "UI_LIVE_DATA");
    let name = format!("ui-{data}");
    // The generated bucket policy without its deny (nobody else is kept off the endpoint:
    // D1), as edited before apply: it names the placeholder endpoint.
    let bp = Blueprint::load(&dir.join("bp.toml")).unwrap();
    let leaky = without_deny(generate(&bp, None).bucket);
    std::fs::write(dir.join("bp.bucket.json"), leaky.to_json_pretty()).unwrap();
    std::fs::write(dir.join("bp.endpoint-ecr.api.json"), ECR_API).unwrap();

    // check judges the files beside the blueprint.
    let o = run(dir, &env, &["check", "--output", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    // D12: the generated ec2 endpoint policy's warning, beside the override's D1.
    assert_eq!(ids(&report["findings"]), ["D1", "D12"]);

    // apply --yes refuses the critical override, before anything is made.
    let o = run(dir, &env, &["apply", "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--accept-findings D1"), "{err}");
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&rt.block_on(support::config_for(&data)))
            .force_path_style(true)
            .build(),
    );
    let buckets = rt.block_on(s3.list_buckets().send()).unwrap();
    assert!(buckets.buckets().is_empty(), "no bucket made");
    assert!(!dir.join("state").join(format!("{name}.json")).exists());

    // Accepted by ID, it applies; the summary carries the findings.
    let o = run(
        dir,
        &env,
        &[
            "apply",
            "--yes",
            "--accept-findings",
            "D1",
            "--output",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let summary = &last_json(&o, "\"summary\"")["summary"];
    assert_eq!(summary["failures"], Value::Array(vec![]), "{summary:#}");
    assert_eq!(ids(&summary["findings"]), ["D1", "D12"], "{summary:#}");
    assert_eq!(summary["accepted"], serde_json::json!(["D1"]));

    // What moto holds: the override, with the real endpoint in place of the placeholder.
    let journal = dir.join("state").join(format!("{name}.json"));
    let journal = journal.to_str().unwrap();
    let endpoint = journal_id(journal, "endpoint.s3");
    let bucket = bp.data.bucket.clone();
    let held = rt
        .block_on(s3.get_bucket_policy().bucket(&bucket).send())
        .unwrap();
    let held = PolicyDocument::from_json(held.policy().unwrap()).unwrap();
    let text = held.to_json_pretty();
    assert!(!text.contains("DenyOffEndpoint"), "{text}");
    assert!(!text.contains(S3_ENDPOINT_PLACEHOLDER), "{text}");
    assert_eq!(held, without_deny(generate(&bp, Some(&endpoint)).bucket));
    let ec2 = aws_sdk_ec2::Client::new(&rt.block_on(support::config_for(&data)));
    let ecr = rt.block_on(endpoint_policy(
        &ec2,
        &journal_id(journal, "endpoint.ecr.api"),
    ));
    assert_eq!(ecr, PolicyDocument::from_json(ECR_API).unwrap());

    // verify judges what was put: D1 now, live (M1 and M5 as on any moto estate, D12 the
    // generated ec2 endpoint policy's warning).
    let o = run(dir, &env, &["verify", "--output", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        ids(&report["findings"]),
        ["D1", "D12", "M1", "M5"],
        "{report:#}"
    );

    // The live plan judges against the same policies: what was put is what it wants.
    let o = run(dir, &env, &["plan", "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "no change pending: {}", show(&o));
}

/// A bucket policy without its "deny off the endpoint" statement.
fn without_deny(mut doc: PolicyDocument) -> PolicyDocument {
    doc.statements
        .retain(|s| s.sid.as_deref() != Some("DenyOffEndpoint"));
    doc
}

#[test]
fn a_policy_edited_with_the_wizards_keys_is_saved_then_applied() {
    if child() {
        return runtime().block_on(edited_child());
    }
    let dir = tempfile::tempdir().unwrap();
    let env = runtime().block_on(estate(dir.path(), |bp| bp));
    run_child(
        "a_policy_edited_with_the_wizards_keys_is_saved_then_applied",
        &env,
    );
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

async fn edited_child() {
    let dir = PathBuf::from(var("UI_LIVE_DIR"));
    let mut w = Wizard::open(&dir);
    // Policies, the ecr.api endpoint policy (after the bucket, the S3 endpoint and the ec2
    // endpoint), edit: line 5 is `"Sid": "PullOnly",`; type before its closing quote.
    w.app.update(Action::Goto(Screen::Policies));
    w.app.on_key(key(KeyCode::Down));
    w.app.on_key(key(KeyCode::Down));
    w.app.on_key(key(KeyCode::Down));
    w.press('e');
    let editor = w.app.policies.editor.as_ref().unwrap();
    assert_eq!(editor.kind.label(), "ecr.api endpoint policy");
    for code in [KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Down] {
        w.app.on_key(key(code));
    }
    for code in [KeyCode::End, KeyCode::Left, KeyCode::Left] {
        w.app.on_key(key(code));
    }
    for c in "Edited".chars() {
        w.press(c);
    }
    w.app.on_key(key(KeyCode::Esc));
    assert!(w.app.policies.editor.is_none(), "{:?}", w.app.status);
    w.app
        .on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let file = dir.join("bp.endpoint-ecr.api.json");
    let saved = PolicyDocument::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved.statements[0].sid.as_deref(), Some("PullOnlyEdited"));

    // The question says the edit is put; no critical finding, so no more is asked.
    w.until("both identities", |a| {
        a.live.data_identity.ready().is_some() && a.live.model_identity.ready().is_some()
    })
    .await;
    w.app.update(Action::Goto(Screen::Apply));
    w.press('a');
    let Some(Overlay::Question {
        title,
        lines,
        warnings,
        ..
    }) = &w.app.overlay
    else {
        panic!("{:?} {:?}", w.app.overlay, w.app.status)
    };
    assert_eq!(title, " Apply? ");
    assert!(
        lines
            .iter()
            .any(|l| l == "Edited, put in place of the generated: ecr.api endpoint policy."),
        "{lines:?}"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    w.press('n');
    w.apply().await;
    let result = w.app.live.run.result.clone().unwrap();
    assert_eq!(w.app.live.run.phase, Phase::Finished);
    assert_eq!(result.failures, Vec::<String>::new(), "{:?}", w.marks());

    // What moto holds is the edited policy; the ecr.dkr one is still the generated one.
    let journal = w.app.live.run.journal_path.clone().unwrap();
    let ec2 = data_ec2().await;
    let api = endpoint_policy(&ec2, &journal_id(&journal, "endpoint.ecr.api")).await;
    assert_eq!(api, saved);
    let dkr = endpoint_policy(&ec2, &journal_id(&journal, "endpoint.ecr.dkr")).await;
    assert_eq!(dkr.statements[0].sid.as_deref(), Some("PullOnly"));
}
