//! The ensure-steps of DESIGN.md, one module per area. Every step is
//! `async fn(&Ctx) -> Result<Outcome, StepError>`: discover first (journal ID, then the
//! blueprint tag, then the blueprint's adopted ID), create only what is missing, correct what
//! drifted, tag what it creates with `eks-isolation:blueprint=<name>`, and record each resource
//! in the journal the moment it exists. Steps pass results to later steps only through the
//! journal (`ctx.recorded(key)`).
//!
//! Journal keys and kinds (the contract between steps, destroy and verify):
//!
//! | key | kind | side | made by |
//! |---|---|---|---|
//! | `vpc` | `ec2:vpc` | data | `network::ensure_vpc` |
//! | `subnet.<i>` | `ec2:subnet` | data | `network::ensure_subnets` |
//! | `route_table` | `ec2:route-table` | data | `network::ensure_route_table` |
//! | `endpoint.s3` | `ec2:vpc-endpoint` | data | `network::ensure_s3_endpoint` |
//! | `endpoint.security_group` | `ec2:security-group` | data | `network::ensure_endpoint_security_group` |
//! | `endpoint.<service>` | `ec2:vpc-endpoint` | data | `network::ensure_interface_endpoints` |
//! | `dns.domains.needed` | `route53resolver:firewall-domain-list` | data | `dns::ensure_firewall` |
//! | `dns.domains.everything` | `route53resolver:firewall-domain-list` | data | `dns::ensure_firewall` |
//! | `dns.rule_group` | `route53resolver:firewall-rule-group` | data | `dns::ensure_firewall` (+ its rules) |
//! | `dns.association` | `route53resolver:firewall-rule-group-association` | data | `dns::ensure_firewall` (+ fail-open off) |
//! | `bucket` | `s3:bucket` | data | `bucket::ensure_bucket` (+ public-access block); `bucket::ensure_bucket_policy` |
//! | `org` | `organizations:organization` | data | `org::ensure_organization` |
//! | `org.member` | `organizations:account` | data | `org::ensure_member` (invite + accept) |
//! | `scp` | `organizations:policy` | data | `org::ensure_scp` (create/update, enable type, attach) |
//! | `ram.share` | `ram:resource-share` | data | `share::ensure_share` (enable org sharing + share) |
//! | `iam.cluster_role` | `iam:role` | model | `roles::ensure_roles` |
//! | `iam.node_role` | `iam:role` | model | `roles::ensure_roles` |
//! | `eks.cluster` | `eks:cluster` | model | `cluster::ensure_cluster` |
//! | `eks.addon.pod_identity` | `eks:addon` | model | `addon::ensure_pod_identity_agent` (pod-identity only) |
//! | `eks.nodegroup` | `eks:nodegroup` | model | `cluster::ensure_nodegroup` |
//!
//! Each module also has `pub async fn destroy(ctx: &Ctx, record: &Record) -> Result<Outcome,
//! StepError>` for the kinds it made: already gone = `Outcome::Exists("already gone")`;
//! `created == false` (adopted) = left alone.

pub mod addon;
pub mod bucket;
pub mod cluster;
pub mod dns;
pub mod identity;
pub mod network;
pub mod org;
pub mod roles;
pub mod share;
