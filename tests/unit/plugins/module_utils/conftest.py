"""Make ``ansible_collections.racefree.ops`` importable from the checkout; share a fake clock.

``make venv`` links the checkout into .venv/collections/ansible_collections/racefree/ops.
"""

import sys
from pathlib import Path

import pytest

COLLECTIONS = Path(__file__).resolve().parents[4] / ".venv" / "collections"
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))


class FakeClock:
    """A monotonic clock that only moves when ``sleep`` is called, for wait-loop tests."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()
