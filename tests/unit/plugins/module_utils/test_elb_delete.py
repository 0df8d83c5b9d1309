import boto3
import botocore.exceptions
import pytest
from botocore.stub import Stubber

from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import DeletePlan
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import ElbClients
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import ElbDeleteError
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import apply_plan
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import build_plan
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import check_deletion_protection
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import select_load_balancer
from ansible_collections.racefree.ops.plugins.module_utils._elb_delete import unique_names
from ansible_collections.racefree.ops.plugins.module_utils._elb_lookup import LoadBalancer

ARN_PREFIX = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer"


def balancer(name, balancer_type, protected=False):
    segment = {"application": "app", "network": "net", "gateway": "gwy"}.get(balancer_type)
    arn = f"{ARN_PREFIX}/{segment}/{name}/0123" if segment else None
    return LoadBalancer(name, balancer_type, arn, "vpc-1", ("subnet-a",), ("sg-1",), protected)


CLASSIC = balancer("web", "classic")
APPLICATION = balancer("web", "application")
NETWORK = balancer("web", "network")


@pytest.mark.parametrize(
    "requested, found, expected",
    [
        ("auto", [], None),
        ("auto", [APPLICATION], APPLICATION),
        ("auto", [CLASSIC], CLASSIC),
        ("application", [APPLICATION], APPLICATION),
        ("classic", [CLASSIC, APPLICATION], CLASSIC),
        ("application", [CLASSIC, APPLICATION], APPLICATION),
        ("network", [], None),
    ],
)
def test_select_load_balancer(requested, found, expected):
    assert select_load_balancer("web", requested, found) == expected


@pytest.mark.parametrize(
    "requested, found, fragment",
    [
        ("network", [APPLICATION], "is an application load balancer, not a network load balancer. Set type to application or auto"),
        ("classic", [NETWORK], "is a network load balancer, not a classic load balancer"),
        ("auto", [CLASSIC, APPLICATION], "Two load balancers are named web: a classic load balancer and an application"),
    ],
)
def test_select_load_balancer_rejects(requested, found, fragment):
    with pytest.raises(ElbDeleteError) as raised:
        select_load_balancer("web", requested, found)

    assert fragment in raised.value.message


def test_deletion_protection_rejected_by_default():
    protected = balancer("pay", "application", protected=True)

    with pytest.raises(ElbDeleteError) as raised:
        check_deletion_protection([APPLICATION, protected], disable_deletion_protection=False)

    assert "pay (arn:" in raised.value.message
    assert "disable_deletion_protection" in raised.value.message
    assert "Nothing was deleted" in raised.value.message


def test_deletion_protection_disabled_on_request():
    protected = balancer("pay", "network", protected=True)

    assert check_deletion_protection([APPLICATION, protected], disable_deletion_protection=True) == [protected]


def test_unique_names_keeps_order():
    assert unique_names(["web", "api", "web"]) == ["web", "api"]


def test_unique_names_lists_every_invalid_name():
    with pytest.raises(ElbDeleteError) as raised:
        unique_names(["web", f"{ARN_PREFIX}/app/web/0123", "bad_name"])

    assert "is an ARN" in raised.value.message
    assert "'bad_name' is not a valid load balancer name" in raised.value.message


def test_plan_result_shape():
    plan = DeletePlan([APPLICATION, CLASSIC], [], ["ELB app/web/0123", "ELB web"], [])

    result = plan.result()

    assert result["changed"] is True
    assert [item["eni_description"] for item in result["load_balancers"]] == ["ELB app/web/0123", "ELB web"]
    assert "load_balancer_arn" not in result["load_balancers"][1]
    assert result["wait"] == {"seconds": 0.0, "rounds": 0}


def test_plan_without_load_balancers_is_unchanged():
    assert DeletePlan([], [], ["ELB web"], []).result()["changed"] is False


class FakeClassicElb:
    def describe_load_balancers(self, LoadBalancerNames, aws_retry=False):
        raise botocore.exceptions.ClientError(
            {"Error": {"Code": "LoadBalancerNotFound", "Message": "not found"}}, "DescribeLoadBalancers"
        )


class FakeElbv2:
    """An elbv2 client that knows one application load balancer, web."""

    arn = f"{ARN_PREFIX}/app/web/0123"

    def __init__(self):
        self.deleted = []

    def describe_load_balancers(self, Names, aws_retry=False):
        if Names != ["web"]:
            raise botocore.exceptions.ClientError(
                {"Error": {"Code": "LoadBalancerNotFound", "Message": "not found"}}, "DescribeLoadBalancers"
            )
        return {
            "LoadBalancers": [
                {
                    "LoadBalancerName": "web",
                    "LoadBalancerArn": self.arn,
                    "Type": "application",
                    "VpcId": "vpc-1",
                    "AvailabilityZones": [{"SubnetId": "subnet-a", "ZoneName": "us-east-1a"}],
                    "SecurityGroups": ["sg-1"],
                }
            ]
        }

    def describe_load_balancer_attributes(self, LoadBalancerArn, aws_retry=False):
        return {"Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"}]}

    def delete_load_balancer(self, LoadBalancerArn, aws_retry=False):
        self.deleted.append(LoadBalancerArn)


def managed_eni(eni_id, description):
    return {"NetworkInterfaceId": eni_id, "Description": description, "Status": "in-use", "RequesterManaged": True}


@pytest.fixture
def ec2():
    client = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        client.stubber = stubber
        yield client
        stubber.assert_no_pending_responses()


def test_plan_includes_earlier_same_name_enis(ec2):
    elbv2 = FakeElbv2()
    clients = ElbClients(FakeClassicElb(), elbv2, ec2)
    found = [
        managed_eni("eni-1", "ELB app/web/0123"),
        managed_eni("eni-2", "ELB web"),
        managed_eni("eni-3", "ELB web-2"),
        managed_eni("eni-4", "ELB app/web/9999"),
    ]
    ec2.stubber.add_response("describe_network_interfaces", {"NetworkInterfaces": found})
    ec2.stubber.add_response("describe_network_interfaces", {"NetworkInterfaces": []})

    plan = build_plan(clients, ["web", "api"], "auto", disable_deletion_protection=False)
    result = apply_plan(clients, plan, wait_timeout=60, sleep=lambda seconds: None)

    assert plan.descriptions == ["ELB app/web/0123", "ELB app/web/9999", "ELB web"]
    assert [item["network_interface_id"] for item in result["network_interfaces"]] == ["eni-1", "eni-2", "eni-4"]
    assert elbv2.deleted == [FakeElbv2.arn]
    assert result["changed"] is True
    assert result["wait"]["rounds"] == 1
