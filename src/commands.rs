//! The headless commands behind the CLI.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Command};

/// Exit codes used everywhere (DESIGN.md).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INTERRUPTED: u8 = 130;
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => wizard(None),
        None => {
            eprintln!(
                "eks-isolation: not a terminal, so no wizard; give a subcommand (see --help)"
            );
            // Help goes to stderr so that piping stdout never receives half a screen.
            let _ = Cli::command().write_help(&mut std::io::stderr());
            exit::USAGE
        }
        Some(Command::Wizard { config }) => wizard(config),
        Some(other) => {
            let _ = other;
            todo!("commands")
        }
    };
    ExitCode::from(code)
}

fn wizard(config: Option<std::path::PathBuf>) -> u8 {
    match crate::ui::run(config) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("eks-isolation: {e}");
            exit::FINDINGS
        }
    }
}
