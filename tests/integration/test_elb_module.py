"""racefree.ops.elb_delete_wait_enis run as ``ansible localhost -m ...`` against the simulator."""

import subprocess
import time

import botocore.exceptions
import pytest

from tests.integration.elb_helpers import BIN, REPO_ROOT, ansible_env, calls, client, elb_simulator  # noqa: F401  # pylint: disable=unused-import
from tests.integration.elb_helpers import interfaces_described, run_module, seed

ALB_WEB = {"name": "web", "type": "application", "subnets": ["shop-a", "shop-b"], "security_groups": ["shop-lb"]}
ALB_WEB_2 = {"name": "web-2", "type": "application", "subnets": ["shop-a"], "security_groups": ["shop-lb"]}
ALL_TYPES = [
    {"name": "lb-classic", "type": "classic", "subnets": ["shop-a"], "security_groups": ["shop-legacy"]},
    {"name": "lb-app", "type": "application", "subnets": ["shop-a", "shop-b"], "security_groups": ["shop-lb"]},
    {"name": "lb-net", "type": "network", "subnets": ["shop-b"], "security_groups": ["shop-lb"]},
    {"name": "lb-gwy", "type": "gateway", "subnets": ["shop-a"]},
]


def eni_description(arn):
    return "ELB " + arn.split(":loadbalancer/")[1]


def test_security_group_deletable_after_classic(elb_simulator):
    created = seed(
        elb_simulator,
        [{"name": "lb-x", "type": "classic", "subnets": ["shop-a"], "security_groups": ["shop-legacy"]}],
    )

    rc, result, _output = run_module(elb_simulator, {"name": "lb-x"})

    assert rc == 0, result
    assert result["changed"] is True
    assert [item["load_balancer_name"] for item in result["load_balancers"]] == ["lb-x"]
    assert [item["description"] for item in result["network_interfaces"]] == ["ELB lb-x"]
    client(elb_simulator, "ec2").delete_security_group(GroupId=created["security_groups"]["shop-legacy"])
    assert calls(elb_simulator)["ec2:DeleteSecurityGroup"] == 1


def test_subnet_deletable_after_application(elb_simulator):
    created = seed(elb_simulator, [ALB_WEB])

    rc, result, _output = run_module(elb_simulator, {"name": "web", "type": "application"})

    assert rc == 0, result
    assert sorted(item["subnet_id"] for item in result["network_interfaces"]) == sorted(created["subnets"].values())
    assert result["wait"]["rounds"] >= 2
    ec2 = client(elb_simulator, "ec2")
    for subnet_id in created["subnets"].values():
        ec2.delete_subnet(SubnetId=subnet_id)
    assert calls(elb_simulator)["ec2:DeleteSubnet"] == 2


def test_timeout_lists_enis_and_subnets(elb_simulator):
    elb_simulator.control("POST", "timings", {"elb_eni_attached": 30})
    created = seed(elb_simulator, [ALB_WEB])
    description = eni_description(created["load_balancers"]["web"])
    eni_ids = sorted(eni["NetworkInterfaceId"] for eni in interfaces_described(elb_simulator, [description]))

    rc, result, seconds = run_module(elb_simulator, {"name": "web", "wait_timeout": 2})

    assert rc != 0
    message = result["msg"]
    assert "Timed out after 2 s" in message
    for eni_id in eni_ids:
        assert eni_id in message
    for subnet_id in created["subnets"].values():
        assert f"in {subnet_id}" in message
    assert "Load balancers deleted in this run: web" in message
    assert sorted(item["network_interface_id"] for item in result["network_interfaces"]) == eni_ids
    assert result["load_balancers"][0]["load_balancer_name"] == "web"
    assert seconds < 20


def test_rerun_after_timeout_waits_for_lingering(elb_simulator):
    # The first run times out at once, and the ENIs outlive the start of the second run.
    elb_simulator.control("POST", "timings", {"elb_eni_attached": 5.0, "elb_eni_available": 1.0})
    created = seed(elb_simulator, [ALB_WEB])

    first_rc, first, _output = run_module(elb_simulator, {"name": "web", "wait_timeout": 0})
    rc, result, _output = run_module(elb_simulator, {"name": "web", "wait_timeout": 60})

    assert first_rc != 0
    assert "Timed out" in first["msg"]
    assert rc == 0, result
    assert result["changed"] is False
    assert result["load_balancers"] == []
    assert len(result["network_interfaces"]) == 2
    assert result["wait"]["rounds"] >= 1
    assert interfaces_described(elb_simulator, [eni_description(created["load_balancers"]["web"])]) == []
    client(elb_simulator, "ec2").delete_subnet(SubnetId=created["subnets"]["shop-b"])


