"""The teardown playbook and the lb_teardown role against the simulator."""

import pytest

from tests.integration.elb_helpers import calls, client, elb_simulator, recap, run_playbook, seed  # noqa: F401  # pylint: disable=unused-import

LOAD_BALANCERS = [
    {"name": "web", "type": "application", "subnets": ["shop-a", "shop-b"], "security_groups": ["shop-lb"]},
    {"name": "edge", "type": "network", "subnets": ["shop-b"], "security_groups": ["shop-lb"]},
    {"name": "legacy", "type": "classic", "subnets": ["shop-a"], "security_groups": ["shop-legacy"]},
]
LAMBDA_ENI = {
    "name": "orders-fn",
    "subnet": "shop-b",
    "description": "AWS Lambda VPC ENI-orders-fn-3c1e2f4a",
    "requester_id": "AROAEXAMPLE:orders-fn",
    "interface_type": "lambda",
}


def teardown_vars(created, **extra):
    variables = {
        "lb_teardown_load_balancers": [spec["name"] for spec in LOAD_BALANCERS],
        "lb_teardown_security_group_ids": sorted(created["security_groups"].values()),
        "lb_teardown_subnet_ids": sorted(created["subnets"].values()),
        "lb_teardown_wait_timeout": 60,
    }
    variables.update(extra)
    return variables


def test_teardown_deletes_everything_first_try(elb_simulator):
    created = seed(elb_simulator, LOAD_BALANCERS)
    elb_simulator.control("DELETE", "calls")

    completed = run_playbook(elb_simulator, "racefree.ops.teardown", teardown_vars(created))

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert recap(completed.stdout)["failed"] == 0
    counts = calls(elb_simulator)
    assert counts["elasticloadbalancing:DeleteLoadBalancer"] == 3
    assert counts["ec2:DeleteSecurityGroup"] == 2
    assert counts["ec2:DeleteSubnet"] == 2
    ec2 = client(elb_simulator, "ec2")
    assert ec2.describe_subnets(Filters=[{"Name": "subnet-id", "Values": list(created["subnets"].values())}])["Subnets"] == []
    assert ec2.describe_security_groups(
        Filters=[{"Name": "group-id", "Values": list(created["security_groups"].values())}]
    )["SecurityGroups"] == []
    assert client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert client(elb_simulator, "elb").describe_load_balancers()["LoadBalancerDescriptions"] == []


# The check-mode case runs the playbook by its path instead of its collection name.
@pytest.mark.parametrize(
    "playbook, check",
    [("racefree.ops.teardown", False), ("playbooks/teardown.yml", True)],
    ids=["apply", "check-by-path"],
)
def test_lambda_eni_blocks_teardown(elb_simulator, playbook, check):
    created = seed(elb_simulator, LOAD_BALANCERS, [LAMBDA_ENI])
    lambda_eni_id = created["network_interfaces"]["orders-fn"]
    elb_simulator.control("DELETE", "calls")

    completed = run_playbook(elb_simulator, playbook, teardown_vars(created), check=check)

    assert completed.returncode != 0
    assert lambda_eni_id in completed.stdout
    assert "AWS Lambda VPC ENI-orders-fn-3c1e2f4a" in completed.stdout
    assert f"in subnet {created['subnets']['shop-b']}" in completed.stdout
    counts = calls(elb_simulator)
    for action in ("elasticloadbalancing:DeleteLoadBalancer", "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet"):
        assert action not in counts
    assert len(client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]) == 2


def test_teardown_rejects_protected_load_balancer(elb_simulator):
    protected = [dict(LOAD_BALANCERS[0], deletion_protection=True)] + LOAD_BALANCERS[1:]
    created = seed(elb_simulator, protected)
    elb_simulator.control("DELETE", "calls")

    completed = run_playbook(elb_simulator, "racefree.ops.teardown", teardown_vars(created))

    assert completed.returncode != 0
    assert "disable_deletion_protection" in completed.stdout
    assert "elasticloadbalancing:DeleteLoadBalancer" not in calls(elb_simulator)
