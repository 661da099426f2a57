//! What the analyzer models, and what it does not: a check whose policies use something
//! outside it is undecided with the reason, never passed.
//!
//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, ...) stand for a value of
//! the request in Resource and in condition values ("IAM policy elements: Variables and tags",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>). The
//! evaluator compares text, so a statement with a variable would be judged as if the variable
//! were that literal text: the check cannot be decided.

use super::{CheckId, Inputs, Undecided};
use crate::policy::{PolicyDocument, Principal, PrincipalSpec, ResourceSpec};

/// The first policy variable a document uses, with the statement it is in.
pub fn variable_in(doc: &PolicyDocument) -> Option<String> {
    for (i, st) in doc.statements.iter().enumerate() {
        let name = st.sid.clone().unwrap_or(format!("#{}", i + 1));
        let mut values: Vec<&String> = Vec::new();
        if let Some(ResourceSpec::Resource(r) | ResourceSpec::NotResource(r)) = &st.resource {
            values.extend(r);
        }
        if let Some(
            PrincipalSpec::Principal(Principal::Map(m))
            | PrincipalSpec::NotPrincipal(Principal::Map(m)),
        ) = &st.principal
        {
            values.extend(m.values().flatten());
        }
        for c in &st.condition {
            values.extend(&c.values);
        }
        if let Some(v) = values.into_iter().find(|v| v.contains("${")) {
            return Some(format!(
                "statement {name} uses the policy variable in `{v}`"
            ));
        }
    }
    None
}

/// The static checks each input document is judged in.
fn judged_in<'a>(inputs: &'a Inputs<'a>) -> Vec<(&'a PolicyDocument, String, &'static [CheckId])> {
    let mut out: Vec<(&PolicyDocument, String, &'static [CheckId])> = vec![
        (
            inputs.bucket_policy,
            "the bucket policy".into(),
            &[CheckId::D1, CheckId::D10],
        ),
        (
            inputs.s3_endpoint_policy,
            "the S3 endpoint policy".into(),
            &[CheckId::D2, CheckId::D10, CheckId::S4],
        ),
    ];
    for (service, doc) in inputs.endpoint_policies {
        out.push((
            doc,
            format!("the {service} endpoint policy"),
            &[CheckId::D4, CheckId::D5, CheckId::D12],
        ));
    }
    for doc in inputs.scps {
        out.push((doc, "an SCP".into(), &[CheckId::D6, CheckId::D9]));
    }
    out
}

/// Every check left undecided by a document outside the fragment, with the reason.
pub fn outside(inputs: &Inputs<'_>) -> Vec<Undecided> {
    let mut out: Vec<Undecided> = Vec::new();
    for (doc, name, checks) in judged_in(inputs) {
        if let Some(why) = variable_in(doc) {
            for id in checks {
                let reason = format!(
                    "{name}: {why}, which the analyzer does not evaluate (it would compare the \
                     variable as text)"
                );
                match out.iter_mut().find(|u| u.id == *id) {
                    Some(u) => u.reason = format!("{}; {reason}", u.reason),
                    None => out.push(Undecided { id: *id, reason }),
                }
            }
        }
    }
    out.sort_by_key(|u| u.id);
    out
}
