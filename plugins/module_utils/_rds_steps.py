# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The mutating steps of an in-place restore, each waiting for the real end state.

Private to racefree.ops. Every wait shares one deadline. A step never deletes the
original instance: the only instance it deletes is one this collection restored,
recognised by its DbiResourceId differing from the original's and by its tag.
"""

from __future__ import annotations

import time

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from ansible_collections.racefree.ops.plugins.module_utils import _rds_api as api
from ansible_collections.racefree.ops.plugins.module_utils import _rds_lock as locks
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected
from ansible_collections.racefree.ops.plugins.module_utils._polling import backoff_delays
from ansible_collections.racefree.ops.plugins.module_utils._polling import wait_for
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import FAILED_STATUSES
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORE_REQUEST
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORE_TARGET
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORED_FROM


class RestoreFailed(Exception):
    """The restore failed after the rename; ``rollback`` records what was undone."""

    def __init__(self, message, rollback=None):
        super().__init__(message)
        self.rollback = rollback


class NameTaken(RestoreFailed):
    """Another instance took the target name during the restore; nothing is rolled back."""


def error_code(error):
    if isinstance(error, botocore.exceptions.ClientError):
        return error.response.get("Error", {}).get("Code")
    return None


# RDS waits poll every 1 to 5 seconds: a longer cap would add up to that much to a
# rename or restore that takes minutes, and RDS describe calls are cheap.
RDS_MAX_POLL_DELAY = 5.0


class Steps:
    """Runs the steps against one RDS client under one deadline, timing each phase."""

    def __init__(self, client, deadline, delays=None, sleep=time.sleep):
        self.client = client
        self.deadline = deadline
        self.delays = delays
        self.sleep = sleep
        self.phases = {}
        self.actions = []
        self.warnings = []

    def _timed(self, phase, started):
        self.phases[phase] = round(self.phases.get(phase, 0.0) + time.monotonic() - started, 3)

    def _wait(self, probe, what, describe_pending=None):
        delays = self.delays() if self.delays else backoff_delays(maximum=RDS_MAX_POLL_DELAY)
        return wait_for(probe, self.deadline, what, describe_pending=describe_pending, delays=delays)

    # Rename

    def mark(self, original, target, label, lock, attempts=3):
        """Take the lock on the original and tag it with the restore it is renamed for.

        Raises RestoreRejected when a live run holds the lock, or wrote its own lock within
        the settle time and so keeps it. A lock that an ended process wrote meanwhile, such
        as a request still in flight when its run was killed, is taken over.
        """
        name = original["DBInstanceIdentifier"]
        for _attempt in range(attempts):
            current = api.find_instance(self.client, name) or original
            locks.check_lock(current, time.time())
            self.client.add_tags_to_resource(
                ResourceName=current["DBInstanceArn"],
                Tags=[
                    {"Key": TAG_RESTORE_TARGET, "Value": target},
                    {"Key": TAG_RESTORE_REQUEST, "Value": label},
                    {"Key": locks.TAG_RESTORE_LOCK, "Value": lock.value()},
                ],
                aws_retry=True,
            )
            self.sleep(locks.LOCK_SETTLE_SECONDS)
            current = api.find_instance(self.client, name) or {}
            kept = api.tags_of(current).get(locks.TAG_RESTORE_LOCK)
            if kept == lock.value():
                self.actions.append(f"tagged {name} with {TAG_RESTORE_TARGET}={target} and took the restore lock")
                return
            if locks.holder(locks.parse_lock(kept), time.time(), locks.socket.gethostname()) is not None:
                raise RestoreRejected(
                    f"another restore of {name} wrote its lock tag {locks.TAG_RESTORE_LOCK} at the same time "
                    f"({kept}) and goes on; this run stops before renaming anything"
                )
        raise RestoreRejected(
            f"could not take the lock tag {locks.TAG_RESTORE_LOCK} on {name} in {attempts} attempts; "
            f"its value is {kept!r}; run again"
        )

    def unlock(self, instance):
        """Remove the lock tag once the restore is complete; a failure here only warns.

        A lock left behind names a process that has ended, so the next run takes it over.
        """
        try:
            current = api.find_instance(self.client, instance["DBInstanceIdentifier"])
            if current is None or locks.TAG_RESTORE_LOCK not in api.tags_of(current):
                return
            self.client.remove_tags_from_resource(
                ResourceName=current["DBInstanceArn"], TagKeys=[locks.TAG_RESTORE_LOCK], aws_retry=True
            )
        except botocore.exceptions.ClientError as error:
            self.warnings.append(f"Failed to remove the lock tag {locks.TAG_RESTORE_LOCK}: {error}")
            return
        self.actions.append(f"released the restore lock on {current['DBInstanceIdentifier']}")

    def rename(self, current_name, new_name):
        """Rename with ApplyImmediately: without it RDS waits for the maintenance window."""
        started = time.monotonic()
        try:
            self.client.modify_db_instance(
                DBInstanceIdentifier=current_name,
                NewDBInstanceIdentifier=new_name,
                ApplyImmediately=True,
                aws_retry=True,
            )
        except botocore.exceptions.ClientError:
            # A retried call whose first attempt went through finds the rename under way.
            if not self._rename_under_way(current_name, new_name):
                raise
        self.actions.append(f"renamed {current_name} to {new_name}")
        self._timed("rename", started)

    def _rename_under_way(self, current_name, new_name):
        instance = api.find_instance(self.client, current_name)
        if instance is not None:
            return instance.get("PendingModifiedValues", {}).get("DBInstanceIdentifier") == new_name
        return api.find_instance(self.client, new_name) is not None

    def wait_renamed(self, old_name, new_name):
        """Wait until ``new_name`` is available with no pending rename and ``old_name`` is gone.

        While RDS renames, the old name keeps resolving and the new one is "not found":
        that means "still changing", not failure.
        """
        started = time.monotonic()

        def probe():
            renamed = api.find_instance(self.client, new_name)
            if renamed is None:
                return False, f"{new_name} not found yet"
            if renamed.get("DBInstanceStatus") != "available":
                return False, f"{new_name} is {renamed.get('DBInstanceStatus')}"
            if renamed.get("PendingModifiedValues", {}).get("DBInstanceIdentifier"):
                return False, f"{new_name} still has a pending identifier change"
            if api.find_instance(self.client, old_name) is not None:
                return False, f"{old_name} still resolves"
            return True, renamed

        renamed = self._wait(probe, f"the rename of {old_name} to {new_name}", describe_pending=str)
        self._timed("rename", started)
        return renamed

    # Restore

    def restore(self, request, label):
        """Call RestoreDBInstanceToPointInTime once the target name is free.

        Right after a rename RDS can still hold the old name and return
        DBInstanceAlreadyExists; that is retried until the deadline. An instance under
        the name that this collection restored for the same request counts as done.
        """
        started = time.monotonic()
        target = request["TargetDBInstanceIdentifier"]
        source = request["SourceDbiResourceId"]

        def attempt():
            try:
                self.client.restore_db_instance_to_point_in_time(aws_retry=True, **request)
                return True, "requested"
            except botocore.exceptions.ClientError as error:
                if error_code(error) != "DBInstanceAlreadyExists":
                    raise
            existing = api.find_instance(self.client, target)
            if existing is None:
                return False, f"RDS still holds the name {target}"
            tags = api.tags_of(existing)
            if tags.get(TAG_RESTORED_FROM) == source and tags.get(TAG_RESTORE_REQUEST) == label:
                return True, "already requested"
            raise NameTaken(
                f"another DB instance (resource {existing['DbiResourceId']}, restore request "
                f"{tags.get(TAG_RESTORE_REQUEST)}) took the name {target} during the restore; this run leaves it "
                "and the original alone"
            )

        outcome = self._wait(attempt, f"RDS to release the name {target}", describe_pending=str)
        self.actions.append(f"restore of {target} {outcome}")
        self._timed("restore", started)

    def wait_restored(self, target):
        """Wait until the restored instance is available; raise RestoreFailed if it fails."""
        started = time.monotonic()

        def probe():
            instance = api.find_instance(self.client, target)
            if instance is None:
                return False, f"{target} not found yet"
            status = instance.get("DBInstanceStatus")
            if status in FAILED_STATUSES:
                raise RestoreFailed(f"the restored instance {target} ended in status {status}")
            return status == "available", instance if status == "available" else f"{target} is {status}"

        restored = self._wait(probe, f"{target} to be available", describe_pending=str)
        self._timed("restore", started)
        return restored

    def finish(self, target, changes):
        """Apply the settings a restore cannot set (monitoring, deletion protection)."""
        started = time.monotonic()
        if changes:
            self.client.modify_db_instance(
                DBInstanceIdentifier=target, ApplyImmediately=True, aws_retry=True, **changes
            )
            self.actions.append(f"set {', '.join(sorted(changes))} on {target}")
            self.wait_restored(target)
        self._timed("finish", started)

    # Rollback and clean-up

    def rollback(self, original_resource_id, target, old_name):
        """Remove a restored instance that failed and give the original its name back."""
        started = time.monotonic()
        report = {"deleted_restored_instance": None, "renamed_back": False}
        restored = api.find_instance(self.client, target)
        if restored is not None:
            if restored["DbiResourceId"] == original_resource_id or not api.tags_of(restored).get(TAG_RESTORED_FROM):
                raise RestoreFailed(f"{target} is not an instance this collection restored; it is left alone")
            if restored.get("DBInstanceStatus") != "deleting":
                self.client.delete_db_instance(
                    DBInstanceIdentifier=target, SkipFinalSnapshot=True, DeleteAutomatedBackups=True, aws_retry=True
                )
            report["deleted_restored_instance"] = restored["DbiResourceId"]
            self.actions.append(f"deleted the failed restored instance {target} ({restored['DbiResourceId']})")
            self._wait(
                lambda: (api.find_instance(self.client, target) is None, f"{target} still exists"),
                f"the failed restored instance {target} to be deleted",
                describe_pending=str,
            )

        def rename_back():
            try:
                self.client.modify_db_instance(
                    DBInstanceIdentifier=old_name, NewDBInstanceIdentifier=target, ApplyImmediately=True, aws_retry=True
                )
                return True, None
            except botocore.exceptions.ClientError as error:
                if error_code(error) != "DBInstanceAlreadyExists":
                    raise
                return False, f"RDS still holds the name {target}"

        self._wait(rename_back, f"RDS to release the name {target}", describe_pending=str)
        self.actions.append(f"renamed {old_name} back to {target}")
        original = self.wait_renamed(old_name, target)
        self.client.remove_tags_from_resource(
            ResourceName=original["DBInstanceArn"],
            TagKeys=[TAG_RESTORE_TARGET, TAG_RESTORE_REQUEST, locks.TAG_RESTORE_LOCK],
            aws_retry=True,
        )
        report["renamed_back"] = True
        self._timed("rollback", started)
        return report

    def delete_old(self, old_name, final_snapshot):
        """Delete the renamed original, keeping a final snapshot and its automated backups."""
        self.client.delete_db_instance(
            DBInstanceIdentifier=old_name,
            FinalDBSnapshotIdentifier=final_snapshot,
            DeleteAutomatedBackups=False,
            aws_retry=True,
        )
        self.actions.append(f"deleted {old_name} with final snapshot {final_snapshot}")
