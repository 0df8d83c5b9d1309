# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The phase an in-place restore is in, read from AWS, and the steps left to do.

Private to racefree.ops. The phase of a restore is never kept in local files: it is
read from the instances under both names and the tags this collection sets, so a
rerun after an interruption resumes where the earlier run stopped.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ansible_collections.racefree.ops.plugins.module_utils import _rds_api as api
from ansible_collections.racefree.ops.plugins.module_utils import _rds_lock as locks
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import check_restorable
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import check_restore_time
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import restore_window
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORE_REQUEST
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORE_TARGET
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import TAG_RESTORED_FROM
from ansible_collections.racefree.ops.plugins.module_utils._rds_time import format_time

# RDS identifiers: 1 to 63 letters, digits or hyphens; a letter first; no hyphen last
# and no two hyphens in a row.
IDENTIFIER = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-)){0,62}$")
FAILED_STATUSES = frozenset(
    [
        "failed",
        "incompatible-parameters",
        "incompatible-restore",
        "incompatible-network",
        "incompatible-option-group",
        "inaccessible-encryption-credentials",
        "restore-error",
        "storage-full",
    ]
)

# Phases, in the order a restore passes through them.
START = "start"
WAIT_RENAME = "wait_rename"
RESTORE = "restore"
WAIT_RESTORE = "wait_restore"
FINISH = "finish"
ROLLBACK = "rollback"
DONE = "done"

STEPS = {
    START: ["validate", "mark", "rename", "wait_rename", "restore", "wait_restore", "finish"],
    WAIT_RENAME: ["validate", "wait_rename", "restore", "wait_restore", "finish"],
    RESTORE: ["validate", "restore", "wait_restore", "finish"],
    WAIT_RESTORE: ["wait_restore", "finish"],
    FINISH: ["finish"],
    ROLLBACK: ["rollback"],
    DONE: [],
}


@dataclass
class RestorePlan:
    phase: str
    target: str
    old_name: str
    request_label: str
    restore_time: object = None  # aware datetime, or None for the latest restorable time
    original: dict = None  # the instance being restored from, under either name
    restored: dict = None  # the instance this collection restored, once it exists
    window: object = None
    delete_old: bool = False
    notes: list = field(default_factory=list)

    @property
    def steps(self):
        steps = list(STEPS[self.phase])
        if self.phase != DONE and self.phase != ROLLBACK and self.delete_old:
            steps.append("delete_old")
        return steps

    def as_result(self):
        return {
            "phase": self.phase,
            "steps": self.steps,
            "db_instance_identifier": self.target,
            "old_db_instance_identifier": self.old_name,
            "restore_time": self.request_label,
            "source_dbi_resource_id": (self.original or {}).get("DbiResourceId"),
            "notes": self.notes,
        }


def request_label(restore_time):
    """Return how a restore request is recorded in tags: the UTC time, or "latest"."""
    return "latest" if restore_time is None else format_time(restore_time)


def check_identifiers(target, old_name):
    """Raise RestoreRejected for an identifier RDS would reject or change."""
    for option, value in (("db_instance_identifier", target), ("old_db_instance_identifier", old_name)):
        if value != value.lower():
            raise RestoreRejected(
                f"{option} {value!r} contains uppercase letters; RDS stores identifiers in lowercase, "
                f"so use {value.lower()!r}"
            )
        if not IDENTIFIER.match(value) or value.endswith("-"):
            raise RestoreRejected(
                f"{option} {value!r} is not a valid DB instance identifier: use 1 to 63 lowercase letters, "
                "digits or hyphens, starting with a letter, with no hyphen at the end and no two hyphens in a row"
            )
    if target == old_name:
        raise RestoreRejected(
            f"old_db_instance_identifier {old_name!r} equals db_instance_identifier; "
            "the original instance needs another name while the restored one takes its name"
        )


def _rename_requested(instance, new_name):
    return instance.get("PendingModifiedValues", {}).get("DBInstanceIdentifier") == new_name


def _marked_for(instance, target):
    return api.tags_of(instance).get(TAG_RESTORE_TARGET) == target


