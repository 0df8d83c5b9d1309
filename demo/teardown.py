"""Demo: tear down load balancers, their security groups and subnets on the simulator.

Run it from the repository root with ``.venv/bin/python -m demo.teardown``, or call
``run()``. It starts a simulator on 127.0.0.1 and seeds a VPC with application, network
and classic load balancers. It shows that deleting a subnet right after its load balancer
fails with DependencyViolation. Then it runs ``ansible-playbook racefree.ops.teardown``,
which deletes everything with one call per resource.
"""

import json
import subprocess
import sys

import botocore.exceptions

from tests.awssim.process import REPO_ROOT, SimulatorProcess

# The ENIs of a deleted load balancer stay attached for 3 s, then available for 2 s.
DEMO_TIMINGS = {"elb_eni_attached": 3.0, "elb_eni_available": 2.0}

SEED = {
    "vpcs": {
        "demo": {
            "cidr": "10.70.0.0/16",
            "subnets": {
                "demo-a": {"cidr": "10.70.1.0/24", "az": "us-east-1a"},
                "demo-b": {"cidr": "10.70.2.0/24", "az": "us-east-1b"},
                "demo-naive": {"cidr": "10.70.3.0/24", "az": "us-east-1c"},
            },
            "security_groups": {"demo-lb": {"description": "Demo load balancers"}},
        }
    },
    "load_balancers": [
        {"name": "demo-web", "type": "application", "subnets": ["demo-a", "demo-b"], "security_groups": ["demo-lb"]},
        {"name": "demo-edge", "type": "network", "subnets": ["demo-b"], "security_groups": ["demo-lb"]},
        {"name": "demo-legacy", "type": "classic", "subnets": ["demo-a"], "security_groups": ["demo-lb"]},
        {"name": "demo-naive", "type": "classic", "subnets": ["demo-naive"]},
    ],
}
DELETE_ACTIONS = ("elasticloadbalancing:DeleteLoadBalancer", "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet")


def _client(simulator, service):
    return simulator.client(service)


def _show_naive_delete(simulator, subnet_id):
    """Delete a classic load balancer, then its subnet at once, and print the error."""
    _client(simulator, "elb").delete_load_balancer(LoadBalancerName="demo-naive")
    try:
        _client(simulator, "ec2").delete_subnet(SubnetId=subnet_id)
    except botocore.exceptions.ClientError as error:
        print(f"Deleting {subnet_id} right after its load balancer fails: {error}")
        return
    print(f"Deleting {subnet_id} right after its load balancer succeeded, which AWS would not allow.")


def run():
    """Run the demo and return the playbook's exit status."""
    simulator = SimulatorProcess(timings=DEMO_TIMINGS)
    try:
        print(f"Simulator at {simulator.endpoint_url}")
        created = simulator.control("POST", "seed", SEED)
        _show_naive_delete(simulator, created["subnets"]["demo-naive"])
        simulator.control("DELETE", "calls")

        # demo-naive is already gone, but its ENIs still block its subnet, so the
        # playbook waits for them too.
        extra_vars = {
            "lb_teardown_load_balancers": [spec["name"] for spec in SEED["load_balancers"]],
            "lb_teardown_security_group_ids": sorted(created["security_groups"].values()),
            "lb_teardown_subnet_ids": sorted(created["subnets"].values()),
            "lb_teardown_wait_timeout": 120,
        }
        command = [str(REPO_ROOT / ".venv" / "bin" / "ansible-playbook"), "racefree.ops.teardown"]
        command += ["-e", json.dumps(extra_vars)]
        print("$ " + " ".join(command[:2]) + " -e '" + command[3] + "'", flush=True)
        status = subprocess.run(command, cwd=REPO_ROOT, env=simulator.aws_env(), check=False).returncode

        counts = simulator.control("GET", "calls")
        for action in DELETE_ACTIONS:
            print(f"{action}: {counts.get(action, 0)} call(s)")
        return status
    finally:
        simulator.stop()


def main():
    return run()


if __name__ == "__main__":
    sys.exit(main())
