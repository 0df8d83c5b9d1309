"""nodeenv_prefix with a broken npm and a read-only virtualenv: a clear error, no change."""

import json
import os
import shutil
import subprocess

import pytest

from tests.integration.nodeenv_support import VENV_BIN, make_venv, snapshot


def test_broken_npm_fails_clearly(run_module, tmp_path):
    broken = tmp_path / "bin" / "npm"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'npm ERR! broken on purpose' >&2\nexit 1\n")
    broken.chmod(0o755)
    venv = make_venv(tmp_path / "v")
    before = snapshot(venv)

    result = run_module({"virtualenv": str(venv), "executable": str(broken)})

    assert result["failed"] is True
    assert str(broken) in result["msg"] or "broken on purpose" in result["msg"]
    assert snapshot(venv) == before


def test_missing_npm_executable_fails_clearly(run_module, tmp_path):
    venv = make_venv(tmp_path / "v")
    before = snapshot(venv)

    result = run_module({"virtualenv": str(venv), "executable": str(tmp_path / "no" / "npm")})

    assert result["failed"] is True
    assert str(tmp_path / "no" / "npm") in result["msg"]
    assert snapshot(venv) == before


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="a read-only bind mount in a private mount namespace needs root and unshare")
def test_read_only_virtualenv_fails_clearly(inventory, run_env, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    before = snapshot(venv)
    args = {"virtualenv": str(venv), "npm_spec": str(packages["npm"])}
    ansible = [str(VENV_BIN / "ansible"), "-i", str(inventory), "localhost", "-m", "racefree.ops.nodeenv_prefix",
               "-a", json.dumps(args)]
    # Root ignores permission bits, so the virtualenv is made read-only by a mount that
    # exists only in this command's private mount namespace.
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(venv), *ansible]
    env = {**run_env, "ANSIBLE_LOAD_CALLBACK_PLUGINS": "1", "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)

    result = json.loads(completed.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
    assert result["failed"] is True
    assert "is not writable" in result["msg"]
    assert snapshot(venv) == before
