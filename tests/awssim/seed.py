"""Seeding an account state from a document (YAML or JSON file, or the control endpoint).

    region: us-east-1
    vpcs:
      orders:                                   # names used by references below
        cidr: 10.20.0.0/16
        subnets: {orders-a: {cidr: 10.20.1.0/24, az: us-east-1a}}
        security_groups: {orders-db: {description: Orders database}}
    db_subnet_groups: {orders-db-subnets: {vpc: orders, subnets: [orders-a]}}
    db_parameter_groups: {orders-pg16: {family: postgres16}}
    option_groups: {orders-options: {engine: postgres, major_engine_version: "16"}}
    db_instances:
      - identifier: orders-db
        engine: postgres
        engine_version: "16.3"
        created: -7d                            # relative (s, m, h, d) or ISO 8601
        backup_retention_period: 7
        backups_since: -7d                      # earliest restorable time; default: created
        automated_snapshots: 150                # spaced evenly from backups_since on
        manual_snapshots: [orders-db-before-upgrade]
        deleted: -10d                           # makes this an earlier incarnation
        retain_automated_backups: true          # with deleted: keep its backups
        parameters:                             # CreateDBInstance parameters; names of
          DBSubnetGroupName: orders-db-subnets  # seeded security groups become ids
          VpcSecurityGroupIds: [orders-db]
        tags: {team: orders}
    load_balancers: [...]                       # see elb_seed.py
    network_interfaces: [...]                   # see elb_seed.py
"""

import datetime
import re

import boto3

from tests.awssim import elb_seed
from tests.awssim.rds.model import utcnow
from tests.awssim.rds.settings import build_settings

