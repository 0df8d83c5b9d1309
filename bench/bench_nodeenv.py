"""Time a nodeenv_prefix rerun that changes nothing against one npm ls.

The rerun is the cost of idempotence: ansible's start, the module's plan (one
``npm ls --global --json``), and its verification (two ``npm config get prefix``).
This script sets up a virtualenv once, from tarballs it makes with npm pack, then
times both commands. It needs no network and no npm registry.

Run from the checkout after ``make venv``:

    .venv/bin/python bench/bench_nodeenv.py [--runs N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANSIBLE = REPO / ".venv" / "bin" / "ansible"


def run(argv, env, cwd=None):
    completed = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit("%s failed (%d):\n%s\n%s" % (argv, completed.returncode, completed.stdout, completed.stderr))
    return completed.stdout


def make_packages(root, env):
    """Pack the system npm and a package with one executable, and return both tarball paths."""
    source = root / "src"
    source.mkdir()
    (source / "package.json").write_text(json.dumps({"name": "bench-hello", "version": "1.0.0", "bin": {"bench-hello": "cli.js"}}))
    (source / "cli.js").write_text("#!/usr/bin/env node\nconsole.log('hello')\n")
    npm_root = run(["npm", "root", "--global"], env).strip()
    tarballs = []
    for directory in (os.path.join(npm_root, "npm"), str(source)):
        name = run(["npm", "pack", "--ignore-scripts", "--pack-destination", str(root), directory], env).splitlines()[-1]
        tarballs.append(root / name)
    return tarballs


def time_runs(argv, env, runs):
    """Return the wall-clock seconds of ``runs`` runs of argv."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run(argv, env)
        seconds.append(time.perf_counter() - start)
    return seconds


def describe(label, seconds):
    return "%-44s median %.2f s  min %.2f s  max %.2f s  (%d runs)" % (
        label, statistics.median(seconds), min(seconds), max(seconds), len(seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="number of timed runs of each command (default: 5)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-nodeenv-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        env = {name: value for name, value in os.environ.items() if not name.lower().startswith("npm_config_")}
        env.update(HOME=str(root / "home"), ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
                   ANSIBLE_LOCAL_TEMP=str(root / "ansible-local"), ANSIBLE_REMOTE_TMP=str(root / "ansible-remote"))
        inventory = root / "hosts"
        inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        npm_tarball, hello_tarball = make_packages(root, env)

        venv = root / "venv"
        args = json.dumps({"virtualenv": str(venv), "npm_spec": str(npm_tarball), "packages": [str(hello_tarball)]})
        module = [str(ANSIBLE), "-i", str(inventory), "localhost", "-m", "racefree.ops.nodeenv_prefix", "-a", args]
        setup = time_runs(module, env, 1)
        rerun = time_runs(module, env, options.runs)
        listing = time_runs(["npm", "ls", "--global", "--prefix", str(venv), "--json"], env, options.runs)
        version = run([str(ANSIBLE), "--version"], env).splitlines()[0]

    print("node %s, npm %s, %s, %d cores" % (
        run(["node", "--version"], env).strip(), run(["npm", "--version"], env).strip(), version, os.cpu_count()))
    print(describe("first run (venv, npm and package install)", setup))
    print(describe("rerun, nothing to change", rerun))
    print(describe("npm ls --global --json", listing))


if __name__ == "__main__":
    main()
