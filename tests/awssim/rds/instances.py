"""The RDS calls that create, rename, restore and delete instances, with their timing."""

import datetime

from tests.awssim.codec import AwsError
from tests.awssim.rds import records, validation
from tests.awssim.rds.settings import apply_modifications, build_settings
from tests.awssim.rds.store import seconds


def _result(store, instance, now):
    return {"DBInstance": records.instance_record(instance, now, store.timings)}


def _schedule_creation(store, instance, now):
    """Keep a new instance "creating", then give it its final status."""

    def finish(when):
        instance.status = instance.final_status
        incarnation = instance.incarnation
        if instance.status == "available" and incarnation.backup_retention_period > 0:
            incarnation.backups_since = when + seconds(store.timings.first_backup)

    instance.schedule.append((now + seconds(store.timings.create), finish))


def create_db_instance(store, params, now):
    identifier = validation.identifier(params.get("DBInstanceIdentifier"), "DBInstanceIdentifier")
    if store.name_taken(identifier):
        raise AwsError("DBInstanceAlreadyExists", "DB instance already exists")
    engine = params.get("Engine", "postgres")
    engine_version = params.get("EngineVersion", "16.3")
    settings = build_settings(store, params, engine, engine_version)
    retention = params.get("BackupRetentionPeriod", 1)
    incarnation = store.add_incarnation(identifier, engine, engine_version, now, retention, None)
    instance = store.add_instance(identifier, incarnation, settings, params.get("Tags", []), status="creating")
    _schedule_creation(store, instance, now)
    return _result(store, instance, now)


def _restore_source(store, params):
    """Return (incarnation, live instance or None) that a restore reads from."""
    if params.get("SourceDBInstanceIdentifier"):
        source = store.get_instance(params["SourceDBInstanceIdentifier"].lower())
        return source.incarnation, source
    resource_id = params.get("SourceDbiResourceId")
    if resource_id is None and params.get("SourceDBInstanceAutomatedBackupsArn"):
        arn = params["SourceDBInstanceAutomatedBackupsArn"]
        matches = [i for i in store.incarnations.values() if i.automated_backups_arn() == arn]
        resource_id = matches[0].dbi_resource_id if matches else None
    if resource_id is None:
        raise AwsError(
            "InvalidParameterCombination",
            "One of SourceDBInstanceIdentifier, SourceDbiResourceId or SourceDBInstanceAutomatedBackupsArn is required.",
        )
    incarnation = store.incarnations.get(resource_id)
    live = store.live_instance_of(resource_id)
    if incarnation is None or (live is None and not incarnation.retained):
        raise AwsError("DBInstanceAutomatedBackupNotFound", f"No automated backup found for {resource_id}.", 404)
    return incarnation, live


def _restore_time(store, params, incarnation, live, now):
    if params.get("UseLatestRestorableTime") and params.get("RestoreTime"):
        raise AwsError("InvalidParameterCombination", "Cannot specify both RestoreTime and UseLatestRestorableTime.")
    if incarnation.backup_retention_period == 0 or incarnation.backups_since is None:
        raise AwsError(
            "PointInTimeRestoreNotEnabled",
            "SourceDBInstanceIdentifier refers to a DB instance with BackupRetentionPeriod equal to 0.",
        )
    if live is not None:
        latest = records.latest_restorable_time(incarnation, now, store.timings)
    else:
        latest = incarnation.deleted
    if params.get("UseLatestRestorableTime"):
        return latest
    restore_time = params.get("RestoreTime")
    if restore_time is None:
        raise AwsError("InvalidParameterCombination", "RestoreTime or UseLatestRestorableTime is required.")
    if restore_time.tzinfo is None:
        restore_time = restore_time.replace(tzinfo=datetime.timezone.utc)
    if latest is None or not incarnation.backups_since <= restore_time <= latest:
        raise AwsError(
            "InvalidRestoreFault",
            f"Restore time {restore_time.isoformat()} is outside the restorable window "
            f"{incarnation.backups_since.isoformat()} to {latest.isoformat() if latest else 'none'} "
            f"of {incarnation.dbi_resource_id}.",
        )
    return restore_time


