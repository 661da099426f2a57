//! The effective policy set: what `check`, `plan`, `apply` and the wizard all use. The generated
//! policies, each replaced by its override where there is one, and the real S3 gateway
//! endpoint ID once it is known, in the overrides too (an override written before apply names
//! the placeholder, as the generated bucket policy did when it was edited).

use super::PolicyDocument;
use super::analyze::{self, Inputs, Report};
use super::generate::{GeneratedPolicies, S3_ENDPOINT_PLACEHOLDER, generate};
use super::model::{Principal, PrincipalSpec, ResourceSpec};
use super::overrides::{Overrides, PolicyKind};
use crate::blueprint::Blueprint;

/// The policies apply puts for `bp`: generated with `s3_endpoint_id` (else the blueprint's,
/// else the placeholder), then [`with_overrides`].
pub fn effective(
    bp: &Blueprint,
    overrides: &Overrides,
    s3_endpoint_id: Option<&str>,
) -> GeneratedPolicies {
    with_overrides(bp, generate(bp, s3_endpoint_id), overrides)
}

/// Put each override in the place of its kind in `set`. An override of an interface endpoint
/// the blueprint does not enable is left out (apply makes no such endpoint); one of an enabled
/// endpoint without a generated policy (`sts`) is added. When `set` names a real endpoint ID,
/// the placeholder in an override becomes that ID.
pub fn with_overrides(
    bp: &Blueprint,
    mut set: GeneratedPolicies,
    overrides: &Overrides,
) -> GeneratedPolicies {
    for (kind, o) in overrides {
        if !kind.applies_to(bp) {
            continue;
        }
        let mut doc = o.doc.clone();
        if !set.placeholder {
            replace_value(&mut doc, S3_ENDPOINT_PLACEHOLDER, &set.s3_endpoint_id);
        }
        match kind {
            PolicyKind::Bucket => set.bucket = doc,
            PolicyKind::S3Endpoint => set.s3_endpoint = doc,
            PolicyKind::Endpoint(svc) => {
                set.interface_endpoints.insert(svc.clone(), doc);
            }
            PolicyKind::Scp => set.scp = doc,
        }
    }
    set
}

/// The analyzer on a policy set (the SCP as the one SCP in force).
pub fn analyze(bp: &Blueprint, set: &GeneratedPolicies) -> Report {
    analyze::check(&Inputs {
        blueprint: bp,
        s3_endpoint_id: &set.s3_endpoint_id,
        bucket_policy: &set.bucket,
        s3_endpoint_policy: &set.s3_endpoint,
        endpoint_policies: &set.interface_endpoints,
        scps: std::slice::from_ref(&set.scp),
    })
}

