"""Routes RDS actions to their handlers; the actions not listed are rejected."""

from tests.awssim.codec import AwsError
from tests.awssim.rds import describe, instances, resources

HANDLERS = {
    "DescribeDBInstances": describe.describe_db_instances,
    "DescribeDBSnapshots": describe.describe_db_snapshots,
    "DescribeDBInstanceAutomatedBackups": describe.describe_db_instance_automated_backups,
    "DescribeDBSubnetGroups": describe.describe_db_subnet_groups,
    "DescribeDBParameterGroups": describe.describe_db_parameter_groups,
    "DescribeOptionGroups": describe.describe_option_groups,
    "CreateDBInstance": instances.create_db_instance,
    "RestoreDBInstanceToPointInTime": instances.restore_db_instance_to_point_in_time,
    "ModifyDBInstance": instances.modify_db_instance,
    "DeleteDBInstance": instances.delete_db_instance,
    "AddTagsToResource": resources.add_tags_to_resource,
    "RemoveTagsFromResource": resources.remove_tags_from_resource,
    "ListTagsForResource": resources.list_tags_for_resource,
    "CreateDBSnapshot": resources.create_db_snapshot,
    "CreateDBSubnetGroup": resources.create_db_subnet_group,
    "CreateDBParameterGroup": resources.create_db_parameter_group,
    "CreateOptionGroup": resources.create_option_group,
}


def handle(store, action, params, now):
    handler = HANDLERS.get(action)
    if handler is None:
        raise AwsError("InvalidAction", f"The simulator does not implement RDS {action}.")
    with store.lock:
        store.tick(now)
        return handler(store, params, now)
