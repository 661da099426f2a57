//! The headless commands behind the CLI.

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let _ = cli;
    let _ = Command::Init { output: None };
    todo!("commands")
}
