import os
import shutil
import subprocess
import sys

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._activate_hook import (
    ActivateScriptError,
    activated_environment,
    apply_hook,
    marker,
    remove_hook,
)

SCRIPTS = {"sh": "activate", "fish": "activate.fish"}


@pytest.fixture(scope="module")
def venv_scripts(tmp_path_factory):
    """Return the activate scripts that this Python's venv module writes."""
    path = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return {shell: (path / "bin" / name).read_text() for shell, name in SCRIPTS.items()}


@pytest.mark.parametrize("shell", ["sh", "fish"])
@pytest.mark.parametrize("global_install_default", [False, True])
def test_apply_hook_idempotent_and_removable(venv_scripts, shell, global_install_default):
    original = venv_scripts[shell]
    hooked = apply_hook(original, shell, "/srv/v", global_install_default)
    assert hooked != original
    assert apply_hook(hooked, shell, "/srv/v", global_install_default) == hooked
    assert remove_hook(hooked) == original


@pytest.mark.parametrize("shell", ["sh", "fish"])
def test_apply_hook_places_blocks(venv_scripts, shell):
    lines = apply_hook(venv_scripts[shell], shell, "/srv/v", False).splitlines()
    begin = lines.index("    " + marker("deactivate", "BEGIN"))
    assert "deactivate" in lines[begin - 1]
    assert lines[-1] == marker("activate", "END")


@pytest.mark.parametrize("shell", ["sh", "fish"])
def test_apply_hook_switches_global_setting(venv_scripts, shell):
    with_global = apply_hook(venv_scripts[shell], shell, "/srv/v", True)
    without_global = apply_hook(with_global, shell, "/srv/v", False)
    assert "npm_config_global" in with_global
    assert "npm_config_global" not in without_global
    assert without_global == apply_hook(venv_scripts[shell], shell, "/srv/v", False)


@pytest.mark.parametrize(
    "shell, prefix, expected_line",
    [
        ("sh", "/srv/my venv", "npm_config_prefix='/srv/my venv'"),
        ("sh", "/srv/v", "npm_config_prefix=/srv/v"),
        ("fish", "/srv/my venv", "set -gx npm_config_prefix '/srv/my venv'"),
    ],
)
def test_apply_hook_quotes_prefix(venv_scripts, shell, prefix, expected_line):
    assert expected_line in apply_hook(venv_scripts[shell], shell, prefix, False).splitlines()


def test_apply_hook_virtualenv_brace_on_next_line():
    script = "deactivate ()\n{\n    unset VIRTUAL_ENV\n}\nVIRTUAL_ENV=/v\n"
    lines = apply_hook(script, "sh", "/v", False).splitlines()
    assert lines[:2] == ["deactivate ()", "{"]
    assert lines[2] == "    " + marker("deactivate", "BEGIN")


@pytest.mark.parametrize("shell", ["sh", "fish"])
def test_apply_hook_rejects_unknown_script(shell):
    with pytest.raises(ActivateScriptError) as error:
        apply_hook("export VIRTUAL_ENV=/v\n", shell, "/v", False, path="/v/bin/activate")
    assert "/v/bin/activate has no deactivate function" in str(error.value)


def test_remove_hook_without_blocks_is_unchanged(venv_scripts):
    assert remove_hook(venv_scripts["sh"]) == venv_scripts["sh"]


@pytest.mark.parametrize(
    "global_install_default, expected",
    [
        (False, {"npm_config_prefix": "/v", "NPM_CONFIG_PREFIX": "/v"}),
        (True, {"npm_config_prefix": "/v", "NPM_CONFIG_PREFIX": "/v",
                "npm_config_global": "true", "NPM_CONFIG_GLOBAL": "true"}),
    ],
)
def test_activated_environment(global_install_default, expected):
    environment = activated_environment("/v", global_install_default, "/usr/bin")
    assert environment["PATH"] == "/v/bin:/usr/bin"
    assert environment["VIRTUAL_ENV"] == "/v"
    for name, value in expected.items():
        assert environment[name] == value


ROUND_TRIP = r"""
. "$1"
printf 'active %s|%s|%s\n' "${npm_config_prefix-unset}" "${NPM_CONFIG_PREFIX-unset}" "${npm_config_global-unset}"
deactivate
printf 'restored %s|%s|%s\n' "${npm_config_prefix-unset}" "${NPM_CONFIG_PREFIX-unset}" "${npm_config_global-unset}"
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    "environment, restored",
    [
        ({}, "restored unset|unset|unset"),
        ({"npm_config_prefix": "/tmp/other"}, "restored /tmp/other|unset|unset"),
        ({"NPM_CONFIG_PREFIX": "/tmp/upper", "npm_config_global": "false"}, "restored unset|/tmp/upper|false"),
        ({"npm_config_prefix": ""}, "restored |unset|unset"),
    ],
)
def test_hook_round_trip_in_bash(tmp_path, environment, restored):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "v")], check=True)
    script = tmp_path / "v" / "bin" / "activate"
    script.write_text(apply_hook(script.read_text(), "sh", str(tmp_path / "v"), True))
    base = {name: value for name, value in os.environ.items() if not name.lower().startswith("npm_config_")}
    completed = subprocess.run(
        ["bash", "-c", ROUND_TRIP, "bash", str(script)], env={**base, **environment},
        capture_output=True, text=True, check=True,
    )
    lines = completed.stdout.splitlines()
    assert lines[0] == "active %s|unset|true" % (tmp_path / "v")
    assert lines[1] == restored
