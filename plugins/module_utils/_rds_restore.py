# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An in-place restore from plan to result: the order of the steps and the rollback.

Private to racefree.ops.
"""

from __future__ import annotations

import time

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.racefree.ops.plugins.module_utils import _rds_api as api
from ansible_collections.racefree.ops.plugins.module_utils import _rds_lock as locks
from ansible_collections.racefree.ops.plugins.module_utils import _rds_plan as plans
from ansible_collections.racefree.ops.plugins.module_utils._polling import is_transient
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import after_restore_changes
from ansible_collections.racefree.ops.plugins.module_utils._rds_settings import restore_parameters
from ansible_collections.racefree.ops.plugins.module_utils._rds_steps import NameTaken
from ansible_collections.racefree.ops.plugins.module_utils._rds_steps import RestoreFailed


def plan_restore(client, params):
    """Read AWS, then return the validated plan; raise RestoreRejected before any change."""
    target = params["db_instance_identifier"]
    old_name = params["old_db_instance_identifier"]
    plans.check_identifiers(target, old_name)
    label = plans.request_label(params["restore_time"])
    plan = plans.discover(client, target, old_name, label)
    plan.delete_old = params["delete_old_instance"]
    return plans.validate(client, plan, params["restore_time"], params["delete_old_instance"])


def apply_restore(client, plan, params, steps):
    """Run the plan's steps; return the restored instance, freshly described.

    A failure after the rename rolls back; a timeout does not, because the restore may
    still finish and a rerun resumes it.
    """
    target, old_name = plan.target, plan.old_name
    phase = plan.phase
    if phase == plans.START:
        steps.mark(plan.original, target, plan.request_label, locks.new_lock(time.time()))
        steps.rename(target, old_name)
        phase = plans.WAIT_RENAME
    if phase == plans.WAIT_RENAME:
        plan.original = steps.wait_renamed(target, old_name)
        phase = plans.RESTORE

    try:
        if phase == plans.ROLLBACK:
            raise RestoreFailed(f"the restored instance {target} is {plan.restored.get('DBInstanceStatus')}")
        if phase == plans.RESTORE:
            request = restore_parameters(plan.original, params, plan.restore_time, plan.request_label)
            steps.restore(request, plan.request_label)
        restored = steps.wait_restored(target)
    except NameTaken:
        raise
    except (RestoreFailed, botocore.exceptions.ClientError) as error:
        if isinstance(error, botocore.exceptions.ClientError) and is_transient(error):
            raise
        raise _rolled_back(steps, plan, error) from error

    steps.finish(target, after_restore_changes(plan.original, restored, params))
    steps.unlock(plan.original)
    if params["delete_old_instance"]:
        steps.delete_old(old_name, params["final_db_snapshot_identifier"])
    return api.find_instance(client, target)


def _rolled_back(steps, plan, error):
    reason = str(error)
    try:
        report = steps.rollback(plan.original["DbiResourceId"], plan.target, plan.old_name)
    except Exception as rollback_error:  # pylint: disable=broad-except
        return RestoreFailed(
            f"Restore of {plan.target} failed: {reason}. The rollback failed too: {rollback_error}. "
            f"The original database is intact as {plan.old_name} "
            f"(resource {plan.original['DbiResourceId']}); rename it back to {plan.target} by hand",
            rollback={"completed": False, "error": str(rollback_error), "original_db_instance_identifier": plan.old_name},
        )
    report["completed"] = True
    report["original_db_instance_identifier"] = plan.target
    return RestoreFailed(
        f"Restore of {plan.target} failed: {reason}. Rolled back: the original database "
        f"(resource {plan.original['DbiResourceId']}) is {plan.target} again",
        rollback=report,
    )


def locate_original(client, plan):
    """Return where the original instance is now, read from AWS by its DbiResourceId."""
    if plan.original is None:
        return None
    found = api.find_by_resource_id(client, plan.original["DbiResourceId"])
    if found is None:
        return {"dbi_resource_id": plan.original["DbiResourceId"], "db_instance_identifier": None, "status": "not found"}
    return {
        "dbi_resource_id": found["DbiResourceId"],
        "db_instance_identifier": found["DBInstanceIdentifier"],
        "status": found.get("DBInstanceStatus"),
    }


def instance_result(instance):
    """Return an instance as snake_case, tags as a dict, as the module reports it."""
    if instance is None:
        return None
    result = boto3_resource_to_ansible_dict(instance, force_tags=False)
    result["tags"] = boto3_tag_list_to_ansible_dict(instance.get("TagList", []))
    result.pop("tag_list", None)
    return result


def endpoint_result(instance):
    endpoint = (instance or {}).get("Endpoint")
    if not endpoint:
        return None
    return {"address": endpoint.get("Address"), "port": endpoint.get("Port"), "hosted_zone_id": endpoint.get("HostedZoneId")}
