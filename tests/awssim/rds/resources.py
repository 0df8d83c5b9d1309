"""The RDS calls for tags, manual snapshots and the groups an instance refers to."""

from tests.awssim import ec2_lookup
from tests.awssim.codec import AwsError
from tests.awssim.rds import records, validation


def _tagged(store, arn):
    resource = store.find_by_arn(arn)
    if resource is None:
        raise AwsError("DBInstanceNotFound", f"Resource {arn} not found.", 404)
    return resource


def add_tags_to_resource(store, params, now):
    resource = _tagged(store, params["ResourceName"])
    new_tags = {tag["Key"]: tag.get("Value", "") for tag in params.get("Tags", [])}
    kept = [tag for tag in resource.tags if tag["Key"] not in new_tags]
    resource.tags = kept + [{"Key": key, "Value": value} for key, value in new_tags.items()]
    return {}


def remove_tags_from_resource(store, params, now):
    resource = _tagged(store, params["ResourceName"])
    keys = set(params.get("TagKeys", []))
    resource.tags = [tag for tag in resource.tags if tag["Key"] not in keys]
    return {}


def list_tags_for_resource(store, params, now):
    resource = _tagged(store, params["ResourceName"])
    return {"TagList": [dict(tag) for tag in resource.tags]}


def create_db_snapshot(store, params, now):
    instance = store.get_instance(params["DBInstanceIdentifier"].lower())
    identifier = validation.identifier(params.get("DBSnapshotIdentifier"), "DBSnapshotIdentifier")
    if any(snapshot.identifier == identifier for snapshot in store.snapshots):
        raise AwsError("DBSnapshotAlreadyExists", f"Cannot create the snapshot because a snapshot with the identifier {identifier} already exists.")
    snapshot = store.add_snapshot(identifier, instance.incarnation, instance.identifier, "manual", now, params.get("Tags", []))
    return {"DBSnapshot": records.snapshot_record(snapshot)}


def create_db_subnet_group(store, params, now):
    name = params["DBSubnetGroupName"].lower()
    if name in store.subnet_groups:
        raise AwsError("DBSubnetGroupAlreadyExists", f"The DB subnet group '{name}' already exists.")
    subnets = []
    for subnet_id in params.get("SubnetIds", []):
        subnet = ec2_lookup.subnet(store.region, subnet_id)
        if subnet is None:
            raise AwsError("InvalidSubnet", f"Subnet {subnet_id} not found.")
        subnets.append(subnet)
    vpc_ids = {subnet.vpc_id for subnet in subnets}
    if len(vpc_ids) != 1:
        raise AwsError("InvalidSubnet", "The subnets of a DB subnet group must all be in one VPC.")
    group = store.add_subnet_group(name, params.get("DBSubnetGroupDescription", ""), vpc_ids.pop(), subnets)
    return {"DBSubnetGroup": group}


def create_db_parameter_group(store, params, now):
    name = params["DBParameterGroupName"].lower()
    if name in store.parameter_groups:
        raise AwsError("DBParameterGroupAlreadyExists", f"Parameter group {name} already exists")
    group = store.add_parameter_group(name, params["DBParameterGroupFamily"], params.get("Description", ""))
    return {"DBParameterGroup": group}


def create_option_group(store, params, now):
    name = params["OptionGroupName"].lower()
    if name in store.option_groups:
        raise AwsError("OptionGroupAlreadyExistsFault", f"Option group {name} already exists.")
    group = store.add_option_group(
        name, params["EngineName"], params["MajorEngineVersion"], params.get("OptionGroupDescription", "")
    )
    return {"OptionGroup": group}
