import datetime

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import STEPS
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import RestorePlan
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import check_identifiers
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import request_label


@pytest.mark.parametrize(
    "target, old_name, fragment",
    [
        ("", "x-old", "not a valid DB instance identifier"),
        ("Orders-DB", "orders-db-old", "use 'orders-db'"),
        ("orders_db", "orders_db-old", "not a valid DB instance identifier"),
        ("1orders", "orders-old", "not a valid DB instance identifier"),
        ("orders--db", "orders-old", "not a valid DB instance identifier"),
        ("orders-", "orders-old", "not a valid DB instance identifier"),
        ("a" * 64, "orders-old", "not a valid DB instance identifier"),
        ("orders", "orders", "equals db_instance_identifier"),
    ],
)
def test_check_identifiers_rejects(target, old_name, fragment):
    with pytest.raises(RestoreRejected) as raised:
        check_identifiers(target, old_name)
    assert fragment in str(raised.value)


def test_check_identifiers_accepts_longest_name():
    check_identifiers("a" * 63, "b" * 63)


def test_request_label():
    assert request_label(None) == "latest"
    value = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.timezone.utc)
    assert request_label(value) == "2026-12-01T10:00:00Z"


def test_plan_steps_end_with_delete_old_when_asked():
    plan = RestorePlan(phase="start", target="foo", old_name="foo-old", request_label="latest", delete_old=True)
    assert plan.steps == STEPS["start"] + ["delete_old"]
    assert plan.as_result()["steps"][-1] == "delete_old"


def test_plan_done_has_no_steps():
    plan = RestorePlan(phase="done", target="foo", old_name="foo-old", request_label="latest", delete_old=True)
    assert plan.steps == []
