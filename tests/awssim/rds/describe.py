"""The RDS describe calls: instances, snapshots, automated backups and groups."""

from tests.awssim.codec import AwsError
from tests.awssim.rds import records
from tests.awssim.rds.paging import apply_filters, page


def describe_db_instances(store, params, now):
    found = store.instance_records(now)
    identifier = params.get("DBInstanceIdentifier")
    if identifier is not None:
        identifier = identifier.lower()
        found = [r for r in found if identifier in (r["DBInstanceIdentifier"], r["DBInstanceArn"])]
        if not found:
            raise AwsError("DBInstanceNotFound", f"DBInstance {identifier} not found.", 404)
    found = apply_filters(
        found,
        params.get("Filters"),
        {
            "db-instance-id": ("DBInstanceIdentifier", "DBInstanceArn"),
            "dbi-resource-id": ("DbiResourceId",),
            "engine": ("Engine",),
            "db-cluster-id": ("DBClusterIdentifier",),
        },
    )
    return page(found, params, "DBInstances")


def describe_db_snapshots(store, params, now):
    snapshots = sorted(store.snapshots, key=lambda snapshot: snapshot.created, reverse=True)
    found = [records.snapshot_record(snapshot) for snapshot in snapshots]
    for parameter, key in (
        ("DBInstanceIdentifier", "DBInstanceIdentifier"),
        ("DBSnapshotIdentifier", "DBSnapshotIdentifier"),
        ("SnapshotType", "SnapshotType"),
        ("DbiResourceId", "DbiResourceId"),
    ):
        if params.get(parameter) is not None:
            found = [record for record in found if record[key] == params[parameter]]
    if params.get("DBSnapshotIdentifier") is not None and not found:
        raise AwsError("DBSnapshotNotFound", f"DBSnapshot {params['DBSnapshotIdentifier']} not found.", 404)
    found = apply_filters(
        found,
        params.get("Filters"),
        {
            "db-instance-id": ("DBInstanceIdentifier",),
            "db-snapshot-id": ("DBSnapshotIdentifier",),
            "dbi-resource-id": ("DbiResourceId",),
            "snapshot-type": ("SnapshotType",),
            "engine": ("Engine",),
        },
    )
    return page(found, params, "DBSnapshots")


def describe_db_instance_automated_backups(store, params, now):
    found = sorted(store.automated_backup_records(now), key=lambda r: r["InstanceCreateTime"], reverse=True)
    for parameter, key in (
        ("DbiResourceId", "DbiResourceId"),
        ("DBInstanceIdentifier", "DBInstanceIdentifier"),
        ("DBInstanceAutomatedBackupsArn", "DBInstanceAutomatedBackupsArn"),
    ):
        if params.get(parameter) is not None:
            found = [record for record in found if record[key] == params[parameter]]
    found = apply_filters(
        found,
        params.get("Filters"),
        {
            "status": ("Status",),
            "db-instance-id": ("DBInstanceIdentifier", "DBInstanceArn"),
            "dbi-resource-id": ("DbiResourceId",),
        },
    )
    return page(found, params, "DBInstanceAutomatedBackups")


def describe_db_subnet_groups(store, params, now):
    name = params.get("DBSubnetGroupName")
    if name is not None:
        return page([store.subnet_group(name)], params, "DBSubnetGroups")
    return page(list(store.subnet_groups.values()), params, "DBSubnetGroups")


def describe_db_parameter_groups(store, params, now):
    name = params.get("DBParameterGroupName")
    groups = list(store.parameter_groups.values())
    if name is not None:
        groups = [group for group in groups if group["DBParameterGroupName"] == name]
        if not groups:
            raise AwsError("DBParameterGroupNotFound", f"DBParameterGroup not found: {name}", 404)
    return page(groups, params, "DBParameterGroups")


def describe_option_groups(store, params, now):
    name = params.get("OptionGroupName")
    groups = list(store.option_groups.values())
    if name is not None:
        groups = [group for group in groups if group["OptionGroupName"] == name]
        if not groups:
            raise AwsError("OptionGroupNotFoundFault", f"Specified OptionGroupName: {name} not found.", 404)
    return page(groups, params, "OptionGroupsList")
