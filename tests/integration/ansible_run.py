"""Run real ansible and ansible-playbook commands against a simulator, as users do."""

import json
import subprocess

from tests.awssim.process import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"


def ansible_env(simulator, **extra):
    env = simulator.aws_env()
    env.update(
        ANSIBLE_CONFIG=str(REPO_ROOT / "ansible.cfg"),
        ANSIBLE_STDOUT_CALLBACK="json",
        ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_HOME=str(REPO_ROOT / ".cache" / "ansible-home"),
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run_module(simulator, module, args, check=False, timeout=300, **env):
    """Run ``ansible localhost -m racefree.ops.MODULE -a JSON``; return the host result."""
    command = [str(BIN / "ansible"), "localhost", "-m", f"racefree.ops.{module}", "-a", json.dumps(args)]
    if check:
        command.append("--check")
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=ansible_env(simulator, **env), capture_output=True, check=False, text=True, timeout=timeout
    )
    output = json.loads(completed.stdout)
    return output["plays"][0]["tasks"][0]["hosts"]["localhost"]


def run_playbook(simulator, playbook, extra_vars=None, check=False, timeout=600, **env):
    """Run ansible-playbook with the json callback; return (exit code, parsed output)."""
    command = [str(BIN / "ansible-playbook"), str(playbook)]
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    if check:
        command.append("--check")
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=ansible_env(simulator, **env), capture_output=True, check=False, text=True, timeout=timeout
    )
    return completed.returncode, json.loads(completed.stdout)


def task_results(output, name_fragment):
    """Return the localhost results of every task whose name contains ``name_fragment``."""
    found = []
    for play in output["plays"]:
        for task in play["tasks"]:
            if name_fragment in task["task"]["name"]:
                found.append(task["hosts"]["localhost"])
    return found
