"""rds_restore_in_place under AWS faults, interruption and concurrency: nothing is lost."""

import json
import subprocess
import time

import pytest

from tests.awssim.process import REPO_ROOT
from tests.integration.ansible_run import BIN, ansible_env, run_module, run_playbook, task_results
from tests.integration.processes import kill_tree
from tests.integration.rds_seeds import single_instance

MUTATING = ["AddTagsToResource", "ModifyDBInstance", "RestoreDBInstanceToPointInTime", "RemoveTagsFromResource",
            "DeleteDBInstance"]
RESTORE_LATEST = {"db_instance_identifier": "foo", "use_latest_restorable_time": True}


def successes(simulator, action):
    """Count calls of an RDS action that the simulator carried out."""
    return simulator.control("GET", "handled").get(f"rds:{action}", 0)


def by_resource_id(rds, resource_id):
    found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [resource_id]}])["DBInstances"]
    return found[0] if found else None


def assert_restored(rds, original_id):
    restored = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]
    original = by_resource_id(rds, original_id)
    assert restored["DBInstanceStatus"] == "available"
    assert restored["DbiResourceId"] != original_id
    assert {t["Key"]: t["Value"] for t in restored["TagList"]}["racefree-ops:restored-from"] == original_id
    assert original["DBInstanceIdentifier"] == "foo-old"


@pytest.fixture
def rds(aws):
    return aws("rds")


def test_restore_under_throttling_and_server_errors(simulator, rds):
    original_id = simulator.control("POST", "seed", single_instance("foo"))["db_instances"]["foo"]
    simulator.control("POST", "faults", {"service": "rds", "action": "*", "code": "Throttling", "rate": 0.3})
    simulator.control("POST", "faults", {"service": "rds", "action": "*", "code": "InternalFailure",
                                         "status": 500, "rate": 0.05})

    result = run_module(simulator, "rds_restore_in_place", RESTORE_LATEST)

    assert result["changed"] is True, result.get("msg")
    assert simulator.control("GET", "faults")["injected"] > 0
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 1
    assert successes(simulator, "AddTagsToResource") == 1
    assert successes(simulator, "ModifyDBInstance") == 1  # the rename; foo has nothing to set afterwards
    assert successes(simulator, "DeleteDBInstance") == 0
    assert_restored(rds, original_id)


@pytest.mark.parametrize("after", [False, True], ids=["before-handling", "after-handling"])
@pytest.mark.parametrize("action", ["AddTagsToResource", "ModifyDBInstance", "RestoreDBInstanceToPointInTime"])
def test_mutating_call_failing_once(simulator, rds, action, after):
    original_id = simulator.control("POST", "seed", single_instance("foo"))["db_instances"]["foo"]
    simulator.control("POST", "faults", {"service": "rds", "action": action, "code": "InternalFailure",
                                         "status": 500, "count": 1, "after": after})

    result = run_module(simulator, "rds_restore_in_place", RESTORE_LATEST)

    assert result["changed"] is True, result.get("msg")
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 1
    assert successes(simulator, "DeleteDBInstance") == 0
    assert result["original"]["db_instance_identifier"] == "foo-old"
    assert_restored(rds, original_id)


@pytest.mark.parametrize(
    "action, where",
    [
        ("AddTagsToResource", "foo"),
        ("ModifyDBInstance", "foo"),
        ("RestoreDBInstanceToPointInTime", "foo"),
        ("RemoveTagsFromResource", "foo-old"),
    ],
)
def test_mutating_call_failing_for_good(simulator, rds, action, where):
    original_id = simulator.control("POST", "seed", single_instance("foo"))["db_instances"]["foo"]
    simulator.control("POST", "faults", {"service": "rds", "action": action, "code": "InvalidParameterValue",
                                         "message": "injected failure"})

    result = run_module(simulator, "rds_restore_in_place", RESTORE_LATEST)

    original = by_resource_id(rds, original_id)
    assert original is not None
    assert original["DBInstanceIdentifier"] == where
    assert result["original"]["db_instance_identifier"] == where
    assert result["original"]["dbi_resource_id"] == original_id
    assert successes(simulator, "DeleteDBInstance") == 0 or action == "RestoreDBInstanceToPointInTime"
    if where == "foo":
        assert result["failed"] is True
    else:
        assert result.get("failed") is not True
        assert any("lock tag" in warning for warning in result.get("warnings", []))


def start_restore(simulator, args):
    command = [str(BIN / "ansible"), "localhost", "-m", "racefree.ops.rds_restore_in_place", "-a", json.dumps(args)]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=ansible_env(simulator), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


RESTORE_PLAYBOOK_VARS = {"db_instance_identifier": "foo", "use_latest_restorable_time": True}


