//! Key handling as pure functions: keys in, state out. No terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use crossterm::event::KeyCode;
use eks_isolation::blueprint::{Blueprint, SubnetSource};
use eks_isolation::policy::analyze::{CheckId, Severity};
use eks_isolation::policy::overrides::PolicyKind;
use eks_isolation::ui::fieldmap::FieldId;
use eks_isolation::ui::overlay::Overlay;
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{App, Status, Theme};
use ui_support::*;

#[test]
fn typing_q_and_question_mark_while_editing_types_them() {
    let mut app = app();
    edit(&mut app, FieldId::Name, "q?1");
    let (_, input) = form(&app).input.clone().expect("input open");
    assert_eq!(input.text, "q?1");
    assert!(!app.quit);
    assert!(app.overlay.is_none());
    assert_eq!(
        app.screen,
        Screen::Parties,
        "the digit did not switch screens"
    );
}

#[test]
fn q_without_changes_quits_at_once() {
    let mut app = app();
    press(&mut app, &[ch('q')]);
    assert!(app.quit);
}

#[test]
fn q_with_unsaved_changes_asks_first() {
    let mut app = app();
    edit(&mut app, FieldId::Name, "renamed");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.dirty());
    press(&mut app, &[ch('q')]);
    assert!(!app.quit);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    press(&mut app, &[ch('n')]);
    assert!(app.overlay.is_none() && !app.quit);
    // Ctrl-C asks the same question; a second Ctrl-C does not skip it.
    press(&mut app, &[ctrl('c'), ctrl('c')]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert!(!app.quit);
    press(&mut app, &[ch('y')]);
    assert!(app.quit);
}

#[test]
fn ctrl_c_asks_about_an_edit_not_committed_yet() {
    let mut app = app();
    edit(&mut app, FieldId::Name, "half-typed");
    press(&mut app, &[ctrl('c')]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    let mut app = app_in_editor();
    type_str(&mut app, "x");
    press(&mut app, &[ctrl('c')]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    // An editor opened and left unchanged loses nothing.
    let mut app = app_in_editor();
    press(&mut app, &[ctrl('c')]);
    assert!(app.quit);
}

fn app_in_editor() -> App {
    let mut app = app();
    press(&mut app, &[ch('5'), ch('e')]);
    assert!(app.policies.editor.is_some());
    app
}

#[test]
fn an_invalid_account_id_shows_its_error_and_is_not_committed() {
    let mut app = app();
    edit(&mut app, FieldId::DataAccount, "12345");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.bp.data_owner.account_id, "111111111111");
    let (_, input) = form(&app).input.clone().expect("still editing");
    assert_eq!(input.text, "12345", "the text is kept");
    let text = screen(&mut app, 100, 30);
    assert!(
        text.contains("✗ \"12345\" is not an account ID"),
        "error under the field:\n{text}"
    );
    // Fix it: committed.
    type_str(&mut app, "6789012");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.bp.data_owner.account_id, "123456789012");
    assert!(form(&app).input.is_none());
}

#[test]
fn esc_cancels_an_edit_and_keeps_the_old_value() {
    let mut app = app();
    edit(&mut app, FieldId::ModelAccount, "333333333333");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(form(&app).input.is_none());
    assert_eq!(app.bp.model_owner.account_id, "222222222222");
    assert_eq!(
        app.screen,
        Screen::Parties,
        "Esc closed the edit, not the screen"
    );
    assert!(!app.dirty());
}

#[test]
fn lists_are_comma_separated_and_each_item_is_validated() {
    let mut app = app();
    press(&mut app, &[ch('3')]);
    edit(
        &mut app,
        FieldId::ModelOwnerActions,
        "s3:GetObject, ec2:RunInstances",
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(
        form(&app).input.is_some(),
        "not an S3 action: not committed"
    );
    press(&mut app, &[ctrl('u')]);
    type_str(&mut app, "s3:GetObject, s3:GetObjectVersion ,");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.bp.data.model_owner_actions,
        ["s3:GetObject", "s3:GetObjectVersion"]
    );
}

