# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The restore window of one incarnation of a DB instance, and checks against it.

Private to racefree.ops. Pure functions over describe results.

A DB instance name outlives its instance: after ``foo`` is deleted and created again,
snapshots and retained automated backups of the dead ``foo`` still carry
``DBInstanceIdentifier=foo``. Only ``DbiResourceId`` distinguishes the two, so every
record here is matched on it, never on the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.racefree.ops.plugins.module_utils._rds_time import as_utc, format_time


class RestoreRejected(Exception):
    """A restore that must not start; the message names the value, the rule and the fix."""


@dataclass(frozen=True)
class RestoreWindow:
    dbi_resource_id: str
    earliest: object  # aware datetime, or None when no automated backup exists
    latest: object  # aware datetime (LatestRestorableTime), or None
    instance_create_time: object
    earliest_source: str
    automated_snapshots: int
    manual_snapshots: int
    oldest_automated_snapshot: object

    def as_result(self):
        return {
            "dbi_resource_id": self.dbi_resource_id,
            "earliest_time": format_time(self.earliest),
            "latest_time": format_time(self.latest),
            "instance_create_time": format_time(self.instance_create_time),
            "earliest_source": self.earliest_source,
            "automated_snapshots": self.automated_snapshots,
            "manual_snapshots": self.manual_snapshots,
            "oldest_automated_snapshot_time": format_time(self.oldest_automated_snapshot),
        }

    def describe(self):
        if self.earliest is None or self.latest is None:
            return "no restore window"
        return f"the restore window {format_time(self.earliest)} to {format_time(self.latest)}"


def restore_window(instance, automated_backups, snapshots):
    """Compute the restore window of ``instance`` from its own backups only.

    The earliest restorable time is the automated backup's RestoreWindow.EarliestTime
    for the instance's DbiResourceId. When RDS lists no automated backup, it is the
    oldest automated snapshot instead. It is never before InstanceCreateTime. Manual snapshots do
    not extend a point-in-time window and are only counted.
    """
    resource_id = instance["DbiResourceId"]
    created = as_utc(instance.get("InstanceCreateTime"))
    own_backups = [backup for backup in automated_backups if backup.get("DbiResourceId") == resource_id]
    own_snapshots = [snapshot for snapshot in snapshots if snapshot.get("DbiResourceId") == resource_id]
    automated = [as_utc(s["SnapshotCreateTime"]) for s in own_snapshots if s.get("SnapshotType") == "automated" and s.get("SnapshotCreateTime")]
    manual_count = sum(1 for s in own_snapshots if s.get("SnapshotType") == "manual")
    oldest_snapshot = min(automated) if automated else None

    earliest = None
    source = "none"
    windows = [as_utc(b["RestoreWindow"]["EarliestTime"]) for b in own_backups if b.get("RestoreWindow", {}).get("EarliestTime")]
    if windows:
        earliest = min(windows)
        source = "automated backup"
    elif oldest_snapshot is not None:
        earliest = oldest_snapshot
        source = "oldest automated snapshot"
    if earliest is not None and created is not None and earliest < created:
        earliest = created
        source = "instance create time"

    latest = as_utc(instance.get("LatestRestorableTime"))
    if instance.get("BackupRetentionPeriod", 0) == 0:
        earliest = latest = None
        source = "none"
    return RestoreWindow(
        dbi_resource_id=resource_id,
        earliest=earliest,
        latest=latest,
        instance_create_time=created,
        earliest_source=source,
        automated_snapshots=len(automated),
        manual_snapshots=manual_count,
        oldest_automated_snapshot=oldest_snapshot,
    )


def check_restorable(instance, window):
    """Raise RestoreRejected unless the instance can be restored to a point in time at all."""
    name = instance["DBInstanceIdentifier"]
    if instance.get("DBClusterIdentifier"):
        raise RestoreRejected(
            f"DB instance {name} is a member of the Aurora DB cluster {instance['DBClusterIdentifier']}; "
            "restore the cluster with a cluster point-in-time restore instead"
        )
    if instance.get("BackupRetentionPeriod", 0) == 0:
        raise RestoreRejected(
            f"DB instance {name} (resource {window.dbi_resource_id}) has BackupRetentionPeriod 0, "
            "so it has no automated backups and no point-in-time restore window; "
            "only its manual snapshots can be restored"
        )
    if window.earliest is None or window.latest is None:
        raise RestoreRejected(
            f"DB instance {name} (resource {window.dbi_resource_id}) has no restorable time yet: "
            "RDS lists no automated backup or no LatestRestorableTime for it; "
            "wait for its first automated backup"
        )


def check_restore_time(instance, window, restore_time):
    """Raise RestoreRejected unless ``restore_time`` lies in ``window``."""
    name = instance["DBInstanceIdentifier"]
    choose = f"choose a time between {format_time(window.earliest)} and {format_time(window.latest)}"
    if restore_time > window.latest:
        raise RestoreRejected(
            f"restore_time {format_time(restore_time)} is after the latest restorable time "
            f"{format_time(window.latest)} of {name} (resource {window.dbi_resource_id}), which trails the "
            f"present by up to five minutes; {choose}, or set use_latest_restorable_time"
        )
    if restore_time < window.earliest:
        raise RestoreRejected(
            f"restore_time {format_time(restore_time)} is before the earliest restorable time "
            f"{format_time(window.earliest)} of {name} (resource {window.dbi_resource_id}, "
            f"from its {window.earliest_source}); backups of earlier instances named {name} do not count; "
            f"{choose}"
        )
