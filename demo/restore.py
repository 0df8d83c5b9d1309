"""Reject a restore time from before this incarnation of orders-db, changing nothing, then
restore orders-db in place with ansible-playbook on a seeded simulator and show the result.
"""

import datetime
import subprocess

from tests.awssim.process import REPO_ROOT, SimulatorProcess

SEED = REPO_ROOT / "tests" / "awssim" / "seeds" / "orders.yml"
# Long enough to watch the races: the rename keeps the old name for a while, and RDS
# keeps the name reserved a little longer after that.
DEMO_TIMINGS = {"rename_accept": 1, "rename": 4, "rename_settle": 1, "name_release": 2, "create": 6}
COMPARED = [
    ("DBInstanceClass", lambda i: i["DBInstanceClass"]),
    ("MultiAZ", lambda i: i["MultiAZ"]),
    ("Port", lambda i: i["Endpoint"]["Port"]),
    ("DBSubnetGroup", lambda i: i["DBSubnetGroup"]["DBSubnetGroupName"]),
    ("VpcSecurityGroups", lambda i: ",".join(g["VpcSecurityGroupId"] for g in i["VpcSecurityGroups"])),
    ("DBParameterGroup", lambda i: i["DBParameterGroups"][0]["DBParameterGroupName"]),
    ("OptionGroup", lambda i: i["OptionGroupMemberships"][0]["OptionGroupName"]),
    ("StorageType/Iops", lambda i: f"{i['StorageType']}/{i.get('Iops')}"),
    ("DeletionProtection", lambda i: i["DeletionProtection"]),
    ("IAM auth", lambda i: i["IAMDatabaseAuthenticationEnabled"]),
    ("Monitoring", lambda i: i.get("MonitoringInterval")),
    ("Tags", lambda i: ",".join(sorted(f"{t['Key']}={t['Value']}" for t in i["TagList"] if not t["Key"].startswith("racefree-ops:")))),
]


def banner(text):
    print(f"\n=== {text} ===", flush=True)


def playbook(simulator, *extra):
    command = [str(REPO_ROOT / ".venv" / "bin" / "ansible-playbook"), "playbooks/restore.yml", *extra]
    print("$ ansible-playbook " + " ".join(command[1:]), flush=True)
    return subprocess.run(command, cwd=REPO_ROOT, env=simulator.aws_env(), check=False).returncode


def rds_client(simulator):
    return simulator.client("rds")


def mutating_calls(simulator):
    counts = simulator.control("GET", "calls")
    return sum(
        count
        for name, count in counts.items()
        if name.startswith("rds:") and "!" not in name and not name.split(":")[1].startswith(("Describe", "List"))
    )


def main():
    banner("Starting the AWS simulator with a seeded account")
    simulator = SimulatorProcess(seed_file=SEED, timings=DEMO_TIMINGS)
    try:
        print(f"simulator at {simulator.endpoint_url}")
        rds = rds_client(simulator)
        now = datetime.datetime.now(datetime.timezone.utc)
        target = (now - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")

        rejected = (now - datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
        banner(f"Restoring orders-db to {rejected}: before this incarnation's window")
        print("The earlier orders-db, deleted ten days ago, has retained backups from that day;")
        print("they belong to another DbiResourceId and must not count.")
        before = mutating_calls(simulator)
        code = playbook(
            simulator,
            "-e", "db_instance_identifier=orders-db",
            "-e", f"restore_time={rejected}",
        )
        after = mutating_calls(simulator)
        print(f"\nplaybook exit code {code} (expected: failure); mutating RDS calls made: {after - before}")
        if code == 0 or after != before:
            raise SystemExit("the rejected restore changed something")

        banner(f"Restoring orders-db to {target} with ansible-playbook")
        if playbook(simulator, "-e", "db_instance_identifier=orders-db", "-e", f"restore_time={target}") != 0:
            raise SystemExit("the restore playbook failed")

        banner("The restored orders-db next to the original, now orders-db-old")
        restored = rds.describe_db_instances(DBInstanceIdentifier="orders-db")["DBInstances"][0]
        original = rds.describe_db_instances(DBInstanceIdentifier="orders-db-old")["DBInstances"][0]
        print(f"{'setting':<20} {'orders-db (restored)':<45} orders-db-old (original)")
        for name, read in COMPARED:
            print(f"{name:<20} {str(read(restored)):<45} {read(original)}")
        print(f"{'DbiResourceId':<20} {restored['DbiResourceId']:<45} {original['DbiResourceId']}")
    finally:
        banner("Stopping the simulator")
        simulator.stop()
