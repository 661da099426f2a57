//! The estate `verify_live` judges: built directly with the SDK in two fresh moto accounts, as
//! `apply` would leave it (VPC with DNS on, two subnets in distinct AZ IDs, a route table with
//! only `local`, S3 gateway and interface endpoints with the generated policies, SG 443, bucket
//! with PAB and policy, SCP attached, subnets shared, a private EKS cluster).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_config::SdkConfig;
use aws_sdk_ec2::types::{AttributeBooleanValue, IpPermission, IpRange, VpcEndpointType};
use eks_isolation::aws::{Identity, Party, s3_client};
use eks_isolation::blueprint::Side;
use eks_isolation::blueprint::{Blueprint, SubnetSource, VpcSource};
use eks_isolation::policy::generate::generate;
use eks_isolation::verify::KnownIds;

use super::support;

pub mod dns;

pub struct Estate {
    pub bp: Blueprint,
    pub data: Party,
    pub model: Party,
    pub ids: KnownIds,
    pub route_table: String,
    pub s3_endpoint: String,
    /// The DNS Firewall rule group's association with the VPC.
    pub dns_association: String,
}

fn party(side: Side, account: &str, config: SdkConfig) -> Party {
    Party {
        side,
        identity: Identity {
            account: account.to_string(),
            arn: format!("arn:aws:sts::{account}:assumed-role/eks-isolation-test/test"),
            source: "test".into(),
        },
        config,
    }
}

