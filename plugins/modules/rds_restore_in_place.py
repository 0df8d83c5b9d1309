#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_restore_in_place
short_description: Restore an RDS DB instance to a point in time under its own name
version_added: 0.1.0
description:
  - Restores the DB instance O(db_instance_identifier) to O(restore_time), or to its latest
    restorable time, and gives the restored instance the original name, so that applications
    keep their hostname.
  - RDS cannot restore into an existing instance. The module renames the original to
    O(old_db_instance_identifier), waits until the rename has really finished, restores a new
    instance under the original name from the renamed instance's backups, copies the original's
    settings onto it, and waits until it is available.
  - Before any change it checks the target time against the restore window of this incarnation
    of the instance, identified by its C(DbiResourceId). Backups and snapshots of an earlier,
    deleted instance of the same name do not count. Every describe call follows all pages.
  - If the restore fails after the rename, the module deletes the half-created instance and
    renames the original back. The original instance is never deleted, unless
    O(delete_old_instance) asks for it after a successful restore.
  - The phase of a restore is read from AWS, not from local files. A rerun after an
    interruption resumes the earlier run, and a rerun after success with the same request
    reports no change.
author:
  - racefree.ops contributors (!UNKNOWN)
options:
  db_instance_identifier:
    description:
      - The DB instance to restore. The restored instance takes this name.
      - Lowercase, as RDS stores identifiers.
    type: str
    required: true
  restore_time:
    description:
      - The point in time to restore to, in ISO 8601, for example V(2026-12-01T10:00:00Z) or
        V(2026-12-01T12:00:00+02:00).
      - A time without an offset is UTC, as RDS reads it.
      - Must lie in the restore window of this incarnation of the instance. That is, not before
        its first automated backup or its creation, and not after its C(LatestRestorableTime),
        which trails the present by up to five minutes.
      - Mutually exclusive with O(use_latest_restorable_time); one of the two is required.
    type: str
  use_latest_restorable_time:
    description:
      - Restore to the latest restorable time that RDS offers when the restore starts.
    type: bool
    default: false
  old_db_instance_identifier:
    description:
      - The name the original instance gets during and after the restore.
      - Defaults to O(db_instance_identifier) with C(-old) appended.
      - No instance may have this name when the restore starts, except the original itself
        when resuming an earlier run.
    type: str
  wait_timeout:
    description:
      - Seconds that all waits of one run share together (rename, restore, settings, rollback).
      - The waits poll every 1 to 5 seconds, backing off, and retry throttled calls.
      - When it passes, the module fails without rolling back, because the restore may still
        finish; a rerun resumes it.
    type: int
    default: 3600
  db_subnet_group_name:
    description: DB subnet group of the restored instance. Defaults to the original's.
    type: str
  vpc_security_group_ids:
    description: VPC security groups of the restored instance. Defaults to the original's.
    type: list
    elements: str
  db_parameter_group_name:
    description: DB parameter group of the restored instance. Defaults to the original's.
    type: str
  option_group_name:
    description: Option group of the restored instance. Defaults to the original's.
    type: str
  db_instance_class:
    description: Instance class of the restored instance. Defaults to the original's.
    type: str
  multi_az:
    description: Whether the restored instance is Multi-AZ. Defaults to the original's setting.
    type: bool
  port:
    description: Port of the restored instance. Defaults to the original's.
    type: int
  publicly_accessible:
    description: Whether the restored instance is publicly accessible. Defaults to the original's setting.
    type: bool
  storage_type:
    description: Storage type of the restored instance. Defaults to the original's.
    type: str
  iops:
    description: Provisioned IOPS of the restored instance, for io1, io2 and gp3 storage. Defaults to the original's.
    type: int
  storage_throughput:
    description: Storage throughput in MiB/s of the restored instance, for gp3 storage. Defaults to the original's.
    type: int
  deletion_protection:
    description:
      - Whether the restored instance has deletion protection. Defaults to the original's setting.
      - Set with ModifyDBInstance once the restored instance is available, so that a failed restore
        can still be rolled back.
    type: bool
  enable_iam_database_authentication:
    description: Whether IAM database authentication is on. Defaults to the original's setting.
    type: bool
  monitoring_interval:
    description:
      - Enhanced Monitoring interval in seconds (0, 1, 5, 10, 15, 30 or 60). Defaults to the original's.
      - Set with ModifyDBInstance once the restored instance is available, because a
        point-in-time restore does not take it.
    type: int
  monitoring_role_arn:
    description: IAM role for Enhanced Monitoring. Defaults to the original's.
    type: str
  copy_tags_to_snapshot:
    description: Whether snapshots of the restored instance copy its tags. Defaults to the original's setting.
    type: bool
  tags:
    description:
      - Tags for the restored instance, merged over the tags copied from the original.
      - Tags whose keys start with C(racefree-ops:) record the restore and are not copied.
    type: dict
  delete_old_instance:
    description:
      - After a successful restore, delete the renamed original, with a final snapshot and its
        automated backups retained.
    type: bool
    default: false
  final_db_snapshot_identifier:
    description:
      - Name of the final snapshot taken when O(delete_old_instance) deletes the original.
      - Defaults to O(old_db_instance_identifier) with C(-final) appended.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - racefree.ops.attributes
