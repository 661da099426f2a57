//! End to end: the real binary in a pseudo-terminal (100x30), driven by keys, read back with a
//! terminal emulator. Every wait is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;

use eks_isolation::blueprint::Blueprint;
use ui_support::pty::*;

#[test]
fn walk_through_change_save_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bp.toml");
    let mut s = Session::start(&["wizard", "--config", path.to_str().unwrap()], dir.path());
    s.wait_text("this screen: both parties");

    // Identities: the model owner's account ID (the sixth field).
    s.send(&DOWN.repeat(5));
    s.wait_for("model account selected", |scr| {
        scr.lines()
            .any(|l| l.contains("▶ Account ID") && l.contains("222222222222"))
    });
    s.send(&format!("{ENTER}{CTRL_U}333333333333{ENTER}"));
    s.wait_for("model account in the header", |scr| {
        scr.lines()
            .nth(2)
            .is_some_and(|l| l.contains("model owner") && l.contains("333333333333"))
    });

    // Network, Data, then Cluster: its name.
    s.send(TAB);
    s.wait_text("Interface endpoints");
    s.send(TAB);
    s.wait_text("Model-owner actions");
    s.send(TAB);
    s.wait_text("this screen: model owner");
    s.send(&format!("{ENTER}{CTRL_U}gpu-inference{ENTER}"));
    s.wait_for("cluster name committed", |scr| {
        scr.lines()
            .any(|l| l.contains("▶ Name") && l.contains("gpu-inference"))
    });

    // Policies and Review.
    s.send(TAB);
    s.wait_text("S3 gateway endpoint policy");
    s.send(TAB);
    s.wait_text("Plan (offline; DESIGN.md step numbers)");

    s.send(CTRL_S);
    s.wait_text("saved to");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !s.parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    if let Some(termios) = s.master.get_termios() {
        // Debug shows `LocalFlags(ECHO | ICANON | ...)`; no need for nix's types here.
        let debug = format!("{:?}", termios.local_flags);
        let flags: Vec<&str> = debug
            .trim_start_matches("LocalFlags(")
            .trim_end_matches(')')
            .split(" | ")
            .collect();
        assert!(
            flags.contains(&"ICANON") && flags.contains(&"ECHO"),
            "raw mode left on: {debug}"
        );
    }

    let bp = Blueprint::load(&path).unwrap();
    assert_eq!(bp.model_owner.account_id, "333333333333");
    assert_eq!(bp.cluster.name, "gpu-inference");
    assert_eq!(bp.data_owner.account_id, "111111111111");
}

#[test]
fn a_blueprint_that_does_not_load_shows_its_problems_and_q_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "name = \"x\"\nregion = \"mars-1\"\n").unwrap();
    let mut s = Session::start(&["wizard", "--config", path.to_str().unwrap()], dir.path());
    s.wait_text("did not load");
    s.wait_text("mars-1");
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "name = \"x\"\nregion = \"mars-1\"\n"
    );
}
