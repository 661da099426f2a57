//! Thin entry point: parse the command line and dispatch into the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = eks_isolation::cli::Cli::parse();
    eks_isolation::commands::run(cli)
}
