import datetime

from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import after_restore_changes
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import restore_parameters

UTC = datetime.timezone.utc
RESTORE_TIME = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)

ORIGINAL = {
    "DBInstanceIdentifier": "foo-old",
    "DbiResourceId": "db-NEW",
    "DBInstanceClass": "db.r6g.large",
    "MultiAZ": True,
    "Endpoint": {"Address": "foo-old.example", "Port": 5433},
    "PubliclyAccessible": False,
    "StorageType": "io1",
    "Iops": 3000,
    "DeletionProtection": True,
    "IAMDatabaseAuthenticationEnabled": True,
    "CopyTagsToSnapshot": True,
    "MonitoringInterval": 60,
    "MonitoringRoleArn": "arn:aws:iam::123456789012:role/rds-monitoring",
    "DBSubnetGroup": {"DBSubnetGroupName": "orders-subnets", "VpcId": "vpc-1"},
    "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-1"}, {"VpcSecurityGroupId": "sg-2"}],
    "DBParameterGroups": [{"DBParameterGroupName": "orders-pg"}],
    "OptionGroupMemberships": [{"OptionGroupName": "orders-og"}],
    "TagList": [
        {"Key": "team", "Value": "orders"},
        {"Key": "racefree-ops:restore-target", "Value": "foo"},
    ],
}


def params(**overrides):
    values = {"db_instance_identifier": "foo"}
    values.update(overrides)
    return values


def test_restore_parameters_copy_every_setting():
    request = restore_parameters(ORIGINAL, params(), RESTORE_TIME, "2026-12-01T10:00:00Z")
    assert request["SourceDbiResourceId"] == "db-NEW"
    assert request["TargetDBInstanceIdentifier"] == "foo"
    assert request["RestoreTime"] == RESTORE_TIME
    assert request["DBSubnetGroupName"] == "orders-subnets"
    assert request["VpcSecurityGroupIds"] == ["sg-1", "sg-2"]
    assert request["DBParameterGroupName"] == "orders-pg"
    assert request["OptionGroupName"] == "orders-og"
    assert request["DBInstanceClass"] == "db.r6g.large"
    assert request["MultiAZ"] is True
    assert request["Port"] == 5433
    assert request["PubliclyAccessible"] is False
    assert request["StorageType"] == "io1"
    assert request["Iops"] == 3000
    assert request["EnableIAMDatabaseAuthentication"] is True
    assert request["CopyTagsToSnapshot"] is True


def test_restore_parameters_defer_deletion_protection():
    request = restore_parameters(ORIGINAL, params(), RESTORE_TIME, "label")
    assert request["DeletionProtection"] is False


def test_restore_parameters_overrides_win():
    request = restore_parameters(
        ORIGINAL, params(db_instance_class="db.r6g.xlarge", multi_az=False, port=6543), RESTORE_TIME, "label"
    )
    assert request["DBInstanceClass"] == "db.r6g.xlarge"
    assert request["MultiAZ"] is False
    assert request["Port"] == 6543


def test_restore_parameters_latest_restorable_time():
    request = restore_parameters(ORIGINAL, params(), None, "latest")
    assert request["UseLatestRestorableTime"] is True
    assert "RestoreTime" not in request


def test_restore_parameters_tags_copied_without_own_markers():
    request = restore_parameters(ORIGINAL, params(tags={"incident": "INC-1"}), RESTORE_TIME, "label")
    tags = {tag["Key"]: tag["Value"] for tag in request["Tags"]}
    assert tags["team"] == "orders"
    assert tags["incident"] == "INC-1"
    assert tags["racefree-ops:restored-from"] == "db-NEW"
    assert tags["racefree-ops:restore-request"] == "label"
    assert "racefree-ops:restore-target" not in tags


def test_restore_parameters_drop_iops_for_gp2():
    request = restore_parameters(ORIGINAL, params(storage_type="gp2"), RESTORE_TIME, "label")
    assert "Iops" not in request


def test_after_restore_changes_from_defaults():
    restored = {"DeletionProtection": False, "MonitoringInterval": 0}
    changes = after_restore_changes(ORIGINAL, restored, params())
    assert changes == {
        "DeletionProtection": True,
        "MonitoringInterval": 60,
        "MonitoringRoleArn": "arn:aws:iam::123456789012:role/rds-monitoring",
    }


def test_after_restore_changes_none_when_matching():
    restored = dict(ORIGINAL)
    assert after_restore_changes(ORIGINAL, restored, params()) == {}


def test_after_restore_changes_respect_overrides():
    restored = {"DeletionProtection": False, "MonitoringInterval": 0}
    changes = after_restore_changes(ORIGINAL, restored, params(deletion_protection=False, monitoring_interval=0))
    assert changes == {}
