"""The simulator's dependency checks: ENIs block subnets and security groups, deletion
protection blocks DeleteLoadBalancer, and service-managed ENIs stay out of the account's reach.
"""

import time

import botocore.exceptions
import pytest

# Long enough that the call right after DeleteLoadBalancer still finds the ENIs.
ELB_TIMINGS = {"elb_eni_attached": 1.0, "elb_eni_available": 1.0}

NETWORK = {
    "vpcs": {
        "shop": {
            "cidr": "10.40.0.0/16",
            "subnets": {"shop-a": {"cidr": "10.40.1.0/24", "az": "us-east-1a"}},
            "security_groups": {"shop-lb": {"description": "Load balancer"}},
        }
    }
}

LAMBDA_ENI = {
    "name": "orders-fn",
    "subnet": "shop-a",
    "description": "AWS Lambda VPC ENI-orders-fn-3c1e2f4a",
    "security_groups": ["shop-lb"],
    "requester_id": "AROAEXAMPLE:orders-fn",
    "interface_type": "lambda",
}


@pytest.fixture
def seeded(simulator):
    simulator.control("POST", "timings", ELB_TIMINGS)

    def seed(load_balancers=(), network_interfaces=()):
        document = dict(NETWORK, load_balancers=list(load_balancers), network_interfaces=list(network_interfaces))
        return simulator.control("POST", "seed", document)

    return seed


def error_code(raised):
    return raised.value.response["Error"]["Code"]


def wait_until_no_enis(ec2, subnet_id, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        filters = [{"Name": "subnet-id", "Values": [subnet_id]}]
        if not ec2.describe_network_interfaces(Filters=filters)["NetworkInterfaces"]:
            return
        time.sleep(0.1)
    raise AssertionError(f"ENIs still in {subnet_id} after {timeout} s")


def test_subnet_with_lingering_eni_cannot_be_deleted(aws, seeded):
    created = seeded([{"name": "web", "type": "classic", "subnets": ["shop-a"], "security_groups": ["shop-lb"]}])
    ec2 = aws("ec2")
    subnet_id = created["subnets"]["shop-a"]
    aws("elb").delete_load_balancer(LoadBalancerName="web")

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.delete_subnet(SubnetId=subnet_id)

    assert error_code(raised) == "DependencyViolation"
    assert subnet_id in str(raised.value)
    wait_until_no_enis(ec2, subnet_id)
    ec2.delete_subnet(SubnetId=subnet_id)


def test_security_group_with_lingering_eni_cannot_be_deleted(aws, seeded):
    created = seeded([{"name": "web", "type": "application", "subnets": ["shop-a"], "security_groups": ["shop-lb"]}])
    ec2 = aws("ec2")
    group_id = created["security_groups"]["shop-lb"]
    aws("elbv2").delete_load_balancer(LoadBalancerArn=created["load_balancers"]["web"])

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.delete_security_group(GroupId=group_id)

    assert error_code(raised) == "DependencyViolation"
    assert group_id in str(raised.value)
    wait_until_no_enis(ec2, created["subnets"]["shop-a"])
    ec2.delete_security_group(GroupId=group_id)


def test_plain_eni_blocks_subnet_and_group(aws, seeded):
    created = seeded()
    ec2 = aws("ec2")
    eni = ec2.create_network_interface(SubnetId=created["subnets"]["shop-a"], Groups=[created["security_groups"]["shop-lb"]])
    eni_id = eni["NetworkInterface"]["NetworkInterfaceId"]

    with pytest.raises(botocore.exceptions.ClientError) as subnet_raised:
        ec2.delete_subnet(SubnetId=created["subnets"]["shop-a"])
    with pytest.raises(botocore.exceptions.ClientError) as group_raised:
        ec2.delete_security_group(GroupId=created["security_groups"]["shop-lb"])

    assert error_code(subnet_raised) == "DependencyViolation"
    assert error_code(group_raised) == "DependencyViolation"
    ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    ec2.delete_security_group(GroupId=created["security_groups"]["shop-lb"])
    ec2.delete_subnet(SubnetId=created["subnets"]["shop-a"])


def test_security_group_by_name_is_checked(aws, simulator):
    ec2 = aws("ec2")
    group_id = ec2.create_security_group(GroupName="classic-name", Description="default VPC group")["GroupId"]
    subnet_id = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]["SubnetId"]
    ec2.create_network_interface(SubnetId=subnet_id, Groups=[group_id])

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.delete_security_group(GroupName="classic-name")

    assert error_code(raised) == "DependencyViolation"


def test_seeded_lambda_eni_blocks_subnet(aws, seeded):
    created = seeded(network_interfaces=[LAMBDA_ENI])
    ec2 = aws("ec2")
    eni_id = created["network_interfaces"]["orders-fn"]

    eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.delete_subnet(SubnetId=created["subnets"]["shop-a"])

    assert eni["Description"] == LAMBDA_ENI["description"]
    assert eni["RequesterManaged"] is True
    assert eni["InterfaceType"] == "lambda"
    assert eni["SubnetId"] == created["subnets"]["shop-a"]
    assert error_code(raised) == "DependencyViolation"


def test_managed_eni_cannot_be_deleted_or_detached(aws, seeded):
    created = seeded([{"name": "web", "type": "classic", "subnets": ["shop-a"]}])
    ec2 = aws("ec2")
    eni = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["ELB web"]}])["NetworkInterfaces"][0]

    with pytest.raises(botocore.exceptions.ClientError) as delete_raised:
        ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    with pytest.raises(botocore.exceptions.ClientError) as detach_raised:
        ec2.detach_network_interface(AttachmentId=eni["Attachment"]["AttachmentId"])

    assert error_code(delete_raised) == "OperationNotPermitted"
    assert error_code(detach_raised) == "OperationNotPermitted"
    assert created["subnets"]["shop-a"] == eni["SubnetId"]


@pytest.mark.parametrize("balancer_type", ["application", "network"])
def test_deletion_protection_blocks_delete(aws, seeded, balancer_type):
    created = seeded(
        [{"name": "guarded", "type": balancer_type, "subnets": ["shop-a"], "deletion_protection": True}]
    )
    elbv2 = aws("elbv2")
    arn = created["load_balancers"]["guarded"]

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        elbv2.delete_load_balancer(LoadBalancerArn=arn)

    assert error_code(raised) == "OperationNotPermitted"
    assert [balancer["LoadBalancerArn"] for balancer in elbv2.describe_load_balancers()["LoadBalancers"]] == [arn]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}]
    )
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []


def test_more_than_200_filter_values_are_rejected(aws, simulator):
    ec2 = aws("ec2")
    values = [f"ELB lb-{index}" for index in range(201)]

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": values}])

    assert error_code(raised) == "FilterLimitExceeded"
    assert ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": values[:200]}])[
        "NetworkInterfaces"
    ] == []