pub async fn build() -> Estate {
    let data_account = support::unique_account();
    let data_config = support::config_for(&data_account).await;
    let orgs = aws_sdk_organizations::Client::new(&data_config);
    orgs.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap();
    let created = orgs
        .create_account()
        .account_name("model owner")
        .email(format!("model-{data_account}@example.com"))
        .send()
        .await
        .unwrap();
    let model_account = created
        .create_account_status()
        .and_then(|s| s.account_id())
        .expect("moto creates the account at once")
        .to_string();
    let model_config = support::config_for(&model_account).await;
    let root = orgs.list_roots().send().await.unwrap().roots()[0]
        .id()
        .unwrap()
        .to_string();
    orgs.enable_policy_type()
        .root_id(&root)
        .policy_type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    orgs.enable_aws_service_access()
        .service_principal("ram.amazonaws.com")
        .send()
        .await
        .unwrap();

    let mut bp = Blueprint::starter();
    bp.name = format!("verify-{data_account}");
    bp.data_owner.account_id = data_account.clone();
    bp.data_owner.admin_principals = vec![format!("arn:aws:iam::{data_account}:role/DataAdmin")];
    bp.model_owner.account_id = model_account.clone();
    bp.data.bucket = format!("verify-data-{data_account}");

    let ec2 = aws_sdk_ec2::Client::new(&data_config);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.40.0.0/16")
        .send()
        .await
        .unwrap()
        .vpc()
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string();
    let on = AttributeBooleanValue::builder().value(true).build();
    ec2.modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_support(on.clone())
        .send()
        .await
        .unwrap();
    ec2.modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_hostnames(on)
        .send()
        .await
        .unwrap();
    let route_table = ec2
        .create_route_table()
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .route_table()
        .unwrap()
        .route_table_id()
        .unwrap()
        .to_string();
    let mut subnet_ids = Vec::new();
    for (i, (cidr, az)) in [
        ("10.40.0.0/20", "us-east-1a"),
        ("10.40.16.0/20", "us-east-1b"),
    ]
    .into_iter()
    .enumerate()
    {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone(az)
            .send()
            .await
            .unwrap();
        let subnet = subnet.subnet().unwrap();
        let id = subnet.subnet_id().unwrap().to_string();
        ec2.associate_route_table()
            .route_table_id(&route_table)
            .subnet_id(&id)
            .send()
            .await
            .unwrap();
        bp.network.subnets[i].az_id = subnet.availability_zone_id().unwrap().to_string();
        bp.network.subnets[i].source = SubnetSource::Existing {
            subnet_id: id.clone(),
        };
        subnet_ids.push(id);
    }
    let mut tagged = subnet_ids.clone();
    tagged.push(vpc.clone());
    ec2.create_tags()
        .set_resources(Some(tagged))
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("eks-isolation:blueprint")
                .value(&bp.name)
                .build(),
        )
        .send()
        .await
        .unwrap();
    bp.network.vpc = VpcSource::Existing {
        vpc_id: vpc.clone(),
    };

    let g = generate(&bp, None);
    let s3_endpoint = ec2
        .create_vpc_endpoint()
        .vpc_id(&vpc)
        .service_name("com.amazonaws.us-east-1.s3")
        .vpc_endpoint_type(VpcEndpointType::Gateway)
        .route_table_ids(&route_table)
        .policy_document(g.s3_endpoint.to_json_pretty())
        .send()
        .await
        .unwrap()
        .vpc_endpoint()
        .unwrap()
        .vpc_endpoint_id()
        .unwrap()
        .to_string();
    bp.network.s3_endpoint_id = Some(s3_endpoint.clone());
    let g = generate(&bp, Some(&s3_endpoint));

    let sg = ec2
        .create_security_group()
        .group_name("endpoints")
        .description("443 from the shared subnets")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(IpRange::builder().cidr_ip("10.40.0.0/16").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    for service in &bp.network.interface_endpoints {
        let mut req = ec2
            .create_vpc_endpoint()
            .vpc_id(&vpc)
            .service_name(format!("com.amazonaws.us-east-1.{service}"))
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .private_dns_enabled(true)
            .security_group_ids(&sg)
            .set_subnet_ids(Some(subnet_ids.clone()));
        if let Some(doc) = g.interface_endpoints.get(service) {
            req = req.policy_document(doc.to_json_pretty());
        }
        req.send().await.unwrap();
    }

    let s3 = s3_client(&data_config);
    s3.create_bucket()
        .bucket(&bp.data.bucket)
        .send()
        .await
        .unwrap();
    s3.put_public_access_block()
        .bucket(&bp.data.bucket)
        .public_access_block_configuration(
            aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3.put_bucket_policy()
        .bucket(&bp.data.bucket)
        .policy(g.bucket.to_json_pretty())
        .send()
        .await
        .unwrap();

    let scp = orgs
        .create_policy()
        .name(format!("eks-isolation-{}", bp.name))
        .description("isolation")
        .r#type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .content(g.scp.to_json_pretty())
        .send()
        .await
        .unwrap();
    let scp_id = scp
        .policy()
        .unwrap()
        .policy_summary()
        .unwrap()
        .id()
        .unwrap();
    orgs.attach_policy()
        .policy_id(scp_id)
        .target_id(&model_account)
        .send()
        .await
        .unwrap();

    let subnet_arns: Vec<String> = subnet_ids
        .iter()
        .map(|id| format!("arn:aws:ec2:us-east-1:{data_account}:subnet/{id}"))
        .collect();
    aws_sdk_ram::Client::new(&data_config)
        .create_resource_share()
        .name(&bp.name)
        .set_resource_arns(Some(subnet_arns))
        .principals(&model_account)
        .send()
        .await
        .unwrap();

    aws_sdk_eks::Client::new(&model_config)
        .create_cluster()
        .name(&bp.cluster.name)
        .role_arn(format!("arn:aws:iam::{model_account}:role/eks-cluster"))
        .resources_vpc_config(
            aws_sdk_eks::types::VpcConfigRequest::builder()
                .set_subnet_ids(Some(subnet_ids.clone()))
                .endpoint_public_access(false)
                .endpoint_private_access(true)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let dns_association = dns::firewall(&data_config, &bp, &vpc).await;
    let ids = KnownIds::from_blueprint(&bp);
    Estate {
        dns_association,
        data: party(Side::DataOwner, &data_account, data_config),
        model: party(Side::ModelOwner, &model_account, model_config),
        bp,
        ids,
        route_table,
        s3_endpoint,
    }
}