attributes:
  check_mode:
    support: full
    details: Runs every validation and returns the plan without changing anything.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - A rerun with the same request after success reports no change, because the restored
        instance carries the request in its C(racefree-ops:restore-request) tag.
notes:
  - For C(module_defaults), use the action group C(group/racefree.ops.aws), which contains this
    module and extends C(amazon.aws.aws). ansible-core resolves C(group/aws) to the group of
    C(ansible.builtin), which reaches amazon.aws modules but not this one.
  - Aurora DB instances are rejected; they are restored with cluster point-in-time restores.
  - While the rename and the restore run, the name O(db_instance_identifier) resolves to no
    available instance. That downtime is the rename time plus the restore time of RDS.
  - To recognise an interrupted run, the module tags the original with C(racefree-ops:restore-target)
    and C(racefree-ops:restore-request), and the restored instance with C(racefree-ops:restored-from)
    and C(racefree-ops:restore-request).
  - Two runs against the same instance are serialised by the tag C(racefree-ops:restore-lock) on the
    original. A run that finds another live run's lock fails before it changes anything. Of two runs
    that write the lock within two seconds, the one whose value remains goes on. A lock left by an
    interrupted run on the same host is taken over at once; one from another host after 60 seconds.
seealso:
  - module: amazon.aws.rds_instance
  - module: amazon.aws.rds_instance_info
"""

EXAMPLES = r"""
- name: Restore orders-db to a point in time, keeping its name
  racefree.ops.rds_restore_in_place:
    db_instance_identifier: orders-db
    restore_time: "2026-12-01T10:00:00Z"
  register: restore

- name: Show the new endpoint
  ansible.builtin.debug:
    msg: "{{ restore.endpoint.address }}:{{ restore.endpoint.port }}"

- name: Restore to the latest restorable time into a bigger class, then drop the original
  racefree.ops.rds_restore_in_place:
    db_instance_identifier: orders-db
    use_latest_restorable_time: true
    db_instance_class: db.r6g.xlarge
    delete_old_instance: true
    final_db_snapshot_identifier: orders-db-before-restore

- name: Check a target time without changing anything
  racefree.ops.rds_restore_in_place:
    db_instance_identifier: orders-db
    restore_time: "2026-11-20T08:30:00+01:00"
  check_mode: true
  register: preflight
"""

RETURN = r"""
db_instance:
  description: The restored DB instance as DescribeDBInstances returns it, in snake_case, with tags as a dict.
  returned: success, not in check mode
  type: dict
endpoint:
  description: Endpoint of the restored instance, from a describe made after it became available.
  returned: success, not in check mode
  type: dict
  contains:
    address:
      description: DNS name.
      type: str
    port:
      description: Port.
      type: int
    hosted_zone_id:
      description: Route 53 hosted zone of the address.
      type: str
old_db_instance_identifier:
  description: The name the original instance has now, unless it was deleted.
  returned: always
  type: str
  sample: orders-db-old
restore_time:
  description: The requested restore time in UTC, or V(latest).
  returned: always
  type: str
  sample: "2026-12-01T10:00:00Z"
