"""Boto3-shaped records of the simulator's RDS objects, as the describe calls return them."""

import datetime

from tests.awssim.rds.model import ACCOUNT_ID

HOSTED_ZONE_ID = "Z2R2ITUGPM61AM"


def latest_restorable_time(incarnation, now, timings):
    """Return LatestRestorableTime of a live incarnation, or None if it has none."""
    if incarnation.backup_retention_period == 0 or incarnation.backups_since is None:
        return None
    latest = now - datetime.timedelta(seconds=timings.restore_lag)
    if latest < incarnation.backups_since:
        return None
    return latest


def instance_record(instance, now, timings):
    incarnation = instance.incarnation
    record = dict(instance.settings)
    record.update(
        DBInstanceIdentifier=instance.identifier,
        DBInstanceStatus=instance.status,
        DbiResourceId=incarnation.dbi_resource_id,
        DBInstanceArn=instance.arn(),
        InstanceCreateTime=incarnation.created,
        Engine=incarnation.engine,
        EngineVersion=incarnation.engine_version,
        BackupRetentionPeriod=incarnation.backup_retention_period,
        PendingModifiedValues=dict(instance.pending),
        TagList=[dict(tag) for tag in instance.tags],
    )
    if instance.status not in ("creating",):
        record["Endpoint"] = {
            "Address": f"{instance.identifier}.c9akciq32.{incarnation.region}.rds.amazonaws.com",
            "Port": instance.settings["DbInstancePort"],
            "HostedZoneId": HOSTED_ZONE_ID,
        }
    latest = latest_restorable_time(incarnation, now, timings)
    if latest is not None:
        record["LatestRestorableTime"] = latest
    return record


def automated_backup_record(incarnation, instance, now, timings):
    """Return the DescribeDBInstanceAutomatedBackups record, or None if there is none."""
    if instance is not None:
        latest = latest_restorable_time(incarnation, now, timings)
        if latest is None:
            return None
        status = "active"
        identifier = instance.identifier
    elif incarnation.retained and incarnation.backups_since is not None:
        latest = incarnation.deleted
        status = "retained"
        identifier = incarnation.identifier
    else:
        return None
    return {
        "DBInstanceArn": f"arn:aws:rds:{incarnation.region}:{ACCOUNT_ID}:db:{identifier}",
        "DbiResourceId": incarnation.dbi_resource_id,
        "Region": incarnation.region,
        "DBInstanceIdentifier": identifier,
        "RestoreWindow": {"EarliestTime": incarnation.backups_since, "LatestTime": latest},
        "Status": status,
        "Engine": incarnation.engine,
        "EngineVersion": incarnation.engine_version,
        "InstanceCreateTime": incarnation.created,
        "BackupRetentionPeriod": incarnation.backup_retention_period,
        "DBInstanceAutomatedBackupsArn": incarnation.automated_backups_arn(),
    }


def snapshot_record(snapshot):
    return {
        "DBSnapshotIdentifier": snapshot.identifier,
        "DBInstanceIdentifier": snapshot.instance_identifier,
        "DbiResourceId": snapshot.dbi_resource_id,
        "SnapshotCreateTime": snapshot.created,
        "OriginalSnapshotCreateTime": snapshot.created,
        "InstanceCreateTime": snapshot.instance_create_time,
        "SnapshotType": snapshot.snapshot_type,
        "Status": "available",
        "Engine": snapshot.engine,
        "EngineVersion": snapshot.engine_version,
        "DBSnapshotArn": snapshot.arn(),
        "TagList": [dict(tag) for tag in snapshot.tags],
    }
