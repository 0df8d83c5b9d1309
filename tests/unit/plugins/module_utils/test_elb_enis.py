import pytest

from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import batches
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import describe_interfaces
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import eni_description
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import interface_summary
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import invalid_name_reason
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import lingering_filter_values
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import matches_load_balancer
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import parse_eni_description
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import parse_v2_arn

ARN_PREFIX = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer"


@pytest.mark.parametrize(
    "balancer_type, name, arn, expected",
    [
        ("classic", "web", None, "ELB web"),
        ("classic", "web-2", None, "ELB web-2"),
        ("application", "web", f"{ARN_PREFIX}/app/web/50dc6c495c0c9188", "ELB app/web/50dc6c495c0c9188"),
        ("network", "edge", f"{ARN_PREFIX}/net/edge/a1b2c3d4e5f60718", "ELB net/edge/a1b2c3d4e5f60718"),
        ("gateway", "inspect", f"{ARN_PREFIX}/gwy/inspect/0f0e0d0c0b0a0908", "ELB gwy/inspect/0f0e0d0c0b0a0908"),
        (
            "application",
            "web",
            "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/web/1234",
            "ELB app/web/1234",
        ),
    ],
)
def test_eni_description_per_type(balancer_type, name, arn, expected):
    assert eni_description(balancer_type, name, arn) == expected


@pytest.mark.parametrize(
    "balancer_type, name, arn",
    [
        ("network", "web", f"{ARN_PREFIX}/app/web/50dc6c495c0c9188"),
        ("application", "web", f"{ARN_PREFIX}/app/web-2/50dc6c495c0c9188"),
        ("application", "web", None),
        ("application", "web", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1234"),
        ("bogus", "web", f"{ARN_PREFIX}/app/web/50dc6c495c0c9188"),
    ],
)
def test_eni_description_rejects_mismatch(balancer_type, name, arn):
    with pytest.raises(ValueError):
        eni_description(balancer_type, name, arn)


def test_parse_v2_arn_returns_parts():
    assert parse_v2_arn(f"{ARN_PREFIX}/gwy/inspect/0f0e") == ("gateway", "inspect", "0f0e")


@pytest.mark.parametrize(
    "description, expected",
    [
        ("ELB web", ("classic", "web")),
        ("ELB web-2", ("classic", "web-2")),
        ("ELB app/web/50dc6c495c0c9188", ("application", "web")),
        ("ELB net/web/50dc6c495c0c9188", ("network", "web")),
        ("ELB gwy/web/50dc6c495c0c9188", ("gateway", "web")),
        ("ELB app/web", None),
        ("ELB app/web/1/2", None),
        ("ELB ", None),
        ("AWS Lambda VPC ENI-orders-fn-3c1e2f4a", None),
        ("Interface for NAT Gateway nat-0123", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_eni_description(description, expected):
    assert parse_eni_description(description) == expected


@pytest.mark.parametrize(
    "description, name, balancer_type, expected",
    [
        ("ELB web", "web", "classic", True),
        ("ELB web-2", "web", "classic", False),
        ("ELB web", "web-2", "classic", False),
        ("ELB web", "web", "application", False),
        ("ELB web", "web", "auto", True),
        ("ELB app/web/50dc", "web", "application", True),
        ("ELB app/web-2/50dc", "web", "application", False),
        ("ELB app/web/50dc", "we", "application", False),
        ("ELB app/web/50dc", "web", "network", False),
        ("ELB app/web/50dc", "web", "auto", True),
        ("ELB net/web/50dc", "web", "network", True),
        ("ELB net/web-2/50dc", "web", "auto", False),
        ("ELB gwy/web/50dc", "web", "gateway", True),
        ("ELB gwy/web/50dc", "web", "classic", False),
        ("AWS Lambda VPC ENI-web", "web", "auto", False),
    ],
)
def test_matches_load_balancer_exactly(description, name, balancer_type, expected):
    assert matches_load_balancer(description, name, balancer_type) is expected


@pytest.mark.parametrize(
    "balancer_type, expected",
    [
        ("classic", ["ELB web"]),
        ("application", ["ELB app/web/*"]),
        ("network", ["ELB net/web/*"]),
        ("gateway", ["ELB gwy/web/*"]),
        ("auto", ["ELB web", "ELB app/web/*", "ELB net/web/*", "ELB gwy/web/*"]),
    ],
)
def test_lingering_filter_values_per_type(balancer_type, expected):
    assert lingering_filter_values("web", balancer_type) == expected


@pytest.mark.parametrize(
    "name, fragment",
    [
        (f"{ARN_PREFIX}/app/web/50dc", "is an ARN. Give the load balancer name (here web)"),
        ("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1", "is an ARN"),
        ("web_1", "not a valid load balancer name"),
        ("-web", "not a valid load balancer name"),
        ("web-", "not a valid load balancer name"),
        ("a" * 33, "not a valid load balancer name"),
        ("", "not a valid load balancer name"),
        ("ELB web", "not a valid load balancer name"),
    ],
)
def test_invalid_name_reason_explains(name, fragment):
    assert fragment in invalid_name_reason(name)


@pytest.mark.parametrize("name", ["web", "web-2", "a", "A1", "a" * 32, "internal-web"])
def test_invalid_name_reason_accepts_valid(name):
    assert invalid_name_reason(name) is None


def test_batches_split_in_order():
    assert batches(range(5), 2) == [[0, 1], [2, 3], [4]]
    assert batches([], 200) == []


def test_interface_summary_is_snake_case():
    interface = {
        "NetworkInterfaceId": "eni-1",
        "Description": "ELB web",
        "Status": "available",
        "SubnetId": "subnet-a",
        "VpcId": "vpc-1",
        "AvailabilityZone": "us-east-1a",
        "InterfaceType": "interface",
        "RequesterId": "amazon-elb",
        "Groups": [{"GroupId": "sg-1", "GroupName": "lb"}],
    }

    summary = interface_summary(interface)

    assert summary["network_interface_id"] == "eni-1"
    assert summary["status"] == "available"
    assert summary["attachment_status"] is None
    assert summary["subnet_id"] == "subnet-a"
    assert summary["security_group_ids"] == ["sg-1"]


def test_describe_interfaces_names_id_status_subnet():
    interfaces = [
        {"NetworkInterfaceId": "eni-2", "Description": "ELB web", "Status": "available", "SubnetId": "subnet-b"},
        {"NetworkInterfaceId": "eni-1", "Description": "ELB web", "Status": "in-use", "SubnetId": "subnet-a"},
    ]

    text = describe_interfaces(interfaces)

    assert text == "eni-1 (ELB web, in-use, in subnet-a), eni-2 (ELB web, available, in subnet-b)"
