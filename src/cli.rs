//! Command-line interface (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Set up, prove and watch data-and-model isolation on EKS between two AWS accounts.
///
/// With no subcommand on a terminal, opens the full-screen wizard.
#[derive(Debug, Parser)]
#[command(name = "eks-isolation", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Output {
    #[default]
    Text,
    Json,
}

/// Whose credentials `verify` and `watch` run with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum RunSide {
    /// Both parties (the default).
    #[default]
    Both,
    /// The data owner alone.
    DataOwner,
    /// The model owner alone.
    ModelOwner,
}

impl RunSide {
    pub fn side(self) -> crate::blueprint::Side {
        match self {
            Self::Both => crate::blueprint::Side::Both,
            Self::DataOwner => crate::blueprint::Side::DataOwner,
            Self::ModelOwner => crate::blueprint::Side::ModelOwner,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the full-screen wizard (the default on a terminal).
    Wizard {
        /// Blueprint to open (and save to); a new one when the file does not exist.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Where apply keeps its journal (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
    },
    /// Open the wizard on the monitor: every check, live, refreshed on an interval.
    Watch {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Seconds between refreshes.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        interval: u64,
        /// Where the journal lives (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
        /// Whose credentials to watch with, as in verify: one party alone leaves the other
        /// party's checks undecided and never uses its credentials.
        #[arg(long, value_enum, default_value_t)]
        side: RunSide,
    },
    /// Write a commented example blueprint.
    Init {
        /// Where to write it (stdout when omitted). Refuses to overwrite an existing file.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Offline static analysis of the policies apply would put, or of given files in their
    /// place.
    ///
    /// Those policies are the generated ones, each replaced by its override file beside the
    /// blueprint (`<blueprint-stem>.<kind>.json`, as the wizard saves them: kinds `bucket`,
    /// `s3-endpoint`, `endpoint-SERVICE`, `scp`); a file given with an option wins over both.
    /// Every interface endpoint policy is judged for D12 (what a call from the subnets can
    /// store where the model owner reads it); an enabled endpoint without a policy has AWS's
    /// default, which allows everything.
    Check(CheckArgs),
    /// Make the blueprint real in both accounts (asks first unless --yes).
    ///
    /// Puts the policies `check` judges: the generated ones, each replaced by its override file
    /// beside the blueprint (`<blueprint-stem>.<kind>.json`). When they have critical findings,
    /// lists them and asks; with --yes, refuses (exit 2) unless --accept-findings names each.
    Apply {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Critical findings to apply anyway, as check IDs (e.g. D1,D6); with --yes, every
        /// critical finding of the policies to put must be named.
        #[arg(long, value_delimiter = ',', value_name = "ID,...")]
        accept_findings: Vec<String>,
        /// Progress as lines (text) or JSON lines (json), then a summary.
        #[arg(long, value_enum, default_value_t)]
        output: Output,
        /// Where the journal lives (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
    },
    /// Audit the live state of both accounts against every check (read-only).
    ///
    /// With --side data-owner or --side model-owner, only that party's identity is resolved
    /// and only its credentials are used (the other party's are never looked up): the checks
    /// whose evidence that party reads are judged, and every other check is listed as
    /// undecided because it needs the other party. Exit 0 then means no critical finding among
    /// the checks that party judged, not that the other party's checks pass: run verify
    /// --side with the other party's credentials too.
    Verify {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Text for people, JSON for tools (exit 0 clean, 1 critical finding, 2 bad input).
        #[arg(long, value_enum, default_value_t)]
        output: Output,
        /// Where the journal lives (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
        /// Whose credentials to run with; one party alone judges only the checks whose
        /// evidence it reads (exit 0: no critical finding among those).
        #[arg(long, value_enum, default_value_t)]
        side: RunSide,
    },
    /// Remove what apply made, in reverse order; leaves the organization and adopted resources.
    ///
    /// Finds what the tool made from the journal and, where the journal is missing or
    /// incomplete, by the tag eks-isolation:blueprint=<name> in both accounts; lists it and asks.
    Destroy {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Do not ask to type the blueprint name.
        #[arg(long)]
        yes: bool,
        /// Progress as lines (text) or JSON lines (json), then a summary.
        #[arg(long, value_enum, default_value_t)]
        output: Output,
        /// Where the journal lives (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
        /// Also delete the data bucket when it still holds objects (every object version).
        #[arg(long)]
        delete_data: bool,
    },
    /// Write every generated policy as pretty JSON files.
    Policies {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Directory to write into (created if missing).
        #[arg(long)]
        dir: PathBuf,
        /// The S3 gateway endpoint ID the bucket policy names (else the blueprint's, else a
        /// placeholder).
        #[arg(long)]
        s3_endpoint_id: Option<String>,
    },
    /// The ordered steps of the flow, per account, and the policies they put (generated, or
    /// the override files beside the blueprint); live, what apply would do to each.
    ///
    /// Live (the default) reads both accounts, read-only, and marks every step exists, create,
    /// adopt, change (saying what differs) or run. Exit 0: nothing would change; 3: apply would
    /// create, adopt or change something; 1: a step could not be planned; 2: bad input.
    Plan {
        /// The blueprint file (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Do not look at AWS: only the steps and the accounts they run in.
        #[arg(long)]
        offline: bool,
        /// Text for people, JSON for tools.
        #[arg(long, value_enum, default_value_t)]
        output: Output,
        /// Where the journal lives (default: $XDG_STATE_HOME/eks-isolation).
        #[arg(long)]
        state_dir: Option<PathBuf>,
    },
}

/// `check`: which blueprint, and which policy files replace the ones apply would put.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The blueprint file (TOML).
    #[arg(long)]
    pub config: PathBuf,
    /// The S3 gateway endpoint ID (else the blueprint's, else a placeholder).
    #[arg(long)]
    pub s3_endpoint_id: Option<String>,
    /// Bucket policy JSON to judge instead of the generated one (or `<stem>.bucket.json`).
    #[arg(long)]
    pub bucket_policy: Option<PathBuf>,
    /// S3 gateway endpoint policy JSON to judge instead of the generated one (or
    /// `<stem>.s3-endpoint.json`).
    #[arg(long)]
    pub s3_endpoint_policy: Option<PathBuf>,
    /// Interface endpoint policy, as SERVICE=FILE (e.g. ec2=ec2.json, ecr.api=ecr.json);
    /// repeatable. Wins over `<stem>.endpoint-SERVICE.json`. Judged for D4, D5 and D12.
    #[arg(long = "endpoint-policy", value_name = "SERVICE=FILE")]
    pub endpoint_policies: Vec<String>,
    /// SCP JSON in force above the model-owner account; repeatable (all apply together). In
    /// place of the generated SCP or `<stem>.scp.json`.
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,
    /// Explain one check (e.g. D1): each finding with the concrete request that gets through
    /// and the statements that allow it, or, when it passes, what was tried. The JSON always
    /// carries an `evidence` field on findings that have one.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Text for people, JSON for tools (exit 0 clean, 1 critical finding or a check undecided,
    /// 2 bad input).
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}
