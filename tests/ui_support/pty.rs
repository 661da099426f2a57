//! The real binary in a pseudo-terminal, driven by keys and read back with a terminal
//! emulator (vt100). Every wait is bounded.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
/// The longest any wait lasts by default.
pub const WAIT: Duration = Duration::from_secs(10);

pub const DOWN: &str = "\x1b[B";
pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_U: &str = "\x15";
pub const CTRL_S: &str = "\x13";

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
}

impl Session {
    /// The wizard at 100x30 in `cwd`.
    pub fn start(args: &[&str], cwd: &Path) -> Self {
        Self::start_with(args, cwd, &[], (COLS, ROWS))
    }

    /// The wizard with extra environment variables (an empty value removes the variable), at
    /// `size` (columns, rows).
    pub fn start_with(
        args: &[&str],
        cwd: &Path,
        env: &[(String, String)],
        (cols, rows): (u16, u16),
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_eks-isolation"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Nothing of the user's: no journal, no AWS files, no instance metadata (a test's
        // `env` may point them elsewhere).
        cmd.env("XDG_STATE_HOME", cwd.join("state"));
        cmd.env("AWS_CONFIG_FILE", cwd.join("no-aws-config"));
        cmd.env(
            "AWS_SHARED_CREDENTIALS_FILE",
            cwd.join("no-aws-credentials"),
        );
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        for (k, v) in env {
            if v.is_empty() {
                cmd.env_remove(k);
            } else {
                cmd.env(k, v);
            }
        }
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
            parser: vt100::Parser::new(size(rows), size(cols), 0),
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Read output until `pred` holds for the screen, for at most [`WAIT`].
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        self.wait_for_at_most(WAIT, what, pred);
    }

    /// Read output until `pred` holds for the screen, for at most `wait`.
    pub fn wait_for_at_most(&mut self, wait: Duration, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + wait;
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

    pub fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the process to end, for at most [`WAIT`], draining its output meanwhile.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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
