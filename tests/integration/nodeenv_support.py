"""Helpers for the tests that run ansible, node, npm and shells."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
HELLO_NAME = "racefree-hello"
HELLO_CLI = "#!/usr/bin/env node\nconsole.log('racefree-hello ' + require('./package.json').version)\n"


def npm_free_environ():
    """Return os.environ without npm_config_* variables, which would change what npm does."""
    return {name: value for name, value in os.environ.items() if not name.lower().startswith("npm_config_")}


def make_env(home, scratch):
    """Return the environment for ansible, npm and shells: this HOME, no npm_config_*, this checkout's ansible.cfg."""
    return {
        **npm_free_environ(),
        "HOME": str(home),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_LOCAL_TEMP": str(scratch / "ansible-local"),
        "ANSIBLE_REMOTE_TMP": str(scratch / "ansible-remote"),
        "ANSIBLE_NOCOLOR": "1",
        "XDG_CACHE_HOME": str(scratch / "cache"),
    }


def run(argv, env, cwd=None, check=True):
    """Run argv and return the CompletedProcess with text output."""
    completed = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False, text=True, timeout=300)
    if check and completed.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (argv, completed.returncode, completed.stdout, completed.stderr))
    return completed


def pack(directory, destination, env):
    """Run npm pack in ``directory`` and return the path of the tarball it made."""
    completed = run(
        ["npm", "pack", "--ignore-scripts", "--pack-destination", str(destination), str(directory)], env=env
    )
    return destination / completed.stdout.strip().splitlines()[-1]


def write_hello_package(directory, version, name=HELLO_NAME):
    """Write a package whose one executable prints its name and version."""
    directory.mkdir(parents=True)
    manifest = {"name": name, "version": version, "bin": {name: "cli.js"}}
    (directory / "package.json").write_text(json.dumps(manifest))
    (directory / "cli.js").write_text(HELLO_CLI.replace("racefree-hello", name))
    (directory / "cli.js").chmod(0o755)


def bump_npm_tarball(source, destination):
    """Copy an npm tarball with a higher prerelease version, as a newer npm to upgrade to."""
    with tarfile.open(source, "r:gz") as original, tarfile.open(destination, "w:gz", compresslevel=1) as bumped:
        for member in original:
            data = original.extractfile(member).read() if member.isfile() else None
            if member.name == "package/package.json":
                manifest = json.loads(data)
                major, minor, patch = manifest["version"].split("-")[0].split(".")
                manifest["version"] = "%s.%s.%d-racefree.1" % (major, minor, int(patch) + 1)
                data = json.dumps(manifest, indent=2).encode()
                member.size = len(data)
            bumped.addfile(member, io.BytesIO(data) if data is not None else None)
    return json.loads(read_tarball_member(destination, "package/package.json"))["version"]


def read_tarball_member(path, name):
    with tarfile.open(path, "r:gz") as archive:
        return archive.extractfile(name).read()


class ModuleRunner:
    """Run racefree.ops.nodeenv_prefix ad hoc and return the host's result dict."""

    def __init__(self, inventory, env):
        self.inventory = inventory
        self.env = env

    def __call__(self, args, check=False, diff=False, env=None):
        argv = [str(VENV_BIN / "ansible"), "-i", str(self.inventory), "localhost",
                "-m", "racefree.ops.nodeenv_prefix", "-a", json.dumps(args)]
        if check:
            argv.append("--check")
        if diff:
            argv.append("--diff")
        environment = {**self.env, **(env or {}),
                       "ANSIBLE_LOAD_CALLBACK_PLUGINS": "1", "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"}
        completed = run(argv, env=environment, check=False)
        try:
            output = json.loads(completed.stdout)
        except ValueError:
            raise AssertionError("ansible printed no JSON:\n%s\n%s" % (completed.stdout, completed.stderr))
        return output["plays"][0]["tasks"][0]["hosts"]["localhost"]


def make_venv(path):
    """Create a Python virtualenv without pip, which is all the module needs."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def snapshot(root):
    """Return ``{relative path: (kind, content or link target)}`` for a tree."""
    state = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if path.is_symlink():
                state[relative] = ("link", os.readlink(path))
            elif path.is_file():
                state[relative] = ("file", path.read_bytes())
            else:
                state[relative] = ("dir", None)
    return state


def shell_run(shell, script, args, env, cwd=None, check=True):
    """Run ``script`` in ``shell`` with ``args`` as $1, $2... (bash, zsh) or $argv (fish)."""
    args = [str(arg) for arg in args]
    if shell == "fish":
        argv = ["fish", "--no-config", "-c", script, *args]
    else:
        argv = [shell, "-c", script, shell, *args]
    return run(argv, env=env, cwd=cwd, check=check)


class PlaybookRunner:
    """Run racefree.ops.nodeenv_prefix tasks in one ansible-playbook process.

    Each task is a dict of module arguments, with the optional keys ``_check`` and
    ``_diff`` for the task's check_mode and diff keywords. Every task ignores
    errors, so one run can check several failures; the results come back in order.
    """

    def __init__(self, inventory, env, scratch):
        self.inventory = inventory
        self.env = env
        self.scratch = scratch

    def __call__(self, tasks, env=None):
        play_tasks = []
        for number, task in enumerate(tasks):
            args = {key: value for key, value in task.items() if not key.startswith("_")}
            play_tasks.append({
                "name": "task %d" % number,
                "racefree.ops.nodeenv_prefix": args,
                "check_mode": task.get("_check", False),
                "diff": task.get("_diff", False),
                "ignore_errors": True,
            })
        playbook = self.scratch / ("playbook-%d.yml" % len(list(self.scratch.glob("playbook-*.yml"))))
        playbook.write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": play_tasks}]))
        environment = {**self.env, **(env or {}), "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"}
        completed = run([str(VENV_BIN / "ansible-playbook"), "-i", str(self.inventory), str(playbook)],
                        env=environment, check=False)
        try:
            output = json.loads(completed.stdout)
        except ValueError:
            raise AssertionError("ansible-playbook printed no JSON:\n%s\n%s" % (completed.stdout, completed.stderr))
        return [task["hosts"]["localhost"] for task in output["plays"][0]["tasks"]]


def run_playbook(playbook, inventory, env, check=False):
    """Run ansible-playbook with the json callback and return its parsed output."""
    argv = [str(VENV_BIN / "ansible-playbook"), "-i", str(inventory), str(playbook)]
    if check:
        argv.append("--check")
    completed = run(argv, env={**env, "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"}, check=False)
    try:
        return json.loads(completed.stdout)
    except ValueError:
        raise AssertionError("ansible-playbook printed no JSON:\n%s\n%s" % (completed.stdout, completed.stderr))
