"""Benchmark the load balancer ENI wait against a plain one-second polling loop.

    .venv/bin/python -m bench.bench_eni_wait [--linger 2 10 30] [--load-balancers 3]

For each linger time L, a fresh simulator on 127.0.0.1 keeps the ENIs of a deleted load
balancer for L seconds (60 % attached, 40 % available). Both approaches delete the same
application load balancers and then wait for all their ENIs:

- ``module``: racefree.ops's poller (``_elb_eni_poll.wait_until_gone``), the code that
  elb_delete_wait_enis runs after its deletions, called in-process without Ansible.
- ``1s loop``: one DescribeNetworkInterfaces with the same filter every second.

Reported per run: the seconds from the last deletion to the return, the lag after the
ENIs disappeared (those seconds minus L), and the DescribeNetworkInterfaces calls that
the simulator counted. The lag is measured from the client's receipt of the last
DeleteLoadBalancer response, so it can exceed the true lag by the few milliseconds
that response takes.
"""

import argparse
import os
import platform
import sys
import time

import boto3

from tests.awssim.process import REPO_ROOT, SimulatorProcess

sys.path.insert(0, str(REPO_ROOT / ".venv" / "collections"))

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry  # noqa: E402
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper  # noqa: E402
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import find_interfaces  # noqa: E402
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import wait_until_gone  # noqa: E402
from ansible_collections.racefree.ops.plugins.module_utils._polling import Deadline  # noqa: E402

DESCRIBE = "ec2:DescribeNetworkInterfaces"


def _client(simulator, service):
    client = boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=simulator.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return RetryingBotoClientWrapper(client, AWSRetry.jittered_backoff())


def _seed(simulator, count):
    subnets = {f"bench-{zone}": {"cidr": f"10.80.{index}.0/24", "az": f"us-east-1{zone}"} for index, zone in enumerate("ab", 1)}
    document = {
        "vpcs": {"bench": {"cidr": "10.80.0.0/16", "subnets": subnets, "security_groups": {"bench-lb": {}}}},
        "load_balancers": [
            {"name": f"bench-{index}", "type": "application", "subnets": list(subnets), "security_groups": ["bench-lb"]}
            for index in range(count)
        ],
    }
    arns = simulator.control("POST", "seed", document)["load_balancers"]
    return sorted(arns.values())


def _delete_all(elbv2, arns):
    for arn in arns:
        elbv2.delete_load_balancer(LoadBalancerArn=arn, aws_retry=True)
    return time.monotonic()


def _wait_module(ec2, descriptions):
    report = wait_until_gone(ec2, descriptions, Deadline(600), "the benchmark ENIs")
    return report.rounds


def _wait_plain_loop(ec2, descriptions):
    rounds = 0
    while True:
        rounds += 1
        if not find_interfaces(ec2, descriptions):
            return rounds
        time.sleep(1.0)


def measure(linger, count, approach):
    """Run one approach against a fresh simulator and return the measured values as a dict."""
    timings = {"elb_eni_attached": linger * 0.6, "elb_eni_available": linger * 0.4}
    simulator = SimulatorProcess(timings=timings)
    try:
        arns = _seed(simulator, count)
        elbv2, ec2 = _client(simulator, "elbv2"), _client(simulator, "ec2")
        descriptions = ["ELB " + arn.split(":loadbalancer/")[1] for arn in arns]
        simulator.control("DELETE", "calls")
        deleted = _delete_all(elbv2, arns)
        rounds = _wait_module(ec2, descriptions) if approach == "module" else _wait_plain_loop(ec2, descriptions)
        seconds = time.monotonic() - deleted
        calls = simulator.control("GET", "calls").get(DESCRIBE, 0)
    finally:
        simulator.stop()
    return {"approach": approach, "linger": linger, "seconds": seconds, "lag": seconds - linger, "rounds": rounds, "calls": calls}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.bench_eni_wait", description=__doc__.splitlines()[0])
    parser.add_argument("--linger", type=float, nargs="+", default=[2.0, 10.0, 30.0], help="ENI linger times in seconds")
    parser.add_argument("--load-balancers", type=int, default=3, help="application load balancers per run (default 3)")
    args = parser.parse_args(argv)

    print(f"# {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"# {args.load_balancers} application load balancers with 2 subnets each per run")
    print("| linger (s) | approach | wait (s) | lag after last ENI (s) | DescribeNetworkInterfaces calls |")
    print("|---:|---|---:|---:|---:|")
    for linger in args.linger:
        for approach in ("module", "1s loop"):
            row = measure(linger, args.load_balancers, approach)
            print(
                f"| {row['linger']:g} | {row['approach']} | {row['seconds']:.2f} | {row['lag']:.2f} | {row['calls']} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
