"""Run ansible-test on a copy of the checkout, offline.

Usage: ``.venv/bin/python -m tests.gates.ansible_test sanity --test pylint`` (any
ansible-test arguments). The copy lives in a temporary directory, and ansible-test runs
with ``--venv --python X.Y`` for the running interpreter, its HOME in
``.cache/ansible-test-home``, and the pip bootstrap from ``get_pip_offline.py``.
"""

import subprocess
import sys
import tempfile

from tests.gates.collection_copy import BIN, copy_collection, prepare_ansible_test_home


def run_ansible_test(arguments, timeout=1800):
    """Run ``ansible-test ARGUMENTS --venv --python X.Y`` in a fresh copy; return the
    CompletedProcess with its output as text."""
    env = prepare_ansible_test_home()
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    with tempfile.TemporaryDirectory(prefix="racefree-ops-ansible-test-") as root:
        collection = copy_collection(root)
        command = [str(BIN / "ansible-test"), *arguments, "--venv", "--python", python, "--color", "no"]
        return subprocess.run(command, cwd=collection, env=env, capture_output=True, check=False, text=True, timeout=timeout)


def main():
    completed = run_ansible_test(sys.argv[1:])
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
