"""The racefree.ops.node_virtualenv role, run with ansible-playbook, and its virtualenvwrapper hook."""

import json
import shutil
from pathlib import Path

import pytest

from nodeenv_support import HELLO_NAME, REPO, VENV_BIN, make_venv, run_playbook, shell_run

WRAPPER = Path("/usr/share/virtualenvwrapper/virtualenvwrapper.sh")
HOOK_BEGIN = "# BEGIN racefree.ops.node_virtualenv"


def role_playbook(path, **variables):
    """Write a playbook that applies the role with ``variables`` and return its path."""
    play = {"hosts": "localhost", "gather_facts": False,
            "roles": [{"role": "racefree.ops.node_virtualenv", "vars": variables}]}
    path.write_text(json.dumps([play]))
    return path


@pytest.fixture
def hook_env(test_env, tmp_path):
    """Environment of a virtualenvwrapper user whose ansible-playbook finds racefree.ops."""
    env = {**test_env, "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".venv" / "collections"),
           "WORKON_HOME": str(tmp_path / "envs"), "VIRTUALENVWRAPPER_HOOK_DIR": str(tmp_path / "hooks")}
    env.pop("ANSIBLE_CONFIG")
    (tmp_path / "envs").mkdir()
    (tmp_path / "hooks").mkdir()
    return env


def hook_variables(packages, **extra):
    return {
        "node_virtualenv_wrapper_hook": True,
        "node_virtualenv_install_npm": False,
        "node_virtualenv_packages": [str(packages["hello_1.0.0"])],
        "node_virtualenv_wrapper_ansible_playbook": str(VENV_BIN / "ansible-playbook"),
        **extra,
    }


def test_role_sets_up_venv_and_hook(inventory, hook_env, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    hooks = tmp_path / "hooks"
    (hooks / "postmkvirtualenv").write_text("#!/bin/bash\n# user hook\n")
    playbook = role_playbook(tmp_path / "site.yml", node_virtualenv_path=str(venv), **hook_variables(packages))

    first = run_playbook(playbook, inventory, hook_env)
    assert first["stats"]["localhost"]["failures"] == 0, first
    assert first["stats"]["localhost"]["changed"] == 3
    assert (venv / "bin" / HELLO_NAME).exists()
    assert "npm_config_prefix=%s" % venv in (venv / "bin" / "activate").read_text().splitlines()
    hook = (tmp_path / "hooks" / "postmkvirtualenv").read_text()
    assert hook.count(HOOK_BEGIN) == 1
    assert str(tmp_path / "hooks" / "node_virtualenv.yml") in hook

    second = run_playbook(playbook, inventory, hook_env)
    assert second["stats"]["localhost"]["failures"] == 0
    assert second["stats"]["localhost"]["changed"] == 0
    assert (tmp_path / "hooks" / "postmkvirtualenv").read_text() == hook

    removed = run_playbook(
        role_playbook(tmp_path / "remove.yml", node_virtualenv_path=str(venv),
                      **hook_variables(packages, node_virtualenv_state="absent", node_virtualenv_packages=[])),
        inventory, hook_env,
    )
    assert removed["stats"]["localhost"]["failures"] == 0
    assert (hooks / "postmkvirtualenv").read_text() == "#!/bin/bash\n# user hook\n"
    assert not (hooks / "node_virtualenv.yml").exists()
    assert "racefree.ops.nodeenv_prefix" not in (venv / "bin" / "activate").read_text()


@pytest.mark.skipif(WRAPPER.exists() and shutil.which("virtualenv") is not None,
                    reason="test_mkvirtualenv_runs_hook runs the hook through virtualenvwrapper itself")
def test_hook_sets_up_new_venv(inventory, hook_env, packages, tmp_path):
    """Sourcing postmkvirtualenv with VIRTUAL_ENV set, as mkvirtualenv does, sets up that virtualenv."""
    run_playbook(role_playbook(tmp_path / "site.yml", **hook_variables(packages)), inventory, hook_env)
    venv = make_venv(tmp_path / "envs" / "new")
    shell_run("bash", 'VIRTUAL_ENV="$1"; export VIRTUAL_ENV; . "$2"', [venv, tmp_path / "hooks" / "postmkvirtualenv"],
              hook_env)
    completed = shell_run("bash", '. "$1/bin/activate" && npm config get prefix && command -v racefree-hello', [venv],
                          hook_env)
    assert completed.stdout.splitlines() == [str(venv), str(venv / "bin" / HELLO_NAME)]


@pytest.mark.skipif(not WRAPPER.exists() or shutil.which("virtualenv") is None,
                    reason="virtualenvwrapper (Debian package virtualenvwrapper) is not installed")
def test_mkvirtualenv_runs_hook(inventory, hook_env, packages, tmp_path):
    run_playbook(role_playbook(tmp_path / "site.yml", **hook_variables(packages)), inventory, hook_env)
    script = (
        'export VIRTUALENVWRAPPER_PYTHON=/usr/bin/python3; . "$1"'
        " && mkvirtualenv -p python3 made >/dev/null 2>&1 && deactivate"
        ' && workon made && echo "$npm_config_prefix" && racefree-hello && deactivate'
        ' && echo "${npm_config_prefix-unset}"'
    )
    lines = shell_run("bash", script, [WRAPPER], hook_env).stdout.splitlines()
    assert lines == [str(tmp_path / "envs" / "made"), "racefree-hello 1.0.0", "unset"]


def test_role_rejects_relative_hook_dir(inventory, hook_env, packages, tmp_path):
    output = run_playbook(
        role_playbook(tmp_path / "site.yml", **hook_variables(packages, node_virtualenv_wrapper_hook_dir="hooks")),
        inventory, hook_env,
    )
    assert output["stats"]["localhost"]["failures"] == 1
    failed = [host["localhost"] for task in output["plays"][0]["tasks"] for host in [task["hosts"]]
              if host["localhost"].get("failed")]
    assert "which is not an absolute path" in failed[0]["msg"]
