"""rds_restore_in_place run with real ansible against the simulator."""

import datetime

import pytest

from tests.integration.ansible_run import run_module
from tests.integration.rds_seeds import mutating_rds_calls, orders_account, single_instance

UTC = datetime.timezone.utc
OWN_TAG_PREFIX = "racefree-ops:"


def iso_ago(**delta):
    return (datetime.datetime.now(UTC) - datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(rds, identifier):
    found = rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": [identifier]}])["DBInstances"]
    return found[0] if found else None


def user_tags(instance):
    return {t["Key"]: t["Value"] for t in instance["TagList"] if not t["Key"].startswith(OWN_TAG_PREFIX)}


SETTINGS = {
    "DBInstanceClass": lambda i: i["DBInstanceClass"],
    "MultiAZ": lambda i: i["MultiAZ"],
    "Port": lambda i: i["Endpoint"]["Port"],
    "PubliclyAccessible": lambda i: i["PubliclyAccessible"],
    "StorageType": lambda i: i["StorageType"],
    "Iops": lambda i: i.get("Iops"),
    "DeletionProtection": lambda i: i["DeletionProtection"],
    "IAMDatabaseAuthenticationEnabled": lambda i: i["IAMDatabaseAuthenticationEnabled"],
    "CopyTagsToSnapshot": lambda i: i["CopyTagsToSnapshot"],
    "MonitoringInterval": lambda i: i.get("MonitoringInterval"),
    "MonitoringRoleArn": lambda i: i.get("MonitoringRoleArn"),
    "DBSubnetGroup": lambda i: i["DBSubnetGroup"]["DBSubnetGroupName"],
    "VpcSecurityGroups": lambda i: sorted(g["VpcSecurityGroupId"] for g in i["VpcSecurityGroups"]),
    "DBParameterGroup": lambda i: [g["DBParameterGroupName"] for g in i["DBParameterGroups"]],
    "OptionGroup": lambda i: [g["OptionGroupName"] for g in i["OptionGroupMemberships"]],
    "Tags": user_tags,
}


@pytest.fixture
def rds(aws):
    return aws("rds")


@pytest.fixture
def orders(simulator):
    return simulator.control("POST", "seed", orders_account())


def test_restore_copies_every_setting(simulator, rds, orders):
    original_id = orders["db_instances"]["orders-db"]
    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "orders-db", "restore_time": iso_ago(days=2)})

    assert result["changed"] is True, result.get("msg")
    restored = describe(rds, "orders-db")
    original = describe(rds, "orders-db-old")
    assert original["DbiResourceId"] == original_id
    assert restored["DbiResourceId"] != original_id
    for name, read in SETTINGS.items():
        assert read(restored) == read(original), name
    assert result["endpoint"]["address"] == restored["Endpoint"]["Address"]
    assert result["endpoint"]["port"] == 5433
    assert result["db_instance"]["db_instance_status"] == "available"
    assert result["db_instance"]["tags"]["team"] == "orders"
    assert result["old_db_instance_identifier"] == "orders-db-old"
    assert result["restore_window"]["dbi_resource_id"] == original_id
    assert set(result["phases"]) >= {"validate", "rename", "restore", "finish"}


def test_second_run_unchanged(simulator, rds, orders):
    args = {"db_instance_identifier": "orders-db", "restore_time": iso_ago(days=2)}
    first = run_module(simulator, "rds_restore_in_place", args)
    assert first["changed"] is True, first.get("msg")
    before = mutating_rds_calls(simulator)

    second = run_module(simulator, "rds_restore_in_place", args)

    assert second["changed"] is False, second.get("msg")
    assert second["plan"]["phase"] == "finish"
    assert second["actions"] == []
    assert mutating_rds_calls(simulator) == before


def test_check_mode_changes_nothing(simulator, rds, orders):
    result = run_module(
        simulator, "rds_restore_in_place", {"db_instance_identifier": "orders-db", "restore_time": iso_ago(days=2)}, check=True
    )

    assert result["changed"] is True
    assert result["plan"]["phase"] == "start"
    assert result["plan"]["steps"][:3] == ["validate", "mark", "rename"]
    assert mutating_rds_calls(simulator) == 0
    assert describe(rds, "orders-db")["DbiResourceId"] == orders["db_instances"]["orders-db"]
    assert describe(rds, "orders-db-old") is None


def test_rename_races_absorbed(simulator, rds):
    # The old name keeps resolving during the rename and stays taken after it.
    simulator.control("POST", "timings", {"rename_accept": 1.0, "rename": 2.0, "name_release": 2.0})
    simulator.control("POST", "seed", single_instance("foo"))

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert result["changed"] is True, result.get("msg")
    calls = simulator.control("GET", "calls")
    assert calls.get("rds:RestoreDBInstanceToPointInTime!DBInstanceAlreadyExists", 0) >= 1
    renamed = describe(rds, "foo-old")
    assert renamed["DBInstanceStatus"] == "available"
    assert renamed["PendingModifiedValues"] == {}
    assert describe(rds, "foo")["DBInstanceStatus"] == "available"


