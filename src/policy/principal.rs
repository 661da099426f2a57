//! Matching a statement's Principal against the principal that makes the request.

use super::eval::RequestPrincipal;
use super::model::Principal;

impl RequestPrincipal {
    /// Anonymous: no account, ARN `*`.
    pub(crate) fn is_anonymous(&self) -> bool {
        self.account.is_empty() && self.arn == "*"
    }

    /// The ARN AWS uses for `aws:PrincipalArn` and Principal matching: an assumed-role session
    /// (`arn:P:sts::A:assumed-role/R/S`) is its role (`arn:P:iam::A:role/R`).
    pub(crate) fn effective_arn(&self) -> String {
        session_role(&self.arn).unwrap_or_else(|| self.arn.clone())
    }
}

/// The role of an assumed-role session ARN (`arn:P:sts::A:assumed-role/R/S` →
/// `arn:P:iam::A:role/R`); `None` for any other ARN.
pub fn session_role(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let role = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    (prefix == "arn" && service == "sts" && !role.is_empty())
        .then(|| format!("arn:{partition}:iam::{account}:role/{role}"))
}

/// The account of `arn:PARTITION:iam::ACCOUNT:root`, if `id` is one.
fn root_account(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    rest.strip_prefix("iam::")?.strip_suffix(":root")
}

fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `p` names the request's principal.
pub(crate) fn matches(p: &Principal, rp: &RequestPrincipal) -> bool {
    let map = match p {
        Principal::Any => return true,
        Principal::Map(map) => map,
    };
    let arn = rp.effective_arn();
    map.iter().any(|(kind, ids)| {
        ids.iter().any(|id| match kind.as_str() {
            "AWS" => aws_matches(id, rp, &arn),
            "Service" => rp.service.as_deref() == Some(id.as_str()),
            // Federated providers and canonical users: only a literal identity matches.
            _ => !rp.is_anonymous() && *id == rp.arn,
        })
    })
}

fn aws_matches(id: &str, rp: &RequestPrincipal, arn: &str) -> bool {
    if id == "*" {
        return true;
    }
    if rp.is_anonymous() {
        return false;
    }
    if is_account_id(id) {
        return rp.account == id;
    }
    if let Some(account) = root_account(id) {
        return rp.account == account;
    }
    // Wildcards are not allowed in Principal ARNs: a literal compare.
    id == arn || id == rp.arn
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn aws(ids: &[&str]) -> Principal {
        principal("AWS", ids)
    }

    fn principal(kind: &str, ids: &[&str]) -> Principal {
        let mut map = BTreeMap::new();
        map.insert(
            kind.to_string(),
            ids.iter().map(|s| s.to_string()).collect(),
        );
        Principal::Map(map)
    }

    fn rp(arn: &str, account: &str) -> RequestPrincipal {
        RequestPrincipal {
            arn: arn.into(),
            account: account.into(),
            service: None,
        }
    }

    const ROLE: &str = "arn:aws:iam::111122223333:role/app";

    #[test]
    fn star_and_aws_star_match_everyone_including_anonymous() {
        let anon = rp("*", "");
        for p in [Principal::Any, aws(&["*"])] {
            assert!(matches(&p, &anon));
            assert!(matches(&p, &rp(ROLE, "111122223333")));
        }
    }

    #[test]
    fn account_id_and_root_arn_match_any_principal_of_the_account() {
        let who = rp(ROLE, "111122223333");
        assert!(matches(&aws(&["111122223333"]), &who));
        assert!(matches(&aws(&["arn:aws:iam::111122223333:root"]), &who));
        assert!(matches(&aws(&["arn:aws-cn:iam::111122223333:root"]), &who));
        let other = rp("arn:aws:iam::444455556666:role/app", "444455556666");
        assert!(!matches(&aws(&["111122223333"]), &other));
        assert!(!matches(&aws(&["arn:aws:iam::111122223333:root"]), &other));
        assert!(!matches(&aws(&["111122223333"]), &rp("*", "")));
    }

    #[test]
    fn arns_compare_literally() {
        let who = rp(ROLE, "111122223333");
        assert!(matches(
            &aws(&["arn:aws:iam::111122223333:role/other", ROLE]),
            &who
        ));
        assert!(!matches(
            &aws(&["arn:aws:iam::111122223333:role/other"]),
            &who
        ));
        assert!(!matches(&aws(&["arn:aws:iam::111122223333:role/*"]), &who));
        assert!(!matches(&aws(&[ROLE]), &rp("*", "")));
    }

    #[test]
    fn assumed_role_sessions_match_their_role() {
        let who = rp(
            "arn:aws:sts::111122223333:assumed-role/app/session-1",
            "111122223333",
        );
        assert_eq!(who.effective_arn(), ROLE);
        assert!(matches(&aws(&[ROLE]), &who));
        assert!(!matches(&aws(&["arn:aws:iam::111122223333:role/ap"]), &who));
        assert_eq!(rp(ROLE, "1").effective_arn(), ROLE);
    }

    #[test]
    fn services_match_by_name() {
        let svc = RequestPrincipal {
            arn: String::new(),
            account: String::new(),
            service: Some("eks.amazonaws.com".into()),
        };
        assert!(matches(&principal("Service", &["eks.amazonaws.com"]), &svc));
        assert!(!matches(
            &principal("Service", &["ec2.amazonaws.com"]),
            &svc
        ));
        assert!(!matches(
            &principal("Service", &["eks.amazonaws.com"]),
            &rp(ROLE, "1")
        ));
        assert!(!matches(&aws(&["111122223333"]), &svc));
    }

    #[test]
    fn federated_is_literal() {
        let fed = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.example";
        assert!(matches(
            &principal("Federated", &[fed]),
            &rp(fed, "111122223333")
        ));
        assert!(!matches(
            &principal("Federated", &[fed]),
            &rp(ROLE, "111122223333")
        ));
    }
}