def test_available_enis_waited_and_web2_ignored(elb_simulator):
    elb_simulator.control("POST", "timings", {"elb_eni_attached": 0.5, "elb_eni_available": 2.0})
    created = seed(elb_simulator, [ALB_WEB, ALB_WEB_2])
    web_description = eni_description(created["load_balancers"]["web"])
    web2_description = eni_description(created["load_balancers"]["web-2"])

    rc, result, _output = run_module(elb_simulator, {"name": "web"})

    assert rc == 0, result
    assert {item["description"] for item in result["network_interfaces"]} == {web_description}
    assert "web-2" not in str(result)
    assert result["wait"]["seconds"] >= 2.0
    assert interfaces_described(elb_simulator, [web_description]) == []
    remaining = interfaces_described(elb_simulator, [web2_description])
    assert [eni["Status"] for eni in remaining] == ["in-use"]
    names = [lb["LoadBalancerName"] for lb in client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]]
    assert names == ["web-2"]


def test_deletion_protection_fails_at_once(elb_simulator):
    guarded = dict(ALB_WEB, name="pay", deletion_protection=True)
    seed(elb_simulator, [guarded, ALB_WEB_2])
    elb_simulator.control("DELETE", "calls")

    rc, result, seconds = run_module(elb_simulator, {"names": ["web-2", "pay"], "wait_timeout": 60})

    assert rc != 0
    assert "pay" in result["msg"]
    assert "disable_deletion_protection" in result["msg"]
    assert "Nothing was deleted" in result["msg"]
    assert seconds < 20
    counts = calls(elb_simulator)
    assert "elasticloadbalancing:DeleteLoadBalancer" not in counts
    assert "elasticloadbalancing:ModifyLoadBalancerAttributes" not in counts
    names = sorted(lb["LoadBalancerName"] for lb in client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"])
    assert names == ["pay", "web-2"]


def test_disable_deletion_protection_proceeds(elb_simulator):
    created = seed(elb_simulator, [dict(ALB_WEB, name="pay", type="network", deletion_protection=True)])

    rc, result, _output = run_module(elb_simulator, {"name": "pay", "disable_deletion_protection": True})

    assert rc == 0, result
    assert result["changed"] is True
    assert result["load_balancers"][0]["deletion_protection"] is True
    assert client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert interfaces_described(elb_simulator, [eni_description(created["load_balancers"]["pay"])]) == []


def test_all_types_in_one_task(elb_simulator):
    created = seed(elb_simulator, ALL_TYPES)
    names = [spec["name"] for spec in ALL_TYPES]
    elb_simulator.control("DELETE", "calls")

    rc, result, _output = run_module(elb_simulator, {"names": names})

    assert rc == 0, result
    assert {item["load_balancer_name"]: item["type"] for item in result["load_balancers"]} == {
        "lb-classic": "classic",
        "lb-app": "application",
        "lb-net": "network",
        "lb-gwy": "gateway",
    }
    assert {item["eni_description"] for item in result["load_balancers"]} == {
        "ELB lb-classic",
        eni_description(created["load_balancers"]["lb-app"]),
        eni_description(created["load_balancers"]["lb-net"]),
        eni_description(created["load_balancers"]["lb-gwy"]),
    }
    assert len(result["network_interfaces"]) == 5
    # One call finds the ENIs before the deletion, then one call per poll round.
    assert calls(elb_simulator)["ec2:DescribeNetworkInterfaces"] == result["wait"]["rounds"] + 1
    ec2 = client(elb_simulator, "ec2")
    for group_id in created["security_groups"].values():
        ec2.delete_security_group(GroupId=group_id)
    for subnet_id in created["subnets"].values():
        ec2.delete_subnet(SubnetId=subnet_id)


def test_check_mode_changes_nothing(elb_simulator):
    created = seed(elb_simulator, [ALB_WEB])

    rc, result, _output = run_module(elb_simulator, {"name": "web"}, check=True)

    assert rc == 0, result
    assert result["changed"] is True
    assert [item["load_balancer_name"] for item in result["load_balancers"]] == ["web"]
    assert {item["status"] for item in result["network_interfaces"]} == {"in-use"}
    assert len(result["network_interfaces"]) == 2
    assert result["wait"] == {"seconds": 0.0, "rounds": 0}
    arns = [lb["LoadBalancerArn"] for lb in client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]]
    assert arns == [created["load_balancers"]["web"]]
    assert "elasticloadbalancing:DeleteLoadBalancer" not in calls(elb_simulator)


