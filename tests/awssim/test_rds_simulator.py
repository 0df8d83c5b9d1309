"""The simulator's RDS behaviours, shown with plain boto3 calls."""

import datetime
import signal
import subprocess
import sys
import time

import botocore.exceptions
import pytest

from tests.awssim.process import REPO_ROOT, SimulatorProcess

UTC = datetime.timezone.utc


def error_code(raised):
    return raised.value.response["Error"]["Code"]


def seed_instance(simulator, identifier="foo", **spec):
    document = {"db_instances": [{"identifier": identifier, "created": "-7d", **spec}]}
    return simulator.control("POST", "seed", document)


def status_of(rds, identifier):
    try:
        return rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]["DBInstanceStatus"]
    except rds.exceptions.DBInstanceNotFoundFault:
        return None


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_rename_keeps_old_name_then_switches(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator)
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=True)

    assert status_of(rds, "foo") == "available"
    pending = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]["PendingModifiedValues"]
    assert pending == {"DBInstanceIdentifier": "foo-old"}
    assert status_of(rds, "foo-old") is None
    assert wait_until(lambda: status_of(rds, "foo") == "renaming")
    assert status_of(rds, "foo-old") is None
    assert wait_until(lambda: status_of(rds, "foo") is None)
    assert status_of(rds, "foo-old") in ("renaming", "available")
    assert wait_until(lambda: status_of(rds, "foo-old") == "available")


def test_old_name_reused_too_early_fails(simulator, aws):
    rds = aws("rds")
    simulator.control("POST", "timings", {"name_release": 3})
    seed_instance(simulator)
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=True)
    assert wait_until(lambda: status_of(rds, "foo") is None)

    with pytest.raises(botocore.exceptions.ClientError) as raised:
        rds.create_db_instance(DBInstanceIdentifier="foo", Engine="postgres", DBInstanceClass="db.t3.micro")
    assert error_code(raised) == "DBInstanceAlreadyExists"
    time.sleep(3.1)
    rds.create_db_instance(DBInstanceIdentifier="foo", Engine="postgres", DBInstanceClass="db.t3.micro")


def test_rename_without_apply_immediately_stays_pending(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator)
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=False)
    time.sleep(2.5)

    instance = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]
    assert instance["DBInstanceStatus"] == "available"
    assert instance["PendingModifiedValues"] == {"DBInstanceIdentifier": "foo-old"}
    assert status_of(rds, "foo-old") is None


def test_restore_is_creating_then_available(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator)
    created = rds.restore_db_instance_to_point_in_time(
        SourceDBInstanceIdentifier="foo", TargetDBInstanceIdentifier="bar", UseLatestRestorableTime=True
    )["DBInstance"]
    assert created["DBInstanceStatus"] == "creating"
    assert "Endpoint" not in created
    assert wait_until(lambda: status_of(rds, "bar") == "available")


def test_latest_restorable_time_lags_present(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator)
    instance = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]
    lag = datetime.datetime.now(UTC) - instance["LatestRestorableTime"]
    assert 299 <= lag.total_seconds() <= 310


def test_restore_window_per_resource_id(simulator, aws):
    rds = aws("rds")
    created = simulator.control(
        "POST",
        "seed",
        {
            "db_instances": [
                {"identifier": "foo", "created": "-60d", "deleted": "-10d", "backups_since": "-30d",
                 "retain_automated_backups": True, "manual_snapshots": ["foo-manual"]},
                {"identifier": "foo", "created": "-7d"},
            ]
        },
    )
    old_id, new_id = (item["dbi_resource_id"] for item in created["incarnations"])
    backups = rds.describe_db_instance_automated_backups(DBInstanceIdentifier="foo")["DBInstanceAutomatedBackups"]
    by_resource = {backup["DbiResourceId"]: backup for backup in backups}

    assert set(by_resource) == {old_id, new_id}
    assert by_resource[old_id]["Status"] == "retained"
    assert by_resource[new_id]["Status"] == "active"
    assert by_resource[new_id]["RestoreWindow"]["EarliestTime"] > by_resource[old_id]["RestoreWindow"]["LatestTime"]
    snapshots = rds.describe_db_snapshots(DBInstanceIdentifier="foo")["DBSnapshots"]
    assert {snapshot["DbiResourceId"] for snapshot in snapshots} == {old_id}


def test_describe_snapshots_pages_with_marker(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator, automated_snapshots=150)
    first = rds.describe_db_snapshots(DBInstanceIdentifier="foo")
    assert len(first["DBSnapshots"]) == 100
    assert "Marker" in first
    second = rds.describe_db_snapshots(DBInstanceIdentifier="foo", Marker=first["Marker"])
    assert len(second["DBSnapshots"]) == 50
    assert "Marker" not in second
    oldest = min(s["SnapshotCreateTime"] for s in first["DBSnapshots"] + second["DBSnapshots"])
    assert oldest in [s["SnapshotCreateTime"] for s in second["DBSnapshots"]]