#[test]
fn navigation_tab_backtab_digits_and_esc() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(app.screen, Screen::Network);
    press(&mut app, &[key(KeyCode::BackTab)]);
    assert_eq!(app.screen, Screen::Parties);
    press(&mut app, &[ch('8')]);
    assert_eq!(app.screen, Screen::Monitor);
    press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(app.screen, Screen::Monitor, "no screen after the last");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Apply, "Esc goes back");
    // An overlay closes before Esc goes back.
    press(&mut app, &[ch('?')]);
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.overlay.is_none());
    assert_eq!(app.screen, Screen::Apply);
}

#[test]
fn public_endpoint_toggle_warns_with_d7() {
    let mut app = app();
    press(&mut app, &[ch('4')]);
    select(&mut app, FieldId::PublicAccess);
    press(&mut app, &[ch(' ')]);
    assert!(app.bp.cluster.endpoint_public_access);
    let text = screen(&mut app, 100, 30);
    assert!(
        text.contains("[x] on  ⚠") && text.contains("⚠ D7 critical"),
        "{text}"
    );
    assert!(
        app.derived
            .report
            .findings
            .iter()
            .any(|f| f.id == CheckId::D7 && f.severity == Severity::Critical)
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(!app.bp.cluster.endpoint_public_access);
}

#[test]
fn subnets_are_added_and_removed() {
    let mut app = app();
    press(&mut app, &[ch('2'), ch('a')]);
    assert_eq!(app.bp.network.subnets.len(), 3);
    let added = &app.bp.network.subnets[2];
    assert_eq!(added.az_id, "use1-az3");
    assert_eq!(
        added.source,
        SubnetSource::Create {
            cidr: "10.40.32.0/20".into()
        }
    );
    assert!(
        app.derived.problems.is_empty(),
        "{:?}",
        app.derived.problems
    );
    assert_eq!(form(&app).selected_id(), Some(FieldId::SubnetAz(2)));
    select(&mut app, FieldId::SubnetSource(0));
    press(&mut app, &[ch('d')]);
    assert_eq!(app.bp.network.subnets.len(), 2);
    assert_eq!(app.bp.network.subnets[0].az_id, "use1-az2");
    // `d` on a row that is not a subnet does nothing.
    select(&mut app, FieldId::Vpc);
    press(&mut app, &[ch('d')]);
    assert_eq!(app.bp.network.subnets.len(), 2);
}

#[test]
fn a_subnet_outside_the_vpc_is_a_problem_on_the_network_step() {
    let mut app = app();
    press(&mut app, &[ch('2')]);
    edit(&mut app, FieldId::SubnetSource(1), "10.99.0.0/20");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.screen_problems(Screen::Network), 1);
    let text = screen(&mut app, 100, 30);
    assert!(text.contains("2 Network    ✗1"), "{text}");
    assert!(
        text.contains("✗ 10.99.0.0/20 is outside the VPC CIDR"),
        "{text}"
    );
}

#[test]
fn existing_vpc_and_subnet_ids_switch_the_source() {
    let mut app = app();
    press(&mut app, &[ch('2')]);
    edit(&mut app, FieldId::Vpc, "vpc-0123456789abcdef0");
    press(&mut app, &[key(KeyCode::Enter)]);
    edit(
        &mut app,
        FieldId::SubnetSource(0),
        "subnet-0123456789abcdef0",
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.bp.network.subnets[0].source,
        SubnetSource::Existing {
            subnet_id: "subnet-0123456789abcdef0".into()
        }
    );
    edit(&mut app, FieldId::Vpc, "vpc-12");
    assert!(matches!(form(&app).input_check(), Some(Err(_))));
}

