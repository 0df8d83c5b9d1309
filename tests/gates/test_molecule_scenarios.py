"""Each role has a molecule scenario whose test sequence runs check mode, converge,
idempotence and verify in that order, with ``prerun: false``. The scenarios themselves
run in test_molecule.py, test_elb_molecule.py and test_node_virtualenv_molecule.py."""

import pytest
import yaml

from tests.awssim.process import REPO_ROOT

ROLES = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if (path / "tasks" / "main.yml").exists())
REQUIRED_ORDER = ["check", "converge", "idempotence", "verify"]


@pytest.mark.parametrize("role", ROLES)
def test_scenario_sequence(role):
    path = REPO_ROOT / "roles" / role / "molecule" / "default" / "molecule.yml"
    assert path.exists(), f"{role} has no molecule scenario"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))

    assert config.get("prerun") is False
    sequence = config["scenario"]["test_sequence"]
    positions = [sequence.index(step) if step in sequence else -1 for step in REQUIRED_ORDER]
    assert -1 not in positions, f"{role}: {sequence} lacks one of {REQUIRED_ORDER}"
    check, converge, idempotence, verify = positions
    assert check < converge < idempotence < verify, f"{role}: {sequence}"
    for playbook in ("converge.yml", "verify.yml"):
        assert (path.parent / playbook).exists(), f"{role}: {playbook} is missing"