def test_pending_rename_without_apply_immediately(simulator, rds):
    simulator.control("POST", "seed", single_instance("foo"))
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=False)

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "restore_time": iso_ago(days=1)})

    assert result["changed"] is True, result.get("msg")
    assert describe(rds, "foo-old")["PendingModifiedValues"] == {}
    assert describe(rds, "foo")["DBInstanceStatus"] == "available"


def test_retention_zero_rejected(simulator, rds):
    simulator.control("POST", "seed", single_instance("foo", backup_retention_period=0))

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert result["failed"] is True
    assert "BackupRetentionPeriod 0" in result["msg"]
    assert mutating_rds_calls(simulator) == 0


def test_backups_enabled_recently_rejected(simulator, rds):
    seeded = simulator.control("POST", "seed", single_instance("foo", created="-7d", backups_since="-1d"))
    resource_id = seeded["db_instances"]["foo"]

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "restore_time": iso_ago(days=3)})

    assert result["failed"] is True
    assert "is before the earliest restorable time" in result["msg"]
    assert resource_id in result["msg"]
    assert "choose a time between" in result["msg"]
    assert mutating_rds_calls(simulator) == 0


def test_reused_name_rejected(simulator, rds):
    seeded = simulator.control(
        "POST",
        "seed",
        {
            "db_instances": [
                {"identifier": "foo", "created": "-90d", "deleted": "-10d", "backups_since": "-40d",
                 "retain_automated_backups": True, "automated_snapshots": 20, "manual_snapshots": ["foo-a", "foo-b"]},
                {"identifier": "foo", "created": "-7d", "automated_snapshots": 7},
            ]
        },
    )
    old_id, new_id = (item["dbi_resource_id"] for item in seeded["incarnations"])

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "restore_time": iso_ago(days=14)})

    assert result["failed"] is True
    assert new_id in result["msg"]
    assert old_id not in result["msg"]
    assert "backups of earlier instances named foo do not count" in result["msg"]
    assert mutating_rds_calls(simulator) == 0


def test_window_reads_every_page(simulator, rds):
    simulator.control("POST", "seed", single_instance("foo", automated_snapshots=150, manual_snapshots=["m1"]))

    result = run_module(
        simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "restore_time": iso_ago(days=6, hours=23)}, check=True
    )

    assert result["changed"] is True, result.get("msg")
    window = result["restore_window"]
    assert window["automated_snapshots"] == 150
    assert window["manual_snapshots"] == 1
    assert window["oldest_automated_snapshot_time"] == window["earliest_time"]
    calls = simulator.control("GET", "calls")
    assert calls["rds:DescribeDBSnapshots"] == 2


@pytest.mark.parametrize(
    "args, fragment",
    [
        ({"db_instance_identifier": "Foo", "use_latest_restorable_time": True}, "use 'foo'"),
        ({"db_instance_identifier": "foo", "old_db_instance_identifier": "foo", "use_latest_restorable_time": True},
         "equals db_instance_identifier"),
        ({"db_instance_identifier": "foo", "old_db_instance_identifier": "foo_old", "use_latest_restorable_time": True},
         "not a valid DB instance identifier"),
        ({"db_instance_identifier": "nothing", "use_latest_restorable_time": True}, "DB instance nothing not found"),
        ({"db_instance_identifier": "foo", "restore_time": "last tuesday"}, "not an ISO 8601"),
        ({"db_instance_identifier": "foo", "restore_time": "2999-01-01T00:00:00Z"}, "after the latest restorable time"),
        ({"db_instance_identifier": "foo", "restore_time": "2026-01-01T00:00:00Z", "use_latest_restorable_time": True},
         "mutually exclusive"),
        ({"db_instance_identifier": "foo"}, "one of restore_time or use_latest_restorable_time"),
        ({"db_instance_identifier": "foo", "use_latest_restorable_time": True, "wait_timeout": 0}, "positive"),
        ({"db_instance_identifier": "foo", "use_latest_restorable_time": True, "old_db_instance_identifier": "taken"},
         "already taken by another DB instance"),
        ({"db_instance_identifier": "member", "use_latest_restorable_time": True}, "Aurora DB cluster"),
        ({"db_instance_identifier": "busy", "use_latest_restorable_time": True}, "is modifying, not available"),
        ({"db_instance_identifier": "protected", "use_latest_restorable_time": True, "delete_old_instance": True},
         "deletion protection on"),
    ],
)
def test_rejection_changes_nothing(simulator, rds, args, fragment):
    simulator.control(
        "POST",
        "seed",
        {
            "db_instances": [
                {"identifier": "foo", "created": "-7d"},
                {"identifier": "taken", "created": "-7d"},
                {"identifier": "member", "created": "-7d", "parameters": {"DBClusterIdentifier": "orders-cluster"}},
                {"identifier": "busy", "created": "-7d", "status": "modifying"},
                {"identifier": "protected", "created": "-7d", "parameters": {"DeletionProtection": True}},
            ]
        },
    )

    result = run_module(simulator, "rds_restore_in_place", args)

    assert result["failed"] is True
    assert fragment in result["msg"]
    assert mutating_rds_calls(simulator) == 0


