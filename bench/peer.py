"""The peer: what a careful operator writes by hand with boto3, one call after another, for the
same setup eks-isolation applies (same resources, same generated policies) and the same reads
its verify makes. Used only by bench/engine.py."""

import json
import os
import subprocess
import time

TAG = "eks-isolation:blueprint"
ENDPOINTS = ["ec2", "ecr.api", "ecr.dkr", "sts", "logs"]


def tags(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": TAG, "Value": name}]}]


def policies(binary, blueprint, endpoint_id, outdir):
    subprocess.run([binary, "policies", "--config", blueprint, "--dir", outdir,
                    "--s3-endpoint-id", endpoint_id], check=True, stdout=subprocess.DEVNULL)
    def load(name):
        with open(os.path.join(outdir, name)) as f:
            return f.read()
    return load


def apply(d, m, url, region, data, model, bucket, name="bench-peer", load=None):
    org = d.client("organizations", endpoint_url=url)
    ec2 = d.client("ec2", endpoint_url=url)
    s3 = d.client("s3", endpoint_url=url)
    ram = d.client("ram", endpoint_url=url)
    iam = m.client("iam", endpoint_url=url)
    eks = m.client("eks", endpoint_url=url)
    d.client("sts", endpoint_url=url).get_caller_identity()
    m.client("sts", endpoint_url=url).get_caller_identity()

    org.describe_organization()
    accounts = [a["Id"] for a in org.list_accounts()["Accounts"]]
    assert model in accounts
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    scp = org.create_policy(Name=f"eks-isolation-{name}", Description="isolation",
                            Type="SERVICE_CONTROL_POLICY", Content=load("scp.json"))
    org.attach_policy(PolicyId=scp["Policy"]["PolicySummary"]["Id"], TargetId=model)

    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16", TagSpecifications=tags("vpc", name))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = []
    for az, cidr in [("use1-az1", "10.40.0.0/20"), ("use1-az2", "10.40.16.0/20")]:
        subnets.append(ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZoneId=az,
                                         TagSpecifications=tags("subnet", name))["Subnet"]["SubnetId"])
    rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=tags("route-table", name))["RouteTable"]["RouteTableId"]
    for s in subnets:
        ec2.associate_route_table(RouteTableId=rt, SubnetId=s)
    services = ec2.describe_vpc_endpoint_services()["ServiceNames"]
    s3_service = next(s for s in services if s.endswith(".s3"))
    s3_endpoint = ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=s3_service, VpcEndpointType="Gateway", RouteTableIds=[rt],
        PolicyDocument=load("s3-endpoint-policy.json"),
        TagSpecifications=tags("vpc-endpoint", name))["VpcEndpoint"]["VpcEndpointId"]
    sg = ec2.create_security_group(VpcId=vpc, GroupName=f"eks-isolation-{name}-endpoints",
                                   Description="443 from the subnets",
                                   TagSpecifications=tags("security-group", name))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "10.40.0.0/20"}, {"CidrIp": "10.40.16.0/20"}]}])
    for svc in ENDPOINTS:
        service = next(s for s in services if s.endswith("." + svc))
        extra = {}
        if svc in ("ecr.api", "ecr.dkr", "logs"):
            extra["PolicyDocument"] = load(f"endpoint-{svc}.json")
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=service, VpcEndpointType="Interface",
                                SubnetIds=subnets, SecurityGroupIds=[sg], PrivateDnsEnabled=True,
                                TagSpecifications=tags("vpc-endpoint", name), **extra)

    s3.create_bucket(Bucket=bucket)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=bucket, Policy=load("bucket-policy.json").replace(
        "vpce-00000000000000000", s3_endpoint))

    ram.enable_sharing_with_aws_organization()
    arns = [f"arn:aws:ec2:{region}:{data}:subnet/{s}" for s in subnets]
    ram.create_resource_share(name=f"eks-isolation-{name}", resourceArns=arns,
                              principals=[model], allowExternalPrincipals=False)

    def role(rname, service, managed):
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": service},
                                                         "Action": "sts:AssumeRole"}]}
        arn = iam.create_role(RoleName=rname, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        for p in managed:
            iam.attach_role_policy(RoleName=rname, PolicyArn=f"arn:aws:iam::aws:policy/{p}")
        return arn
    cluster_role = role(f"eks-isolation-{name}-cluster", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"])
    node_role = role(f"eks-isolation-{name}-node", "ec2.amazonaws.com",
                     ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"])
    eks.create_cluster(name="inference", version="1.33", roleArn=cluster_role,
                       resourcesVpcConfig={"subnetIds": subnets, "endpointPublicAccess": False,
                                           "endpointPrivateAccess": True})
    while eks.describe_cluster(name="inference")["cluster"]["status"] != "ACTIVE":
        time.sleep(5)
    eks.create_nodegroup(clusterName="inference", nodegroupName="inference-nodes", nodeRole=node_role,
                         subnets=subnets, instanceTypes=["m6i.large"],
                         scalingConfig={"minSize": 1, "desiredSize": 2, "maxSize": 2})
    while eks.describe_nodegroup(clusterName="inference", nodegroupName="inference-nodes")["nodegroup"]["status"] != "ACTIVE":
        time.sleep(5)
    return {"vpc": vpc, "subnets": subnets, "rt": rt, "s3_endpoint": s3_endpoint, "sg": sg,
            "bucket": bucket, "model": model, "cluster": "inference"}


def verify(d, m, url, region, ids):
    """The reads a careful audit of both accounts makes, one after another."""
    ec2 = d.client("ec2", endpoint_url=url)
    s3 = d.client("s3", endpoint_url=url)
    org = d.client("organizations", endpoint_url=url)
    ram = d.client("ram", endpoint_url=url)
    d.client("sts", endpoint_url=url).get_caller_identity()
    m.client("sts", endpoint_url=url).get_caller_identity()
    ec2.describe_vpcs(VpcIds=[ids["vpc"]])
    ec2.describe_vpc_attribute(VpcId=ids["vpc"], Attribute="enableDnsSupport")
    ec2.describe_vpc_attribute(VpcId=ids["vpc"], Attribute="enableDnsHostnames")
    ec2.describe_subnets(SubnetIds=ids["subnets"])
    ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [ids["vpc"]]}])
    ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [ids["vpc"]]}])
    ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [ids["vpc"]]}])
    s3.get_bucket_policy(Bucket=ids["bucket"])
    s3.get_public_access_block(Bucket=ids["bucket"])
    org.describe_organization()
    org.list_accounts()
    roots = org.list_roots()["Roots"]
    for target in [roots[0]["Id"], ids["model"]]:
        for p in org.list_policies_for_target(TargetId=target, Filter="SERVICE_CONTROL_POLICY")["Policies"]:
            org.describe_policy(PolicyId=p["Id"])
    ram.get_resource_shares(resourceOwner="SELF")
    ram.get_resource_share_associations(associationType="PRINCIPAL")
    ram.get_resource_share_associations(associationType="RESOURCE")
    iam = m.client("iam", endpoint_url=url)
    for r in iam.list_roles()["Roles"]:
        pass
    ecr = m.client("ecr", endpoint_url=url)
    for repo in ecr.describe_repositories()["repositories"]:
        try:
            ecr.get_repository_policy(repositoryName=repo["repositoryName"])
        except ecr.exceptions.RepositoryPolicyNotFoundException:
            pass
    eks = m.client("eks", endpoint_url=url)
    eks.describe_cluster(name=ids["cluster"])
    try:  # the tool reads it too, and reports M3 undecided where the server lacks it
        eks.list_access_entries(clusterName=ids["cluster"])
    except eks.exceptions.ClientError:
        pass
    eks.describe_nodegroup(clusterName=ids["cluster"], nodegroupName="inference-nodes")
    ec2m = m.client("ec2", endpoint_url=url)
    ec2m.describe_security_groups()
