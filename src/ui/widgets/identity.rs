//! A side's live identity as the header and the Identities screen show it: whether it matches
//! the blueprint (a symbol and words, never colour alone), where its credentials come from, and
//! a one-line hint for the errors operators meet most (expired SSO token, no such profile, MFA,
//! no credentials at all).

use ratatui::text::Span;

use crate::aws::profiles::ProfileList;
use crate::blueprint::Blueprint;
use crate::blueprint::Side;
use crate::ui::app::App;
use crate::ui::live::{IdentityView, Loadable, spinner_frame};
use crate::ui::theme::Theme;

/// What is known of a side's live identity, judged against the blueprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Not asked yet.
    Idle,
    Resolving,
    /// The credentials are the blueprint's account.
    Matches(&'a IdentityView),
    /// The credentials are another account.
    Mismatch(&'a IdentityView),
    Failed(&'a str),
}

/// The account ID the blueprint names for `side`.
pub fn expected_account(bp: &Blueprint, side: Side) -> &str {
    match side {
        Side::ModelOwner => &bp.model_owner.account_id,
        _ => &bp.data_owner.account_id,
    }
}

pub fn verdict(app: &App, side: Side) -> Verdict<'_> {
    match app.live.identity(side) {
        Loadable::Idle => Verdict::Idle,
        Loadable::Loading => Verdict::Resolving,
        Loadable::Failed(e) => Verdict::Failed(e),
        Loadable::Ready(v) if v.account == expected_account(&app.bp, side) => Verdict::Matches(v),
        Loadable::Ready(v) => Verdict::Mismatch(v),
    }
}

/// ✓, ✗, the spinner, or `·` (not asked).
pub fn symbol(v: Verdict, spinner: usize, theme: Theme) -> Span<'static> {
    match v {
        Verdict::Idle => Span::styled("·", theme.muted()),
        Verdict::Resolving => Span::styled(spinner_frame(spinner).to_string(), theme.title()),
        Verdict::Matches(_) => Span::styled("✓", theme.ok()),
        Verdict::Mismatch(_) | Verdict::Failed(_) => Span::styled("✗", theme.error()),
    }
}

/// A few words after the symbol and the source.
pub fn word(v: Verdict) -> String {
    match v {
        Verdict::Idle => "not resolved".into(),
        Verdict::Resolving => "resolving…".into(),
        Verdict::Matches(_) => "matches".into(),
        Verdict::Mismatch(id) => format!("live account is {}", id.account),
        Verdict::Failed(_) => "no identity".into(),
    }
}

/// A side as one line: `<account> · <source> · <region> · <word>`; a mismatch says the live
/// account right after the blueprint's, where it is not cut off.
pub fn summary(bp: &Blueprint, side: Side, v: Verdict) -> String {
    let account = expected_account(bp, side);
    let source = source_short(bp, side);
    match v {
        Verdict::Mismatch(id) => format!(
            " {account} ≠ live {} · {source} · {}",
            id.account, bp.region
        ),
        _ => format!(" {account} · {source} · {} · {}", bp.region, word(v)),
    }
}

/// The name of a role ARN (`…:role/path/Name` → `Name`).
fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// Where a side's credentials come from, short: `profile X`, `role Y (data owner's creds)`,
/// `default chain`.
pub fn source_short(bp: &Blueprint, side: Side) -> String {
    match side {
        Side::ModelOwner => match (&bp.model_owner.role_arn, &bp.model_owner.profile) {
            (Some(role), _) => format!("role {} via data owner", role_name(role)),
            (None, Some(p)) => format!("profile {p}"),
            (None, None) => "default chain".into(),
        },
        _ => bp
            .data_owner
            .profile
            .as_ref()
            .map_or_else(|| "default chain".into(), |p| format!("profile {p}")),
    }
}

/// The profile whose files hold a side's credentials (a role is assumed with the data owner's).
fn profile_of(bp: &Blueprint, side: Side) -> Option<&str> {
    match side {
        Side::ModelOwner if bp.model_owner.role_arn.is_none() => bp.model_owner.profile.as_deref(),
        _ => bp.data_owner.profile.as_deref(),
    }
}

