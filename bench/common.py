"""Helpers the benchmarks share: timing, medians, ansible runs, markdown tables."""

import json
import os
import platform
import statistics
import subprocess
import time

from tests.awssim.process import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"


def machine():
    """Describe the machine the figures come from."""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        models = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs ({models[0] if models else 'unknown'})"


def median(values):
    return statistics.median(values) if values else float("nan")


def timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return time.monotonic() - started, result


def client(simulator, service):
    return simulator.client(service)


def ansible_env(simulator, **extra):
    env = simulator.aws_env()
    env.update(
        ANSIBLE_CONFIG=str(REPO_ROOT / "ansible.cfg"),
        ANSIBLE_HOME=str(REPO_ROOT / ".cache" / "ansible-home"),
        ANSIBLE_STDOUT_CALLBACK="json",
        ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run_adhoc(simulator, module, args, check=False):
    """Run ``ansible localhost -m MODULE -a JSON``; return (seconds, host result)."""
    command = [str(BIN / "ansible"), "localhost", "-m", module]
    if args:
        command += ["-a", json.dumps(args)]
    if check:
        command.append("--check")
    seconds, completed = timed(
        subprocess.run, command, cwd=REPO_ROOT, env=ansible_env(simulator), capture_output=True, text=True
    )
    output = json.loads(completed.stdout)
    return seconds, output["plays"][0]["tasks"][0]["hosts"]["localhost"]


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def calls_between(simulator, before):
    after = simulator.control("GET", "calls")
    return {name: count - before.get(name, 0) for name, count in after.items() if count - before.get(name, 0)}


def describe_calls(counts):
    return sum(count for name, count in counts.items() if ":Describe" in name and "!" not in name)


def load_average():
    """Return the 1, 5 and 15 minute load averages as text."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
