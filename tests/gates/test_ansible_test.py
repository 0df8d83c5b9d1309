"""ansible-test sanity (every test) and ansible-test units pass on a copy of the collection.

The copy contains the files of the built collection (galaxy.yml's build_ignore applies),
and ansible-test runs locally with ``--venv``: see tests/gates/ansible_test.py.
"""

import re

from tests.gates.ansible_test import run_ansible_test

# Sanity tests that must run rather than skip. ansible-test prints "Running sanity test "NAME"" for each.
REQUIRED_SANITY_TESTS = [
    "ansible-doc", "compile", "import", "pep8", "pylint", "runtime-metadata", "validate-modules", "yamllint",
]


def test_ansible_test_sanity_passes():
    completed = run_ansible_test(["sanity"])
    output = completed.stdout + completed.stderr

    assert completed.returncode == 0, output[-6000:]
    ran = set(re.findall(r'Running sanity test "([\w-]+)"', output))
    for name in REQUIRED_SANITY_TESTS:
        assert name in ran, f"sanity test {name} did not run:\n{output[-3000:]}"


def test_ansible_test_units_passes():
    completed = run_ansible_test(["units"])
    output = completed.stdout + completed.stderr

    assert completed.returncode == 0, output[-6000:]
    assert re.search(r"=+ \d+ passed", output), output[-3000:]
    assert " failed" not in output
