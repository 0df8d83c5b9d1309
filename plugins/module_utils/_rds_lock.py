# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A lock on the original instance, kept in its tags, so one restore renames it at a time.

Private to racefree.ops. RDS has no compare-and-set on tags, so a run writes its lock,
waits LOCK_SETTLE_SECONDS, and reads the tag back: of two runs that wrote within that
time, only the one whose value is still there goes on. A run that finds another run's
lock fails before it writes anything, unless that lock is abandoned: written by a
process of this host that no longer runs, or older than LOCK_STALE_SECONDS without a
rename under way.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass

from ansible_collections.racefree.ops.plugins.module_utils._rds_api import tags_of
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected

TAG_RESTORE_LOCK = "racefree-ops:restore-lock"
LOCK_SETTLE_SECONDS = 2.0
LOCK_STALE_SECONDS = 60.0


@dataclass(frozen=True)
class Lock:
    run_id: str
    written: float  # seconds since the epoch
    host: str
    pid: int

    def value(self):
        return f"{self.run_id} {self.written:.0f} {self.host} {self.pid}"


def new_lock(now):
    return Lock(run_id=uuid.uuid4().hex[:12], written=now, host=socket.gethostname(), pid=os.getpid())


def parse_lock(value):
    """Return the Lock a tag value records, or None for an empty or foreign value."""
    parts = (value or "").split()
    if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
        return None
    return Lock(run_id=parts[0], written=float(parts[1]), host=parts[2], pid=int(parts[3]))


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(lock, now, host, is_alive=process_alive):
    """Return the lock if a live run holds it, or None if it is free or abandoned."""
    if lock is None:
        return None
    if lock.host == host:
        return lock if is_alive(lock.pid) else None
    if now - lock.written > LOCK_STALE_SECONDS:
        return None
    return lock


def check_lock(instance, now):
    """Raise RestoreRejected if a live run other than this one holds the instance's lock."""
    held = holder(parse_lock(tags_of(instance).get(TAG_RESTORE_LOCK)), now, socket.gethostname())
    if held is None:
        return
    raise RestoreRejected(
        f"another restore of {instance['DBInstanceIdentifier']} holds the lock tag {TAG_RESTORE_LOCK}: "
        f"run {held.run_id} on {held.host} (pid {held.pid}) took it {now - held.written:.0f} s ago; "
        "wait for that run to finish, or, if it was interrupted on another host, run again once the lock "
        f"is {LOCK_STALE_SECONDS:.0f} s old"
    )
