"""Each role's molecule scenario: check, converge, idempotence and verify on localhost."""

import os
import re
import subprocess

import pytest

from tests.awssim.process import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"


def molecule_test(role, env, home):
    """Run ``molecule test`` for a role with a scratch HOME, so its state starts empty."""
    env = dict(env)
    env["HOME"] = str(home)
    env["ANSIBLE_HOME"] = str(home / ".ansible")
    # molecule writes its own ansible.cfg, so the checkout's temporary paths do not apply.
    env["ANSIBLE_LOCAL_TEMP"] = str(home / "ansible-local")
    env["ANSIBLE_REMOTE_TMP"] = str(home / "ansible-remote")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ANSIBLE_CONFIG"] = str(REPO_ROOT / "ansible.cfg")
    env["ANSIBLE_COLLECTIONS_PATH"] = str(REPO_ROOT / ".venv" / "collections")
    env.setdefault("XDG_CACHE_HOME", str(REPO_ROOT / ".cache"))
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(BIN / "molecule"), "test", "-s", "default"],
        cwd=REPO_ROOT / "roles" / role,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("role", ["rds_restore"])
def test_role_scenario(simulator, role, tmp_path):
    completed = molecule_test(role, simulator.aws_env(), tmp_path)
    output = re.sub(r"\x1b\[[0-9;]*m", "", completed.stdout + completed.stderr)
    assert completed.returncode == 0, output[-6000:]
    for step in ("prepare", "check", "converge", "idempotence", "verify"):
        assert f"{step}: Executed: Successful" in output, step
