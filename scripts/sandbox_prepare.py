"""Prepare a moto server as the real flow expects, for scripts/sandbox.

Usage: sandbox_prepare.py ENDPOINT_URL DIR EXAMPLE_BLUEPRINT

- The data owner (a fixed account) manages an AWS Organization with all features.
- The model owner is a member account of it. moto cannot do invitations or handshakes, so the
  member is made with CreateAccount, as the wizard's organization step would find it.
- An existing VPC with an internet route, so the Network picker has something to judge.
- DIR/aws-config and DIR/aws-credentials: profiles `data-owner` and `model-owner` (both assume
  a role from a `sandbox` profile with moto's dummy keys), and DIR/sandbox.toml, the example
  blueprint with these accounts.

Prints the two account IDs. Nothing secret: moto accepts any keys.
"""

import os
import sys
import time

import boto3

REGION = "us-east-1"
# Tests pass their own account ID, so one moto server can hold several sandboxes.
DATA_OWNER = os.environ.get("SANDBOX_DATA_OWNER", "100000000001")


def session(endpoint, account):
    sts = boto3.client(
        "sts",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="sandbox",
        aws_secret_access_key="sandbox",
    )
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/admin", RoleSessionName="sandbox"
    )["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=REGION,
    )


def main():
    endpoint, out, example = sys.argv[1], sys.argv[2], sys.argv[3]
    data = session(endpoint, DATA_OWNER)
    org = data.client("organizations", endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    status = org.create_account(
        Email="model-owner@example.com", AccountName="model-owner"
    )["CreateAccountStatus"]
    for _ in range(50):
        if status.get("AccountId"):
            break
        time.sleep(0.1)
        status = org.describe_create_account_status(
            CreateAccountRequestId=status["Id"]
        )["CreateAccountStatus"]
    model = status["AccountId"]

    # An existing VPC the picker can offer, and flag: its main route table goes to the internet.
    ec2 = data.client("ec2", endpoint_url=endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "legacy-vpc"}])
    for i, az in enumerate(["us-east-1a", "us-east-1b"]):
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.90.{i * 16}.0/20", AvailabilityZone=az)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    main_rt = ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "association.main", "Values": ["true"]}]
    )["RouteTables"][0]["RouteTableId"]
    ec2.create_route(RouteTableId=main_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)

    with open(os.path.join(out, "aws-config"), "w") as f:
        f.write(
            f"[profile sandbox]\nregion = {REGION}\n\n"
            f"[profile data-owner]\nrole_arn = arn:aws:iam::{DATA_OWNER}:role/admin\n"
            f"source_profile = sandbox\nregion = {REGION}\n\n"
            f"[profile model-owner]\n"
            f"role_arn = arn:aws:iam::{model}:role/OrganizationAccountAccessRole\n"
            f"source_profile = sandbox\nregion = {REGION}\n"
        )
    with open(os.path.join(out, "aws-credentials"), "w") as f:
        f.write("[sandbox]\naws_access_key_id = sandbox\naws_secret_access_key = sandbox\n")

    with open(example) as f:
        blueprint = f.read()
    blueprint = (
        blueprint.replace("111111111111", DATA_OWNER)
        .replace("222222222222", model)
        .replace("role/DataAdmin", "role/admin")
        .replace('"inference-demo-data"', f'"sandbox-data-{DATA_OWNER}"')
    )
    with open(os.path.join(out, "sandbox.toml"), "w") as f:
        f.write(blueprint)
    print(f"data owner {DATA_OWNER}, model owner {model} (a member of the organization)")


if __name__ == "__main__":
    main()
