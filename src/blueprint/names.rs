//! Every name this tool gives what it creates, and the tag it puts on it: one place, so the
//! engine, the plan, verify and the monitor agree.

use super::Blueprint;

/// The key of the tag every created resource carries; its value is the blueprint's name.
pub const TAG_KEY: &str = "eks-isolation:blueprint";
/// The tag on each created subnet that holds its index in the blueprint.
pub const SUBNET_TAG_KEY: &str = "eks-isolation:subnet";
/// The tag on each created VPC endpoint that holds its service (`s3`, `ecr.api`, ...).
pub const ENDPOINT_TAG_KEY: &str = "eks-isolation:endpoint";

/// `(TAG_KEY, name)`: the tag every created resource carries.
pub fn tag(bp: &Blueprint) -> (&'static str, &str) {
    (TAG_KEY, &bp.name)
}

/// The stem all names share: `eks-isolation-<name>`.
fn stem(bp: &Blueprint) -> String {
    format!("eks-isolation-{}", bp.name)
}

/// The isolation SCP.
pub fn scp(bp: &Blueprint) -> String {
    stem(bp)
}

/// The RAM resource share of the subnets.
pub fn share(bp: &Blueprint) -> String {
    stem(bp)
}

/// The route table with only the local route.
pub fn route_table(bp: &Blueprint) -> String {
    stem(bp)
}

/// The DNS Firewall domain list of the names the cluster needs.
pub fn dns_needed_list(bp: &Blueprint) -> String {
    format!("{}-needed", stem(bp))
}

/// The DNS Firewall domain list of every name.
pub fn dns_everything_list(bp: &Blueprint) -> String {
    format!("{}-everything", stem(bp))
}

/// The DNS Firewall rule group (and its association with the VPC).
pub fn dns_rule_group(bp: &Blueprint) -> String {
    stem(bp)
}

/// The interface endpoints' security group.
pub fn endpoint_security_group(bp: &Blueprint) -> String {
    format!("{}-endpoints", stem(bp))
}

/// The EKS cluster role (model owner).
pub fn cluster_role(bp: &Blueprint) -> String {
    format!("{}-cluster", stem(bp))
}

/// The node role (model owner).
pub fn node_role(bp: &Blueprint) -> String {
    format!("{}-node", stem(bp))
}

/// The managed node group.
pub fn nodegroup(bp: &Blueprint) -> String {
    format!("{}-nodes", bp.cluster.name)
}

/// The session name of the model owner's assumed role.
pub fn session(bp: &Blueprint) -> String {
    stem(bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_blueprint_name() {
        let bp = Blueprint::starter();
        let n = &bp.name;
        assert_eq!(tag(&bp), ("eks-isolation:blueprint", n.as_str()));
        assert_eq!(scp(&bp), format!("eks-isolation-{n}"));
        assert_eq!(
            endpoint_security_group(&bp),
            format!("eks-isolation-{n}-endpoints")
        );
        assert_eq!(cluster_role(&bp), format!("eks-isolation-{n}-cluster"));
        assert_eq!(node_role(&bp), format!("eks-isolation-{n}-node"));
        assert_eq!(nodegroup(&bp), format!("{}-nodes", bp.cluster.name));
    }
}