RELATIVE = re.compile(r"^-(\d+(?:\.\d+)?)([smhd])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_time(value, now):
    """Return an aware datetime for "now", "-7d"-style offsets or ISO 8601 text."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if value == "now":
        return now
    match = RELATIVE.match(str(value))
    if match:
        return now - datetime.timedelta(**{UNITS[match.group(2)]: float(match.group(1))})
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def apply(simulator, document):
    """Create everything the document describes; return the ids it created, by name."""
    region = document.get("region", "us-east-1")
    created = {"vpcs": {}, "subnets": {}, "security_groups": {}, "db_instances": {}, "incarnations": []}
    _seed_vpcs(simulator, region, document.get("vpcs", {}), created)
    store = simulator.rds(region)
    with store.lock:
        _seed_rds_groups(store, region, document, created)
        for spec in document.get("db_instances", []):
            _seed_instance(store, spec, created)
    elb_seed.apply(simulator, region, document, created)
    return created


def _ec2_client(simulator, region):
    return boto3.client(
        "ec2",
        region_name=region,
        endpoint_url=simulator.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _name_tag(name):
    return [{"Key": "Name", "Value": name}]


def _seed_vpcs(simulator, region, vpcs, created):
    if not vpcs:
        return
    ec2 = _ec2_client(simulator, region)
    for vpc_name, vpc_spec in vpcs.items():
        vpc_id = ec2.create_vpc(
            CidrBlock=vpc_spec["cidr"],
            TagSpecifications=[{"ResourceType": "vpc", "Tags": _name_tag(vpc_name)}],
        )["Vpc"]["VpcId"]
        created["vpcs"][vpc_name] = vpc_id
        for subnet_name, subnet_spec in vpc_spec.get("subnets", {}).items():
            created["subnets"][subnet_name] = ec2.create_subnet(
                VpcId=vpc_id,
                CidrBlock=subnet_spec["cidr"],
                AvailabilityZone=subnet_spec.get("az", f"{region}a"),
                TagSpecifications=[{"ResourceType": "subnet", "Tags": _name_tag(subnet_name)}],
            )["Subnet"]["SubnetId"]
        for group_name, group_spec in vpc_spec.get("security_groups", {}).items():
            created["security_groups"][group_name] = ec2.create_security_group(
                GroupName=group_name,
                Description=group_spec.get("description", group_name),
                VpcId=vpc_id,
                TagSpecifications=[{"ResourceType": "security-group", "Tags": _name_tag(group_name)}],
            )["GroupId"]


def _seed_rds_groups(store, region, document, created):
    from tests.awssim import ec2_lookup

    for name, spec in document.get("db_subnet_groups", {}).items():
        subnet_ids = [created["subnets"].get(subnet, subnet) for subnet in spec["subnets"]]
        subnets = [ec2_lookup.subnet(region, subnet_id) for subnet_id in subnet_ids]
        vpc_id = created["vpcs"].get(spec.get("vpc"), subnets[0].vpc_id)
        store.add_subnet_group(name, spec.get("description", name), vpc_id, subnets)
    for name, spec in document.get("db_parameter_groups", {}).items():
        store.add_parameter_group(name, spec["family"], spec.get("description", name))
    for name, spec in document.get("option_groups", {}).items():
        store.add_option_group(name, spec["engine"], str(spec["major_engine_version"]), spec.get("description", name))


def _resolve_names(value, created):
    if isinstance(value, list):
        return [_resolve_names(item, created) for item in value]
    if isinstance(value, str):
        return created["security_groups"].get(value, value)
    return value


def _seed_instance(store, spec, created):
    now = utcnow()
    identifier = spec["identifier"]
    engine = spec.get("engine", "postgres")
    engine_version = str(spec.get("engine_version", "16.3"))
    instance_created = parse_time(spec.get("created", "-7d"), now)
    retention = int(spec.get("backup_retention_period", 7))
    backups_since = parse_time(spec.get("backups_since", instance_created), now)
    deleted = parse_time(spec["deleted"], now) if spec.get("deleted") else None
    incarnation = store.add_incarnation(identifier, engine, engine_version, instance_created, retention, backups_since)
    if spec.get("dbi_resource_id"):
        store.incarnations.pop(incarnation.dbi_resource_id)
        incarnation.dbi_resource_id = spec["dbi_resource_id"]
        store.incarnations[incarnation.dbi_resource_id] = incarnation

    end = deleted or now
    count = int(spec.get("automated_snapshots", 0))
    if count and retention:
        step = (end - backups_since) / count
        for index in range(count):
            taken = backups_since + step * index
            name = f"rds:{identifier}-{taken:%Y-%m-%d-%H-%M-%S}-{index:04d}"
            store.add_snapshot(name, incarnation, identifier, "automated", taken)
    for index, name in enumerate(spec.get("manual_snapshots", [])):
        taken = instance_created + (end - instance_created) * (index + 1) / (len(spec["manual_snapshots"]) + 1)
        store.add_snapshot(name, incarnation, identifier, "manual", taken)

    if deleted is not None:
        incarnation.deleted = deleted
        incarnation.retained = bool(spec.get("retain_automated_backups", False)) and retention > 0
        if not incarnation.retained:
            store.snapshots = [
                snapshot
                for snapshot in store.snapshots
                if not (snapshot.dbi_resource_id == incarnation.dbi_resource_id and snapshot.snapshot_type == "automated")
            ]
        created["incarnations"].append({"identifier": identifier, "dbi_resource_id": incarnation.dbi_resource_id, "deleted": deleted.isoformat()})
        return

    params = {key: _resolve_names(value, created) for key, value in spec.get("parameters", {}).items()}
    settings = build_settings(store, params, engine, engine_version)
    if params.get("DBClusterIdentifier"):
        settings["DBClusterIdentifier"] = params["DBClusterIdentifier"]
    tags = [{"Key": key, "Value": str(value)} for key, value in spec.get("tags", {}).items()]
    store.add_instance(identifier, incarnation, settings, tags, status=spec.get("status", "available"))
    created["db_instances"][identifier] = incarnation.dbi_resource_id
    created["incarnations"].append({"identifier": identifier, "dbi_resource_id": incarnation.dbi_resource_id, "deleted": None})
