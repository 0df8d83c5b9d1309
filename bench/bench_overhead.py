"""Benchmark a no-op run of each racefree.ops module beside ping and rds_instance_info.

    .venv/bin/python -m bench.bench_overhead [--runs 5]

Each command is an ad-hoc ``ansible localhost -m MODULE`` run against one simulator; the
commands take turns, so load changes hit all of them alike:

- ``ansible.builtin.ping`` and ``amazon.aws.rds_instance_info`` (one instance);
- ``racefree.ops.rds_restore_in_place`` rerun after a restore, which changes nothing;
- ``racefree.ops.elb_delete_wait_enis`` on a name that matches no load balancer;
- ``racefree.ops.nodeenv_prefix`` rerun on a virtualenv where everything is installed.

To show where the time goes, it also times ``python -X importtime`` imports of each
module file and of boto3 alone (median of 3 fresh interpreters), and the creation of the boto3 clients each module
creates, one boto3 session per client as amazon.aws's ``module.client()`` does (median
of 3 fresh interpreters). Prints a markdown section.
"""

import argparse
import re
import subprocess
import sys
import tempfile

from bench.bench_nodeenv import Scratch, timed_run
from bench.common import BIN, REPO_ROOT, load_average, median, run_adhoc, table
from tests.awssim.process import SimulatorProcess

TARGET_RATIO = 1.2
IMPORTS = {
    "ansible.builtin.ping": "ansible.modules.ping",
    "amazon.aws.rds_instance_info": "ansible_collections.amazon.aws.plugins.modules.rds_instance_info",
    "racefree.ops.rds_restore_in_place": "ansible_collections.racefree.ops.plugins.modules.rds_restore_in_place",
    "racefree.ops.elb_delete_wait_enis": "ansible_collections.racefree.ops.plugins.modules.elb_delete_wait_enis",
    "racefree.ops.nodeenv_prefix": "ansible_collections.racefree.ops.plugins.modules.nodeenv_prefix",
    "boto3 alone": "boto3",
}

# The boto3 clients each module creates through module.client().
CLIENTS = {
    "amazon.aws.rds_instance_info": ["rds"],
    "racefree.ops.rds_restore_in_place": ["rds"],
    "racefree.ops.elb_delete_wait_enis": ["elb", "elbv2", "ec2"],
}
CLIENT_SCRIPT = """
import sys, time
import boto3
started = time.perf_counter()
for service in sys.argv[1:]:
    session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    session.client(service, endpoint_url="http://127.0.0.1:9")
print(time.perf_counter() - started)
"""


def client_seconds(services):
    """Return the median seconds, over 3 fresh interpreters, to create one session and client per service."""
    seconds = []
    for _ in range(3):
        completed = subprocess.run(
            [str(BIN / "python"), "-c", CLIENT_SCRIPT, *services],
            env={"PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true", "HOME": str(REPO_ROOT / ".cache")},
            capture_output=True, text=True, check=True,
        )
        seconds.append(float(completed.stdout))
    return median(seconds)