#[test]
fn ctrl_s_without_a_path_asks_for_one_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Blueprint::starter(), None, Theme::COLOR);
    press(&mut app, &[ctrl('s')]);
    let Some(Overlay::SavePrompt { input, .. }) = &app.overlay else {
        panic!("no prompt: {:?}", app.overlay);
    };
    assert_eq!(input.text, "./inference-demo.toml");
    let path = dir.path().join("x.toml");
    press(&mut app, &[ctrl('u')]);
    type_str(&mut app, path.to_str().unwrap());
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(app.config.as_deref(), Some(path.as_path()));
    assert!(!app.dirty());
    assert!(matches!(&app.status, Some(Status::Info(s)) if s.contains("saved to")));
    assert_eq!(Blueprint::load(&path).unwrap(), Blueprint::starter());
}

#[test]
fn ctrl_s_commits_the_field_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = App::new(Blueprint::starter(), Some(path.clone()), Theme::COLOR);
    edit(&mut app, FieldId::Name, "edited-name");
    press(&mut app, &[ctrl('s')]);
    assert_eq!(Blueprint::load(&path).unwrap().name, "edited-name");
    // An invalid one is not saved.
    edit(&mut app, FieldId::Name, "bad name!");
    press(&mut app, &[ctrl('s')]);
    assert!(matches!(&app.status, Some(Status::Error(s)) if s.starts_with("not saved")));
    assert_eq!(Blueprint::load(&path).unwrap().name, "edited-name");
}

#[test]
fn saving_a_blueprint_with_problems_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = App::new(Blueprint::starter(), Some(path.clone()), Theme::COLOR);
    press(&mut app, &[ch('2')]);
    edit(&mut app, FieldId::SubnetSource(1), "10.99.0.0/20");
    press(&mut app, &[key(KeyCode::Enter), ctrl('s')]);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmSave { .. })));
    press(&mut app, &[ch('n')]);
    assert!(!path.exists());
    press(&mut app, &[ctrl('s'), ch('y')]);
    assert!(path.exists());
    assert!(
        Blueprint::load(&path).is_err(),
        "written as asked, problems and all"
    );
}

#[test]
fn quit_confirmation_s_saves_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = App::new(Blueprint::starter(), Some(path.clone()), Theme::COLOR);
    edit(&mut app, FieldId::DataProfile, "");
    press(&mut app, &[key(KeyCode::Enter), ch('q'), ch('s')]);
    assert!(app.quit);
    assert_eq!(Blueprint::load(&path).unwrap().data_owner.profile, None);
}

#[test]
fn a_region_change_reports_subnets_in_the_old_region() {
    let mut app = app();
    edit(&mut app, FieldId::Region, "eu-west-1");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.bp.region, "eu-west-1");
    assert_eq!(app.screen_problems(Screen::Network), 2);
}

#[test]
fn policy_editor_validates_live_and_keeps_a_valid_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut app = App::new(Blueprint::starter(), Some(path.clone()), Theme::COLOR);
    press(&mut app, &[ch('5'), ch('e')]);
    assert!(app.policies.editor.is_some());
    // `q`, `?` and digits are text in the editor.
    type_str(&mut app, "q?5");
    let editor = app.policies.editor.as_ref().unwrap();
    assert!(editor.text().starts_with("q?5{"));
    let err = editor.parsed.clone().unwrap_err();
    assert_eq!((err.line, err.column), (1, 1));
    assert!(!app.quit && app.screen == Screen::Policies);
    // Esc on an invalid text asks; `n` keeps editing, `y` discards.
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(matches!(app.overlay, Some(Overlay::DiscardEdit { .. })));
    press(&mut app, &[ch('n')]);
    assert!(app.policies.editor.is_some());
    press(&mut app, &[key(KeyCode::Esc), ch('y')]);
    assert!(app.policies.editor.is_none());
    assert!(app.overrides.is_empty());

    // A valid edit that opens the bucket: findings update live, Esc keeps it.
    press(&mut app, &[ch('e')]);
    let editor = app.policies.editor.as_mut().unwrap();
    let open = editor.text().replace("\"Deny\"", "\"Allow\"");
    editor.textarea.select_all();
    editor.textarea.cut();
    editor.textarea.insert_str(&open);
    app.update(eks_isolation::ui::Action::EditorChanged);
    let report = app
        .policies
        .editor
        .as_ref()
        .unwrap()
        .report
        .clone()
        .unwrap();
    assert!(
        report.findings.iter().any(|f| f.id == CheckId::D1),
        "{report:?}"
    );
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.overrides.contains_key(&PolicyKind::Bucket));
    assert!(
        app.derived
            .report
            .findings
            .iter()
            .any(|f| f.id == CheckId::D1)
    );
    assert!(app.dirty());

    // Saved beside the blueprint; the Review screen names it in the check command.
    press(&mut app, &[ctrl('s')]);
    let file = dir.path().join("bp.bucket.json");
    assert!(file.is_file());
    let (cmd, _) = eks_isolation::ui::save::check_command(&app);
    assert!(
        cmd.contains(&format!("--bucket-policy {}", file.display())),
        "{cmd}"
    );

    // Reopening brings the edit back; `r` resets it and the next save removes the file.
    let mut again = App::open(Some(path.clone()), Theme::COLOR);
    assert!(again.overrides.contains_key(&PolicyKind::Bucket));
    assert!(!again.dirty());
    press(&mut again, &[ch('5'), ch('r'), ctrl('s')]);
    assert!(again.overrides.is_empty());
    assert!(!file.exists());
}

