//! Live lists for the pickers: the data owner's VPCs, one VPC's subnets (with route tables and
//! endpoints), and buckets. One task per request; the answer carries the request's key.

use aws_config::SdkConfig;

use super::Runner;
use crate::blueprint::Blueprint;
use crate::blueprint::Side;
use crate::ui::live::LiveEvent;
use crate::ui::live::net::{NetEvent, NetRequest, list_key, subnets_key};

pub fn spawn(runner: &mut Runner, req: NetRequest, bp: &Blueprint) {
    let tx = runner.tx.clone();
    let configs = runner.configs.clone();
    let bp = bp.clone();
    tokio::spawn(async move {
        let config = configs.get(&bp, Side::DataOwner).await;
        let event = answer(&bp, req, &config).await;
        let _ = tx.send(LiveEvent::Net(event));
    });
}

/// Make the calls a request needs and put the answer (or the exact error) in an event.
pub async fn answer(bp: &Blueprint, req: NetRequest, config: &SdkConfig) -> NetEvent {
    let err = |e: crate::aws::AwsError| e.to_string();
    match req {
        NetRequest::Vpcs => NetEvent::Vpcs {
            key: list_key(bp),
            result: crate::aws::ec2::list_vpcs(&crate::aws::ec2::client(config))
                .await
                .map_err(err),
        },
        NetRequest::Subnets { vpc_id } => NetEvent::Subnets {
            key: subnets_key(bp, &vpc_id),
            result: crate::aws::ec2::vpc_network(&crate::aws::ec2::client(config), &vpc_id)
                .await
                .map_err(err),
            vpc_id,
        },
        NetRequest::Buckets => NetEvent::Buckets {
            key: list_key(bp),
            result: crate::aws::s3::list_buckets(&crate::aws::s3_client(config))
                .await
                .map_err(err),
        },
    }
}
