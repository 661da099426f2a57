//! The data owner's network and bucket, read through `aws::ec2` and `aws::s3`.

use crate::aws::AwsError;
use crate::aws::ec2::{self, Endpoint, RouteTable, SecurityGroup, SubnetQuery, SubnetSummary, Vpc};
use crate::aws::s3;
use crate::blueprint::{Blueprint, names};

use super::super::state::Bucket;
use super::KnownIds;

/// The VPC by ID, or the one tagged `eks-isolation:blueprint=<name>`.
pub(super) async fn vpc(
    ec2c: &aws_sdk_ec2::Client,
    ids: &KnownIds,
    bp: &Blueprint,
) -> Result<Option<Vpc>, AwsError> {
    match &ids.vpc_id {
        Some(id) => ec2::vpc(ec2c, id).await,
        None => Ok(ec2::vpcs_tagged(ec2c, &[names::tag(bp)])
            .await?
            .into_iter()
            .next()),
    }
}

/// The network reads that need the VPC ID, each kept with its own outcome.
pub(super) struct NetworkReads {
    pub dns_support: Result<Option<bool>, AwsError>,
    pub dns_hostnames: Result<Option<bool>, AwsError>,
    pub subnets: Result<Vec<SubnetSummary>, AwsError>,
    pub route_tables: Result<Vec<RouteTable>, AwsError>,
    pub endpoints: Result<Vec<Endpoint>, AwsError>,
    pub security_groups: Result<Vec<SecurityGroup>, AwsError>,
}

/// The VPC's DNS settings, the shared subnets (by ID, else by tag), every route table and
/// endpoint, then the endpoints' security groups.
pub(super) async fn network(
    ec2c: &aws_sdk_ec2::Client,
    vpc_id: &str,
    ids: &KnownIds,
    bp: &Blueprint,
) -> NetworkReads {
    let tags = [names::tag(bp)];
    let query = if ids.subnet_ids.is_empty() {
        SubnetQuery::Tagged {
            vpc_id,
            tags: &tags,
        }
    } else {
        SubnetQuery::Ids(&ids.subnet_ids)
    };
    let (dns_support, dns_hostnames, subnets, route_tables, endpoints) = tokio::join!(
        ec2::vpc_dns_attribute(ec2c, vpc_id, false),
        ec2::vpc_dns_attribute(ec2c, vpc_id, true),
        ec2::list_subnets(ec2c, query),
        ec2::route_tables_in_vpc(ec2c, vpc_id),
        ec2::endpoints_in_vpc(ec2c, vpc_id),
    );
    let security_groups = match &endpoints {
        Ok(eps) => {
            let mut groups: Vec<String> = eps
                .iter()
                .flat_map(|e| e.security_group_ids.iter().cloned())
                .collect();
            groups.sort();
            groups.dedup();
            ec2::security_groups_by_id(ec2c, &groups).await
        }
        Err(e) => Err(e.clone()),
    };
    NetworkReads {
        dns_support,
        dns_hostnames,
        subnets,
        route_tables,
        endpoints,
        security_groups,
    }
}

/// The bucket with its policy.
pub(super) async fn bucket(s3c: &aws_sdk_s3::Client, name: &str) -> Result<Bucket, AwsError> {
    Ok(Bucket {
        name: name.to_string(),
        policy: s3::bucket_policy(s3c, name).await?,
    })
}
