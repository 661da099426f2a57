//! The profiles of the user's AWS config files, listed for picking: names and what kind each is
//! (SSO, assume role, credential process, keys). Never a key value. Parsing is a pure function
//! over the files' text; [`read`] finds the files as the SDK does (`AWS_CONFIG_FILE`,
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How a profile gets its credentials, when its files say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    Sso,
    AssumeRole,
    CredentialProcess,
    WebIdentity,
    /// Static access keys (their values are never kept).
    Keys,
}

impl ProfileKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Sso => "SSO",
            Self::AssumeRole => "assume role",
            Self::CredentialProcess => "credential process",
            Self::WebIdentity => "web identity",
            Self::Keys => "keys",
        }
    }
}

/// One profile, as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// `None`: the files do not say (e.g. only a region), so the default chain's rules apply.
    pub kind: Option<ProfileKind>,
    /// The profile names an MFA device (`mfa_serial`).
    pub mfa: bool,
}

/// The profiles found, and where they were looked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileList {
    /// Sorted by name, each once.
    pub profiles: Vec<Profile>,
    /// The config and credentials files looked at (to read again); empty when the list was
    /// built from text.
    pub files: Vec<PathBuf>,
    /// The same, as messages name them (`~/.aws/config, ~/.aws/credentials`).
    pub shown: String,
    /// Files that exist but could not be read.
    pub problems: Vec<String>,
}

impl ProfileList {
    /// The list from the two files' text (no paths).
    pub fn from_texts(config: &str, credentials: &str) -> Self {
        Self {
            profiles: parse(config, credentials),
            ..Self::default()
        }
    }

    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Read the same files again (they may have changed); `None` when the list came from text.
    pub fn reload(&self) -> Option<Self> {
        match self.files.as_slice() {
            [config, credentials] => Some(read(config, credentials)),
            _ => None,
        }
    }
}

/// `~/.aws/config, ~/.aws/credentials`: the files with `home` shown as `~`.
fn shown(files: &[PathBuf], home: Option<&Path>) -> String {
    files
        .iter()
        .map(|f| match home.and_then(|h| f.strip_prefix(h).ok()) {
            Some(rest) => format!("~/{}", rest.display()),
            None => f.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Which file a text comes from: the config file prefixes profiles with `profile `.
#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    Config,
    Credentials,
}

/// The profile a section header names, if it names one.
fn section_profile(header: &str, file: File) -> Option<String> {
    let header = header.trim();
    let name = match file {
        File::Config if header == "default" => "default",
        File::Config => {
            let rest = header.strip_prefix("profile")?;
            // `profile` must be followed by whitespace: `[profiles]` is not a profile.
            if !rest.starts_with(char::is_whitespace) {
                return None;
            }
            rest.trim()
        }
        File::Credentials => header,
    };
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some(name.to_string())
}

/// The profile names of both files, each with the keys set for it (lower-case; values dropped).
fn sections(text: &str, file: File, out: &mut BTreeMap<String, Vec<String>>) {
    let mut current: Option<String> = None;
    for line in text.lines() {
        // Indented lines continue a sub-section (`s3 =` then `  max_concurrent_requests = …`).
        if line.starts_with([' ', '\t']) && !line.trim_start().starts_with('[') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let header = rest.split(']').next().unwrap_or("");
            current = section_profile(header, file);
            if let Some(name) = &current {
                out.entry(name.clone()).or_default();
            }
            continue;
        }
        if let (Some(name), Some((key, _value))) = (&current, line.split_once('=')) {
            out.entry(name.clone())
                .or_default()
                .push(key.trim().to_ascii_lowercase());
        }
    }
}

/// What kind of profile its keys make, in the order the SDK gives them precedence.
fn kind_of(keys: &[String]) -> Option<ProfileKind> {
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("role_arn") {
        Some(ProfileKind::AssumeRole)
    } else if has("web_identity_token_file") {
        Some(ProfileKind::WebIdentity)
    } else if has("sso_session") || has("sso_start_url") {
        Some(ProfileKind::Sso)
    } else if has("credential_process") {
        Some(ProfileKind::CredentialProcess)
    } else if has("aws_access_key_id") {
        Some(ProfileKind::Keys)
    } else {
        None
    }
}

/// Every profile of the config file (`[default]`, `[profile X]`) and the credentials file
/// (`[X]`), once each, sorted by name. `[sso-session …]`, `[services …]` and other sections are
/// not profiles.
pub fn parse(config: &str, credentials: &str) -> Vec<Profile> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    sections(config, File::Config, &mut keys);
    sections(credentials, File::Credentials, &mut keys);
    keys.into_iter()
        .map(|(name, keys)| Profile {
            kind: kind_of(&keys),
            mfa: keys.iter().any(|k| k == "mfa_serial"),
            name,
        })
        .collect()
}

