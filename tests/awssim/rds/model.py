"""In-memory RDS objects. Times are aware UTC datetimes."""

import dataclasses
import datetime
import secrets
import string

ACCOUNT_ID = "123456789012"


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def new_resource_id():
    alphabet = string.ascii_uppercase + string.digits
    return "db-" + "".join(secrets.choice(alphabet) for _index in range(26))


@dataclasses.dataclass
class Incarnation:
    """One life of a DB instance, named by its DbiResourceId; survives renames."""

    dbi_resource_id: str
    identifier: str
    engine: str
    engine_version: str
    created: datetime.datetime
    backup_retention_period: int
    # Earliest restorable time; None while no automated backup exists.
    backups_since: datetime.datetime | None
    region: str
    deleted: datetime.datetime | None = None
    retained: bool = False  # automated backups kept after the instance was deleted
    # Set while restored instances must first pass first_backup seconds.
    arn_suffix: str = ""

    def automated_backups_arn(self):
        return (
            f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:auto-backup:ab-"
            f"{self.dbi_resource_id[3:].lower()}"
        )


@dataclasses.dataclass
class Instance:
    """A live DB instance: its visible identifier, status and settings."""

    identifier: str
    incarnation: Incarnation
    settings: dict  # boto3-shaped fields that do not change by themselves
    tags: list
    status: str = "available"
    pending: dict = dataclasses.field(default_factory=dict)
    # (due time, callable) pairs applied in order by RdsStore.tick().
    schedule: list = dataclasses.field(default_factory=list)
    # The status a create or restore ends in; tests set failure statuses.
    final_status: str = "available"

    def arn(self):
        return f"arn:aws:rds:{self.incarnation.region}:{ACCOUNT_ID}:db:{self.identifier}"


@dataclasses.dataclass
class Snapshot:
    identifier: str
    instance_identifier: str
    dbi_resource_id: str
    snapshot_type: str  # "automated" or "manual"
    created: datetime.datetime
    instance_create_time: datetime.datetime
    engine: str
    engine_version: str
    region: str
    tags: list = dataclasses.field(default_factory=list)

    def arn(self):
        return f"arn:aws:rds:{self.region}:{ACCOUNT_ID}:snapshot:{self.identifier}"
