//! End to end: the real binary in a pseudo-terminal (100x30), driven by keys, read back with a
//! terminal emulator. Every wait is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use eks_isolation::blueprint::Blueprint;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const WAIT: Duration = Duration::from_secs(10);

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const TAB: &str = "\t";
const CTRL_U: &str = "\x15";
const CTRL_S: &str = "\x13";

struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

impl Session {
    fn start(args: &[&str], cwd: &Path) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_eks-isolation"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Nothing of the user's: no journal, no AWS files, no instance metadata.
        cmd.env("XDG_STATE_HOME", cwd.join("state"));
        cmd.env("AWS_CONFIG_FILE", cwd.join("no-aws-config"));
        cmd.env(
            "AWS_SHARED_CREDENTIALS_FILE",
            cwd.join("no-aws-credentials"),
        );
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Only the child holds the slave now: reads end when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let size = |n| NonZeroU16::new(n).unwrap();
        Self {
            child,
            master: pair.master,
            writer,
            output,
            parser: vt100::Parser::new(size(ROWS), size(COLS), 0),
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Read output until `pred` holds for the screen, for at most [`WAIT`].
    fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            if pred(&self.screen()) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(50)))
            {
                self.parser.process(&bytes);
            }
        }
    }

    fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the process to end, for at most [`WAIT`], draining its output meanwhile.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            while let Ok(bytes) = self.output.try_recv() {
                self.parser.process(&bytes);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(100)) {
                    self.parser.process(&bytes);
                }
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

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
    s.wait_text("Plan (DESIGN.md step numbers; marks from the journal)");

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