restore_window:
  description: The restore window of the original incarnation, checked before the restore.
  returned: when the original instance exists
  type: dict
  contains:
    dbi_resource_id:
      description: C(DbiResourceId) of the original instance.
      type: str
    earliest_time:
      description: Earliest restorable time, UTC.
      type: str
    latest_time:
      description: C(LatestRestorableTime) when the module read it, UTC.
      type: str
    earliest_source:
      description: Where the earliest time comes from.
      type: str
    instance_create_time:
      description: C(InstanceCreateTime) of the original, UTC.
      type: str
    automated_snapshots:
      description: Number of automated snapshots of this incarnation.
      type: int
    manual_snapshots:
      description: Number of manual snapshots of this incarnation; they do not extend the window.
      type: int
    oldest_automated_snapshot_time:
      description: Time of the oldest automated snapshot of this incarnation, UTC.
      type: str
plan:
  description: Where the restore stood when the module started and the steps it takes from there.
  returned: always
  type: dict
  contains:
    phase:
      description: One of V(start), V(wait_rename), V(restore), V(wait_restore), V(finish), V(rollback), V(done).
      type: str
    steps:
      description: The steps left to run.
      type: list
      elements: str
phases:
  description: Seconds spent in each phase of this run.
  returned: always
  type: dict
  sample: {"validate": 0.4, "rename": 61.2, "restore": 612.8, "finish": 0.1}
actions:
  description: The changes this run made, in order.
  returned: always
  type: list
  elements: str
rollback:
  description: What the rollback undid, after a failed restore.
  returned: failure after the rename
  type: dict
original:
  description:
    - Where the original instance is at the end of the run, read from AWS by its C(DbiResourceId).
    - Returned on failures too, so that the result always says where the original database is.
  returned: when the original instance was found
  type: dict
  contains:
    dbi_resource_id:
      description: C(DbiResourceId) of the original instance.
      type: str
    db_instance_identifier:
      description: Its name now, or V(null) if no live instance has that resource id.
      type: str
    status:
      description: Its C(DBInstanceStatus) now.
      type: str
final_db_snapshot_identifier:
  description: Final snapshot of the deleted original.
  returned: when O(delete_old_instance) deleted the original
  type: str