def _restored_by_us(instance, source_resource_id=None):
    restored_from = api.tags_of(instance).get(TAG_RESTORED_FROM)
    if restored_from is None:
        return False
    return source_resource_id is None or restored_from == source_resource_id


def discover(client, target_name, old_name, label):
    """Return a RestorePlan for the state AWS is in now; raise RestoreRejected if none fits."""
    plan = RestorePlan(phase=START, target=target_name, old_name=old_name, request_label=label)
    target = api.find_instance(client, target_name)
    old = api.find_instance(client, old_name)

    if target is not None and old is None:
        if _rename_requested(target, old_name) and _marked_for(target, target_name):
            plan.phase, plan.original = WAIT_RENAME, target
        elif _restored_by_us(target) and api.tags_of(target).get(TAG_RESTORE_REQUEST) == label:
            plan.phase, plan.restored = DONE, target
            plan.notes.append(f"{target_name} already carries the restore to {label}; {old_name} no longer exists")
        else:
            plan.phase, plan.original = START, target
        return plan

    if old is not None and target is None:
        if not _marked_for(old, target_name):
            raise RestoreRejected(
                f"DB instance {target_name} not found, and {old_name} exists without this collection's "
                f"{TAG_RESTORE_TARGET} tag, so it was not renamed by an earlier restore into {target_name}; "
                f"rename {old_name} back to {target_name} or restore it by hand"
            )
        plan.original = old
        if old.get("DBInstanceStatus") != "available" or old.get("PendingModifiedValues", {}).get("DBInstanceIdentifier"):
            plan.phase = WAIT_RENAME
        else:
            plan.phase = RESTORE
        return plan

    if old is not None and target is not None:
        if not _restored_by_us(target, old["DbiResourceId"]):
            raise RestoreRejected(
                f"old_db_instance_identifier {old_name} is already taken by another DB instance "
                f"(resource {old['DbiResourceId']}); choose another old_db_instance_identifier, "
                f"or delete or rename {old_name} first"
            )
        recorded = api.tags_of(target).get(TAG_RESTORE_REQUEST)
        if recorded != label:
            raise RestoreRejected(
                f"{target_name} was already restored from {old_name} to {recorded}, and {old_name} still "
                f"holds the original; to restore to {label} instead, delete or rename {old_name} first, "
                "or choose another old_db_instance_identifier"
            )
        plan.original, plan.restored = old, target
        status = target.get("DBInstanceStatus")
        if status in FAILED_STATUSES:
            plan.phase = ROLLBACK
        elif status == "available":
            plan.phase = FINISH
        else:
            plan.phase = WAIT_RESTORE
        return plan

    raise RestoreRejected(
        f"DB instance {target_name} not found, and no instance is named {old_name} either; "
        "check db_instance_identifier and the region"
    )


def validate(client, plan, restore_time, delete_old):
    """Check the original against its own restore window; raise RestoreRejected if it fails.

    Runs before any mutating call, in check mode too.
    """
    original = plan.original
    if original is None:
        return plan
    backups = api.automated_backups(client, original["DbiResourceId"])
    snapshots = api.snapshots(client, original["DbiResourceId"])
    plan.window = restore_window(original, backups, snapshots)
    if plan.phase not in (START, WAIT_RENAME, RESTORE):
        return plan
    if plan.phase == START and original.get("DBInstanceStatus") != "available":
        raise RestoreRejected(
            f"DB instance {original['DBInstanceIdentifier']} is {original.get('DBInstanceStatus')}, not available; "
            "wait until it is available and run again"
        )
    if plan.phase == START:
        locks.check_lock(original, time.time())
    check_restorable(original, plan.window)
    if restore_time is not None:
        check_restore_time(original, plan.window, restore_time)
    if delete_old and original.get("DeletionProtection"):
        raise RestoreRejected(
            f"delete_old_instance is set, but {original['DBInstanceIdentifier']} has deletion protection on; "
            "turn deletion protection off on it first, or leave delete_old_instance false"
        )
    plan.restore_time = restore_time
    return plan
