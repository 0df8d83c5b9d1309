"""The state of one region's simulated RDS and its time-driven transitions.

Status changes are scheduled as (due time, action) pairs and applied lazily by
``tick()``, which the server calls under the store's lock before every request.
"""

import datetime
import threading

from tests.awssim import ec2_lookup
from tests.awssim.codec import AwsError
from tests.awssim.rds import records
from tests.awssim.rds.model import ACCOUNT_ID, Incarnation, Instance, Snapshot, new_resource_id

DEFAULT_PORTS = {"postgres": 5432, "mysql": 3306, "mariadb": 3306}


def seconds(value):
    return datetime.timedelta(seconds=value)


def parameter_group_family(engine, engine_version):
    major = engine_version.split(".")[0]
    if engine in ("mysql", "mariadb"):
        major = ".".join(engine_version.split(".")[:2])
    return f"{engine}{major}"


def option_group_default(engine, engine_version):
    major = engine_version.split(".")[0]
    if engine in ("mysql", "mariadb"):
        major = ".".join(engine_version.split(".")[:2])
    return f"default:{engine}-{major.replace('.', '-')}"


class RdsStore:
    def __init__(self, region, timings):
        self.region = region
        self.timings = timings
        self.lock = threading.RLock()
        self.instances = []
        self.incarnations = {}
        self.snapshots = []
        self.subnet_groups = {}
        self.parameter_groups = {}
        self.option_groups = {}
        # Names that creating an instance cannot take yet: name -> release time.
        self.reserved_names = {}
        # Final statuses for instances not created yet: name -> status.
        self.outcomes = {}

    # Time

    def tick(self, now):
        for instance in list(self.instances):
            while instance.schedule and instance.schedule[0][0] <= now:
                due, action = instance.schedule.pop(0)
                action(due)
        for name, release in list(self.reserved_names.items()):
            if release is not None and release <= now:
                del self.reserved_names[name]

    # Look-ups

    def find_instance(self, identifier):
        for instance in self.instances:
            if instance.identifier == identifier:
                return instance
        return None

    def get_instance(self, identifier):
        instance = self.find_instance(identifier)
        if instance is None:
            raise AwsError("DBInstanceNotFound", f"DBInstance {identifier} not found.", 404)
        return instance

    def live_instance_of(self, dbi_resource_id):
        for instance in self.instances:
            if instance.incarnation.dbi_resource_id == dbi_resource_id:
                return instance
        return None

    def name_taken(self, identifier):
        return self.find_instance(identifier) is not None or identifier in self.reserved_names

    def find_by_arn(self, arn):
        for instance in self.instances:
            if instance.arn() == arn:
                return instance
        for snapshot in self.snapshots:
            if snapshot.arn() == arn:
                return snapshot
        return None

    # Groups, with the defaults RDS creates on first use

    def subnet_group(self, name):
        if name is None or name == "default":
            return self._default_subnet_group()
        group = self.subnet_groups.get(name)
        if group is None:
            raise AwsError("DBSubnetGroupNotFoundFault", f"DBSubnetGroup {name} not found.", 404)
        return group

    def _default_subnet_group(self):
        if "default" not in self.subnet_groups:
            vpc_id = ec2_lookup.default_vpc_id(self.region)
            subnets = ec2_lookup.vpc_subnets(self.region, vpc_id)
            self.add_subnet_group("default", "default", vpc_id, subnets)
        return self.subnet_groups["default"]

    def add_subnet_group(self, name, description, vpc_id, subnets):
        self.subnet_groups[name] = {
            "DBSubnetGroupName": name,
            "DBSubnetGroupDescription": description,
            "VpcId": vpc_id,
            "SubnetGroupStatus": "Complete",
            "Subnets": [
                {
                    "SubnetIdentifier": subnet.id,
                    "SubnetAvailabilityZone": {"Name": subnet.availability_zone},
                    "SubnetStatus": "Active",
                }
                for subnet in subnets
            ],
            "DBSubnetGroupArn": f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:subgrp:{name}",
        }
        return self.subnet_groups[name]

    def parameter_group(self, name, engine, engine_version):
        if name is None:
            name = "default." + parameter_group_family(engine, engine_version)
            self.parameter_groups.setdefault(name, self._parameter_group(name, engine, engine_version))
        if name not in self.parameter_groups:
            raise AwsError("DBParameterGroupNotFound", f"DBParameterGroup not found: {name}", 404)
        return self.parameter_groups[name]

    def _parameter_group(self, name, engine, engine_version, description=None):
        return {
            "DBParameterGroupName": name,
            "DBParameterGroupFamily": parameter_group_family(engine, engine_version),
            "Description": description or f"Default parameter group for {engine}",
            "DBParameterGroupArn": f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:pg:{name}",
        }

    def add_parameter_group(self, name, family, description):
        self.parameter_groups[name] = {
            "DBParameterGroupName": name,
            "DBParameterGroupFamily": family,
            "Description": description,
            "DBParameterGroupArn": f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:pg:{name}",
        }
        return self.parameter_groups[name]

    def option_group(self, name, engine, engine_version):
        if name is None:
            name = option_group_default(engine, engine_version)
            self.option_groups.setdefault(
                name, self._option_group(name, engine, engine_version.split(".")[0])
            )
        if name not in self.option_groups:
            raise AwsError("OptionGroupNotFoundFault", f"Specified OptionGroupName: {name} not found.", 404)
        return self.option_groups[name]

    def _option_group(self, name, engine, major_version, description=None):
        return {
            "OptionGroupName": name,
            "OptionGroupDescription": description or f"Default option group for {engine} {major_version}",
            "EngineName": engine,
            "MajorEngineVersion": major_version,
            "Options": [],
            "AllowsVpcAndNonVpcInstanceMemberships": True,
            "OptionGroupArn": f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:og:{name}",
        }

    def add_option_group(self, name, engine, major_version, description):
        self.option_groups[name] = self._option_group(name, engine, major_version, description)
        return self.option_groups[name]

    # Creation

    def add_incarnation(self, identifier, engine, engine_version, created, retention, backups_since):
        incarnation = Incarnation(
            dbi_resource_id=new_resource_id(),
            identifier=identifier,
            engine=engine,
            engine_version=engine_version,
            created=created,
            backup_retention_period=retention,
            backups_since=backups_since if retention > 0 else None,
            region=self.region,
        )
        self.incarnations[incarnation.dbi_resource_id] = incarnation
        return incarnation

    def add_instance(self, identifier, incarnation, settings, tags, status="available"):
        instance = Instance(identifier=identifier, incarnation=incarnation, settings=settings, tags=tags, status=status)
        instance.final_status = self.outcomes.pop(identifier, "available")
        self.instances.append(instance)
        return instance

    def add_snapshot(self, identifier, incarnation, instance_identifier, snapshot_type, created, tags=()):
        snapshot = Snapshot(
            identifier=identifier,
            instance_identifier=instance_identifier,
            dbi_resource_id=incarnation.dbi_resource_id,
            snapshot_type=snapshot_type,
            created=created,
            instance_create_time=incarnation.created,
            engine=incarnation.engine,
            engine_version=incarnation.engine_version,
            region=self.region,
            tags=list(tags),
        )
        self.snapshots.append(snapshot)
        return snapshot

    def remove_instance(self, instance, when, retain_backups):
        self.instances.remove(instance)
        incarnation = instance.incarnation
        incarnation.deleted = when
        incarnation.identifier = instance.identifier
        incarnation.retained = retain_backups and incarnation.backups_since is not None
        if not incarnation.retained:
            self.snapshots = [
                snapshot
                for snapshot in self.snapshots
                if not (snapshot.dbi_resource_id == incarnation.dbi_resource_id and snapshot.snapshot_type == "automated")
            ]

    # Records

    def instance_records(self, now):
        return [records.instance_record(instance, now, self.timings) for instance in self.instances]

    def automated_backup_records(self, now):
        found = []
        for incarnation in self.incarnations.values():
            record = records.automated_backup_record(
                incarnation, self.live_instance_of(incarnation.dbi_resource_id), now, self.timings
            )
            if record is not None:
                found.append(record)
        return found
