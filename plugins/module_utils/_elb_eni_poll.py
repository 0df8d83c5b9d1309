# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding load balancer ENIs, and waiting until all of them are gone.

Private to racefree.ops: not a public API.

One poll round is one paged ``DescribeNetworkInterfaces`` call whose ``description``
filter lists every awaited description, however many load balancers they belong to.
"""

from __future__ import annotations

import dataclasses
import time

from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import batches
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import describe_interfaces
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import is_service_managed
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import lingering_filter_values
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import matches_load_balancer
from ansible_collections.racefree.ops.plugins.module_utils._polling import WaitTimeout
from ansible_collections.racefree.ops.plugins.module_utils._polling import backoff_delays
from ansible_collections.racefree.ops.plugins.module_utils._polling import wait_for

# EC2 rejects a describe call with more filter values than this (FilterLimitExceeded),
# so more descriptions take one call per batch of this size.
MAX_FILTER_VALUES = 200
# The largest MaxResults that DescribeNetworkInterfaces accepts (botocore's EC2 model).
PAGE_SIZE = 1000
POLL_INITIAL_DELAY = 1.0
# The module returns at most this long after the last ENI is gone. One call per round
# serves every load balancer, so even this cap makes far fewer calls than a one-second
# loop per load balancer.
POLL_MAX_DELAY = 2.0


class InterfacesRemainError(Exception):
    """The deadline passed while load balancer ENIs were still present."""

    def __init__(self, message, interfaces, rounds, seconds):
        super().__init__(message)
        self.interfaces = interfaces
        self.rounds = rounds
        self.seconds = seconds


@dataclasses.dataclass
class WaitReport:
    """How long a wait took, in seconds, and how many poll rounds it made."""

    seconds: float = 0.0
    rounds: int = 0


def _supports_managed_resources(ec2):
    # botocore 1.44's EC2 model documents IncludeManagedResources=true as including
    # resources that AWS services manage "even if managed resource visibility is set to
    # hidden". Older botocore models lack the parameter and reject it.
    # NOTE: whether hidden visibility ever hides load balancer ENIs is not verified.
    operation = ec2.meta.service_model.operation_model("DescribeNetworkInterfaces")
    return "IncludeManagedResources" in operation.input_shape.members


def describe_by_description(ec2, filter_values):
    """Return every ENI whose description matches one of ``filter_values``.

    Makes one paged DescribeNetworkInterfaces call per batch of 200 values. Errors,
    throttling included, propagate to the caller.
    """
    extra = {"IncludeManagedResources": True} if _supports_managed_resources(ec2) else {}
    found = {}
    for batch in batches(sorted(set(filter_values)), MAX_FILTER_VALUES):
        paginator = ec2.get_paginator("describe_network_interfaces")
        pages = paginator.paginate(
            Filters=[{"Name": "description", "Values": batch}],
            PaginationConfig={"PageSize": PAGE_SIZE},
            **extra,
        )
        for page in pages:
            for interface in page.get("NetworkInterfaces", []):
                found[interface["NetworkInterfaceId"]] = interface
    return list(found.values())


def find_interfaces(ec2, descriptions):
    """Return the service-managed ENIs whose description is exactly one of ``descriptions``."""
    exact = set(descriptions)
    if not exact:
        return []
    return [
        interface
        for interface in describe_by_description(ec2, exact)
        if is_service_managed(interface) and interface.get("Description") in exact
    ]


def find_load_balancer_interfaces(ec2, descriptions, names_and_types):
    """Return the ENIs of load balancers known by description or only by name and type.

    ``descriptions`` are exact descriptions of existing load balancers.
    ``names_and_types`` are ``(name, type)`` pairs, where type may be ``auto``. Their
    ENIs may outlive the load balancer, so they are found with wildcard filters and
    kept only when the name segment matches exactly. One call covers both kinds.
    """
    exact = set(descriptions)
    filter_values = set(exact)
    for name, balancer_type in names_and_types:
        filter_values.update(lingering_filter_values(name, balancer_type))
    if not filter_values:
        return []
    return [
        interface
        for interface in describe_by_description(ec2, filter_values)
        if is_service_managed(interface)
        and (
            interface.get("Description") in exact
            or any(matches_load_balancer(interface.get("Description"), name, kind) for name, kind in names_and_types)
        )
    ]


def wait_until_gone(ec2, descriptions, deadline, what, interfaces=(), delays=None, sleep=time.sleep, clock=time.monotonic):
    """Poll until no service-managed ENI has one of ``descriptions``, and return a WaitReport.

    ``interfaces`` are the ENIs known before the wait. The timeout message names them
    when no poll round succeeded. Throttling and transient errors count as "not done".
    Raises InterfacesRemainError when ``deadline`` passes, naming each ENI left.
    """
    started = clock()
    last_seen = {"interfaces": list(interfaces)}
    rounds = {"count": 0}

    def probe():
        rounds["count"] += 1
        present = find_interfaces(ec2, descriptions)
        last_seen["interfaces"] = present
        return not present, present

    try:
        wait_for(
            probe,
            deadline,
            what,
            describe_pending=describe_interfaces,
            delays=delays if delays is not None else backoff_delays(POLL_INITIAL_DELAY, POLL_MAX_DELAY),
            sleep=sleep,
        )
    except WaitTimeout as error:
        message = str(error)
        if error.last_value is None and last_seen["interfaces"]:
            message += f"; last seen: {describe_interfaces(last_seen['interfaces'])}"
        raise InterfacesRemainError(message, last_seen["interfaces"], rounds["count"], clock() - started) from error
    return WaitReport(seconds=clock() - started, rounds=rounds["count"])
