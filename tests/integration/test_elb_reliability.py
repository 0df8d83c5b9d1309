"""elb_delete_wait_enis and the teardown under AWS faults, interruption and secrets checks."""

import json
import subprocess
import time

from tests.awssim.process import REPO_ROOT
from tests.integration.elb_helpers import BIN, ansible_env, calls, client, elb_simulator, recap, run_module  # noqa: F401  # pylint: disable=unused-import
from tests.integration.elb_helpers import run_playbook, seed
from tests.integration.processes import kill_tree

LOAD_BALANCERS = [
    {"name": "web", "type": "application", "subnets": ["shop-a", "shop-b"], "security_groups": ["shop-lb"]},
    {"name": "edge", "type": "network", "subnets": ["shop-b"], "security_groups": ["shop-lb"]},
    {"name": "legacy", "type": "classic", "subnets": ["shop-a"], "security_groups": ["shop-legacy"]},
]
FAULTS = [
    {"service": "ec2", "action": "*", "code": "Throttling", "rate": 0.3},
    {"service": "elasticloadbalancing", "action": "*", "code": "Throttling", "rate": 0.3},
    {"service": "ec2", "action": "*", "code": "InternalError", "status": 500, "rate": 0.05},
    {"service": "elasticloadbalancing", "action": "*", "code": "InternalFailure", "status": 500, "rate": 0.05},
]
DELETES = ["elasticloadbalancing:DeleteLoadBalancer", "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet"]


def executed(counts, action):
    """Count the calls of ``action`` that reached moto: all calls less the injected failures."""
    injected = sum(count for name, count in counts.items() if name.startswith(action + "!"))
    return counts.get(action, 0) - injected


def teardown_vars(created):
    return {
        "lb_teardown_load_balancers": [spec["name"] for spec in LOAD_BALANCERS],
        "lb_teardown_security_group_ids": sorted(created["security_groups"].values()),
        "lb_teardown_subnet_ids": sorted(created["subnets"].values()),
        "lb_teardown_wait_timeout": 120,
    }


def assert_all_gone(simulator, created):
    ec2 = client(simulator, "ec2")
    subnets = ec2.describe_subnets(Filters=[{"Name": "subnet-id", "Values": list(created["subnets"].values())}])
    assert subnets["Subnets"] == []
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-id", "Values": list(created["security_groups"].values())}])
    assert groups["SecurityGroups"] == []
    assert client(simulator, "elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert client(simulator, "elb").describe_load_balancers()["LoadBalancerDescriptions"] == []


def test_teardown_under_throttling_and_server_errors(elb_simulator):
    created = seed(elb_simulator, LOAD_BALANCERS)
    elb_simulator.control("DELETE", "calls")
    for fault in FAULTS:
        elb_simulator.control("POST", "faults", fault)

    completed = run_playbook(elb_simulator, "racefree.ops.teardown", teardown_vars(created), timeout=600)

    assert completed.returncode == 0, completed.stdout[-4000:]
    counts = calls(elb_simulator)
    assert elb_simulator.control("GET", "faults")["injected"] > 0
    assert executed(counts, "elasticloadbalancing:DeleteLoadBalancer") == 3
    assert executed(counts, "ec2:DeleteSecurityGroup") == 2
    assert executed(counts, "ec2:DeleteSubnet") == 2
    assert counts.get("ec2:DeleteSubnet!DependencyViolation", 0) == 0
    assert counts.get("ec2:DeleteSecurityGroup!DependencyViolation", 0) == 0
    elb_simulator.control("DELETE", "faults")
    assert_all_gone(elb_simulator, created)


def test_eni_wait_under_throttling_and_server_errors(elb_simulator):
    seed(elb_simulator, LOAD_BALANCERS[:1])
    elb_simulator.control("DELETE", "calls")
    for fault in FAULTS:
        elb_simulator.control("POST", "faults", fault)

    code, result, _seconds = run_module(elb_simulator, {"name": "web", "wait_timeout": 120}, timeout=300)

    assert code == 0, result.get("msg")
    assert result["changed"] is True
    counts = calls(elb_simulator)
    assert executed(counts, "elasticloadbalancing:DeleteLoadBalancer") == 1
    elb_simulator.control("DELETE", "faults")
    assert client(elb_simulator, "ec2").describe_network_interfaces(
        Filters=[{"Name": "description", "Values": ["ELB app/web/*"]}]
    )["NetworkInterfaces"] == []


def test_teardown_rerun_after_kill_converges(elb_simulator):
    elb_simulator.control("POST", "timings", {"elb_eni_attached": 3.0, "elb_eni_available": 3.0})
    created = seed(elb_simulator, LOAD_BALANCERS)
    elb_simulator.control("DELETE", "calls")
    command = [str(BIN / "ansible-playbook"), "racefree.ops.teardown", "-e", json.dumps(teardown_vars(created))]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=ansible_env(elb_simulator), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    # Kill during the ENI wait: every load balancer deleted, no subnet or group yet.
    deadline = time.monotonic() + 120
    while executed(calls(elb_simulator), "elasticloadbalancing:DeleteLoadBalancer") < 2:
        assert process.poll() is None, process.stdout.read()[-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    kill_tree(process)
    assert executed(calls(elb_simulator), "ec2:DeleteSubnet") == 0

    completed = run_playbook(elb_simulator, "racefree.ops.teardown", teardown_vars(created), timeout=300)

    assert completed.returncode == 0, completed.stdout[-4000:]
    assert recap(completed.stdout)["failed"] == 0
    counts = calls(elb_simulator)
    assert executed(counts, "elasticloadbalancing:DeleteLoadBalancer") == 3
    assert executed(counts, "ec2:DeleteSubnet") == 2
    assert counts.get("ec2:DeleteSubnet!DependencyViolation", 0) == 0
    assert_all_gone(elb_simulator, created)


def test_secrets_never_reach_output(elb_simulator):
    seed(elb_simulator, LOAD_BALANCERS[:1])
    secret, token = "rf-secret-key-5d6e7f", "rf-session-token-8a9b0c"
    command = [str(BIN / "ansible"), "localhost", "-vvvv", "-m", "racefree.ops.elb_delete_wait_enis", "-a",
               json.dumps({"name": "web", "secret_key": secret, "session_token": token})]
    env = ansible_env(elb_simulator, AWS_SECRET_ACCESS_KEY=secret, AWS_SESSION_TOKEN=token)
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)

    output = completed.stdout + completed.stderr
    assert "CHANGED" in output
    assert secret not in output
    assert token not in output
