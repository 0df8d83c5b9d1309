# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The descriptions that AWS gives load balancer ENIs, and exact matching against them.

Private to racefree.ops: not a public API. Pure functions only.

AWS describes the network interfaces of a load balancer as ``ELB <name>`` (classic),
``ELB app/<name>/<id>`` (application), ``ELB net/<name>/<id>`` (network) or
``ELB gwy/<name>/<id>`` (gateway), where ``<id>`` is the last part of the ARN. Names
contain only letters, digits and hyphens, so a description never contains a wildcard
character and the name segment ends at the next ``/``.
"""

from __future__ import annotations

import re

LOAD_BALANCER_TYPES = ("classic", "application", "network", "gateway")
ARN_TYPE_SEGMENTS = {"application": "app", "network": "net", "gateway": "gwy"}
TYPES_BY_ARN_SEGMENT = {segment: balancer_type for balancer_type, segment in ARN_TYPE_SEGMENTS.items()}
TYPE_LABELS = {
    "classic": "a classic load balancer",
    "application": "an application load balancer",
    "network": "a network load balancer",
    "gateway": "a gateway load balancer",
}

# AWS: at most 32 letters, digits or hyphens, not starting or ending with a hyphen.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")
V2_ARN_PATTERN = re.compile(r"^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:loadbalancer/(app|net|gwy)/([^/]+)/([^/]+)$")
V2_DESCRIPTION_PATTERN = re.compile(r"^ELB (app|net|gwy)/([^/]+)/([^/]+)$")
CLASSIC_DESCRIPTION_PREFIX = "ELB "


def invalid_name_reason(name):
    """Return why ``name`` cannot be a load balancer name, or None when it can."""
    if name.startswith("arn:"):
        arn = V2_ARN_PATTERN.match(name)
        hint = f" (here {arn.group(2)})" if arn else ""
        return f"{name} is an ARN. Give the load balancer name{hint} instead"
    if not NAME_PATTERN.match(name):
        return (
            f"{name!r} is not a valid load balancer name: use 1 to 32 letters, digits or hyphens, "
            "not starting or ending with a hyphen"
        )
    return None


def parse_v2_arn(arn):
    """Return ``(type, name, id)`` of an application, network or gateway load balancer ARN.

    Raises ValueError for any other text.
    """
    match = V2_ARN_PATTERN.match(arn or "")
    if match is None:
        raise ValueError(f"{arn!r} is not an application, network or gateway load balancer ARN")
    segment, name, balancer_id = match.groups()
    return TYPES_BY_ARN_SEGMENT[segment], name, balancer_id


def eni_description(balancer_type, name, arn=None):
    """Return the description AWS gives the ENIs of one load balancer.

    A classic load balancer is described by its name. The others need their ARN, whose
    type and name must agree with ``balancer_type`` and ``name``. A mismatch raises
    ValueError.
    """
    if balancer_type == "classic":
        return CLASSIC_DESCRIPTION_PREFIX + name
    if balancer_type not in ARN_TYPE_SEGMENTS:
        raise ValueError(f"unknown load balancer type {balancer_type!r}; expected one of {', '.join(LOAD_BALANCER_TYPES)}")
    arn_type, arn_name, balancer_id = parse_v2_arn(arn)
    if (arn_type, arn_name) != (balancer_type, name):
        raise ValueError(f"ARN {arn} does not belong to {TYPE_LABELS[balancer_type]} named {name}")
    return f"{CLASSIC_DESCRIPTION_PREFIX}{ARN_TYPE_SEGMENTS[balancer_type]}/{name}/{balancer_id}"


def parse_eni_description(description):
    """Return ``(type, name)`` of the load balancer an ENI description names, or None.

    ``ELB app/web/50dc6c495c0c9188`` gives ``("application", "web")``, ``ELB web`` gives
    ``("classic", "web")``, and text that no load balancer produces gives None.
    """
    description = description or ""
    match = V2_DESCRIPTION_PATTERN.match(description)
    if match:
        return TYPES_BY_ARN_SEGMENT[match.group(1)], match.group(2)
    if description.startswith(CLASSIC_DESCRIPTION_PREFIX):
        name = description[len(CLASSIC_DESCRIPTION_PREFIX) :]
        if NAME_PATTERN.match(name):
            return "classic", name
    return None


def requested_types(balancer_type):
    """Return the concrete load balancer types that a ``type`` option value covers."""
    return LOAD_BALANCER_TYPES if balancer_type == "auto" else (balancer_type,)


def lingering_filter_values(name, balancer_type):
    """Return the ``description`` filter values that find the ENIs of a load balancer by name.

    The ARN id of a deleted application, network or gateway load balancer is gone with
    it, so its ENIs are found with a wildcard on the id (``ELB app/web/*``), and
    ``matches_load_balancer`` then checks the name segment exactly.
    """
    values = []
    for concrete_type in requested_types(balancer_type):
        if concrete_type == "classic":
            values.append(CLASSIC_DESCRIPTION_PREFIX + name)
        else:
            values.append(f"{CLASSIC_DESCRIPTION_PREFIX}{ARN_TYPE_SEGMENTS[concrete_type]}/{name}/*")
    return values


def matches_load_balancer(description, name, balancer_type):
    """Return True when ``description`` belongs to a load balancer named exactly ``name``.

    ``balancer_type`` may be ``auto`` to accept any type. "ELB web-2" and
    "ELB app/web-2/..." never match the name "web".
    """
    parsed = parse_eni_description(description)
    if parsed is None:
        return False
    parsed_type, parsed_name = parsed
    return parsed_name == name and parsed_type in requested_types(balancer_type)


def is_service_managed(interface):
    """Return True for an ENI that an AWS service manages, as load balancer ENIs are."""
    return bool(interface.get("RequesterManaged"))


def batches(values, size):
    """Split ``values`` into lists of at most ``size`` items, keeping their order."""
    values = list(values)
    return [values[start : start + size] for start in range(0, len(values), size)]


def interface_summary(interface):
    """Return the fields of a DescribeNetworkInterfaces item that the module reports, in snake_case."""
    attachment = interface.get("Attachment") or {}
    return {
        "network_interface_id": interface.get("NetworkInterfaceId"),
        "description": interface.get("Description"),
        "status": interface.get("Status"),
        "attachment_status": attachment.get("Status"),
        "subnet_id": interface.get("SubnetId"),
        "vpc_id": interface.get("VpcId"),
        "availability_zone": interface.get("AvailabilityZone"),
        "interface_type": interface.get("InterfaceType"),
        "requester_id": interface.get("RequesterId"),
        "security_group_ids": [group.get("GroupId") for group in interface.get("Groups", [])],
    }


def describe_interfaces(interfaces):
    """Return one line naming each ENI: id, description, status and subnet."""
    return ", ".join(
        f"{interface['NetworkInterfaceId']} ({interface.get('Description')}, "
        f"{interface.get('Status')}, in {interface.get('SubnetId')})"
        for interface in sorted(interfaces, key=lambda item: item["NetworkInterfaceId"])
    )
