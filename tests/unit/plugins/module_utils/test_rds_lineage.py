import datetime

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import check_restorable
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import check_restore_time
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import restore_window

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def instance(resource="db-NEW", created=7, retention=7, latest=NOW - datetime.timedelta(minutes=5), **extra):
    record = {
        "DBInstanceIdentifier": "foo",
        "DbiResourceId": resource,
        "InstanceCreateTime": days_ago(created),
        "BackupRetentionPeriod": retention,
        "DBInstanceStatus": "available",
    }
    if latest is not None:
        record["LatestRestorableTime"] = latest
    record.update(extra)
    return record


def backup(resource, earliest, status="active"):
    return {
        "DBInstanceIdentifier": "foo",
        "DbiResourceId": resource,
        "Status": status,
        "RestoreWindow": {"EarliestTime": earliest, "LatestTime": NOW},
    }


def snapshot(resource, taken, kind="automated"):
    return {"DBInstanceIdentifier": "foo", "DbiResourceId": resource, "SnapshotType": kind, "SnapshotCreateTime": taken}


def test_window_from_automated_backup():
    window = restore_window(instance(), [backup("db-NEW", days_ago(7))], [])
    assert window.earliest == days_ago(7)
    assert window.latest == NOW - datetime.timedelta(minutes=5)
    assert window.earliest_source == "automated backup"


def test_window_ignores_other_incarnations_of_same_name():
    backups = [backup("db-OLD", days_ago(40), status="retained"), backup("db-NEW", days_ago(7))]
    snapshots = [snapshot("db-OLD", days_ago(39)), snapshot("db-OLD", days_ago(20), "manual"), snapshot("db-NEW", days_ago(6))]
    window = restore_window(instance(), backups, snapshots)
    assert window.earliest == days_ago(7)
    assert window.automated_snapshots == 1
    assert window.manual_snapshots == 0


def test_window_falls_back_to_oldest_automated_snapshot():
    snapshots = [snapshot("db-NEW", days_ago(d)) for d in (1, 3, 5)]
    window = restore_window(instance(), [], snapshots)
    assert window.earliest == days_ago(5)
    assert window.earliest_source == "oldest automated snapshot"


def test_window_never_starts_before_instance_creation():
    window = restore_window(instance(created=3), [backup("db-NEW", days_ago(9))], [])
    assert window.earliest == days_ago(3)
    assert window.earliest_source == "instance create time"


def test_manual_snapshots_do_not_extend_window():
    snapshots = [snapshot("db-NEW", days_ago(6), "manual"), snapshot("db-NEW", days_ago(2))]
    window = restore_window(instance(), [], snapshots)
    assert window.earliest == days_ago(2)
    assert window.manual_snapshots == 1


def test_backups_enabled_recently_limit_window():
    # Retention was 0 until yesterday: the instance is a week old, its first backup a day old.
    window = restore_window(instance(created=7), [backup("db-NEW", days_ago(1))], [snapshot("db-NEW", days_ago(1))])
    with pytest.raises(RestoreRejected) as raised:
        check_restore_time(instance(), window, days_ago(3))
    message = str(raised.value)
    assert "before the earliest restorable time" in message
    assert "2026-12-03T12:00:00Z" in message
    assert "db-NEW" in message


def test_retention_zero_has_no_window():
    window = restore_window(instance(retention=0, latest=None), [], [])
    with pytest.raises(RestoreRejected) as raised:
        check_restorable(instance(retention=0, latest=None), window)
    assert "BackupRetentionPeriod 0" in str(raised.value)


def test_no_backup_yet_is_rejected():
    window = restore_window(instance(latest=None), [], [])
    with pytest.raises(RestoreRejected) as raised:
        check_restorable(instance(latest=None), window)
    assert "no restorable time yet" in str(raised.value)


def test_aurora_member_is_rejected():
    member = instance(DBClusterIdentifier="orders-cluster")
    window = restore_window(member, [backup("db-NEW", days_ago(7))], [])
    with pytest.raises(RestoreRejected) as raised:
        check_restorable(member, window)
    assert "Aurora DB cluster orders-cluster" in str(raised.value)


@pytest.mark.parametrize(
    "target, accepted",
    [
        (days_ago(7), True),
        (days_ago(2), True),
        (NOW - datetime.timedelta(minutes=5), True),
        (NOW - datetime.timedelta(minutes=4), False),
        (days_ago(8), False),
    ],
)
def test_check_restore_time_bounds(target, accepted):
    window = restore_window(instance(), [backup("db-NEW", days_ago(7))], [])
    if accepted:
        check_restore_time(instance(), window, target)
    else:
        with pytest.raises(RestoreRejected):
            check_restore_time(instance(), window, target)


def test_after_latest_message_names_window_and_option():
    window = restore_window(instance(), [backup("db-NEW", days_ago(7))], [])
    with pytest.raises(RestoreRejected) as raised:
        check_restore_time(instance(), window, NOW)
    message = str(raised.value)
    assert "after the latest restorable time 2026-12-04T11:55:00Z" in message
    assert "choose a time between 2026-11-27T12:00:00Z and 2026-12-04T11:55:00Z" in message
    assert "use_latest_restorable_time" in message
