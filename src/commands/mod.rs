//! The headless commands behind the CLI. Each returns an exit code or a [`CliError`]; nothing
//! here prints half a result before failing: inputs are all read and checked first.

mod check;
mod effective;
mod engine;
mod explain;
mod files;
mod plan;
mod verify;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;

use crate::blueprint::{Blueprint, LoadError};
use crate::cli::{Cli, Command};

/// Exit codes used everywhere (DESIGN.md).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
    /// `plan`: the live plan would change something (create, adopt or change a step).
    pub const CHANGES: u8 = 3;
    pub const INTERRUPTED: u8 = 130;
}

/// A command that could not run: what to print on stderr (one line per problem) and the code.
#[derive(Debug)]
pub struct CliError {
    pub lines: Vec<String>,
    pub code: u8,
}

impl CliError {
    /// Bad input or usage: exit 2.
    pub fn usage(line: impl Into<String>) -> Self {
        Self {
            lines: vec![line.into()],
            code: exit::USAGE,
        }
    }
}

pub type Outcome = Result<u8, CliError>;

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => {
            wizard(crate::ui::Options::default())
        }
        None => {
            let _ = Cli::command().write_help(&mut std::io::stderr());
            Err(CliError::usage(
                "not a terminal, so no wizard: give a subcommand (see --help)",
            ))
        }
        Some(Command::Wizard { config, state_dir }) => wizard(crate::ui::Options {
            config,
            state_dir,
            ..crate::ui::Options::default()
        }),
        Some(Command::Watch {
            config,
            interval,
            state_dir,
            side,
        }) => watch(config, interval, state_dir, side.side()),
        Some(Command::Init { output }) => files::init(output.as_deref()),
        Some(Command::Policies {
            config,
            dir,
            s3_endpoint_id,
        }) => files::policies(&config, &dir, s3_endpoint_id.as_deref()),
        Some(Command::Plan {
            config,
            offline,
            output,
            state_dir,
        }) => plan::plan(&config, offline, output, state_dir.as_deref()),
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Apply {
            config,
            yes,
            accept_findings,
            output,
            state_dir,
        }) => engine::apply_cmd(
            &engine::LiveArgs {
                config: &config,
                state_dir: state_dir.as_deref(),
                output,
                yes,
            },
            &accept_findings,
        ),
        Some(Command::Destroy {
            config,
            yes,
            output,
            state_dir,
            delete_data,
        }) => engine::destroy_cmd(
            &engine::LiveArgs {
                config: &config,
                state_dir: state_dir.as_deref(),
                output,
                yes,
            },
            delete_data,
        ),
        Some(Command::Verify {
            config,
            output,
            state_dir,
            side,
        }) => verify::verify_cmd(
            &engine::LiveArgs {
                config: &config,
                state_dir: state_dir.as_deref(),
                output,
                yes: true,
            },
            side.side(),
        ),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(e) => {
            for line in &e.lines {
                eprintln!("eks-isolation: {line}");
            }
            e.code
        }
    };
    ExitCode::from(code)
}

/// `watch`: the wizard on its monitor; needs a terminal and a blueprint that loads.
fn watch(
    config: PathBuf,
    interval: u64,
    state_dir: Option<PathBuf>,
    side: crate::blueprint::Side,
) -> Outcome {
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        return Err(CliError::usage(
            "watch needs a terminal; for scripts use verify --output json",
        ));
    }
    load_blueprint(&config)?;
    wizard(crate::ui::Options {
        config: Some(config),
        state_dir,
        watch: true,
        interval: Some(std::time::Duration::from_secs(interval)),
        side: Some(side),
    })
}

fn wizard(options: crate::ui::Options) -> Outcome {
    crate::ui::run(options)
        .map(|()| exit::OK)
        .map_err(|e| CliError {
            lines: vec![e.to_string()],
            code: exit::FINDINGS,
        })
}

/// Load a blueprint, or fail with every problem on its own line, prefixed by the file name.
pub fn load_blueprint(path: &Path) -> Result<Blueprint, CliError> {
    Blueprint::load(path).map_err(|e| match e {
        LoadError::Read { .. } => CliError::usage(e.to_string()),
        LoadError::Invalid(problems) => CliError {
            lines: problems
                .0
                .iter()
                .map(|p| format!("{}: {p}", path.display()))
                .collect(),
            code: exit::USAGE,
        },
    })
}

/// Check an `--s3-endpoint-id` argument before anything is read or written.
pub fn endpoint_id_arg(id: Option<&str>) -> Result<(), CliError> {
    match id {
        Some(id) => crate::blueprint::fields::vpc_endpoint_id(id)
            .map_err(|reason| CliError::usage(format!("--s3-endpoint-id: {reason}"))),
        None => Ok(()),
    }
}
