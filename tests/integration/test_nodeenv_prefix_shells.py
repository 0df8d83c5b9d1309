"""Activate, npm install -g, run the binary and deactivate in bash, zsh and fish."""

import shutil

import pytest

from tests.integration.nodeenv_support import shell_run

SHELLS = [
    pytest.param(shell, marks=pytest.mark.skipif(shutil.which(shell) is None, reason="%s is not installed" % shell))
    for shell in ("bash", "zsh", "fish")
]

POSIX_INSTALL_AND_RUN = (
    '. "$1/bin/activate" && npm install -g --no-audit --no-fund "$2" >/dev/null'
    " && command -v racefree-other && racefree-other && npm config get prefix"
    " && npm uninstall -g racefree-other >/dev/null"
)
FISH_INSTALL_AND_RUN = (
    'source $argv[1]/bin/activate.fish; and npm install -g --no-audit --no-fund $argv[2] >/dev/null'
    "; and command -v racefree-other; and racefree-other; and npm config get prefix"
    "; and npm uninstall -g racefree-other >/dev/null"
)

POSIX_ROUND_TRIP = (
    '. "$1/bin/activate" && echo "active ${npm_config_prefix-unset} ${NPM_CONFIG_PREFIX-unset}"'
    ' && deactivate && echo "restored ${npm_config_prefix-unset} ${NPM_CONFIG_PREFIX-unset}"'
    ' && npm config get prefix && echo "$PATH" && env | grep -c _NODEENV_PREFIX_ || true'
)
FISH_ROUND_TRIP = (
    "source $argv[1]/bin/activate.fish; and echo active $npm_config_prefix (set -q NPM_CONFIG_PREFIX; or echo unset)"
    "; and deactivate; and echo restored $npm_config_prefix $NPM_CONFIG_PREFIX"
    '; and npm config get prefix; and echo "$PATH"; and env | grep -c _NODEENV_PREFIX_; or true'
)


@pytest.mark.parametrize("shell", SHELLS)
def test_activate_install_run(ready_venv, packages, run_env, shell):
    venv = ready_venv["venv"]
    script = FISH_INSTALL_AND_RUN if shell == "fish" else POSIX_INSTALL_AND_RUN
    completed = shell_run(shell, script, [venv, packages["other"]], run_env)
    assert completed.stdout.splitlines() == [
        str(venv / "bin" / "racefree-other"),
        "racefree-other 2.0.0",
        str(venv),
    ]


@pytest.mark.parametrize("shell", SHELLS)
def test_deactivate_restores_environment(ready_venv, run_env, tmp_path, shell):
    venv = ready_venv["venv"]
    other = str(tmp_path / "other")
    upper = str(tmp_path / "upper")
    env = {**run_env, "npm_config_prefix": other, "NPM_CONFIG_PREFIX": upper}
    script = FISH_ROUND_TRIP if shell == "fish" else POSIX_ROUND_TRIP
    lines = shell_run(shell, script, [venv], env).stdout.splitlines()
    assert lines[0] == "active %s unset" % venv
    assert lines[1] == "restored %s %s" % (other, upper)
    # With both spellings exported, npm uses the one that comes later in the environment.
    assert lines[2] in (other, upper)
    assert lines[3] == run_env["PATH"]
    assert lines[4] == "0"


@pytest.mark.parametrize("shell", SHELLS)
def test_deactivate_without_previous_values(ready_venv, run_env, shell):
    venv = ready_venv["venv"]
    script = FISH_ROUND_TRIP if shell == "fish" else POSIX_ROUND_TRIP
    lines = shell_run(shell, script, [venv], run_env).stdout.splitlines()
    # fish prints nothing for an unset variable, and the POSIX scripts print "unset".
    assert lines[1] == ("restored" if shell == "fish" else "restored unset unset")
    assert lines[2] != str(venv)
    assert lines[4] == "0"