"""

import time

try:
    import botocore.exceptions
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.racefree.ops.plugins.module_utils._polling import Deadline
from ansible_collections.racefree.ops.plugins.module_utils._polling import WaitTimeout
from ansible_collections.racefree.ops.plugins.module_utils._rds_lineage import RestoreRejected
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import DONE
from ansible_collections.racefree.ops.plugins.module_utils._rds_plan import FINISH
from ansible_collections.racefree.ops.plugins.module_utils._rds_restore import apply_restore
from ansible_collections.racefree.ops.plugins.module_utils._rds_restore import endpoint_result
from ansible_collections.racefree.ops.plugins.module_utils._rds_restore import instance_result
from ansible_collections.racefree.ops.plugins.module_utils._rds_restore import locate_original
from ansible_collections.racefree.ops.plugins.module_utils._rds_restore import plan_restore
from ansible_collections.racefree.ops.plugins.module_utils._rds_steps import RestoreFailed
from ansible_collections.racefree.ops.plugins.module_utils._rds_steps import Steps
from ansible_collections.racefree.ops.plugins.module_utils._rds_time import InvalidTime
from ansible_collections.racefree.ops.plugins.module_utils._rds_time import parse_restore_time

ARGUMENT_SPEC = dict(
    db_instance_identifier=dict(type="str", required=True),
    restore_time=dict(type="str"),
    use_latest_restorable_time=dict(type="bool", default=False),
    old_db_instance_identifier=dict(type="str"),
    wait_timeout=dict(type="int", default=3600),
    db_subnet_group_name=dict(type="str"),
    vpc_security_group_ids=dict(type="list", elements="str"),
    db_parameter_group_name=dict(type="str"),
    option_group_name=dict(type="str"),
    db_instance_class=dict(type="str"),
    multi_az=dict(type="bool"),
    port=dict(type="int"),
    publicly_accessible=dict(type="bool"),
    storage_type=dict(type="str"),
    iops=dict(type="int"),
    storage_throughput=dict(type="int"),
    deletion_protection=dict(type="bool"),
    enable_iam_database_authentication=dict(type="bool"),
    monitoring_interval=dict(type="int"),
    monitoring_role_arn=dict(type="str"),
    copy_tags_to_snapshot=dict(type="bool"),
    tags=dict(type="dict"),
    delete_old_instance=dict(type="bool", default=False),
    final_db_snapshot_identifier=dict(type="str"),
)


def restore_params(module):
    """Return the module parameters with defaults filled in and restore_time parsed."""
    params = dict(module.params)
    if params["restore_time"] is None and not params["use_latest_restorable_time"]:
        module.fail_json(msg="one of restore_time or use_latest_restorable_time=true is required")
    if params["wait_timeout"] <= 0:
        module.fail_json(msg=f"wait_timeout {params['wait_timeout']} must be a positive number of seconds")
    if params["old_db_instance_identifier"] is None:
        params["old_db_instance_identifier"] = params["db_instance_identifier"] + "-old"
    if params["final_db_snapshot_identifier"] is None:
        params["final_db_snapshot_identifier"] = params["old_db_instance_identifier"] + "-final"
    if params["restore_time"] is not None:
        try:
            params["restore_time"] = parse_restore_time(params["restore_time"])
        except InvalidTime as error:
            module.fail_json(msg=str(error))
    return params


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("restore_time", "use_latest_restorable_time")],
        required_by={"final_db_snapshot_identifier": "delete_old_instance"},
        supports_check_mode=True,
    )
    params = restore_params(module)
    client = module.client("rds", retry_decorator=AWSRetry.jittered_backoff())
    started = time.monotonic()

    try:
        plan = plan_restore(client, params)
    except RestoreRejected as error:
        module.fail_json(msg=str(error), changed=False)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        module.fail_json_aws(error, msg=f"Failed to read DB instance {params['db_instance_identifier']}")

    result = dict(
        changed=plan.phase not in (DONE, FINISH),
        plan=plan.as_result(),
        old_db_instance_identifier=params["old_db_instance_identifier"],
        restore_time=plan.request_label,
        restore_window=plan.window.as_result() if plan.window else None,
        phases={"validate": round(time.monotonic() - started, 3)},
        actions=[],
    )
    result["original"] = {
        "dbi_resource_id": (plan.original or {}).get("DbiResourceId"),
        "db_instance_identifier": (plan.original or {}).get("DBInstanceIdentifier"),
        "status": (plan.original or {}).get("DBInstanceStatus"),
    } if plan.original else None
    if module.check_mode or plan.phase == DONE:
        if plan.restored:
            result.update(db_instance=instance_result(plan.restored), endpoint=endpoint_result(plan.restored))
        module.exit_json(**result)

    steps = Steps(client, Deadline(params["wait_timeout"]))
    try:
        restored = apply_restore(client, plan, params, steps)
    except (RestoreRejected, RestoreFailed, WaitTimeout, botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        fail_after_start(module, client, plan, steps, result, error)

    result.update(
        changed=result["changed"] or bool(steps.actions),
        db_instance=instance_result(restored),
        endpoint=endpoint_result(restored),
        phases={**result["phases"], **steps.phases},
        actions=steps.actions,
        original=locate_original(client, plan),
    )
    if params["delete_old_instance"]:
        result["final_db_snapshot_identifier"] = params["final_db_snapshot_identifier"]
    for warning in steps.warnings:
        module.warn(warning)
    module.exit_json(**result)


def fail_after_start(module, client, plan, steps, result, error):
    """Fail with what this run changed and where the original instance is now."""
    result.update(
        changed=bool(steps.actions),
        phases={**result["phases"], **steps.phases},
        actions=steps.actions,
        rollback=getattr(error, "rollback", None),
    )
    try:
        result["original"] = locate_original(client, plan)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as lookup_error:
        result["original"] = {"dbi_resource_id": plan.original["DbiResourceId"], "error": str(lookup_error)}
    if isinstance(error, (RestoreRejected, RestoreFailed)):
        module.fail_json(msg=str(error), **result)
    if isinstance(error, WaitTimeout):
        module.fail_json(msg=f"{error}. Nothing was rolled back; run the module again with the same options to resume", **result)
    module.fail_json_aws(error, msg=f"Failed to restore DB instance {plan.target}", **result)


if __name__ == "__main__":
    main()