def start_restore_playbook(simulator):
    """Start ``ansible-playbook racefree.ops.restore`` for foo, as an operator would."""
    command = [str(BIN / "ansible-playbook"), "racefree.ops.restore", "-e", json.dumps(RESTORE_PLAYBOOK_VARS)]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=ansible_env(simulator), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def kill_when(process, condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the run ended before the interruption point: {process.stdout.read()[-2000:]}")
        if condition():
            kill_tree(process)
            return
        time.sleep(0.05)
    kill_tree(process)
    raise AssertionError("the interruption point was never reached")


def instance_status(rds, identifier):
    found = rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": [identifier]}])["DBInstances"]
    return found[0]["DBInstanceStatus"] if found else None


INTERRUPTIONS = {
    # The lock and marker tags are being written: the run is past validation.
    "after-validation": (
        {"service": "rds", "action": "AddTagsToResource", "code": None, "delay": 2, "count": 1},
        lambda sim, rds: sim.control("GET", "calls").get("rds:AddTagsToResource", 0) >= 1,
    ),
    "after-rename-call": (
        None,
        lambda sim, rds: successes(sim, "ModifyDBInstance") >= 1,
    ),
    "during-rename": (
        None,
        lambda sim, rds: instance_status(rds, "foo") == "renaming",
    ),
    "after-restore-call": (
        None,
        lambda sim, rds: successes(sim, "RestoreDBInstanceToPointInTime") >= 1,
    ),
    "during-restore-wait": (
        None,
        lambda sim, rds: instance_status(rds, "foo") == "creating" and instance_status(rds, "foo-old") == "available",
    ),
}


@pytest.mark.parametrize("point", sorted(INTERRUPTIONS))
def test_rerun_after_kill_converges(simulator, rds, point):
    simulator.control("POST", "timings", {"rename": 3, "create": 3})
    original_id = simulator.control("POST", "seed", single_instance("foo"))["db_instances"]["foo"]
    fault, condition = INTERRUPTIONS[point]
    if fault:
        simulator.control("POST", "faults", fault)

    kill_when(start_restore_playbook(simulator), lambda: condition(simulator, rds))
    code, output = run_playbook(simulator, "racefree.ops.restore", RESTORE_PLAYBOOK_VARS)

    assert code == 0, json.dumps(output)[-3000:]
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 1
    assert successes(simulator, "DeleteDBInstance") == 0
    assert_restored(rds, original_id)
    code, output = run_playbook(simulator, "racefree.ops.restore", RESTORE_PLAYBOOK_VARS)
    assert code == 0
    assert task_results(output, "Restore the DB instance in place")[0]["changed"] is False


def test_two_restores_at_once(simulator, rds):
    original_id = simulator.control("POST", "seed", single_instance("foo"))["db_instances"]["foo"]

    first = start_restore(simulator, RESTORE_LATEST)
    second = start_restore(simulator, RESTORE_LATEST)
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    codes = sorted([first.returncode, second.returncode])

    assert codes == [0, 2], outputs
    loser = outputs[[first.returncode, second.returncode].index(2)]
    assert "racefree-ops:restore-lock" in loser
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 1
    assert successes(simulator, "ModifyDBInstance") == 1
    assert_restored(rds, original_id)


def test_ten_restores_in_one_play(simulator, rds, tmp_path):
    seeds = [single_instance(f"db-{index}")["db_instances"][0] for index in range(10)]
    simulator.control("POST", "seed", {"db_instances": seeds})
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(json.dumps({"all": {"hosts": {
        f"restore-{index}": {"ansible_connection": "local", "ansible_python_interpreter": str(BIN / "python"),
                             "db": f"db-{index}"} for index in range(10)}}}))
    playbook = tmp_path / "restore-many.yml"
    playbook.write_text(
        "- hosts: all\n  gather_facts: false\n  tasks:\n"
        "    - name: Restore in place\n      racefree.ops.rds_restore_in_place:\n"
        "        db_instance_identifier: '{{ db }}'\n        use_latest_restorable_time: true\n"
    )
    started = time.monotonic()
    code, output = run_playbook(simulator, playbook, ANSIBLE_INVENTORY=str(inventory), ANSIBLE_FORKS="10")
    elapsed = time.monotonic() - started

    assert code == 0, json.dumps(output)[-3000:]
    assert output["stats"] and all(stats["changed"] == 1 for stats in output["stats"].values())
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 10
    print(f"ten restores with forks=10 took {elapsed:.1f} s")


def test_ten_restores_with_async(simulator, rds, tmp_path):
    seeds = [single_instance(f"db-{index}")["db_instances"][0] for index in range(10)]
    simulator.control("POST", "seed", {"db_instances": seeds})
    playbook = tmp_path / "restore-async.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - name: Start the restores\n      racefree.ops.rds_restore_in_place:\n"
        "        db_instance_identifier: 'db-{{ item }}'\n        use_latest_restorable_time: true\n"
        "      loop: '{{ range(10) | list }}'\n      async: 600\n      poll: 0\n      register: started\n"
        "    - name: Wait for the restores\n      ansible.builtin.async_status:\n"
        "        jid: '{{ item.ansible_job_id }}'\n      loop: '{{ started.results }}'\n"
        "      register: finished\n      until: finished.finished\n      retries: 120\n      delay: 1\n"
    )

    code, output = run_playbook(simulator, playbook, ANSIBLE_HOME=str(tmp_path / "ansible-home"))

    assert code == 0, json.dumps(output)[-3000:]
    assert successes(simulator, "RestoreDBInstanceToPointInTime") == 10
    for index in range(10):
        assert instance_status(rds, f"db-{index}") == "available"
        assert instance_status(rds, f"db-{index}-old") == "available"


def test_secrets_never_reach_output(simulator):
    simulator.control("POST", "seed", single_instance("foo"))
    secret, token = "rf-secret-key-0f9a8b", "rf-session-token-71c2d3"
    command = [str(BIN / "ansible"), "localhost", "-vvvv", "-m", "racefree.ops.rds_restore_in_place", "-a",
               json.dumps({**RESTORE_LATEST, "secret_key": secret, "session_token": token})]
    env = ansible_env(simulator, AWS_SECRET_ACCESS_KEY=secret, AWS_SESSION_TOKEN=token)
    env.pop("ANSIBLE_STDOUT_CALLBACK")
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)

    output = completed.stdout + completed.stderr
    assert "CHANGED" in output or "SUCCESS" in output
    assert secret not in output
    assert token not in output