def test_second_run_is_unchanged(elb_simulator):
    seed(elb_simulator, [ALB_WEB])
    run_module(elb_simulator, {"name": "web"})
    elb_simulator.control("DELETE", "calls")

    rc, result, seconds = run_module(elb_simulator, {"name": "web"})

    assert rc == 0, result
    assert result["changed"] is False
    assert result["load_balancers"] == []
    assert result["network_interfaces"] == []
    assert result["wait"] == {"seconds": 0.0, "rounds": 0}
    assert calls(elb_simulator)["ec2:DescribeNetworkInterfaces"] == 1


def test_unknown_name_is_unchanged(elb_simulator):
    seed(elb_simulator, [ALB_WEB])

    rc, result, _output = run_module(elb_simulator, {"name": "we"})

    assert rc == 0, result
    assert result["changed"] is False
    assert len(client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]) == 1


def test_arn_as_name_is_rejected(elb_simulator):
    created = seed(elb_simulator, [ALB_WEB])

    rc, result, _output = run_module(elb_simulator, {"name": created["load_balancers"]["web"]})

    assert rc != 0
    assert "is an ARN. Give the load balancer name (here web) instead" in result["msg"]
    assert "elasticloadbalancing:DeleteLoadBalancer" not in calls(elb_simulator)


def test_wrong_type_is_rejected(elb_simulator):
    seed(elb_simulator, [ALB_WEB])

    rc, result, _output = run_module(elb_simulator, {"name": "web", "type": "network"})

    assert rc != 0
    assert "Load balancer web is an application load balancer, not a network load balancer" in result["msg"]
    assert "Set type to application or auto" in result["msg"]
    assert len(client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]) == 1


def test_name_in_both_apis_needs_type(elb_simulator):
    seed(elb_simulator, [ALB_WEB, {"name": "web", "type": "classic", "subnets": ["shop-a"]}])

    rc, result, _output = run_module(elb_simulator, {"name": "web"})
    typed_rc, typed, _output = run_module(elb_simulator, {"name": "web", "type": "classic"})

    assert rc != 0
    assert "Two load balancers are named web" in result["msg"]
    assert typed_rc == 0, typed
    assert [item["type"] for item in typed["load_balancers"]] == ["classic"]
    assert len(client(elb_simulator, "elbv2").describe_load_balancers()["LoadBalancers"]) == 1


def test_throttled_polls_are_retried(elb_simulator):
    elb_simulator.control("POST", "timings", {"elb_eni_attached": 2.0, "elb_eni_available": 2.0})
    seed(elb_simulator, [ALB_WEB])
    env = ansible_env(elb_simulator, AWS_MAX_ATTEMPTS="1")
    command = [str(BIN / "ansible"), "localhost", "-m", "racefree.ops.elb_delete_wait_enis"]
    process = subprocess.Popen(
        command + ["-a", "name=web"], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while "elasticloadbalancing:DeleteLoadBalancer" not in calls(elb_simulator):
            assert time.monotonic() < deadline, "the module never deleted the load balancer"
            time.sleep(0.05)
        elb_simulator.control(
            "POST", "faults", {"service": "ec2", "action": "DescribeNetworkInterfaces", "code": "Throttling", "count": 2}
        )
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 0, stdout + stderr
    assert elb_simulator.control("GET", "faults")["injected"] == 2
    assert interfaces_described(elb_simulator, ["ELB app/web/*"]) == []


def test_unmanaged_eni_with_lb_description_ignored(elb_simulator):
    created = seed(elb_simulator, [ALB_WEB])
    ec2 = client(elb_simulator, "ec2")
    own = ec2.create_network_interface(SubnetId=created["subnets"]["shop-a"], Description="ELB web")
    own_id = own["NetworkInterface"]["NetworkInterfaceId"]

    rc, result, _output = run_module(elb_simulator, {"names": ["web"]})

    assert rc == 0, result
    assert own_id not in {item["network_interface_id"] for item in result["network_interfaces"]}
    with pytest.raises(botocore.exceptions.ClientError):
        ec2.delete_subnet(SubnetId=created["subnets"]["shop-a"])
