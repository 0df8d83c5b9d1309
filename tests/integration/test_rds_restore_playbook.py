"""The restore playbook and role, run with ansible-playbook as users run them."""

import datetime
import textwrap

from tests.awssim.process import REPO_ROOT
from tests.integration.ansible_run import run_playbook, task_results
from tests.integration.rds_seeds import mutating_rds_calls, orders_account

UTC = datetime.timezone.utc


def iso_ago(**delta):
    return (datetime.datetime.now(UTC) - datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_restore_playbook_by_fqcn(simulator, aws):
    simulator.control("POST", "seed", orders_account())

    code, output = run_playbook(
        simulator, "racefree.ops.restore", {"db_instance_identifier": "orders-db", "restore_time": iso_ago(days=1)}
    )

    assert code == 0
    preflight = task_results(output, "Validate the restore")[0]
    assert preflight["changed"] is False
    assert preflight["plan"]["phase"] == "start"
    restore = task_results(output, "Restore the DB instance in place")[0]
    assert restore["changed"] is True
    assert restore["endpoint"]["port"] == 5433
    assert aws("rds").describe_db_instances(DBInstanceIdentifier="orders-db-old")["DBInstances"]


def test_restore_playbook_by_path_rejects_and_changes_nothing(simulator):
    simulator.control("POST", "seed", orders_account())

    code, output = run_playbook(
        simulator,
        REPO_ROOT / "playbooks" / "restore.yml",
        {"db_instance_identifier": "orders-db", "restore_time": iso_ago(days=20)},
    )

    assert code == 2
    preflight = task_results(output, "Validate the restore")[0]
    assert "before the earliest restorable time" in preflight["msg"]
    assert mutating_rds_calls(simulator) == 0


def test_role_with_module_defaults_group(simulator, tmp_path):
    simulator.control("POST", "seed", orders_account())
    playbook = tmp_path / "site.yml"
    playbook.write_text(
        textwrap.dedent(
            f"""\
            - hosts: localhost
              connection: local
              gather_facts: false
              module_defaults:
                group/racefree.ops.aws:
                  region: us-east-1
                  endpoint_url: {simulator.endpoint_url}
              roles:
                - role: racefree.ops.rds_restore
                  rds_restore_db_instance_identifier: orders-db
                  rds_restore_use_latest_restorable_time: true
                  rds_restore_overrides:
                    db_instance_class: db.r6g.xlarge
              tasks:
                - name: Read the restored instance with amazon.aws
                  amazon.aws.rds_instance_info:
                    db_instance_identifier: orders-db
            """
        )
    )
    # Without AWS_ENDPOINT_URL and AWS_REGION, only module_defaults can reach the simulator.
    # The group extends amazon.aws.aws, so amazon.aws modules get the same defaults.
    code, output = run_playbook(simulator, playbook, AWS_ENDPOINT_URL="", AWS_REGION="", AWS_DEFAULT_REGION="")

    assert code == 0, output
    restore = task_results(output, "Restore the DB instance in place")[0]
    assert restore["db_instance"]["db_instance_class"] == "db.r6g.xlarge"
    info = task_results(output, "Read the restored instance")[0]
    assert info["instances"][0]["db_instance_class"] == "db.r6g.xlarge"

    code, output = run_playbook(simulator, playbook, AWS_ENDPOINT_URL="", AWS_REGION="", AWS_DEFAULT_REGION="")
    assert code == 0
    assert task_results(output, "Restore the DB instance in place")[0]["changed"] is False
