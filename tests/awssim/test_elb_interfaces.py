"""The simulator's load balancers: their ENIs, how the ENIs outlive a deletion, and ARNs."""

import time

import pytest

ELB_TIMINGS = {"elb_eni_attached": 0.6, "elb_eni_available": 0.6}

NETWORK = {
    "vpcs": {
        "shop": {
            "cidr": "10.30.0.0/16",
            "subnets": {
                "shop-a": {"cidr": "10.30.1.0/24", "az": "us-east-1a"},
                "shop-b": {"cidr": "10.30.2.0/24", "az": "us-east-1b"},
            },
            "security_groups": {"shop-lb": {"description": "Load balancer"}},
        }
    }
}


@pytest.fixture
def seeded(simulator):
    simulator.control("POST", "timings", ELB_TIMINGS)

    def seed(load_balancers=(), network_interfaces=()):
        document = dict(NETWORK, load_balancers=list(load_balancers), network_interfaces=list(network_interfaces))
        return simulator.control("POST", "seed", document)

    return seed


def interfaces(ec2, description_values):
    filters = [{"Name": "description", "Values": list(description_values)}]
    return ec2.describe_network_interfaces(Filters=filters)["NetworkInterfaces"]


@pytest.mark.parametrize(
    "balancer_type, arn_segment",
    [("application", "app"), ("network", "net"), ("gateway", "gwy")],
)
def test_v2_load_balancer_creates_one_eni_per_subnet(aws, seeded, balancer_type, arn_segment):
    groups = [] if balancer_type == "gateway" else ["shop-lb"]
    created = seeded(
        [{"name": "web", "type": balancer_type, "subnets": ["shop-a", "shop-b"], "security_groups": groups}]
    )
    arn = created["load_balancers"]["web"]
    balancer_id = arn.rsplit("/", 1)[1]
    assert f":loadbalancer/{arn_segment}/web/" in arn

    found = interfaces(aws("ec2"), [f"ELB {arn_segment}/web/{balancer_id}"])

    assert sorted(eni["SubnetId"] for eni in found) == sorted(created["subnets"].values())
    for eni in found:
        assert eni["RequesterManaged"] is True
        assert eni["RequesterId"] == "amazon-elb"
        assert eni["Status"] == "in-use"
        assert eni["Attachment"]["Status"] == "attached"
        assert "InstanceId" not in eni["Attachment"]
        assert [group["GroupId"] for group in eni["Groups"]] == [created["security_groups"][name] for name in groups]


def test_v2_arn_type_matches_describe(aws, seeded):
    created = seeded([{"name": "edge", "type": "network", "subnets": ["shop-a"]}])

    described = aws("elbv2").describe_load_balancers(Names=["edge"])["LoadBalancers"][0]

    assert described["LoadBalancerArn"] == created["load_balancers"]["edge"]
    assert described["Type"] == "network"


def test_classic_load_balancer_eni_description_is_name(aws, seeded):
    created = seeded(
        [{"name": "legacy", "type": "classic", "subnets": ["shop-a", "shop-b"], "security_groups": ["shop-lb"]}]
    )

    found = interfaces(aws("ec2"), ["ELB legacy"])

    assert sorted(eni["SubnetId"] for eni in found) == sorted(created["subnets"].values())
    assert {eni["RequesterId"] for eni in found} == {"amazon-elb"}
    assert {group["GroupId"] for eni in found for group in eni["Groups"]} == {created["security_groups"]["shop-lb"]}


def test_classic_load_balancer_by_zone_uses_default_subnet(aws, seeded):
    seeded([{"name": "zonal", "type": "classic", "availability_zones": ["us-east-1b"]}])
    ec2 = aws("ec2")
    default_subnet = ec2.describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["true"]}, {"Name": "availability-zone", "Values": ["us-east-1b"]}]
    )["Subnets"][0]

    found = interfaces(ec2, ["ELB zonal"])

    assert [eni["SubnetId"] for eni in found] == [default_subnet["SubnetId"]]


def test_eni_description_filter_is_exact(aws, seeded):
    seeded(
        [
            {"name": "web", "type": "classic", "subnets": ["shop-a"]},
            {"name": "web-2", "type": "classic", "subnets": ["shop-a"]},
        ]
    )

    found = interfaces(aws("ec2"), ["ELB web"])

    assert [eni["Description"] for eni in found] == ["ELB web"]


def test_deleted_load_balancer_is_gone_but_enis_linger(aws, seeded, simulator):
    created = seeded([{"name": "web", "type": "application", "subnets": ["shop-a"], "security_groups": ["shop-lb"]}])
    elbv2, ec2 = aws("elbv2"), aws("ec2")
    arn = created["load_balancers"]["web"]
    description = "ELB " + arn.split(":loadbalancer/")[1]

    simulator.control("POST", "timings", {"elb_eni_attached": 0.6, "elb_eni_available": 1.2})
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    deleted_at = time.monotonic()

    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
    states = []
    while time.monotonic() - deleted_at < 4.0 and "gone" not in states:
        found = interfaces(ec2, [description])
        states.append(found[0]["Status"] if found else "gone")
        if found and found[0]["Status"] == "available":
            assert "Attachment" not in found[0]
        time.sleep(0.1)
    assert states[0] == "in-use"
    assert "available" in states
    assert states[-1] == "gone"
    assert states.index("in-use") < states.index("available") < states.index("gone")


def test_linger_durations_come_from_timings(aws, seeded, simulator):
    simulator.control("POST", "timings", {"elb_eni_attached": 30, "elb_eni_available": 30})
    seeded([{"name": "slow", "type": "classic", "subnets": ["shop-a"]}])

    aws("elb").delete_load_balancer(LoadBalancerName="slow")
    time.sleep(0.3)

    assert [eni["Status"] for eni in interfaces(aws("ec2"), ["ELB slow"])] == ["in-use"]


def test_other_load_balancers_keep_their_enis(aws, seeded):
    created = seeded(
        [
            {"name": "web", "type": "application", "subnets": ["shop-a"], "security_groups": ["shop-lb"]},
            {"name": "web-2", "type": "application", "subnets": ["shop-a"], "security_groups": ["shop-lb"]},
        ]
    )
    aws("elbv2").delete_load_balancer(LoadBalancerArn=created["load_balancers"]["web"])
    time.sleep(1.5)

    remaining = interfaces(aws("ec2"), ["ELB app/*"])

    assert [eni["Description"].split("/")[1] for eni in remaining] == ["web-2"]
    assert remaining[0]["Status"] == "in-use"


def test_reset_forgets_lingering_enis(aws, seeded, simulator):
    simulator.control("POST", "timings", {"elb_eni_attached": 30})
    seeded([{"name": "web", "type": "classic", "subnets": ["shop-a"]}])
    aws("elb").delete_load_balancer(LoadBalancerName="web")

    simulator.control("POST", "reset")

    assert aws("ec2").describe_network_interfaces()["NetworkInterfaces"] == []
