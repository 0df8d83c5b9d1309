"""The node_virtualenv role's molecule scenario and ansible-lint, run with this checkout's .venv on PATH."""

import os
import re

import pytest

from tests.integration.nodeenv_support import REPO, VENV_BIN, run

ROLE = REPO / "roles" / "node_virtualenv"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


@pytest.fixture
def tool_env(run_env):
    """Environment in which molecule and ansible-lint find this checkout's tools and racefree.ops."""
    env = {**run_env, "PATH": "%s:%s" % (VENV_BIN, os.environ.get("PATH", "")), "NO_COLOR": "1",
           "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".venv" / "collections")}
    # molecule writes its own ansible.cfg for the scenario.
    env.pop("ANSIBLE_CONFIG")
    return env


@pytest.mark.skipif(not (VENV_BIN / "molecule").exists(), reason="molecule is not installed in .venv (run make venv)")
def test_molecule_default_scenario(tool_env, node_tools):
    completed = run([str(VENV_BIN / "molecule"), "test"], env=tool_env, cwd=ROLE, check=False)
    output = ANSI_ESCAPE.sub("", completed.stdout + completed.stderr)
    assert completed.returncode == 0, output[-6000:]
    for action in ("destroy", "syntax", "prepare", "check", "converge", "idempotence", "verify"):
        # molecule separates scenario and action with ➜ on a terminal and with > otherwise.
        assert re.search(r"default (➜|>) %s: Executed: Successful" % action, output), action


@pytest.mark.skipif(not (VENV_BIN / "ansible-lint").exists(), reason="ansible-lint is not installed in .venv")
def test_ansible_lint_role(tool_env):
    completed = run([str(VENV_BIN / "ansible-lint"), "--offline", str(ROLE)], env=tool_env, cwd=REPO, check=False)
    output = ANSI_ESCAPE.sub("", completed.stdout + completed.stderr)
    assert completed.returncode == 0, output[-4000:]
