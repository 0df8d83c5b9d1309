"""Benchmarks of rds_restore_in_place against the simulator, each beside its alternative.

    .venv/bin/python -m bench.bench_rds [--runs 5]

1. Validation: an instance named orders-db whose three incarnations left 1,000 snapshots
   and retained automated backups. Measures the wall time and describe calls of a rejected
   target and of a check-mode run of the module. Beside them runs a naive check that lists
   by name without following Marker, and its wrong verdicts over 40 target times are counted.
2. End to end: a restore's wall time minus the simulated rename and restore durations, and
   the downtime during which orders-db resolves to no available instance.
3. Scale: 1, 10 and 30 restores of different instances in one play (forks = N).

Prints a markdown section.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import (BIN, REPO_ROOT, ansible_env, calls_between, client, describe_calls, load_average, median,
                          run_adhoc, table)
from tests.awssim.process import SimulatorProcess

sys.path.insert(0, str(REPO_ROOT / ".venv" / "collections"))

from ansible_collections.racefree.ops.plugins.module_utils import _rds_api as api  # noqa: E402
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import restore_window  # noqa: E402

UTC = datetime.timezone.utc
# Upper bound, in seconds, for "a few seconds" of overhead and of extra downtime.
FEW_SECONDS = 5.0
BENCH_TIMINGS = {"rename_accept": 1, "rename": 5, "rename_settle": 1, "name_release": 2, "create": 10, "delete": 2}
LINEAGE_SEED = {
    "db_instances": [
        {"identifier": "orders-db", "created": "-200d", "deleted": "-100d", "backups_since": "-150d",
         "retain_automated_backups": True, "automated_snapshots": 250,
         "manual_snapshots": [f"orders-db-a-{index}" for index in range(50)]},
        {"identifier": "orders-db", "created": "-90d", "deleted": "-30d", "backups_since": "-80d",
         "retain_automated_backups": True, "automated_snapshots": 250,
         "manual_snapshots": [f"orders-db-b-{index}" for index in range(50)]},
        {"identifier": "orders-db", "created": "-20d", "backups_since": "-14d", "automated_snapshots": 350,
         "manual_snapshots": [f"orders-db-c-{index}" for index in range(50)]},
    ]
}


def iso(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def naive_accepts(rds, target):
    """Check ``target`` as people do by hand: list by name, first page only, oldest record wins."""
    instance = rds.describe_db_instances(DBInstanceIdentifier="orders-db")["DBInstances"][0]
    snapshots = rds.describe_db_snapshots(DBInstanceIdentifier="orders-db", SnapshotType="automated")["DBSnapshots"]
    backups = rds.describe_db_instance_automated_backups(DBInstanceIdentifier="orders-db")["DBInstanceAutomatedBackups"]
    starts = [snapshot["SnapshotCreateTime"] for snapshot in snapshots]
    starts += [backup["RestoreWindow"]["EarliestTime"] for backup in backups]
    return min(starts) <= target <= instance["LatestRestorableTime"]


def correct_accepts(rds, target):
    instance = api.find_instance(rds, "orders-db")
    window = restore_window(
        instance, api.automated_backups(rds, instance["DbiResourceId"]), api.snapshots(rds, instance["DbiResourceId"])
    )
    return window.earliest <= target <= window.latest


def bench_validation(runs):
    simulator = SimulatorProcess(timings=BENCH_TIMINGS)
    try:
        simulator.control("POST", "seed", LINEAGE_SEED)
        rds = client(simulator, "rds")
        now = datetime.datetime.now(UTC)
        rejected = iso(now - datetime.timedelta(days=40))
        accepted = iso(now - datetime.timedelta(days=3))
        rows = []
        for label, args in (
            ("module, rejected target (days -40)", {"restore_time": rejected}),
            ("module, check mode, valid target (days -3)", {"restore_time": accepted}),
        ):
            seconds, calls = [], []
            for _ in range(runs):
                before = simulator.control("GET", "calls")
                elapsed, result = run_adhoc(
                    simulator, "racefree.ops.rds_restore_in_place",
                    {"db_instance_identifier": "orders-db", **args}, check=True,
                )
                seconds.append(elapsed)
                calls.append(describe_calls(calls_between(simulator, before)))
                mutating = sum(c for n, c in calls_between(simulator, before).items() if ":Describe" not in n and ":List" not in n)
                assert mutating == 0, "a check-mode run made a mutating call"
            verdict = "rejected" if result.get("failed") else "accepted"
            rows.append((label, f"{median(seconds):.2f}", median(calls), verdict))

        targets = [now - datetime.timedelta(days=120) + (datetime.timedelta(days=120) * index / 40) for index in range(40)]
        naive_seconds, naive_calls, wrong = [], [], 0
        for run in range(runs):
            before = simulator.control("GET", "calls")
            started = time.monotonic()
            verdicts = [naive_accepts(rds, target) for target in targets]
            naive_seconds.append((time.monotonic() - started) / len(targets))
            naive_calls.append(describe_calls(calls_between(simulator, before)) / len(targets))
            if run == 0:
                wrong = sum(verdict != correct_accepts(rds, target) for verdict, target in zip(verdicts, targets))
        before = simulator.control("GET", "calls")
        started = time.monotonic()
        correct_accepts(rds, targets[0])
        inprocess_seconds = time.monotonic() - started
        inprocess_calls = describe_calls(calls_between(simulator, before))
        rows.append(("racefree lineage check in-process (no Ansible)", f"{inprocess_seconds:.3f}", inprocess_calls, "correct"))
        rows.append(("naive check, by name, first page only", f"{median(naive_seconds):.3f}", median(naive_calls),
                     f"{wrong} of {len(targets)} verdicts wrong"))
        return table(["validation of orders-db (1,000 snapshots and backups, 3 incarnations)", "median s",
                      "describe calls", "verdict"], rows)
    finally:
        simulator.stop()


def watch_downtime(rds, stop, samples):
    """Record (time, available?) for orders-db every 0.1 s until ``stop`` is set."""
    while not stop.is_set():
        found = rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": ["orders-db"]}])["DBInstances"]
        samples.append((time.monotonic(), bool(found) and found[0]["DBInstanceStatus"] == "available"))
        time.sleep(0.1)


def bench_end_to_end(runs):
    simulated = BENCH_TIMINGS["rename_accept"] + BENCH_TIMINGS["rename"] + BENCH_TIMINGS["rename_settle"]
    simulated += BENCH_TIMINGS["name_release"] + BENCH_TIMINGS["create"]
    rows = []
    for _ in range(runs):
        simulator = SimulatorProcess(timings=BENCH_TIMINGS)
        try:
            simulator.control("POST", "seed", {"db_instances": [{"identifier": "orders-db", "created": "-7d"}]})
            stop, samples = threading.Event(), []
            watcher = threading.Thread(target=watch_downtime, args=(client(simulator, "rds"), stop, samples))
            watcher.start()
            elapsed, result = run_adhoc(
                simulator, "racefree.ops.rds_restore_in_place",
                {"db_instance_identifier": "orders-db", "use_latest_restorable_time": True},
            )
            stop.set()
            watcher.join()
            assert result.get("changed"), result.get("msg")
            down = [moment for moment, available in samples if not available]
            downtime = (max(down) - min(down)) if down else 0.0
            rows.append((elapsed, downtime))
        finally:
            simulator.stop()
    wall = median([row[0] for row in rows])
    downtime = median([row[1] for row in rows])
    simulated_downtime = BENCH_TIMINGS["rename"] + BENCH_TIMINGS["rename_settle"] + BENCH_TIMINGS["name_release"]
    simulated_downtime += BENCH_TIMINGS["create"]
    overhead, extra = wall - simulated, downtime - simulated_downtime
    met = overhead <= FEW_SECONDS and extra <= FEW_SECONDS
    verdict = (f"Target overhead and extra downtime of a few seconds at most (counted as at most {FEW_SECONDS:g} s): "
               f"{'met' if met else 'missed'}. The overhead includes Ansible's start-up (see ansible.builtin.ping "
               "in the per-task overhead section), the module's 2 s lock-settle step before the rename, and the "
               "time from each state change to the module's next poll: its RDS waits poll with delays that grow "
               "to 5 s.")
    return verdict, table(
        ["end-to-end restore", "median s"],
        [
            ("module wall time (ad-hoc ansible)", f"{wall:.1f}"),
            ("simulated AWS durations (accept + rename + settle + name release + create)", f"{simulated:.1f}"),
            ("overhead: wall time minus simulated durations", f"{overhead:.1f}"),
            ("downtime: orders-db not an available instance", f"{downtime:.1f}"),
            ("rename + settle + name release + create (RDS's own part of that)", f"{simulated_downtime:.1f}"),
            ("extra downtime", f"{extra:.1f}"),
        ],
    )


def bench_scale(sizes):
    rows, ratios = [], {}
    base = None
    for size in sizes:
        simulator = SimulatorProcess(timings=BENCH_TIMINGS)
        try:
            simulator.control("POST", "seed", {"db_instances": [
                {"identifier": f"db-{index}", "created": "-7d"} for index in range(size)]})
            with tempfile.TemporaryDirectory() as scratch:
                inventory = Path(scratch) / "hosts.json"
                inventory.write_text(json.dumps({"all": {"hosts": {
                    f"restore-{index}": {"ansible_connection": "local", "ansible_python_interpreter": str(BIN / "python"),
                                         "db": f"db-{index}"} for index in range(size)}}}))
                playbook = Path(scratch) / "restore.yml"
                playbook.write_text(
                    "- hosts: all\n  gather_facts: false\n  tasks:\n    - racefree.ops.rds_restore_in_place:\n"
                    "        db_instance_identifier: '{{ db }}'\n        use_latest_restorable_time: true\n"
                )
                started = time.monotonic()
                completed = subprocess.run(
                    [str(BIN / "ansible-playbook"), "-i", str(inventory), "-f", str(size), str(playbook)],
                    cwd=REPO_ROOT, env=ansible_env(simulator), capture_output=True, text=True,
                )
                elapsed = time.monotonic() - started
            assert completed.returncode == 0, completed.stdout[-2000:]
        finally:
            simulator.stop()
        base = base or elapsed
        ratios[size] = elapsed / base
        rows.append((size, f"{elapsed:.1f}", f"{elapsed / base:.2f}"))
    verdict = ""
    if 10 in ratios:
        verdict = (f"Target 10 restores in at most 1.5 times one: {'met' if ratios[10] <= 1.5 else 'missed'} "
                   f"({ratios[10]:.2f}). Every restore runs in its own fork, so with {os.cpu_count()} CPUs the forks' "
                   "Ansible and Python start-up compete for the CPU.")
    return verdict, table(["restores in one play (forks = N)", "wall s", "ratio to one restore"], rows)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.bench_rds", description="rds_restore_in_place benchmarks")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10, 30], help="restores per play (default 1 10 30)")
    args = parser.parse_args(argv)
    print("## rds_restore_in_place\n")
    print(f"Simulated durations in seconds: {BENCH_TIMINGS}. Medians of {args.runs} runs unless stated. "
          f"Load average before: {load_average()}.\n")
    print("### Validation\n")
    print(bench_validation(args.runs) + "\n")
    print("### End to end\n")
    verdict, result = bench_end_to_end(max(1, args.runs // 2))
    print(result + "\n\n" + verdict + "\n")
    print("### Scale (one run each)\n")
    verdict, result = bench_scale(args.scale)
    print(result + "\n\n" + verdict + "\n")
    print(f"Load average after: {load_average()}.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