/// `~/x` against `$HOME`, as the SDK expands the environment's paths.
fn expand(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// The config and credentials files, from the environment or the defaults under `$HOME`.
pub fn default_files() -> (PathBuf, PathBuf) {
    let home = home();
    let pick = |var: &str, default: &str| match std::env::var(var) {
        Ok(v) if !v.is_empty() => expand(&v, home.as_deref()),
        _ => home
            .as_deref()
            .map_or_else(|| PathBuf::from(default), |h| h.join(default)),
    };
    (
        pick("AWS_CONFIG_FILE", ".aws/config"),
        pick("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"),
    )
}

/// Read both files (a missing file is an empty one).
pub fn read(config: &Path, credentials: &Path) -> ProfileList {
    let mut problems = Vec::new();
    let mut text = |path: &Path| match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            problems.push(format!("{}: {e}", path.display()));
            String::new()
        }
    };
    let (c, k) = (text(config), text(credentials));
    let files = vec![config.to_path_buf(), credentials.to_path_buf()];
    ProfileList {
        profiles: parse(&c, &k),
        shown: shown(&files, home().as_deref()),
        files,
        problems,
    }
}

/// The profiles of the files the environment names (or the defaults).
pub fn read_default() -> ProfileList {
    let (config, credentials) = default_files();
    read(&config, &credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# comment
[default]
region = us-east-1

[profile data-owner]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile  model-owner ]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = data-owner
mfa_serial = arn:aws:iam::111111111111:mfa/me

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
s3 =
  endpoint_url = http://localhost:5000

[profile proc]
credential_process = /usr/bin/get-creds
s3 =
  role_arn = not-a-key-of-the-profile

[profiles]
x = y

[legacy]
aws_access_key_id = AKIAIGNORED
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[ci]
; a comment
aws_access_key_id=AKIAOTHER
aws_secret_access_key=other

[profile spaced]
aws_access_key_id = AKIA
";

    fn kinds(list: &[Profile]) -> Vec<(&str, Option<ProfileKind>)> {
        list.iter().map(|p| (p.name.as_str(), p.kind)).collect()
    }

    #[test]
    fn profiles_of_both_files_once_each_sorted_with_their_kind() {
        let list = parse(CONFIG, CREDENTIALS);
        assert_eq!(
            kinds(&list),
            [
                ("ci", Some(ProfileKind::Keys)),
                ("data-owner", Some(ProfileKind::Sso)),
                // `region` in the config file and keys in the credentials file: one profile.
                ("default", Some(ProfileKind::Keys)),
                ("model-owner", Some(ProfileKind::AssumeRole)),
                // The indented `role_arn` belongs to the `s3` sub-section, not the profile.
                ("proc", Some(ProfileKind::CredentialProcess)),
            ]
        );
        assert!(list.iter().find(|p| p.name == "model-owner").unwrap().mfa);
        assert!(!list.iter().find(|p| p.name == "data-owner").unwrap().mfa);
    }

    #[test]
    fn sso_sessions_services_and_unprefixed_config_sections_are_not_profiles() {
        let names: Vec<String> = parse(CONFIG, "").into_iter().map(|p| p.name).collect();
        for not in ["corp", "local", "legacy", "profiles", "sso-session corp"] {
            assert!(!names.contains(&not.to_string()), "{not} listed: {names:?}");
        }
        assert_eq!(
            names,
            ["data-owner", "default", "model-owner", "proc"],
            "[default] counts, [profile X] counts"
        );
    }

    #[test]
    fn no_key_value_is_kept() {
        let list = parse(CONFIG, CREDENTIALS);
        let debug = format!("{list:?}");
        for secret in ["AKIAEXAMPLE", "secret", "AKIAOTHER", "Deployer"] {
            assert!(!debug.contains(secret), "{secret} kept: {debug}");
        }
    }

    #[test]
    fn a_profile_with_only_settings_has_no_kind() {
        let list = parse("[profile plain]\nregion = eu-west-1\n", "");
        assert_eq!(kinds(&list), [("plain", None)]);
        assert!(parse("", "").is_empty());
    }

    #[test]
    fn files_are_read_as_the_sdk_finds_them_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(&config, "[profile a]\nsso_start_url = x\n").unwrap();
        let list = read(&config, &dir.path().join("missing"));
        assert_eq!(kinds(&list.profiles), [("a", Some(ProfileKind::Sso))]);
        assert!(list.problems.is_empty());
        std::fs::write(&config, "[profile b]\n").unwrap();
        let again = list.reload().unwrap();
        assert_eq!(kinds(&again.profiles), [("b", None)]);
        assert!(ProfileList::from_texts("", "").reload().is_none());
        assert_eq!(
            expand("~/x/config", Some(Path::new("/home/u"))),
            Path::new("/home/u/x/config")
        );
        assert_eq!(
            expand("/etc/aws", Some(Path::new("/h"))),
            Path::new("/etc/aws")
        );
        let files = [PathBuf::from("/h/.aws/config"), PathBuf::from("/etc/creds")];
        assert_eq!(
            shown(&files, Some(Path::new("/h"))),
            "~/.aws/config, /etc/creds"
        );
    }
}
