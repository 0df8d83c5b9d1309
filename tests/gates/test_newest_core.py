"""Smoke tests with the newest ansible-core (requirements-newest.txt, in .venv-newest).

``make test`` creates .venv-newest with Python 3.12 before it runs pytest. The tests run
the controller from that virtualenv, with this checkout as racefree.ops and the amazon.aws
that the newer ansible package bundles.
"""

import json
import re
import subprocess

import pytest

from tests.awssim.process import REPO_ROOT
from tests.integration.rds_seeds import mutating_rds_calls, single_instance
from tests.integration.test_module_defaults_groups import NO_AWS, TASKS

NEWEST_BIN = REPO_ROOT / ".venv-newest" / "bin"
MODULES = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py"))
ROLES = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if (path / "meta" / "argument_specs.yml").exists())

pytestmark = pytest.mark.skipif(not (NEWEST_BIN / "ansible").exists(), reason=".venv-newest is missing: run make venv-newest")


def pinned_core_version():
    text = (REPO_ROOT / "requirements-newest.txt").read_text(encoding="utf-8")
    return re.search(r"^ansible-core==([\d.]+)$", text, re.MULTILINE).group(1)


def newest_env(simulator=None, **extra):
    env = simulator.aws_env() if simulator else {"PATH": "/usr/bin:/bin"}
    env.update(
        ANSIBLE_CONFIG=str(REPO_ROOT / "ansible.cfg"),
        ANSIBLE_HOME=str(REPO_ROOT / ".cache" / "ansible-home-newest"),
        ANSIBLE_STDOUT_CALLBACK="json",
        ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
        ANSIBLE_NOCOLOR="1",
        AWS_EC2_METADATA_DISABLED="true",
    )
    env["PATH"] = f"{NEWEST_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run(command, env, timeout=300):
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, check=False, text=True, timeout=timeout)


def adhoc(simulator, module, args, check=False, **env):
    command = [str(NEWEST_BIN / "ansible"), "localhost", "-m", f"racefree.ops.{module}", "-a", json.dumps(args)]
    if check:
        command.append("--check")
    completed = run(command, newest_env(simulator, **env))
    assert completed.returncode in (0, 2), completed.stderr
    return json.loads(completed.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]


def test_newest_core_version():
    completed = run([str(NEWEST_BIN / "ansible"), "--version"], newest_env())

    assert completed.returncode == 0, completed.stderr
    assert f"[core {pinned_core_version()}]" in completed.stdout


@pytest.mark.parametrize("module", MODULES)
def test_newest_module_docs(module):
    completed = run([str(NEWEST_BIN / "ansible-doc"), "--json", f"racefree.ops.{module}"], newest_env())

    assert completed.returncode == 0, completed.stderr
    doc = json.loads(completed.stdout)[f"racefree.ops.{module}"]
    assert doc["doc"]["module"] == module
    assert doc["examples"]
    assert doc["return"]


@pytest.mark.parametrize("role", ROLES)
def test_newest_role_docs(role):
    completed = run([str(NEWEST_BIN / "ansible-doc"), "-t", "role", "--json", f"racefree.ops.{role}"], newest_env())

    assert completed.returncode == 0, completed.stderr
    assert "main" in json.loads(completed.stdout)[f"racefree.ops.{role}"]["entry_points"]


def test_newest_rds_restore_check_mode(simulator):
    simulator.control("POST", "seed", single_instance("foo"))

    result = adhoc(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True},
                   check=True)

    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert mutating_rds_calls(simulator) == 0


def test_newest_elb_delete_absent_name(simulator):
    result = adhoc(simulator, "elb_delete_wait_enis", {"name": "no-such-lb"})

    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert result["load_balancers"] == []


def test_newest_nodeenv_prefix_check_mode(tmp_path):
    command = [str(NEWEST_BIN / "ansible"), "localhost", "-m", "racefree.ops.nodeenv_prefix", "-a",
               json.dumps({"virtualenv": str(tmp_path / "venv")}), "--check"]
    completed = run(command, newest_env(HOME=tmp_path))

    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = json.loads(completed.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
    assert result["changed"] is True
    assert not (tmp_path / "venv").exists()


def test_newest_collection_group_defaults(simulator, tmp_path):
    simulator.control("POST", "seed", single_instance("foo"))
    playbook = tmp_path / "site.yml"
    playbook.write_text(TASKS.format(group="group/racefree.ops.aws", endpoint=simulator.endpoint_url))

    completed = run([str(NEWEST_BIN / "ansible-playbook"), str(playbook)], newest_env(simulator, **NO_AWS))

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr
    output = json.loads(completed.stdout)
    for play in output["plays"]:
        for task in play["tasks"]:
            assert not task["hosts"]["localhost"].get("failed"), task
