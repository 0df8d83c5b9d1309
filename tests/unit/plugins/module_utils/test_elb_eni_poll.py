import boto3
import pytest
from botocore.stub import ANY, Stubber

from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import InterfacesRemainError
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import find_interfaces
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import find_load_balancer_interfaces
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import wait_until_gone
from ansible_collections.racefree.ops.plugins.module_utils._polling import Deadline


def eni(eni_id, description, status="in-use", subnet="subnet-a", managed=True):
    return {
        "NetworkInterfaceId": eni_id,
        "Description": description,
        "Status": status,
        "SubnetId": subnet,
        "RequesterManaged": managed,
    }


@pytest.fixture
def ec2():
    client = boto3.client(
        "ec2", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        client.stubber = stubber
        yield client
        stubber.assert_no_pending_responses()


def expect_describe(ec2, values, interfaces, next_token=None, request_token=None):
    params = {
        "Filters": [{"Name": "description", "Values": values}],
        "MaxResults": 1000,
        "IncludeManagedResources": True,
    }
    if request_token:
        params["NextToken"] = request_token
    response = {"NetworkInterfaces": interfaces}
    if next_token:
        response["NextToken"] = next_token
    ec2.stubber.add_response("describe_network_interfaces", response, params)


@pytest.mark.parametrize(
    "names_and_types, exact, expected_values",
    [
        ([("web", "classic")], [], ["ELB web"]),
        ([("web", "application")], [], ["ELB app/web/*"]),
        ([("web", "network")], [], ["ELB net/web/*"]),
        ([("web", "gateway")], [], ["ELB gwy/web/*"]),
        (
            [("web", "auto")],
            [],
            ["ELB app/web/*", "ELB gwy/web/*", "ELB net/web/*", "ELB web"],
        ),
        (
            [("web", "application"), ("api", "auto")],
            ["ELB app/web/50dc"],
            [
                "ELB api",
                "ELB app/api/*",
                "ELB app/web/*",
                "ELB app/web/50dc",
                "ELB gwy/api/*",
                "ELB net/api/*",
            ],
        ),
    ],
)
def test_lingering_search_filter_values(ec2, names_and_types, exact, expected_values):
    expect_describe(ec2, expected_values, [])

    assert find_load_balancer_interfaces(ec2, exact, names_and_types) == []


@pytest.mark.parametrize(
    "balancer_type, returned, kept",
    [
        ("application", ["ELB app/web/1", "ELB app/web-2/2"], ["ELB app/web/1"]),
        ("auto", ["ELB web", "ELB web-2", "ELB net/web/3", "ELB net/webby/4"], ["ELB web", "ELB net/web/3"]),
        ("classic", ["ELB web", "ELB app/web/1"], ["ELB web"]),
        ("network", ["ELB app/web/1"], []),
    ],
)
def test_lingering_search_keeps_exact_name(ec2, balancer_type, returned, kept):
    interfaces = [eni(f"eni-{index}", description) for index, description in enumerate(returned)]
    expect_describe(ec2, ANY, interfaces)

    found = find_load_balancer_interfaces(ec2, [], [("web", balancer_type)])

    assert [item["Description"] for item in found] == kept


def test_lingering_search_ignores_unmanaged_enis(ec2):
    expect_describe(ec2, ANY, [eni("eni-1", "ELB app/web/1", managed=False), eni("eni-2", "ELB app/web/1")])

    found = find_load_balancer_interfaces(ec2, [], [("web", "application")])

    assert [item["NetworkInterfaceId"] for item in found] == ["eni-2"]


def test_find_interfaces_follows_pages(ec2):
    expect_describe(ec2, ["ELB web"], [eni("eni-1", "ELB web")], next_token="page-2")
    expect_describe(ec2, ["ELB web"], [eni("eni-2", "ELB web", subnet="subnet-b")], request_token="page-2")

    found = find_interfaces(ec2, ["ELB web"])

    assert [item["NetworkInterfaceId"] for item in found] == ["eni-1", "eni-2"]


def test_find_interfaces_batches_200_values(ec2):
    descriptions = sorted(f"ELB lb-{index:03d}" for index in range(201))
    expect_describe(ec2, descriptions[:200], [eni("eni-1", "ELB lb-000")])
    expect_describe(ec2, descriptions[200:], [eni("eni-2", "ELB lb-200")])

    found = find_interfaces(ec2, descriptions)

    assert [item["NetworkInterfaceId"] for item in found] == ["eni-1", "eni-2"]


def test_find_interfaces_without_descriptions_calls_nothing(ec2):
    assert find_interfaces(ec2, []) == []


def test_wait_polls_all_descriptions_in_one_call(ec2, clock):
    values = ["ELB app/web/1", "ELB web"]
    expect_describe(ec2, values, [eni("eni-1", "ELB web"), eni("eni-2", "ELB app/web/1", status="available")])
    expect_describe(ec2, values, [eni("eni-2", "ELB app/web/1", status="available")])
    expect_describe(ec2, values, [])

    report = wait_until_gone(
        ec2, values, Deadline(60, clock), "the ENIs", sleep=clock.sleep, clock=clock
    )

    assert report.rounds == 3
    assert report.seconds == pytest.approx(1.0 + 1.5)


def test_wait_retries_throttling(ec2, clock):
    ec2.stubber.add_client_error("describe_network_interfaces", "RequestLimitExceeded", http_status_code=503)
    ec2.stubber.add_client_error("describe_network_interfaces", "RequestLimitExceeded", http_status_code=400)
    expect_describe(ec2, ["ELB web"], [])

    report = wait_until_gone(ec2, ["ELB web"], Deadline(60, clock), "the ENIs", sleep=clock.sleep, clock=clock)

    assert report.rounds == 3


def test_wait_never_counts_throttling_as_gone(ec2, clock):
    known = [eni("eni-1", "ELB web", subnet="subnet-a")]
    for _attempt in range(4):
        ec2.stubber.add_client_error("describe_network_interfaces", "RequestLimitExceeded")

    with pytest.raises(InterfacesRemainError) as raised:
        wait_until_gone(
            ec2, ["ELB web"], Deadline(3, clock), "the ENIs", interfaces=known, sleep=clock.sleep, clock=clock
        )

    assert "RequestLimitExceeded" in str(raised.value)
    assert "last seen: eni-1 (ELB web, in-use, in subnet-a)" in str(raised.value)


def test_wait_timeout_names_remaining_enis(ec2, clock):
    remaining = [eni("eni-1", "ELB web", subnet="subnet-a"), eni("eni-2", "ELB web", status="available", subnet="subnet-b")]
    for _attempt in range(3):
        expect_describe(ec2, ["ELB web"], remaining)

    with pytest.raises(InterfacesRemainError) as raised:
        wait_until_gone(ec2, ["ELB web"], Deadline(2, clock), "the ENIs", sleep=clock.sleep, clock=clock)

    message = str(raised.value)
    assert "Timed out after 2 s waiting for the ENIs" in message
    assert "eni-1 (ELB web, in-use, in subnet-a)" in message
    assert "eni-2 (ELB web, available, in subnet-b)" in message
    assert [item["NetworkInterfaceId"] for item in raised.value.interfaces] == ["eni-1", "eni-2"]
    assert raised.value.rounds == 3
