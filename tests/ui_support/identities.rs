//! Helpers for the Identities tests: profiles, identity answers as the task runner sends
//! them, and finding where something is drawn.

use eks_isolation::aws::profiles::ProfileList;
use eks_isolation::blueprint::Side;
use eks_isolation::ui::live::{Effect, IdentityView, LiveEvent, identity_key};
use eks_isolation::ui::{Action, App, Theme};

use super::{app_with, terminal};

pub const CONFIG: &str = "\
[default]
region = us-east-1
[profile data-owner]
sso_session = corp
[profile model-owner]
sso_session = corp
[profile deployer]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = data-owner
mfa_serial = arn:aws:iam::111111111111:mfa/op
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
";

pub const CREDENTIALS: &str = "[ci]\naws_access_key_id = AKIAEXAMPLE\n";

pub fn profiles(config: &str, credentials: &str) -> ProfileList {
    let mut list = ProfileList::from_texts(config, credentials);
    list.files = vec![
        "/home/op/.aws/config".into(),
        "/home/op/.aws/credentials".into(),
    ];
    list.shown = "~/.aws/config, ~/.aws/credentials".into();
    list
}

/// The starter blueprint on Identities, with the profiles of `CONFIG` and `CREDENTIALS`, and
/// the two startup requests taken (as the event loop would).
pub fn identities() -> App {
    identities_with(Theme::COLOR)
}

pub fn identities_with(theme: Theme) -> App {
    let mut app = app_with(theme);
    app.set_profiles(profiles(CONFIG, CREDENTIALS));
    let first = app.take_effects();
    assert_eq!(
        first,
        [
            Effect::Resolve(Side::DataOwner),
            Effect::Resolve(Side::ModelOwner)
        ],
        "both identities are asked for at start"
    );
    app
}

pub fn view(account: &str, role: &str, source: &str) -> IdentityView {
    IdentityView {
        account: account.into(),
        arn: format!("arn:aws:sts::{account}:assumed-role/{role}/op@example.com"),
        region: "us-east-1".into(),
        source: source.into(),
    }
}

/// Answer a side's identity request for the blueprint as it is now.
pub fn answer(app: &mut App, side: Side, result: Result<IdentityView, String>) {
    let key = identity_key(&app.bp, side);
    app.update(Action::Live(Box::new(LiveEvent::Identity {
        side,
        key,
        result,
    })));
}

pub fn both_match(app: &mut App) {
    answer(
        app,
        Side::DataOwner,
        Ok(view("111111111111", "DataAdmin", "profile data-owner")),
    );
    answer(
        app,
        Side::ModelOwner,
        Ok(view("222222222222", "ModelAdmin", "profile model-owner")),
    );
}

pub const SSO_EXPIRED: &str = "sts:GetCallerIdentity: dispatch failure: other: an error occurred \
    while loading credentials: the SSO token has expired and cannot be refreshed";

/// The cell where `needle` is drawn (the `nth` time, from the top).
pub fn find(app: &mut App, w: u16, h: u16, needle: &str, nth: usize) -> (u16, u16) {
    let t = terminal(app, w, h);
    let buf = t.backend().buffer();
    let mut seen = 0;
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
        for (i, _) in line.match_indices(needle) {
            if seen == nth {
                let col = u16::try_from(line[..i].chars().count()).unwrap();
                return (col, y);
            }
            seen += 1;
        }
    }
    panic!("{needle:?} #{nth} not on screen:\n{}", t.backend());
}
