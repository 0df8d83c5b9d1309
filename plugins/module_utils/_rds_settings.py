# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The settings a restored instance copies from the original. Private to racefree.ops.

A point-in-time restore copies no settings: unless the request names them, the new
instance gets the default VPC's security group, the default parameter group, one
availability zone and no tags. These pure functions read the original instance and
the module's overrides and return the request parameters.

Two settings are applied after the restore, with ModifyDBInstance: monitoring, which
RestoreDBInstanceToPointInTime does not take, and deletion protection, which would
stop a rollback from removing a restored instance that failed.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

# Tags this collection writes; never copied from one instance to another.
TAG_PREFIX = "racefree-ops:"
TAG_RESTORE_TARGET = TAG_PREFIX + "restore-target"
TAG_RESTORE_REQUEST = TAG_PREFIX + "restore-request"
TAG_RESTORED_FROM = TAG_PREFIX + "restored-from"

# Module option -> (RestoreDBInstanceToPointInTime parameter, reader of the original).
COPIED_AT_RESTORE = {
    "db_subnet_group_name": ("DBSubnetGroupName", lambda i: i.get("DBSubnetGroup", {}).get("DBSubnetGroupName")),
    "vpc_security_group_ids": (
        "VpcSecurityGroupIds",
        lambda i: [g["VpcSecurityGroupId"] for g in i.get("VpcSecurityGroups", [])] or None,
    ),
    "db_parameter_group_name": (
        "DBParameterGroupName",
        lambda i: next(iter(g["DBParameterGroupName"] for g in i.get("DBParameterGroups", [])), None),
    ),
    "option_group_name": (
        "OptionGroupName",
        lambda i: next(iter(g["OptionGroupName"] for g in i.get("OptionGroupMemberships", [])), None),
    ),
    "db_instance_class": ("DBInstanceClass", lambda i: i.get("DBInstanceClass")),
    "multi_az": ("MultiAZ", lambda i: i.get("MultiAZ")),
    "port": ("Port", lambda i: i.get("Endpoint", {}).get("Port") or i.get("DbInstancePort") or None),
    "publicly_accessible": ("PubliclyAccessible", lambda i: i.get("PubliclyAccessible")),
    "storage_type": ("StorageType", lambda i: i.get("StorageType")),
    "iops": ("Iops", lambda i: i.get("Iops")),
    "storage_throughput": ("StorageThroughput", lambda i: i.get("StorageThroughput")),
    "enable_iam_database_authentication": (
        "EnableIAMDatabaseAuthentication",
        lambda i: i.get("IAMDatabaseAuthenticationEnabled"),
    ),
    "copy_tags_to_snapshot": ("CopyTagsToSnapshot", lambda i: i.get("CopyTagsToSnapshot")),
}


def copied_tags(original, overrides):
    """Return the original's tags without this collection's own, with ``overrides`` on top."""
    tags = {
        tag["Key"]: tag["Value"] for tag in original.get("TagList", []) if not tag["Key"].startswith(TAG_PREFIX)
    }
    tags.update(overrides or {})
    return tags


def restore_parameters(original, params, restore_time, request_label):
    """Return the RestoreDBInstanceToPointInTime parameters, settings copied from ``original``.

    ``restore_time`` is an aware datetime, or None for the latest restorable time.
    """
    request = {
        "SourceDbiResourceId": original["DbiResourceId"],
        "TargetDBInstanceIdentifier": params["db_instance_identifier"],
        "DeletionProtection": False,
    }
    if restore_time is None:
        request["UseLatestRestorableTime"] = True
    else:
        request["RestoreTime"] = restore_time
    for option, (parameter, read) in COPIED_AT_RESTORE.items():
        value = params.get(option)
        if value is None:
            value = read(original)
        if value is not None:
            request[parameter] = value
    if request.get("StorageType") not in ("io1", "io2", "gp3"):
        request.pop("Iops", None)
    if request.get("StorageType") != "gp3":
        request.pop("StorageThroughput", None)
    tags = copied_tags(original, params.get("tags"))
    tags[TAG_RESTORED_FROM] = original["DbiResourceId"]
    tags[TAG_RESTORE_REQUEST] = request_label
    request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    return request


def after_restore_changes(original, restored, params):
    """Return the ModifyDBInstance parameters that ``restored`` still needs, or {}."""
    changes = {}
    protection = _wanted(params, "deletion_protection", bool(original.get("DeletionProtection")))
    if protection != bool(restored.get("DeletionProtection")):
        changes["DeletionProtection"] = protection
    interval = _wanted(params, "monitoring_interval", original.get("MonitoringInterval") or 0)
    role = _wanted(params, "monitoring_role_arn", original.get("MonitoringRoleArn"))
    current_interval = restored.get("MonitoringInterval") or 0
    if interval == 0 and current_interval != 0:
        changes["MonitoringInterval"] = 0
    elif interval and (interval, role) != (current_interval, restored.get("MonitoringRoleArn")):
        changes["MonitoringInterval"] = interval
        changes["MonitoringRoleArn"] = role
    return changes


def _wanted(params, option, original_value):
    value = params.get(option)
    return original_value if value is None else value