/// Replace every resource, principal and condition value equal to `from` with `to`.
fn replace_value(doc: &mut PolicyDocument, from: &str, to: &str) {
    let swap = |values: &mut Vec<String>| {
        for v in values.iter_mut().filter(|v| *v == from) {
            *v = to.to_string();
        }
    };
    for st in &mut doc.statements {
        if let Some(ResourceSpec::Resource(r) | ResourceSpec::NotResource(r)) = &mut st.resource {
            swap(r);
        }
        if let Some(
            PrincipalSpec::Principal(Principal::Map(map))
            | PrincipalSpec::NotPrincipal(Principal::Map(map)),
        ) = &mut st.principal
        {
            map.values_mut().for_each(&swap);
        }
        for c in &mut st.condition {
            swap(&mut c.values);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::analyze::CheckId;
    use crate::policy::overrides::Override;

    fn over(json: &str) -> Override {
        Override {
            text: json.to_string(),
            doc: PolicyDocument::from_json(json).unwrap(),
        }
    }

    /// The generated bucket policy without its deny: anyone of the data owner reads off the
    /// endpoint (D1). Names the placeholder, as an edit made before apply does.
    fn leaky_bucket(bp: &Blueprint) -> Override {
        let mut doc = generate(bp, None).bucket;
        doc.statements
            .retain(|s| s.sid.as_deref() != Some("DenyOffEndpoint"));
        over(&doc.to_json_pretty())
    }

    #[test]
    fn without_overrides_the_effective_set_is_the_generated_one() {
        let bp = Blueprint::starter();
        let set = effective(&bp, &Overrides::new(), Some("vpce-0123"));
        assert_eq!(set, generate(&bp, Some("vpce-0123")));
        assert!(!analyze(&bp, &set).has_critical());
    }

    #[test]
    fn each_override_takes_the_place_of_its_kind_and_nothing_else() {
        let mut bp = Blueprint::starter();
        bp.network.interface_endpoints.push("ssm".into());
        let pull = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Edited","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage","Resource":"*"}]}"#;
        let scp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
        let overrides = Overrides::from([
            (PolicyKind::Endpoint("ecr.api".into()), over(pull)),
            (PolicyKind::Endpoint("ssm".into()), over(pull)),
            (PolicyKind::Endpoint("sqs".into()), over(pull)),
            (PolicyKind::Scp, over(scp)),
        ]);
        let generated = generate(&bp, None);
        let set = effective(&bp, &overrides, None);
        assert_eq!(set.interface_endpoints["ecr.api"], over(pull).doc);
        assert_eq!(
            set.interface_endpoints["ecr.dkr"],
            generated.interface_endpoints["ecr.dkr"]
        );
        // ssm has no generated policy, but an override of an enabled endpoint is applied.
        assert!(!generated.interface_endpoints.contains_key("ssm"));
        assert_eq!(set.interface_endpoints["ssm"], over(pull).doc);
        // sqs is not in the blueprint: apply makes no such endpoint.
        assert!(!set.interface_endpoints.contains_key("sqs"));
        assert_eq!(set.scp, over(scp).doc);
        assert_eq!(set.bucket, generated.bucket);
        assert_eq!(set.s3_endpoint, generated.s3_endpoint);
    }

    #[test]
    fn the_real_endpoint_id_replaces_the_placeholder_in_an_override_once_known() {
        let bp = Blueprint::starter();
        let overrides = Overrides::from([(PolicyKind::Bucket, leaky_bucket(&bp))]);
        let before = effective(&bp, &overrides, None);
        assert!(before.placeholder);
        assert!(
            before
                .bucket
                .to_json_pretty()
                .contains(S3_ENDPOINT_PLACEHOLDER)
        );
        let after = effective(&bp, &overrides, Some("vpce-0abc"));
        let text = after.bucket.to_json_pretty();
        assert!(!text.contains(S3_ENDPOINT_PLACEHOLDER), "{text}");
        assert!(text.contains("\"vpce-0abc\""), "{text}");
        // The rest of the override is as written: no deny came back.
        assert_eq!(after.bucket.statements.len(), 2);
    }

    #[test]
    fn the_analyzer_judges_the_overrides_not_the_generated_policies() {
        let bp = Blueprint::starter();
        let overrides = Overrides::from([(PolicyKind::Bucket, leaky_bucket(&bp))]);
        let report = analyze(&bp, &effective(&bp, &overrides, Some("vpce-0abc")));
        assert!(report.has(CheckId::D1), "{report:?}");
        assert!(report.has_critical());
    }

    #[test]
    fn placeholder_swap_reaches_principals_resources_and_conditions_only() {
        let json = format!(
            r#"{{"Statement":[{{"Sid":"{p}","Effect":"Allow","Principal":{{"AWS":"{p}"}},"Action":"s3:GetObject","Resource":["{p}","arn:aws:s3:::b"],"Condition":{{"StringEquals":{{"aws:SourceVpce":"{p}"}}}}}}]}}"#,
            p = S3_ENDPOINT_PLACEHOLDER
        );
        let mut doc = PolicyDocument::from_json(&json).unwrap();
        replace_value(&mut doc, S3_ENDPOINT_PLACEHOLDER, "vpce-1");
        let st = &doc.statements[0];
        assert_eq!(st.sid.as_deref(), Some(S3_ENDPOINT_PLACEHOLDER));
        assert_eq!(
            st.resource,
            Some(ResourceSpec::Resource(vec![
                "vpce-1".into(),
                "arn:aws:s3:::b".into()
            ]))
        );
        assert_eq!(st.condition[0].values, ["vpce-1"]);
        let Some(PrincipalSpec::Principal(Principal::Map(map))) = &st.principal else {
            panic!("{st:?}")
        };
        assert_eq!(map["AWS"], ["vpce-1"]);
    }
}
