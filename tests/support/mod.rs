//! Test harness: one moto server per test binary on a free loopback port, unique account IDs
//! per test, and SDK configurations that act as an account through STS AssumeRole (DESIGN.md).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

pub mod estate;

pub const REGION: &str = "us-east-1";

/// The running server. The child's stdin is a pipe we never write: when this process exits,
/// the pipe closes and the server stops (scripts/moto_server.py).
pub struct Moto {
    pub url: String,
    _child: Child,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared server of this test binary (started on first use).
pub fn moto() -> &'static Moto {
    MOTO.get_or_init(start)
}

fn start() -> Moto {
    let python = repo().join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/test, which creates .venv with the pinned moto",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(repo().join("scripts/moto_server.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto");
    let stdout = child.stdout.take().expect("moto stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("moto did not start within 60 s")
        .trim()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "moto said {url:?}");
    Moto { url, _child: child }
}

/// A 12-digit account ID no other test of this binary uses.
pub fn unique_account() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id()) % 100_000;
    format!("{:012}", 300_000_000_000 + pid * 10_000 + n)
}

/// Dummy base credentials: moto accepts any signed request.
fn base_credentials() -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new("testing", "testing", None, None, "test"))
}

/// The base configuration against moto: signed, path-style-ready, retries off.
pub fn base_config() -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(&moto().url)
        .credentials_provider(base_credentials())
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .build()
}

/// A configuration that acts as `account`: STS AssumeRole into a role of that account.
pub async fn config_for(account: &str) -> SdkConfig {
    let base = base_config();
    let out = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/eks-isolation-test"))
        .role_session_name("test")
        .send()
        .await
        .expect("AssumeRole on moto");
    let c = out.credentials().expect("credentials");
    let creds = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        None,
        "assumed",
    );
    base.to_builder()
        .credentials_provider(SharedCredentialsProvider::new(creds))
        .build()
}

/// AWS config and credentials files with `data-owner` and `model-owner` profiles that assume
/// roles in the two accounts, for running the real binary. Returns the environment to set.
pub fn profile_env(dir: &Path, data: &str, model: &str) -> Vec<(String, String)> {
    let config = dir.join("aws-config");
    let credentials = dir.join("aws-credentials");
    std::fs::write(
        &config,
        format!(
            "[profile base]\nregion = {REGION}\n\n\
             [profile data-owner]\nrole_arn = arn:aws:iam::{data}:role/admin\nsource_profile = base\nregion = {REGION}\n\n\
             [profile model-owner]\nrole_arn = arn:aws:iam::{model}:role/admin\nsource_profile = base\nregion = {REGION}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        &credentials,
        "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    vec![
        ("AWS_CONFIG_FILE".into(), config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            credentials.display().to_string(),
        ),
        ("AWS_ENDPOINT_URL".into(), moto().url.clone()),
        ("AWS_MAX_ATTEMPTS".into(), "1".into()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_REGION".into(), REGION.into()),
        ("AWS_ACCESS_KEY_ID".into(), String::new()),
        ("AWS_SECRET_ACCESS_KEY".into(), String::new()),
        ("AWS_PROFILE".into(), String::new()),
    ]
}

/// Give route table `table` of `vpc` a way out: a new internet gateway, attached, and a
/// 0.0.0.0/0 route to it (what D3 flags). The gateway's ID.
pub async fn route_out(ec2: &aws_sdk_ec2::Client, vpc: &str, table: &str) -> String {
    let igw = ec2
        .create_internet_gateway()
        .send()
        .await
        .unwrap()
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_string();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(vpc)
        .send()
        .await
        .unwrap();
    ec2.create_route()
        .route_table_id(table)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .unwrap();
    igw
}