def import_seconds(module):
    """Return the median cumulative import time of ``module`` over 3 fresh interpreters, from -X importtime."""
    pattern = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| " + re.escape(module) + "$")
    seconds = []
    for _ in range(3):
        completed = subprocess.run(
            [str(BIN / "python"), "-X", "importtime", "-c", f"import {module}"],
            cwd=REPO_ROOT, env={"PYTHONPATH": str(REPO_ROOT / ".venv" / "collections"), "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, check=True,
        )
        matches = [pattern.match(line) for line in completed.stderr.splitlines()]
        found = [int(match.group(1)) / 1e6 for match in matches if match]
        if not found:
            raise RuntimeError(f"no import time for {module} in the output of -X importtime")
        seconds.append(found[0])
    return median(seconds)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.bench_overhead", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args(argv)

    simulator = SimulatorProcess(timings={"rename_accept": 0.5, "rename": 1, "rename_settle": 0.5,
                                          "name_release": 0.5, "create": 1, "delete": 1})
    try:
        simulator.control("POST", "seed", {"db_instances": [{"identifier": "orders-db", "created": "-7d"}]})
        restore = {"db_instance_identifier": "orders-db", "use_latest_restorable_time": True}
        _, first = run_adhoc(simulator, "racefree.ops.rds_restore_in_place", restore)
        if not first.get("changed"):
            raise RuntimeError(f"the restore before the reruns failed: {first.get('msg')}")
        with tempfile.TemporaryDirectory(prefix="bench-overhead-") as directory:
            scratch = Scratch(directory)
            virtualenv = scratch.new_virtualenv("venv")
            timed_run(scratch.module_command(virtualenv), scratch.env)
            commands = [
                ("ansible.builtin.ping", {}),
                ("amazon.aws.rds_instance_info", {"db_instance_identifier": "orders-db"}),
                ("racefree.ops.rds_restore_in_place", restore),
                ("racefree.ops.elb_delete_wait_enis", {"name": "no-such-load-balancer"}),
            ]
            before = load_average()
            measured = {}
            for _ in range(args.runs):
                for module, module_args in commands:
                    seconds, result = run_adhoc(simulator, module, module_args)
                    if result.get("failed") or result.get("changed"):
                        raise RuntimeError(f"{module} was not a no-op: {result}")
                    measured.setdefault(module, []).append(seconds)
                measured.setdefault("racefree.ops.nodeenv_prefix", []).append(
                    timed_run(scratch.module_command(virtualenv), scratch.env))
            after = load_average()
    finally:
        simulator.stop()

    ping = median(measured["ansible.builtin.ping"])
    imports = {label: import_seconds(module) for label, module in IMPORTS.items()}
    clients = {label: client_seconds(services) for label, services in CLIENTS.items()}
    rows = []
    missed = []
    for label, values in measured.items():
        ratio = median(values) / ping
        if label.startswith("racefree.ops") and ratio > TARGET_RATIO:
            missed.append(f"{label} ({ratio:.2f})")
        created = f"{clients[label]:.3f} ({', '.join(CLIENTS[label])})" if label in clients else ""
        min_ratio = min(values) / min(measured["ansible.builtin.ping"])
        rows.append((label, f"{median(values):.2f}", f"{min(values):.2f}", f"{max(values):.2f}", f"{ratio:.2f}",
                     f"{min_ratio:.2f}", f"{imports[label]:.3f}", created))
    rows.append(("boto3 alone", "", "", "", "", "", f"{imports['boto3 alone']:.3f}", ""))

    print("## Per-task overhead\n")
    print(f"{args.runs} runs of each command, taking turns. Load average before: {before}; after: {after}.\n")
    headers = ["no-op ad-hoc run", "median s", "min s", "max s", "ratio to ping (medians)", "ratio to ping (minimums)",
               "import of the module file (s)",
               "creation of its boto3 clients (s)"]
    print(table(headers, rows) + "\n")
    print("The target compares medians. Under load the minimums are the steadier figure, so they are shown too.\n")
    if not missed:
        print(f"Target at most {TARGET_RATIO} times ping: met.\n")
    else:
        print(f"Target at most {TARGET_RATIO} times ping: missed for {', '.join(missed)}. "
              "The AWS modules import boto3 through amazon.aws's module_utils, as rds_instance_info does "
              "(see the import column), so compare them with rds_instance_info for the part that is "
              "theirs. elb_delete_wait_enis also creates three clients where rds_instance_info creates "
              "one, and the EC2 client is the slowest to create because botocore parses EC2's large "
              "service model. With `type: auto` a name that matches nothing must still be looked up "
              "in the classic and elbv2 APIs and among the ENIs, so it needs all three. nodeenv_prefix imports no boto3. Its rerun starts three npm processes (one "
              "`npm ls --global --json`, two `npm config get prefix`), and the nodeenv_prefix section "
              "times one `npm ls` alone.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