/// What to do about a failed identity, when the error is one operators meet often.
pub fn hint(error: &str, bp: &Blueprint, side: Side, profiles: &ProfileList) -> Option<String> {
    let e = error.to_ascii_lowercase();
    let has = |s: &str| e.contains(s);
    let profile = profile_of(bp, side);
    let login = profile.map_or_else(
        || "aws sso login".to_string(),
        |p| format!("aws sso login --profile {p}"),
    );
    let missing = profile.filter(|p| !profiles.files.is_empty() && !profiles.contains(p));
    if has("sso") && (has("expired") || has("cached sso token") || has("unauthorized")) {
        return Some(format!(
            "the SSO session expired or never started: run {login}"
        ));
    }
    if has("was not defined") || (has("profile") && has("not found")) {
        let p = profile.unwrap_or("the profile");
        return Some(format!(
            "{p} is not a profile of your config files: pick one (Enter on AWS profile)"
        ));
    }
    let mfa_profile = profile.and_then(|p| profiles.get(p)).is_some_and(|p| p.mfa);
    if has("mfa") || has("multifactor") || (mfa_profile && has("accessdenied")) {
        return Some(
            "MFA is required, and the wizard cannot ask for a code: use an SSO profile, or \
             export session credentials from aws sts get-session-token"
                .into(),
        );
    }
    if has("no providers in chain")
        || has("no credentials found in chain")
        || has("credential provider was not enabled")
    {
        return Some(match missing {
            Some(p) => format!("{p} is not a profile of your config files: pick one"),
            None => "no credentials found: pick a profile, or set AWS_PROFILE, or run aws \
                     configure"
                .into(),
        });
    }
    if has("expiredtoken") || has("token included in the request is expired") {
        return Some(format!(
            "the session credentials expired: refresh them (e.g. {login})"
        ));
    }
    if has("invalidclienttokenid") || has("signaturedoesnotmatch") {
        return Some("the access keys are not valid: check the profile's keys".into());
    }
    if has("accessdenied") && has("assumerole") {
        return Some(
            "the data owner may not assume the role: check its trust policy and the ARN".into(),
        );
    }
    if has("dispatch failure") && (has("connect") || has("dns") || has("timed out")) {
        return Some("STS cannot be reached: check the network, a proxy, AWS_ENDPOINT_URL".into());
    }
    missing.map(|p| format!("{p} is not a profile of your config files: pick one"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles() -> ProfileList {
        let mut list = ProfileList::from_texts(
            "[profile data-owner]\nsso_session = x\n[profile mfa]\nrole_arn = r\nmfa_serial = m\n",
            "",
        );
        list.files = vec!["/h/.aws/config".into(), "/h/.aws/credentials".into()];
        list
    }

    fn hint_for(error: &str, profile: Option<&str>) -> Option<String> {
        let mut bp = Blueprint::starter();
        bp.data_owner.profile = profile.map(String::from);
        hint(error, &bp, Side::DataOwner, &profiles())
    }

    #[test]
    fn common_errors_get_a_hint_naming_the_profile() {
        let sso = hint_for(
            "sts:GetCallerIdentity: dispatch failure: other: the SSO token has expired and \
             cannot be refreshed",
            Some("data-owner"),
        )
        .unwrap();
        assert!(sso.contains("aws sso login --profile data-owner"), "{sso}");
        let never = hint_for("failed to load the cached SSO token", Some("data-owner")).unwrap();
        assert!(never.contains("aws sso login"), "{never}");
        let missing = hint_for(
            "profile `nope` was not defined: could not find source profile",
            Some("nope"),
        )
        .unwrap();
        assert!(missing.starts_with("nope is not a profile"), "{missing}");
        let none = hint_for(
            "dispatch failure: the credential provider was not enabled: no providers in chain \
             provided credentials",
            None,
        )
        .unwrap();
        assert!(none.starts_with("no credentials found"), "{none}");
        let not_listed = hint_for("no providers in chain provided credentials", Some("gone"));
        assert!(not_listed.unwrap().starts_with("gone is not a profile"));
        let mfa = hint_for("AccessDenied: MultiFactorAuthentication failed", None).unwrap();
        assert!(mfa.contains("MFA"), "{mfa}");
        let mfa_profile = hint_for("sts:AssumeRole: AccessDenied: not authorized", Some("mfa"));
        assert!(mfa_profile.unwrap().contains("MFA"));
        assert!(hint_for("ec2: Throttling: slow down", Some("data-owner")).is_none());
    }

    #[test]
    fn the_source_names_the_role_not_its_whole_arn() {
        let mut bp = Blueprint::starter();
        assert_eq!(source_short(&bp, Side::DataOwner), "profile data-owner");
        bp.model_owner.role_arn = Some("arn:aws:iam::222222222222:role/ops/Deployer".into());
        assert_eq!(
            source_short(&bp, Side::ModelOwner),
            "role Deployer via data owner"
        );
        bp.data_owner.profile = None;
        assert_eq!(source_short(&bp, Side::DataOwner), "default chain");
    }
}