#[test]
fn an_edit_equal_to_the_generated_policy_is_no_override() {
    let mut app = app();
    press(&mut app, &[ch('5'), ch('e'), key(KeyCode::Esc)]);
    assert!(app.policies.editor.is_none());
    assert!(app.overrides.is_empty());
    assert!(!app.dirty());
}

#[test]
fn a_blueprint_that_does_not_load_shows_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "name = \"x\"\nregion = 5\n").unwrap();
    let mut app = App::open(Some(path.clone()), Theme::COLOR);
    let Some(Overlay::LoadError { problems, .. }) = &app.overlay else {
        panic!("no load error: {:?}", app.overlay);
    };
    assert!(problems.len() > 1, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("region")),
        "{problems:?}"
    );
    assert!(
        app.config.is_none(),
        "a broken file is never saved over without asking"
    );
    // `n`: start from the starter blueprint; Ctrl-S offers the broken file's path.
    press(&mut app, &[ch('n')]);
    assert!(app.overlay.is_none());
    press(&mut app, &[ctrl('s')]);
    let Some(Overlay::SavePrompt { input, .. }) = &app.overlay else {
        panic!("no prompt: {:?}", app.overlay);
    };
    assert_eq!(input.text, path.display().to_string());
    // `q` in the load error quits without a question.
    let mut app = App::open(Some(path.clone()), Theme::COLOR);
    press(&mut app, &[ch('q')]);
    assert!(app.quit);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "name = \"x\"\nregion = 5\n"
    );
}

#[test]
fn a_missing_file_starts_a_new_blueprint_that_saves_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.toml");
    let mut app = App::open(Some(path.clone()), Theme::COLOR);
    assert!(app.overlay.is_none());
    assert_eq!(app.bp, Blueprint::starter());
    press(&mut app, &[ctrl('s')]);
    assert_eq!(Blueprint::load(&path).unwrap(), Blueprint::starter());
}

#[test]
fn a_readable_blueprint_with_wrong_values_opens_with_its_problems_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overlap.toml");
    let text = eks_isolation::blueprint::EXAMPLE.replace("10.40.16.0/20", "10.40.8.0/21");
    std::fs::write(&path, &text).unwrap();
    let app = App::open(Some(path.clone()), Theme::COLOR);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(app.config.as_deref(), Some(path.as_path()));
    assert_eq!(
        app.bp.network.subnets[1].source,
        SubnetSource::Create {
            cidr: "10.40.8.0/21".into()
        }
    );
    let Some(Status::Error(msg)) = &app.status else {
        panic!("no status: {:?}", app.status);
    };
    assert!(msg.contains("1 problem(s)"), "{msg}");
    assert!(
        app.derived
            .problems
            .iter()
            .any(|p| p.message.contains("overlap")),
        "{:?}",
        app.derived.problems
    );
}
