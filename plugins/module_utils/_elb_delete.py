# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Deleting load balancers and waiting for their ENIs: the plan, and applying it.

Private to racefree.ops: not a public API.

``build_plan`` reads only. It rejects invalid names, a wrong ``type`` and deletion
protection before anything changes, and it finds the ENIs of load balancers that are
already gone. ``apply_plan`` deletes and then waits for every ENI under one deadline.
Check mode is ``build_plan`` alone.
"""

from __future__ import annotations

import collections
import dataclasses
import time

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule, which requires botocore
    pass

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.racefree.ops.plugins.module_utils import _elb_lookup
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import InterfacesRemainError
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import WaitReport
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import find_load_balancer_interfaces
from ansible_collections.racefree.ops.plugins.module_utils._elb_eni_poll import wait_until_gone
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import TYPE_LABELS
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import interface_summary
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import invalid_name_reason
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import parse_eni_description
from ansible_collections.racefree.ops.plugins.module_utils._polling import Deadline

ElbClients = collections.namedtuple("ElbClients", ["elb", "elbv2", "ec2"])


class ElbDeleteError(AnsibleAWSError):
    """A rejected request or a failed step. ``kwargs`` contains the partial module result."""


@dataclasses.dataclass
class DeletePlan:
    """The load balancers that a run deletes and the ENI descriptions it then waits for."""

    load_balancers: list  # _elb_lookup.LoadBalancer, in request order
    unprotect: list  # the subset whose deletion protection is turned off first
    descriptions: list  # ENI descriptions to wait for, sorted
    interfaces: list  # DescribeNetworkInterfaces items present when planning

    @property
    def changed(self):
        return bool(self.load_balancers)

    def result(self, wait=None, interfaces=None):
        """Return the module result. ``interfaces``, if given, replaces the planned ENIs."""
        wait = wait or WaitReport()
        return {
            "changed": self.changed,
            "load_balancers": [balancer.summary() for balancer in self.load_balancers],
            "network_interfaces": [interface_summary(item) for item in (self.interfaces if interfaces is None else interfaces)],
            "wait": {"seconds": round(wait.seconds, 2), "rounds": wait.rounds},
        }


def unique_names(names):
    """Return ``names`` without duplicates, in order. Raises ElbDeleteError for invalid names."""
    ordered = list(dict.fromkeys(names))
    reasons = [reason for reason in (invalid_name_reason(name) for name in ordered) if reason]
    if reasons:
        raise ElbDeleteError(message="Invalid load balancer name: " + "; ".join(reasons))
    return ordered


def select_load_balancer(name, balancer_type, found):
    """Return the load balancer of ``found`` that the request means, or None.

    ``found`` lists every load balancer named ``name`` in either API. Raises
    ElbDeleteError when it exists only with another type than ``balancer_type``, or
    when ``balancer_type`` is ``auto`` and the name exists in both APIs.
    """
    if balancer_type != "auto":
        matching = [balancer for balancer in found if balancer.type == balancer_type]
        if matching:
            return matching[0]
        if found:
            actual = found[0].type
            raise ElbDeleteError(
                message=(
                    f"Load balancer {name} is {TYPE_LABELS[actual]}, not {TYPE_LABELS[balancer_type]}. "
                    f"Set type to {actual} or auto to delete it."
                )
            )
        return None
    if len(found) > 1:
        labels = " and ".join(TYPE_LABELS[balancer.type] for balancer in found)
        choices = " or ".join(balancer.type for balancer in found)
        raise ElbDeleteError(
            message=f"Two load balancers are named {name}: {labels}. Set type to {choices} to choose the one to delete."
        )
    return found[0] if found else None


def check_deletion_protection(balancers, disable_deletion_protection):
    """Return the load balancers to unprotect. Raises ElbDeleteError unless that is allowed."""
    protected = [balancer for balancer in balancers if balancer.deletion_protection]
    if protected and not disable_deletion_protection:
        listed = ", ".join(f"{balancer.name} ({balancer.arn})" for balancer in protected)
        noun, pronoun = ("load balancer", "it") if len(protected) == 1 else ("load balancers", "them")
        raise ElbDeleteError(
            message=(
                f"Deletion protection is enabled on {noun} {listed}, so AWS rejects deleting {pronoun}. "
                f"Nothing was deleted. Set disable_deletion_protection to true to turn protection off and delete {pronoun}."
            )
        )
    return protected


def build_plan(clients, names, balancer_type, disable_deletion_protection):
    """Look up every named load balancer and its ENIs, and return a DeletePlan. Changes nothing."""
    requested = unique_names(names)
    balancers = []
    for name in requested:
        try:
            found = _elb_lookup.find_by_name(clients.elb, clients.elbv2, name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            raise ElbDeleteError(message=f"Failed to describe load balancer {name}", exception=error) from error
        selected = select_load_balancer(name, balancer_type, found)
        if selected is not None:
            balancers.append(selected)
    unprotect = check_deletion_protection(balancers, disable_deletion_protection)

    # A load balancer that is gone, or an earlier one of the same name, may still have
    # ENIs, so every requested name is also searched for with the requested type.
    names_and_types = [(name, balancer_type) for name in requested]
    # The poll loop retries a throttled round itself; this first look has no next round.
    find_with_retries = AWSRetry.jittered_backoff(retries=6, delay=1, max_delay=8)(find_load_balancer_interfaces)
    try:
        interfaces = find_with_retries(
            clients.ec2, [balancer.eni_description for balancer in balancers], names_and_types
        )
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise ElbDeleteError(message="Failed to describe the network interfaces of the load balancers", exception=error) from error
    descriptions = {balancer.eni_description for balancer in balancers}
    descriptions.update(interface["Description"] for interface in interfaces)
    return DeletePlan(balancers, unprotect, sorted(descriptions), interfaces)


def _apply_changes(clients, plan, deleted):
    for balancer in plan.unprotect:
        try:
            _elb_lookup.disable_deletion_protection(clients.elbv2, balancer)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            raise ElbDeleteError(
                message=f"Failed to disable deletion protection of load balancer {balancer.name}",
                exception=error,
                **plan.result(),
            ) from error
    for balancer in plan.load_balancers:
        try:
            _elb_lookup.delete(clients.elb, clients.elbv2, balancer)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            partial = plan.result()
            partial["load_balancers"] = [item.summary() for item in deleted]
            partial["changed"] = bool(deleted or plan.unprotect)
            raise ElbDeleteError(message=f"Failed to delete load balancer {balancer.name}", exception=error, **partial) from error
        deleted.append(balancer)


def apply_plan(clients, plan, wait_timeout, delays=None, sleep=time.sleep):
    """Delete the planned load balancers, wait for all their ENIs, and return the result.

    ``wait_timeout`` seconds count from the first change. On timeout, raises
    ElbDeleteError whose message and result name every ENI still present.
    """
    if not plan.load_balancers and not plan.descriptions:
        return plan.result()
    deadline = Deadline(wait_timeout)
    _apply_changes(clients, plan, deleted=[])
    names = ", ".join(sorted({balancer.name for balancer in plan.load_balancers} | _names_of(plan.interfaces)))
    what = f"the network interfaces of load balancer {names} to disappear"
    try:
        report = wait_until_gone(clients.ec2, plan.descriptions, deadline, what, plan.interfaces, delays=delays, sleep=sleep)
    except InterfacesRemainError as error:
        deleted = ", ".join(balancer.name for balancer in plan.load_balancers) or "none"
        message = (
            f"{error}. Load balancers deleted in this run: {deleted}. "
            "Run the task again to keep waiting, or raise wait_timeout."
        )
        raise ElbDeleteError(
            message=message, **plan.result(WaitReport(error.seconds, error.rounds), interfaces=error.interfaces)
        ) from error
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise ElbDeleteError(message="Failed to describe network interfaces while waiting", exception=error, **plan.result()) from error
    return plan.result(report)


def _names_of(interfaces):
    parsed = [parse_eni_description(item.get("Description")) for item in interfaces]
    return {name for _type, name in filter(None, parsed)}
