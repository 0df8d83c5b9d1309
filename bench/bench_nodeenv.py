"""Benchmark nodeenv_prefix beside nodeenv and npm ls, with local tarballs and no registry.

    .venv/bin/python -m bench.bench_nodeenv [--runs 3]

- First run: ``ansible localhost -m racefree.ops.nodeenv_prefix`` on a fresh virtualenv
  beside ``nodeenv --node=system -p -r REQUIREMENTS`` on another fresh virtualenv. Both
  install the same two tarballs made by ``npm pack``: the system npm and a package with
  one executable. The virtualenvs are made with ``python3 -m venv`` before the timer starts.
- Rerun: the module on a virtualenv where everything is installed (it runs one
  ``npm ls --global --json`` and two ``npm config get prefix``) beside one
  ``npm ls --global --json`` on the same prefix.

nodeenv comes from PyPI and is installed into its own scratch virtualenv
(.cache/bench-tools), never into .venv. Prints a markdown section.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BIN, REPO_ROOT, load_average, median, table

NODEENV_VERSION = "1.12.0"
TOOLS_VENV = REPO_ROOT / ".cache" / "bench-tools"


def run(argv, env, cwd=None):
    completed = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{argv} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout


def timed_run(argv, env, cwd=None):
    started = time.perf_counter()
    run(argv, env, cwd)
    return time.perf_counter() - started


def nodeenv_command():
    """Install the pinned nodeenv into its scratch virtualenv when missing; return its path."""
    nodeenv = TOOLS_VENV / "bin" / "nodeenv"
    installed = nodeenv.exists() and run([str(nodeenv), "--version"], os.environ).strip() == NODEENV_VERSION
    if not installed:
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS_VENV)], check=True)
        subprocess.run([str(TOOLS_VENV / "bin" / "pip"), "install", "--quiet", f"nodeenv=={NODEENV_VERSION}"], check=True)
    return nodeenv


class Scratch:
    """A scratch directory with its own HOME, npm cache, inventory and package tarballs."""

    def __init__(self, root):
        self.root = Path(root)
        (self.root / "home").mkdir()
        env = {name: value for name, value in os.environ.items() if not name.lower().startswith("npm_config_")}
        env.pop("VIRTUAL_ENV", None)
        env.update(
            HOME=str(self.root / "home"),
            npm_config_cache=str(self.root / "npm-cache"),
            ANSIBLE_CONFIG=str(REPO_ROOT / "ansible.cfg"),
            ANSIBLE_HOME=str(REPO_ROOT / ".cache" / "ansible-home"),
            ANSIBLE_LOCAL_TEMP=str(self.root / "ansible-local"),
            ANSIBLE_REMOTE_TMP=str(self.root / "ansible-remote"),
        )
        self.env = env
        self.inventory = self.root / "hosts"
        self.inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={BIN / 'python'}\n")
        self.npm_tarball, self.package_tarball = self._make_packages()

    def _make_packages(self):
        """Pack the system npm and a package with one executable; return both tarball paths."""
        source = self.root / "src"
        source.mkdir()
        manifest = {"name": "bench-hello", "version": "1.0.0", "bin": {"bench-hello": "cli.js"}}
        (source / "package.json").write_text(json.dumps(manifest))
        (source / "cli.js").write_text("#!/usr/bin/env node\nconsole.log('hello')\n")
        npm_root = run(["npm", "root", "--global"], self.env).strip()
        tarballs = []
        for directory in (os.path.join(npm_root, "npm"), str(source)):
            output = run(["npm", "pack", "--ignore-scripts", "--pack-destination", str(self.root), directory], self.env)
            tarballs.append(self.root / output.splitlines()[-1])
        return tarballs

    def new_virtualenv(self, name):
        path = self.root / name
        run([sys.executable, "-m", "venv", "--without-pip", str(path)], self.env)
        return path

    def module_command(self, virtualenv):
        args = {"virtualenv": str(virtualenv), "npm_spec": str(self.npm_tarball), "packages": [str(self.package_tarball)]}
        return [str(BIN / "ansible"), "-i", str(self.inventory), "localhost", "-m", "racefree.ops.nodeenv_prefix",
                "-a", json.dumps(args)]

    def nodeenv_run(self, nodeenv, virtualenv):
        requirements = self.root / "requirements.txt"
        requirements.write_text(f"{self.npm_tarball}\n{self.package_tarball}\n")
        env = dict(self.env, VIRTUAL_ENV=str(virtualenv), PATH=f"{virtualenv / 'bin'}:{self.env['PATH']}")
        return timed_run([str(nodeenv), "--node=system", "-p", "-r", str(requirements)], env)


def check_installed(virtualenv):
    """Fail unless the virtualenv's npm and the package's executable are in place."""
    for path in (virtualenv / "bin" / "bench-hello", virtualenv / "lib" / "node_modules" / "npm" / "package.json"):
        if not path.exists():
            raise RuntimeError(f"{path} is missing after the first run")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.bench_nodeenv", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3; reruns get 5 at least)")
    args = parser.parse_args(argv)
    nodeenv = nodeenv_command()

    with tempfile.TemporaryDirectory(prefix="bench-nodeenv-") as directory:
        scratch = Scratch(directory)
        before = load_average()
        first = {"nodeenv_prefix": [], "nodeenv": []}
        for index in range(args.runs):
            target = scratch.new_virtualenv(f"module-{index}")
            first["nodeenv_prefix"].append(timed_run(scratch.module_command(target), scratch.env))
            check_installed(target)
            target = scratch.new_virtualenv(f"nodeenv-{index}")
            first["nodeenv"].append(scratch.nodeenv_run(nodeenv, target))
            check_installed(target)

        target = scratch.root / "module-0"
        rerun = {"nodeenv_prefix": [], "npm ls": []}
        for _ in range(max(5, args.runs)):
            rerun["nodeenv_prefix"].append(timed_run(scratch.module_command(target), scratch.env))
            listing = ["npm", "ls", "--global", "--prefix", str(target), "--json"]
            rerun["npm ls"].append(timed_run(listing, scratch.env))
        versions = (f"node {run(['node', '--version'], scratch.env).strip()}, npm {run(['npm', '--version'], scratch.env).strip()}, "
                    f"nodeenv {NODEENV_VERSION}")
        after = load_average()

    first_ratio = median(first["nodeenv_prefix"]) / median(first["nodeenv"])
    rerun_ratio = median(rerun["nodeenv_prefix"]) / median(rerun["npm ls"])
    print("## nodeenv_prefix\n")
    print(f"{versions}. Load average before: {before}; after: {after}.\n")
    rows = [
        ("first run: racefree.ops.nodeenv_prefix (ad-hoc ansible)", f"{median(first['nodeenv_prefix']):.2f}",
         f"{min(first['nodeenv_prefix']):.2f}", f"{max(first['nodeenv_prefix']):.2f}", len(first["nodeenv_prefix"]),
         f"{first_ratio:.2f}"),
        ("first run: nodeenv --node=system -p -r requirements.txt", f"{median(first['nodeenv']):.2f}",
         f"{min(first['nodeenv']):.2f}", f"{max(first['nodeenv']):.2f}", len(first["nodeenv"]), "1.00"),
        ("rerun, nothing to change: racefree.ops.nodeenv_prefix", f"{median(rerun['nodeenv_prefix']):.2f}",
         f"{min(rerun['nodeenv_prefix']):.2f}", f"{max(rerun['nodeenv_prefix']):.2f}", len(rerun["nodeenv_prefix"]),
         f"{rerun_ratio:.2f}"),
        ("npm ls --global --json on the same prefix", f"{median(rerun['npm ls']):.2f}", f"{min(rerun['npm ls']):.2f}",
         f"{max(rerun['npm ls']):.2f}", len(rerun["npm ls"]), "1.00"),
    ]
    print(table(["command", "median s", "min s", "max s", "runs", "ratio to the alternative below/beside it"], rows) + "\n")
    print("Both first runs install the same two tarballs into a virtualenv made beforehand. nodeenv "
          "(with `--node=system`) adds a `node` shim and activate hooks that export the prefix, then runs "
          "`npm install -g` for each line of the requirements file. The module's time also includes "
          "ansible's start-up, one `npm ls --global --json` before installing, the builtin npmrc and a "
          "verification with two `npm config get prefix` runs.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
