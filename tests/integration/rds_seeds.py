"""Account states for the restore tests, as simulator seed documents."""

import copy
from pathlib import Path

import yaml

ORDERS_SEED = Path(__file__).resolve().parents[1] / "awssim" / "seeds" / "orders.yml"


def orders_account():
    """orders-db in its own VPC with non-default settings and an earlier incarnation."""
    with open(ORDERS_SEED, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def single_instance(identifier="foo", **spec):
    document = {"db_instances": [{"identifier": identifier, "created": "-7d", "backup_retention_period": 7}]}
    document["db_instances"][0].update(copy.deepcopy(spec))
    return document


def mutating_rds_calls(simulator):
    """Count RDS calls that could change something (anything but Describe and List)."""
    counts = simulator.control("GET", "calls")
    total = 0
    for name, count in counts.items():
        service, _separator, action = name.partition(":")
        if service == "rds" and "!" not in action and not action.startswith(("Describe", "List")):
            total += count
    return total
