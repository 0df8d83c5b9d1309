"""Make ``ansible_collections.racefree.ops`` importable from the checkout.

``make venv`` links the checkout into .venv/collections/ansible_collections/racefree/ops.
"""

import sys
from pathlib import Path

COLLECTIONS = Path(__file__).resolve().parents[4] / ".venv" / "collections"
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