def test_rollback_when_restored_instance_fails(simulator, rds):
    seeded = simulator.control("POST", "seed", single_instance("foo"))
    simulator.control("POST", "rds/outcome", {"identifier": "foo", "status": "incompatible-parameters"})

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert result["failed"] is True
    assert "incompatible-parameters" in result["msg"]
    assert "Rolled back" in result["msg"]
    assert result["rollback"]["renamed_back"] is True
    assert result["rollback"]["deleted_restored_instance"] is not None
    back = describe(rds, "foo")
    assert back["DbiResourceId"] == seeded["db_instances"]["foo"]
    assert back["DBInstanceStatus"] == "available"
    assert not any(t["Key"].startswith(OWN_TAG_PREFIX) for t in back["TagList"])
    assert describe(rds, "foo-old") is None


def test_rollback_when_restore_call_fails(simulator, rds):
    seeded = simulator.control("POST", "seed", single_instance("foo"))
    simulator.control(
        "POST", "faults",
        {"service": "rds", "action": "RestoreDBInstanceToPointInTime", "code": "StorageQuotaExceeded", "count": 1},
    )

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert result["failed"] is True
    assert "StorageQuotaExceeded" in result["msg"]
    assert result["rollback"]["renamed_back"] is True
    assert result["rollback"]["deleted_restored_instance"] is None
    assert describe(rds, "foo")["DbiResourceId"] == seeded["db_instances"]["foo"]
    assert describe(rds, "foo-old") is None


def test_resume_after_rename(simulator, rds):
    simulator.control("POST", "timings", {"rename": 5})
    seeded = simulator.control("POST", "seed", single_instance("foo"))
    arn = describe(rds, "foo")["DBInstanceArn"]
    # What an interrupted run leaves behind right after its rename call.
    rds.add_tags_to_resource(ResourceName=arn, Tags=[
        {"Key": "racefree-ops:restore-target", "Value": "foo"},
        {"Key": "racefree-ops:restore-request", "Value": "latest"},
    ])
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=True)

    result = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert result["changed"] is True, result.get("msg")
    assert result["plan"]["phase"] == "wait_rename"
    assert not any(action.startswith("renamed") for action in result["actions"])
    assert describe(rds, "foo-old")["DbiResourceId"] == seeded["db_instances"]["foo"]
    assert describe(rds, "foo")["DBInstanceStatus"] == "available"


def test_resume_after_restore_call(simulator, rds):
    simulator.control("POST", "timings", {"create": 4})
    seeded = simulator.control("POST", "seed", single_instance("foo"))
    first = run_module(
        simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True, "wait_timeout": 4}
    )
    assert first["failed"] is True
    assert "run the module again with the same options to resume" in first["msg"]
    assert describe(rds, "foo-old")["DbiResourceId"] == seeded["db_instances"]["foo"]

    second = run_module(simulator, "rds_restore_in_place", {"db_instance_identifier": "foo", "use_latest_restorable_time": True})

    assert second["changed"] is True, second.get("msg")
    assert second["plan"]["phase"] in ("wait_restore", "finish")
    calls = simulator.control("GET", "calls")
    assert calls["rds:RestoreDBInstanceToPointInTime"] - calls.get("rds:RestoreDBInstanceToPointInTime!DBInstanceAlreadyExists", 0) == 1
    assert describe(rds, "foo")["DBInstanceStatus"] == "available"


def test_delete_old_instance_with_final_snapshot(simulator, rds):
    simulator.control("POST", "seed", single_instance("foo"))
    args = {"db_instance_identifier": "foo", "use_latest_restorable_time": True, "delete_old_instance": True}

    result = run_module(simulator, "rds_restore_in_place", args)

    assert result["changed"] is True, result.get("msg")
    assert result["final_db_snapshot_identifier"] == "foo-old-final"
    snapshot = rds.describe_db_snapshots(DBSnapshotIdentifier="foo-old-final")["DBSnapshots"][0]
    assert snapshot["SnapshotType"] == "manual"
    old = describe(rds, "foo-old")
    assert old is None or old["DBInstanceStatus"] == "deleting"

    again = run_module(simulator, "rds_restore_in_place", args)
    assert again["changed"] is False, again.get("msg")
    assert again["plan"]["phase"] in ("done", "finish")


def test_overrides_replace_copied_settings(simulator, rds, orders):
    result = run_module(
        simulator,
        "rds_restore_in_place",
        {
            "db_instance_identifier": "orders-db",
            "use_latest_restorable_time": True,
            "db_instance_class": "db.r6g.xlarge",
            "multi_az": False,
            "deletion_protection": False,
            "tags": {"incident": "INC-42"},
        },
    )

    assert result["changed"] is True, result.get("msg")
    restored = describe(rds, "orders-db")
    assert restored["DBInstanceClass"] == "db.r6g.xlarge"
    assert restored["MultiAZ"] is False
    assert restored["DeletionProtection"] is False
    assert user_tags(restored)["incident"] == "INC-42"
    assert user_tags(restored)["team"] == "orders"
    assert restored["Endpoint"]["Port"] == 5433
