use super::*;

#[test]
fn ids_are_unique_and_every_step_comes_after_what_it_needs() {
    for (i, s) in CATALOGUE.iter().enumerate() {
        assert_eq!(
            CATALOGUE.iter().filter(|c| c.id == s.id).count(),
            1,
            "{}",
            s.id
        );
        for dep in s.after {
            let j = CATALOGUE.iter().position(|c| c.id == *dep);
            assert!(
                j.is_some_and(|j| j < i),
                "{} needs {dep}, declared later or not at all",
                s.id
            );
        }
    }
}

#[test]
fn steps_follow_design_md_numbers() {
    assert!(CATALOGUE.windows(2).all(|w| w[0].number <= w[1].number));
}

#[test]
fn every_journal_key_has_one_owner() {
    let keys = [
        "org",
        "org.member",
        "scp",
        "vpc",
        "subnet.0",
        "subnet.11",
        "route_table",
        "endpoint.s3",
        "endpoint.security_group",
        "endpoint.ecr.api",
        "endpoint.logs",
        "bucket",
        "ram.share",
        "iam.cluster_role",
        "iam.node_role",
        "eks.cluster",
        "eks.addon.pod_identity",
        "eks.nodegroup",
    ];
    for key in keys {
        let owners: Vec<&str> = CATALOGUE
            .iter()
            .filter(|s| (s.owns)(key))
            .map(|s| s.id)
            .collect();
        assert_eq!(owners.len(), 1, "{key}: {owners:?}");
        assert!(owner(key).is_some_and(|s| s.destroy.is_some()), "{key}");
    }
    assert!(owner("something.else").is_none());
}

#[test]
fn destroy_goes_from_the_node_group_back_to_the_organization() {
    let mut keys = vec![
        "org",
        "vpc",
        "subnet.0",
        "endpoint.ecr.api",
        "endpoint.s3",
        "endpoint.security_group",
        "bucket",
        "scp",
        "ram.share",
        "eks.cluster",
        "eks.addon.pod_identity",
        "eks.nodegroup",
        "iam.node_role",
        "route_table",
        "org.member",
    ];
    keys.sort_by_key(|k| destroy_rank(k));
    assert_eq!(
        keys,
        [
            "eks.nodegroup",
            "eks.addon.pod_identity",
            "eks.cluster",
            "iam.node_role",
            "ram.share",
            "bucket",
            "endpoint.ecr.api",
            "endpoint.security_group",
            "endpoint.s3",
            "route_table",
            "subnet.0",
            "vpc",
            "scp",
            "org.member",
            "org",
        ]
    );
}
