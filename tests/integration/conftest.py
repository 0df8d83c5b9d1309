"""Fixtures for the tests that run ansible and the real node and npm.

Every package these tests install comes from a tarball that they make here with
``npm pack``, so they pass without the npm registry. Subprocesses get a temporary
HOME, so ~/.npm, ~/.npmrc and ~/.ansible of the real user stay untouched.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.nodeenv_support import (
    ModuleRunner,
    PlaybookRunner,
    bump_npm_tarball,
    make_env,
    npm_free_environ,
    pack,
    read_tarball_member,
    write_hello_package,
)


@pytest.fixture(scope="session")
def node_tools(tmp_path_factory):
    """Return npm's global root, or skip the test when node or npm is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    # npm writes a debug log under HOME for every command, so it gets a temporary one.
    env = {**npm_free_environ(), "HOME": str(tmp_path_factory.mktemp("npm-root-home"))}
    root = subprocess.run(["npm", "root", "-g"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    return Path(root)


@pytest.fixture(scope="session")
def packages(tmp_path_factory, node_tools):
    """Make the tarballs once: racefree-hello 1.0.0 and 1.1.0, the system npm and a newer copy of it."""
    base = tmp_path_factory.mktemp("packages")
    env = {**npm_free_environ(), "HOME": str(base / "home")}
    made = {}
    for version in ("1.0.0", "1.1.0"):
        write_hello_package(base / "src" / version, version)
        made["hello_" + version] = pack(base / "src" / version, base, env)
    write_hello_package(base / "src" / "other", "2.0.0", name="racefree-other")
    made["other"] = pack(base / "src" / "other", base, env)

    made["npm"] = pack(node_tools / "npm", base, env)
    made["npm_version"] = json.loads(read_tarball_member(made["npm"], "package/package.json"))["version"]
    made["npm_bumped"] = base / "npm-bumped.tgz"
    made["npm_bumped_version"] = bump_npm_tarball(made["npm"], made["npm_bumped"])
    return made


@pytest.fixture(scope="session")
def inventory(tmp_path_factory):
    """An inventory with localhost on the local connection and this checkout's Python."""
    path = tmp_path_factory.mktemp("inventory") / "hosts"
    path.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    return path


@pytest.fixture
def home(tmp_path):
    """A fresh HOME for the subprocesses of one test."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def run_env(home, tmp_path):
    """Environment for the subprocesses of one test (see make_env)."""
    return make_env(home, tmp_path)


@pytest.fixture
def run_module(inventory, run_env):
    """Run racefree.ops.nodeenv_prefix ad hoc with this test's environment."""
    return ModuleRunner(inventory, run_env)


@pytest.fixture
def run_tasks(inventory, run_env, tmp_path):
    """Run racefree.ops.nodeenv_prefix tasks in one ansible-playbook run with this test's environment."""
    return PlaybookRunner(inventory, run_env, tmp_path)


@pytest.fixture(scope="session")
def ready_venv(tmp_path_factory, inventory, packages):
    """A virtualenv that the module created and set up, with npm and racefree-hello 1.0.0 installed.

    Tests that change it put it back as they found it. Returns the path, the
    module arguments and the result of that first run.
    """
    scratch = tmp_path_factory.mktemp("ready")
    home = scratch / "home"
    home.mkdir()
    venv = scratch / "v"
    args = {"virtualenv": str(venv), "npm_spec": str(packages["npm"]), "packages": [str(packages["hello_1.0.0"])]}
    result = ModuleRunner(inventory, make_env(home, scratch))(args)
    assert result.get("failed") is not True, result.get("msg")
    return {"venv": venv, "args": args, "first": result}
