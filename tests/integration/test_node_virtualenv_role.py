"""The racefree.ops.node_virtualenv role, run with ansible-playbook, and its virtualenvwrapper hook.

The tests share one role run (the role_run fixture) and run in file order. The last
one removes the hook with node_virtualenv_state absent.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.integration.nodeenv_support import HELLO_NAME, REPO, VENV_BIN, make_env, make_venv, run_playbook, shell_run

WRAPPER = Path("/usr/share/virtualenvwrapper/virtualenvwrapper.sh")
HAVE_WRAPPER = WRAPPER.exists() and shutil.which("virtualenv") is not None
HOOK_BEGIN = "# BEGIN racefree.ops.node_virtualenv"
USER_HOOK = "#!/bin/bash\n# user hook\n"


def role_playbook(path, **variables):
    """Write a playbook that applies the role with ``variables`` and return its path."""
    play = {"hosts": "localhost", "gather_facts": False,
            "roles": [{"role": "racefree.ops.node_virtualenv", "vars": variables}]}
    path.write_text(json.dumps([play]))
    return path


def hook_variables(packages, **extra):
    return {
        "node_virtualenv_wrapper_hook": True,
        "node_virtualenv_install_npm": False,
        "node_virtualenv_packages": [str(packages["hello_1.0.0"])],
        "node_virtualenv_wrapper_ansible_playbook": str(VENV_BIN / "ansible-playbook"),
        **extra,
    }


@pytest.fixture(scope="module")
def role_run(tmp_path_factory, inventory, packages):
    """Apply the role once to a virtualenv, with the hook, as a virtualenvwrapper user would.

    Returns the paths, the environment (whose ansible-playbook finds racefree.ops
    through ANSIBLE_COLLECTIONS_PATH) and the ansible-playbook output.
    """
    root = tmp_path_factory.mktemp("role")
    for folder in ("home", "envs", "hooks"):
        (root / folder).mkdir()
    (root / "hooks" / "postmkvirtualenv").write_text(USER_HOOK)
    env = {**make_env(root / "home", root), "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".venv" / "collections"),
           "WORKON_HOME": str(root / "envs"), "VIRTUALENVWRAPPER_HOOK_DIR": str(root / "hooks")}
    env.pop("ANSIBLE_CONFIG")
    venv = make_venv(root / "v")
    playbook = role_playbook(root / "site.yml", node_virtualenv_path=str(venv), **hook_variables(packages))
    output = run_playbook(playbook, inventory, env)
    return {"root": root, "hooks": root / "hooks", "venv": venv, "env": env, "playbook": playbook, "output": output}


def test_role_sets_up_venv_and_hook(role_run, inventory):
    venv, hooks = role_run["venv"], role_run["hooks"]
    first = role_run["output"]
    assert first["stats"]["localhost"]["failures"] == 0, first
    assert first["stats"]["localhost"]["changed"] == 3
    assert (venv / "bin" / HELLO_NAME).exists()
    assert "npm_config_prefix=%s" % venv in (venv / "bin" / "activate").read_text().splitlines()
    hook = (hooks / "postmkvirtualenv").read_text()
    assert hook.startswith(USER_HOOK)
    assert hook.count(HOOK_BEGIN) == 1
    assert str(hooks / "node_virtualenv.yml") in hook

    second = run_playbook(role_run["playbook"], inventory, role_run["env"])
    assert second["stats"]["localhost"]["failures"] == 0
    assert second["stats"]["localhost"]["changed"] == 0
    assert (hooks / "postmkvirtualenv").read_text() == hook


@pytest.mark.skipif(not HAVE_WRAPPER, reason="virtualenvwrapper (Debian package virtualenvwrapper) is not installed")
def test_mkvirtualenv_runs_hook(role_run):
    script = (
        'export VIRTUALENVWRAPPER_PYTHON=/usr/bin/python3; . "$1"'
        " && mkvirtualenv -p python3 made >/dev/null 2>&1 && deactivate"
        ' && workon made && echo "$npm_config_prefix" && racefree-hello && deactivate'
        ' && echo "${npm_config_prefix-unset}"'
    )
    lines = shell_run("bash", script, [WRAPPER], role_run["env"]).stdout.splitlines()
    assert lines == [str(role_run["root"] / "envs" / "made"), "racefree-hello 1.0.0", "unset"]


@pytest.mark.skipif(HAVE_WRAPPER, reason="test_mkvirtualenv_runs_hook runs the hook through virtualenvwrapper itself")
def test_hook_sets_up_new_venv(role_run):
    """Sourcing postmkvirtualenv with VIRTUAL_ENV set, as mkvirtualenv does, sets up that virtualenv."""
    venv = make_venv(role_run["root"] / "envs" / "new")
    shell_run("bash", 'VIRTUAL_ENV="$1"; export VIRTUAL_ENV; . "$2"', [venv, role_run["hooks"] / "postmkvirtualenv"],
              role_run["env"])
    completed = shell_run("bash", '. "$1/bin/activate" && npm config get prefix && command -v racefree-hello', [venv],
                          role_run["env"])
    assert completed.stdout.splitlines() == [str(venv), str(venv / "bin" / HELLO_NAME)]


def test_role_rejects_relative_hook_dir(role_run, inventory, packages):
    playbook = role_playbook(role_run["root"] / "relative.yml",
                             **hook_variables(packages, node_virtualenv_wrapper_hook_dir="hooks"))
    output = run_playbook(playbook, inventory, role_run["env"])
    assert output["stats"]["localhost"]["failures"] == 1
    failed = [task["hosts"]["localhost"] for task in output["plays"][0]["tasks"]
              if task["hosts"]["localhost"].get("failed")]
    assert "which is not an absolute path" in failed[0]["msg"]


def test_role_absent_removes_hook(role_run, inventory, packages):
    venv, hooks = role_run["venv"], role_run["hooks"]
    playbook = role_playbook(
        role_run["root"] / "remove.yml", node_virtualenv_path=str(venv),
        **hook_variables(packages, node_virtualenv_state="absent", node_virtualenv_packages=[]),
    )
    removed = run_playbook(playbook, inventory, role_run["env"])
    assert removed["stats"]["localhost"]["failures"] == 0
    assert (hooks / "postmkvirtualenv").read_text() == USER_HOOK
    assert not (hooks / "node_virtualenv.yml").exists()
    assert "racefree.ops.nodeenv_prefix" not in (venv / "bin" / "activate").read_text()