def test_restore_takes_defaults_unless_told(simulator, aws):
    rds, ec2 = aws("rds"), aws("ec2")
    created = simulator.control(
        "POST",
        "seed",
        {
            "vpcs": {"app": {"cidr": "10.9.0.0/16", "subnets": {"app-a": {"cidr": "10.9.1.0/24"}},
                             "security_groups": {"app-db": {}}}},
            "db_subnet_groups": {"app-subnets": {"vpc": "app", "subnets": ["app-a"]}},
            "db_instances": [{"identifier": "foo", "created": "-7d", "tags": {"team": "a"},
                              "parameters": {"MultiAZ": True, "DBSubnetGroupName": "app-subnets",
                                             "VpcSecurityGroupIds": ["app-db"]}}],
        },
    )
    rds.restore_db_instance_to_point_in_time(
        SourceDBInstanceIdentifier="foo", TargetDBInstanceIdentifier="bar", UseLatestRestorableTime=True
    )
    restored = rds.describe_db_instances(DBInstanceIdentifier="bar")["DBInstances"][0]
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    default_group = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [default_vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]

    assert restored["DBSubnetGroup"]["VpcId"] == default_vpc
    assert [g["VpcSecurityGroupId"] for g in restored["VpcSecurityGroups"]] == [default_group]
    assert restored["DBParameterGroups"][0]["DBParameterGroupName"] == "default.postgres16"
    assert restored["MultiAZ"] is False
    assert restored["TagList"] == []
    assert created["security_groups"]["app-db"] != default_group


def test_security_groups_of_another_vpc_fail(simulator, aws):
    rds = aws("rds")
    created = simulator.control(
        "POST",
        "seed",
        {"vpcs": {"app": {"cidr": "10.9.0.0/16", "security_groups": {"app-db": {}}}},
         "db_instances": [{"identifier": "foo", "created": "-7d"}]},
    )
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        rds.restore_db_instance_to_point_in_time(
            SourceDBInstanceIdentifier="foo", TargetDBInstanceIdentifier="bar", UseLatestRestorableTime=True,
            VpcSecurityGroupIds=[created["security_groups"]["app-db"]],
        )
    assert error_code(raised) == "InvalidParameterCombination"
    assert "different VPCs" in raised.value.response["Error"]["Message"]


def test_restore_outside_window_fails(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator, backups_since="-2d")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        rds.restore_db_instance_to_point_in_time(
            SourceDBInstanceIdentifier="foo", TargetDBInstanceIdentifier="bar",
            RestoreTime=datetime.datetime.now(UTC) - datetime.timedelta(days=3),
        )
    assert error_code(raised) == "InvalidRestoreFault"


def test_retention_zero_has_no_restore(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator, backup_retention_period=0)
    instance = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]
    assert "LatestRestorableTime" not in instance
    assert rds.describe_db_instance_automated_backups(DBInstanceIdentifier="foo")["DBInstanceAutomatedBackups"] == []
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        rds.restore_db_instance_to_point_in_time(
            SourceDBInstanceIdentifier="foo", TargetDBInstanceIdentifier="bar", UseLatestRestorableTime=True
        )
    assert error_code(raised) == "PointInTimeRestoreNotEnabled"


def test_fault_fails_given_number_of_times(simulator, aws):
    rds = aws("rds")
    seed_instance(simulator)
    simulator.control("POST", "faults", {"service": "rds", "action": "AddTagsToResource",
                                         "code": "InternalFailure", "status": 500, "count": 2})
    arn = rds.describe_db_instances(DBInstanceIdentifier="foo")["DBInstances"][0]["DBInstanceArn"]
    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "b"}])
    calls = simulator.control("GET", "calls")
    assert calls["rds:AddTagsToResource!InternalFailure"] == 2
    assert calls["rds:AddTagsToResource"] == 3


def test_throttling_at_rate(simulator, aws):
    import boto3
    from botocore.config import Config

    rds = boto3.client(
        "rds", region_name="us-east-1", endpoint_url=simulator.endpoint_url, aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    simulator.control("POST", "faults", {"service": "rds", "action": "DescribeDBInstances", "rate": 0.5})
    codes = []
    for _attempt in range(40):
        try:
            rds.describe_db_instances()
            codes.append("ok")
        except botocore.exceptions.ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert 5 <= codes.count("Throttling") <= 35
    assert codes.count("ok") + codes.count("Throttling") == 40


def test_unknown_control_route_is_404(simulator):
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as raised:
        simulator.control("GET", "nothing-here")
    assert raised.value.code == 404


def test_seed_file_and_sigterm(tmp_path):
    seed = REPO_ROOT / "tests" / "awssim" / "seeds" / "orders.yml"
    process = SimulatorProcess(seed_file=seed)
    try:
        import boto3

        rds = boto3.client("rds", region_name="us-east-1", endpoint_url=process.endpoint_url,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        instance = rds.describe_db_instances(DBInstanceIdentifier="orders-db")["DBInstances"][0]
        assert instance["MultiAZ"] is True
        assert instance["Endpoint"]["Port"] == 5433
    finally:
        process.process.send_signal(signal.SIGTERM)
        assert process.process.wait(timeout=10) == 0


def test_rejects_non_loopback_host():
    result = subprocess.run(
        [sys.executable, "-m", "tests.awssim", "--host", "0.0.0.0"], cwd=REPO_ROOT, capture_output=True, check=False, text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "not a loopback address" in result.stderr


def test_botocore_waiter_misleads_across_rename(simulator, aws):
    # botocore's db_instance_available waiter returns at once on the old name, which is
    # still available, and fails on the new name, which is "not found" for a while.
    rds = aws("rds")
    simulator.control("POST", "timings", {"rename_accept": 0.5, "rename": 3})
    seed_instance(simulator)
    rds.modify_db_instance(DBInstanceIdentifier="foo", NewDBInstanceIdentifier="foo-old", ApplyImmediately=True)

    rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="foo", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    assert status_of(rds, "foo-old") is None
    with pytest.raises(botocore.exceptions.WaiterError):
        rds.get_waiter("db_instance_available").wait(
            DBInstanceIdentifier="foo-old", WaiterConfig={"Delay": 1, "MaxAttempts": 1}
        )
