"""ansible-lint passes with the production profile, offline, on roles, playbooks,
molecule scenarios and galaxy.yml (configuration: .ansible-lint)."""

import subprocess

from tests.awssim.process import REPO_ROOT
from tests.gates.collection_copy import BIN


def test_ansible_lint_production_profile(tmp_path):
    env = {
        "HOME": str(tmp_path),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "XDG_CACHE_HOME": str(REPO_ROOT / ".cache"),
        "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"),
        "ANSIBLE_HOME": str(REPO_ROOT / ".cache" / "ansible-home"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_COLOR": "1",
    }
    completed = subprocess.run(
        [str(BIN / "ansible-lint"), "--offline", "--profile", "production"],
        cwd=REPO_ROOT, env=env, capture_output=True, check=False, text=True, timeout=900,
    )
    output = completed.stdout + completed.stderr

    assert completed.returncode == 0, output[-6000:]
    assert "Profile 'production' was required, and it passed" in output, output[-3000:]
