"""The molecule scenario of the lb_teardown role, run against the session's simulator."""

import shutil
import subprocess

from tests.integration.elb_helpers import BIN, REPO_ROOT, ansible_env, elb_simulator  # noqa: F401  # pylint: disable=unused-import

SCENARIO_ROLE = REPO_ROOT / "roles" / "lb_teardown"


def test_lb_teardown_molecule_scenario(elb_simulator, tmp_path):
    assert shutil.which("molecule", path=str(BIN)), "molecule is missing from .venv/bin; run make venv"
    # ANSIBLE_HOME keeps molecule's state and Ansible's temporary files out of ~/.ansible.
    env = ansible_env(elb_simulator, ANSIBLE_HOME=str(tmp_path / "ansible-home"), XDG_CACHE_HOME=str(tmp_path / "cache"))

    completed = subprocess.run(
        [str(BIN / "molecule"), "test"],
        cwd=SCENARIO_ROLE,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )

    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    for action in ("prepare", "check", "converge", "idempotence", "verify"):
        assert f"default > {action}: Executed: Successful" in output
