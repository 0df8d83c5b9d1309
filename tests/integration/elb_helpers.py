"""Running the load balancer module and the teardown playbook against the simulator."""

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.awssim.process import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"
INVENTORY = Path(__file__).with_name("elb_inventory.yml")
# Durations short enough for tests, long enough that a deletion that does not wait fails.
ELB_TIMINGS = {"elb_eni_attached": 1.0, "elb_eni_available": 1.0}
RESULT_LINE = re.compile(r"^localhost \| (CHANGED|SUCCESS|FAILED!) => ", re.MULTILINE)

NETWORK = {
    "vpcs": {
        "shop": {
            "cidr": "10.50.0.0/16",
            "subnets": {
                "shop-a": {"cidr": "10.50.1.0/24", "az": "us-east-1a"},
                "shop-b": {"cidr": "10.50.2.0/24", "az": "us-east-1b"},
            },
            "security_groups": {
                "shop-lb": {"description": "Load balancers"},
                "shop-legacy": {"description": "Classic load balancer"},
            },
        }
    }
}


@pytest.fixture
def elb_simulator(simulator):
    """The session's simulator, reset, with short load balancer ENI durations."""
    simulator.control("POST", "timings", ELB_TIMINGS)
    return simulator


def seed(simulator, load_balancers=(), network_interfaces=()):
    """Seed the shop VPC plus the given load balancers and ENIs, and return the ids by name."""
    document = dict(NETWORK, load_balancers=list(load_balancers), network_interfaces=list(network_interfaces))
    return simulator.control("POST", "seed", document)


def ansible_env(simulator, **extra):
    env = simulator.aws_env()
    env.update(
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_INVENTORY=str(INVENTORY),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


def run_module(simulator, arguments, check=False, timeout=120, env=None):
    """Run ``ansible localhost -m racefree.ops.elb_delete_wait_enis`` and return (rc, result, seconds)."""
    command = [str(BIN / "ansible"), "localhost", "-m", "racefree.ops.elb_delete_wait_enis"]
    command += ["-a", json.dumps(arguments)]
    if check:
        command.append("--check")
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=env or ansible_env(simulator), capture_output=True, check=False, text=True, timeout=timeout
    )
    seconds = time.monotonic() - started
    match = RESULT_LINE.search(completed.stdout)
    assert match, f"no module result in output:\n{completed.stdout}\n{completed.stderr}"
    result = json.loads(completed.stdout[match.end() :])
    return completed.returncode, result, seconds


def run_playbook(simulator, playbook, extra_vars, check=False, timeout=180, env=None):
    """Run ``ansible-playbook`` with ``extra_vars`` as JSON and return the CompletedProcess."""
    command = [str(BIN / "ansible-playbook"), playbook, "-e", json.dumps(extra_vars)]
    if check:
        command.append("--check")
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env or ansible_env(simulator), capture_output=True, check=False, text=True, timeout=timeout
    )


def recap(output):
    """Return the PLAY RECAP counters of localhost as a dict of ints."""
    line = next(line for line in output.splitlines() if line.startswith("localhost") and "ok=" in line)
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}


def client(simulator, service):
    return simulator.client(service)


def interfaces_described(simulator, descriptions):
    filters = [{"Name": "description", "Values": list(descriptions)}]
    return client(simulator, "ec2").describe_network_interfaces(Filters=filters)["NetworkInterfaces"]


def calls(simulator):
    return simulator.control("GET", "calls")
