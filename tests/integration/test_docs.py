"""ansible-doc renders every module's and every role's documentation."""

import subprocess

import pytest

from tests.awssim.process import REPO_ROOT
from tests.integration.ansible_run import BIN

MODULES = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
ROLES = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if (path / "meta" / "argument_specs.yml").exists())


def ansible_doc(*args):
    env = {"ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"), "ANSIBLE_HOME": str(REPO_ROOT / ".cache" / "ansible-home"),
           "PATH": "/usr/bin:/bin", "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run([str(BIN / "ansible-doc"), *args], cwd=REPO_ROOT, env=env, capture_output=True, check=False, text=True, timeout=120)


@pytest.mark.parametrize("module", MODULES)
def test_module_docs_render(module):
    completed = ansible_doc(f"racefree.ops.{module}")
    assert completed.returncode == 0, completed.stderr
    assert "[ERROR]" not in completed.stderr
    assert "EXAMPLES:" in completed.stdout
    assert "RETURN VALUES:" in completed.stdout


@pytest.mark.parametrize("role", ROLES)
def test_role_docs_render(role):
    completed = ansible_doc("-t", "role", f"racefree.ops.{role}")
    assert completed.returncode == 0, completed.stderr
    assert "ENTRY POINT: *main*" in completed.stdout