def restore_db_instance_to_point_in_time(store, params, now):
    target = validation.identifier(params.get("TargetDBInstanceIdentifier"), "TargetDBInstanceIdentifier")
    incarnation, live = _restore_source(store, params)
    if live is not None and live.settings.get("DBClusterIdentifier"):
        raise AwsError("InvalidDBInstanceState", f"{live.identifier} is a member of an Aurora DB cluster.")
    if live is not None and live.status != "available":
        raise AwsError("InvalidDBInstanceState", f"Source instance {live.identifier} is {live.status}, not available.")
    _restore_time(store, params, incarnation, live, now)
    if store.name_taken(target):
        raise AwsError("DBInstanceAlreadyExists", "DB instance already exists")
    source_settings = live.settings if live is not None else {}
    settings = build_settings(store, params, incarnation.engine, incarnation.engine_version, source_settings)
    retention = params.get("BackupRetentionPeriod", incarnation.backup_retention_period)
    new_incarnation = store.add_incarnation(
        target, incarnation.engine, incarnation.engine_version, now, retention, None
    )
    instance = store.add_instance(target, new_incarnation, settings, params.get("Tags", []), status="creating")
    _schedule_creation(store, instance, now)
    return _result(store, instance, now)


def modify_db_instance(store, params, now):
    identifier = validation.identifier(params.get("DBInstanceIdentifier"), "DBInstanceIdentifier")
    instance = store.get_instance(identifier)
    validation.not_transitional(instance)
    new_identifier = params.get("NewDBInstanceIdentifier")
    if new_identifier is not None:
        new_identifier = validation.identifier(new_identifier, "NewDBInstanceIdentifier")
        if store.name_taken(new_identifier):
            raise AwsError("DBInstanceAlreadyExists", "DB instance already exists")
    apply_modifications(store, instance, params)
    if new_identifier is not None:
        if params.get("ApplyImmediately"):
            _schedule_rename(store, instance, new_identifier, now)
        else:
            # Waits for the maintenance window, which never comes in the simulator.
            instance.pending["DBInstanceIdentifier"] = new_identifier
    elif store.timings.modify > 0:
        instance.status = "modifying"
        instance.schedule.append((now + seconds(store.timings.modify), _set_status(instance, "available")))
    return _result(store, instance, now)


def _set_status(instance, status):
    def apply(when):
        instance.status = status

    return apply


def _schedule_rename(store, instance, new_identifier, now):
    """Rename as RDS does: late, with both names unusable for a while."""
    timings = store.timings
    instance.pending["DBInstanceIdentifier"] = new_identifier
    store.reserved_names[new_identifier] = None
    started = now + seconds(timings.rename_accept)
    switched = started + seconds(timings.rename)

    def switch(when):
        old_identifier = instance.identifier
        instance.identifier = new_identifier
        instance.pending.pop("DBInstanceIdentifier", None)
        store.reserved_names.pop(new_identifier, None)
        store.reserved_names[old_identifier] = when + seconds(timings.name_release)

    instance.schedule += [
        (started, _set_status(instance, "renaming")),
        (switched, switch),
        (switched + seconds(timings.rename_settle), _set_status(instance, "available")),
    ]


def delete_db_instance(store, params, now):
    identifier = validation.identifier(params.get("DBInstanceIdentifier"), "DBInstanceIdentifier")
    instance = store.get_instance(identifier)
    if instance.status == "deleting":
        raise AwsError("InvalidDBInstanceState", f"DB instance {identifier} is already being deleted.")
    if instance.settings.get("DeletionProtection"):
        raise AwsError(
            "InvalidParameterCombination",
            "Cannot delete protected DB Instance, please disable deletion protection and try again.",
        )
    final_snapshot = params.get("FinalDBSnapshotIdentifier")
    if not params.get("SkipFinalSnapshot", False):
        if not final_snapshot:
            raise AwsError(
                "InvalidParameterCombination",
                "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
            )
        if any(snapshot.identifier == final_snapshot for snapshot in store.snapshots):
            raise AwsError("DBSnapshotAlreadyExists", f"Cannot create the snapshot because a snapshot with the identifier {final_snapshot} already exists.")
        store.add_snapshot(final_snapshot, instance.incarnation, instance.identifier, "manual", now)
    retain = not params.get("DeleteAutomatedBackups", True)
    instance.status = "deleting"
    instance.schedule = [(now + seconds(store.timings.delete), lambda when: store.remove_instance(instance, when, retain))]
    return _result(store, instance, now)
