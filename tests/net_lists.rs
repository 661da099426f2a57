//! The listings behind the wizard's Network and Data pickers, against moto: VPCs with their
//! Name tag, CIDR and DNS settings; one VPC's subnets (AZ name and ID, free addresses), route
//! tables and endpoints with policies; the account's buckets. Each test is one fresh account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aws_sdk_ec2::types::{
    AttributeBooleanValue, ResourceType, Tag, TagSpecification, VpcEndpointType,
};
use eks_isolation::aws::ec2::{self, EndpointKind};
use eks_isolation::aws::{s3, s3_client};

fn name(kind: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key("Name").value(name).build())
        .build()
}

async fn vpc(c: &aws_sdk_ec2::Client, cidr: &str, tag: Option<&str>) -> String {
    let mut call = c.create_vpc().cidr_block(cidr);
    if let Some(tag) = tag {
        call = call.tag_specifications(name(ResourceType::Vpc, tag));
    }
    call.send()
        .await
        .unwrap()
        .vpc()
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn vpcs_come_with_name_cidr_and_both_dns_settings() {
    let account = support::unique_account();
    let config = support::config_for(&account).await;
    let c = ec2::client(&config);
    let named = vpc(&c, "10.60.0.0/16", Some("training")).await;
    let bare = vpc(&c, "10.61.0.0/16", None).await;
    let on = AttributeBooleanValue::builder().value(true).build();
    c.modify_vpc_attribute()
        .vpc_id(&named)
        .enable_dns_hostnames(on)
        .send()
        .await
        .unwrap();
    let off = AttributeBooleanValue::builder().value(false).build();
    c.modify_vpc_attribute()
        .vpc_id(&bare)
        .enable_dns_support(off)
        .send()
        .await
        .unwrap();

    let list = ec2::list_vpcs(&c).await.unwrap();
    let find = |id: &str| list.iter().find(|v| v.id == id).cloned().unwrap();
    let a = find(&named);
    assert_eq!(a.name.as_deref(), Some("training"));
    assert_eq!(a.cidr, "10.60.0.0/16");
    assert_eq!((a.dns_support, a.dns_hostnames), (Some(true), Some(true)));
    let b = find(&bare);
    assert_eq!(b.name, None);
    assert_eq!(b.cidr, "10.61.0.0/16");
    assert_eq!((b.dns_support, b.dns_hostnames), (Some(false), Some(false)));
    // Sorted by ID, and only this account's VPCs (moto adds a default VPC to each account).
    let ids: Vec<&str> = list.iter().map(|v| v.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(list.len() <= 3, "{list:?}");

    let other = ec2::client(&support::config_for(&support::unique_account()).await);
    let theirs = ec2::list_vpcs(&other).await.unwrap();
    assert!(!theirs.iter().any(|v| v.id == named || v.id == bare));
}

#[tokio::test]
async fn a_vpcs_subnets_route_tables_and_endpoints() {
    let account = support::unique_account();
    let config = support::config_for(&account).await;
    let c = ec2::client(&config);
    let id = vpc(&c, "10.70.0.0/16", Some("inference")).await;
    let other = vpc(&c, "10.71.0.0/16", None).await;
    let mut subnets = Vec::new();
    for (cidr, az_id, tag) in [
        ("10.70.0.0/24", "use1-az1", Some("private-a")),
        ("10.70.1.0/28", "use1-az2", None),
    ] {
        let mut call = c
            .create_subnet()
            .vpc_id(&id)
            .cidr_block(cidr)
            .availability_zone_id(az_id);
        if let Some(tag) = tag {
            call = call.tag_specifications(name(ResourceType::Subnet, tag));
        }
        let s = call.send().await.unwrap();
        subnets.push(s.subnet().unwrap().subnet_id().unwrap().to_string());
    }
    c.create_subnet()
        .vpc_id(&other)
        .cidr_block("10.71.0.0/24")
        .send()
        .await
        .unwrap();
    // A route table with a way out, associated with the second subnet.
    let igw = c
        .create_internet_gateway()
        .send()
        .await
        .unwrap()
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_string();
    c.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&id)
        .send()
        .await
        .unwrap();
    let rt = c
        .create_route_table()
        .vpc_id(&id)
        .send()
        .await
        .unwrap()
        .route_table()
        .unwrap()
        .route_table_id()
        .unwrap()
        .to_string();
    c.create_route()
        .route_table_id(&rt)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .unwrap();
    ec2::associate(&c, &rt, &subnets[1]).await.unwrap();
    // An S3 gateway endpoint with a policy, and an interface endpoint without one.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
    let s3_ep = c
        .create_vpc_endpoint()
        .vpc_endpoint_type(VpcEndpointType::Gateway)
        .vpc_id(&id)
        .service_name("com.amazonaws.us-east-1.s3")
        .route_table_ids(&rt)
        .policy_document(policy)
        .send()
        .await
        .unwrap()
        .vpc_endpoint()
        .unwrap()
        .vpc_endpoint_id()
        .unwrap()
        .to_string();
    let ecr_ep = c
        .create_vpc_endpoint()
        .vpc_endpoint_type(VpcEndpointType::Interface)
        .vpc_id(&id)
        .service_name("com.amazonaws.us-east-1.ecr.api")
        .subnet_ids(&subnets[0])
        .send()
        .await
        .unwrap()
        .vpc_endpoint()
        .unwrap()
        .vpc_endpoint_id()
        .unwrap()
        .to_string();

    let net = ec2::vpc_network(&c, &id).await.unwrap();
    assert_eq!(net.vpc_id, id);
    let ids: Vec<&str> = net.subnets.iter().map(|s| s.id.as_str()).collect();
    let mut want: Vec<&str> = subnets.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(ids, want, "only this VPC's subnets, by ID");
    let a = net.subnets.iter().find(|s| s.id == subnets[0]).unwrap();
    assert_eq!(a.name.as_deref(), Some("private-a"));
    assert_eq!(a.az_id, "use1-az1");
    assert!(a.az.starts_with("us-east-1"), "{a:?}");
    assert_eq!(a.cidr, "10.70.0.0/24");
    assert_eq!(a.vpc_id, id);
    // 256 minus AWS's 5 reserved, minus the interface endpoint's network interface (moto
    // may or may not count it).
    assert!(matches!(a.available_ips, Some(250 | 251)), "{a:?}");
    let b = net.subnets.iter().find(|s| s.id == subnets[1]).unwrap();
    assert_eq!((b.name.as_deref(), b.az_id.as_str()), (None, "use1-az2"));
    assert_eq!(b.available_ips, Some(11));

    let tables = net.route_tables.unwrap();
    assert!(tables.iter().all(|t| t.vpc_id == id));
    let of_b = ec2::table_of_subnet(&tables, &subnets[1]).unwrap();
    assert_eq!(of_b.id, rt);
    assert!(
        of_b.routes.iter().any(|r| r.destination() == "0.0.0.0/0"
            && r.target == ec2::RouteTarget::InternetGateway(igw.clone())),
        "{of_b:?}"
    );
    let of_a = ec2::table_of_subnet(&tables, &subnets[0]).unwrap();
    assert!(of_a.associations.iter().any(|a| a.main), "the main table");
    assert!(of_a.routes.iter().all(ec2::Route::is_local), "{of_a:?}");

    let eps = net.endpoints.unwrap();
    assert_eq!(eps.len(), 2, "{eps:?}");
    let ecr = eps.iter().find(|e| e.id == ecr_ep).unwrap();
    assert_eq!(ecr.kind, Some(EndpointKind::Interface));
    assert_eq!(ecr.service_name, "com.amazonaws.us-east-1.ecr.api");
    let s3e = eps.iter().find(|e| e.id == s3_ep).unwrap();
    assert_eq!(s3e.kind, Some(EndpointKind::Gateway));
    let doc: serde_json::Value = serde_json::from_str(s3e.policy.as_deref().unwrap()).unwrap();
    assert_eq!(doc["Statement"][0]["Action"], "s3:GetObject");
    assert_eq!(s3e.route_table_ids, [rt]);
}

#[tokio::test]
async fn an_unknown_vpc_has_no_subnets_and_an_unreachable_service_names_the_call() {
    let account = support::unique_account();
    let c = ec2::client(&support::config_for(&account).await);
    let net = ec2::vpc_network(&c, "vpc-0123456789abcdef0").await.unwrap();
    assert!(net.subnets.is_empty());
    // The error the picker shows: the call, then what went wrong.
    let broken = support::base_config()
        .to_builder()
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let err = ec2::list_vpcs(&ec2::client(&broken)).await.unwrap_err();
    assert_eq!(err.call, "ec2:DescribeVpcs");
    assert!(err.to_string().starts_with("ec2:DescribeVpcs: "), "{err}");
}

#[tokio::test]
async fn buckets_are_listed_by_name_with_their_region() {
    let account = support::unique_account();
    let config = support::config_for(&account).await;
    let client = s3_client(&config);
    let names = [format!("zz-{account}-models"), format!("aa-{account}-data")];
    s3::create_bucket(&client, &names[0], "us-east-1")
        .await
        .unwrap();
    s3::create_bucket(&client, &names[1], "eu-west-1")
        .await
        .unwrap();
    let list = s3::list_buckets(&client).await.unwrap();
    let mine: Vec<&s3::BucketSummary> = list.iter().filter(|b| b.name.contains(&account)).collect();
    assert_eq!(mine.len(), 2, "{list:?}");
    assert_eq!(mine[0].name, names[1], "sorted by name");
    assert_eq!(mine[1].name, names[0]);
    // AWS answers BucketRegion in ListBuckets; moto 5.2.5 does not (no `BucketRegion` in its
    // responses), so the region is unknown there rather than wrong.
    assert!(
        mine[0].region.as_deref().is_none_or(|r| r == "eu-west-1"),
        "{mine:?}"
    );
    assert!(
        mine[1].region.as_deref().is_none_or(|r| r == "us-east-1"),
        "{mine:?}"
    );
}
