"""The settings of a new instance: what the request names, else what RDS defaults to.

A point-in-time restore copies nothing from its source but the instance class, engine
and storage size: subnet group, security groups, parameter and option groups, Multi-AZ,
port, public access, deletion protection, IAM auth and tags all take RDS defaults.
"""

from tests.awssim import ec2_lookup
from tests.awssim.codec import AwsError
from tests.awssim.rds.store import DEFAULT_PORTS


def build_settings(store, params, engine, engine_version, source_settings=None):
    source_settings = source_settings or {}
    subnet_group = store.subnet_group(params.get("DBSubnetGroupName"))
    security_group_ids = params.get("VpcSecurityGroupIds") or [
        ec2_lookup.default_security_group_id(store.region, subnet_group["VpcId"])
    ]
    check_security_groups(store.region, security_group_ids, subnet_group["VpcId"])
    parameter_group = store.parameter_group(params.get("DBParameterGroupName"), engine, engine_version)
    option_group = store.option_group(params.get("OptionGroupName"), engine, engine_version)
    iops = params.get("Iops")
    storage_type = params.get("StorageType") or ("io1" if iops else "gp2")
    return {
        "DBInstanceClass": params.get("DBInstanceClass") or source_settings.get("DBInstanceClass", "db.t3.micro"),
        "AllocatedStorage": params.get("AllocatedStorage") or source_settings.get("AllocatedStorage", 20),
        "StorageType": storage_type,
        "Iops": iops,
        "StorageThroughput": params.get("StorageThroughput"),
        "MultiAZ": bool(params.get("MultiAZ", False)),
        "PubliclyAccessible": bool(params.get("PubliclyAccessible", False)),
        "DeletionProtection": bool(params.get("DeletionProtection", False)),
        "IAMDatabaseAuthenticationEnabled": bool(params.get("EnableIAMDatabaseAuthentication", False)),
        "CopyTagsToSnapshot": bool(params.get("CopyTagsToSnapshot", False)),
        "MonitoringInterval": params.get("MonitoringInterval", 0),
        "MonitoringRoleArn": params.get("MonitoringRoleArn"),
        "DbInstancePort": params.get("Port") or DEFAULT_PORTS.get(engine, 5432),
        "DBSubnetGroup": subnet_group,
        "VpcSecurityGroups": [{"VpcSecurityGroupId": group_id, "Status": "active"} for group_id in security_group_ids],
        "DBParameterGroups": [
            {"DBParameterGroupName": parameter_group["DBParameterGroupName"], "ParameterApplyStatus": "in-sync"}
        ],
        "OptionGroupMemberships": [{"OptionGroupName": option_group["OptionGroupName"], "Status": "in-sync"}],
        "AvailabilityZone": subnet_group["Subnets"][0]["SubnetAvailabilityZone"]["Name"],
        "DBName": source_settings.get("DBName", params.get("DBName")),
        "MasterUsername": source_settings.get("MasterUsername", params.get("MasterUsername", "admin")),
        "PreferredBackupWindow": "03:00-03:30",
        "PreferredMaintenanceWindow": "sun:05:00-sun:05:30",
    }


def check_security_groups(region, group_ids, vpc_id):
    for group_id in group_ids:
        group = ec2_lookup.security_group(region, group_id)
        if group is None:
            raise AwsError("InvalidParameterValue", f"Invalid security group, groupId={group_id}, groupName=.")
        if group.vpc_id != vpc_id:
            raise AwsError(
                "InvalidParameterCombination",
                "The DB instance and EC2 security group are in different VPCs. "
                f"The DB instance is in {vpc_id} and the EC2 security group is in {group.vpc_id}",
            )


def apply_modifications(store, instance, params):
    """Apply the non-rename changes of ModifyDBInstance to an instance's settings."""
    settings = instance.settings
    if params.get("MonitoringInterval") and not (params.get("MonitoringRoleArn") or settings.get("MonitoringRoleArn")):
        raise AwsError(
            "InvalidParameterCombination",
            "A MonitoringRoleARN value is required if you specify a MonitoringInterval value other than 0.",
        )
    simple = {
        "DeletionProtection": "DeletionProtection",
        "MonitoringInterval": "MonitoringInterval",
        "MonitoringRoleArn": "MonitoringRoleArn",
        "MultiAZ": "MultiAZ",
        "PubliclyAccessible": "PubliclyAccessible",
        "CopyTagsToSnapshot": "CopyTagsToSnapshot",
        "EnableIAMDatabaseAuthentication": "IAMDatabaseAuthenticationEnabled",
        "DBInstanceClass": "DBInstanceClass",
        "StorageType": "StorageType",
        "Iops": "Iops",
        "AllocatedStorage": "AllocatedStorage",
        "DBPortNumber": "DbInstancePort",
    }
    for parameter, key in simple.items():
        if parameter in params:
            settings[key] = params[parameter]
    if "BackupRetentionPeriod" in params:
        instance.incarnation.backup_retention_period = params["BackupRetentionPeriod"]
    if "VpcSecurityGroupIds" in params:
        check_security_groups(store.region, params["VpcSecurityGroupIds"], settings["DBSubnetGroup"]["VpcId"])
        settings["VpcSecurityGroups"] = [
            {"VpcSecurityGroupId": group_id, "Status": "active"} for group_id in params["VpcSecurityGroupIds"]
        ]
    if "DBParameterGroupName" in params:
        group = store.parameter_group(params["DBParameterGroupName"], instance.incarnation.engine, "")
        settings["DBParameterGroups"] = [
            {"DBParameterGroupName": group["DBParameterGroupName"], "ParameterApplyStatus": "pending-reboot"}
        ]
    if "OptionGroupName" in params:
        group = store.option_group(params["OptionGroupName"], instance.incarnation.engine, "")
        settings["OptionGroupMemberships"] = [{"OptionGroupName": group["OptionGroupName"], "Status": "in-sync"}]
