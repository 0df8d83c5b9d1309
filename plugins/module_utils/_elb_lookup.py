# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Looking up, unprotecting and deleting load balancers by name in both ELB APIs.

Private to racefree.ops: not a public API.

Classic load balancers live in the ``elb`` API and the others in ``elbv2``; a name can
exist in both. The clients must be amazon.aws retrying clients
(``module.client(..., retry_decorator=AWSRetry.jittered_backoff())``), because every
call here passes ``aws_retry=True``.
"""

from __future__ import annotations

import dataclasses

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.racefree.ops.plugins.module_utils._elb_enis import eni_description

DELETION_PROTECTION = "deletion_protection.enabled"


@dataclasses.dataclass(frozen=True)
class LoadBalancer:
    """One existing load balancer, as much as deleting it and waiting for its ENIs needs."""

    name: str
    type: str  # classic, application, network or gateway
    arn: str | None  # None for a classic load balancer
    vpc_id: str | None
    subnet_ids: tuple
    security_group_ids: tuple
    deletion_protection: bool = False

    @property
    def eni_description(self):
        return eni_description(self.type, self.name, self.arn)

    def summary(self):
        """Return the module's snake_case result for this load balancer."""
        result = {
            "load_balancer_name": self.name,
            "type": self.type,
            "vpc_id": self.vpc_id,
            "subnet_ids": list(self.subnet_ids),
            "security_group_ids": list(self.security_group_ids),
            "deletion_protection": self.deletion_protection,
            "eni_description": self.eni_description,
        }
        if self.arn:
            result["load_balancer_arn"] = self.arn
        return result


def find_classic(elb, name):
    """Return the classic load balancer named ``name``, or None."""
    try:
        found = elb.describe_load_balancers(LoadBalancerNames=[name], aws_retry=True)["LoadBalancerDescriptions"]
    except is_boto3_error_code("LoadBalancerNotFound"):
        return None
    if not found:
        return None
    description = found[0]
    return LoadBalancer(
        name=description["LoadBalancerName"],
        type="classic",
        arn=None,
        vpc_id=description.get("VPCId"),
        subnet_ids=tuple(description.get("Subnets", [])),
        security_group_ids=tuple(description.get("SecurityGroups", [])),
    )


def _deletion_protection(elbv2, arn):
    attributes = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn, aws_retry=True)["Attributes"]
    return any(item["Key"] == DELETION_PROTECTION and item["Value"] == "true" for item in attributes)


def find_v2(elbv2, name):
    """Return the application, network or gateway load balancer named ``name``, or None."""
    try:
        found = elbv2.describe_load_balancers(Names=[name], aws_retry=True)["LoadBalancers"]
    except is_boto3_error_code("LoadBalancerNotFound"):
        return None
    matching = [balancer for balancer in found if balancer["LoadBalancerName"] == name]
    if not matching:
        return None
    balancer = matching[0]
    return LoadBalancer(
        name=balancer["LoadBalancerName"],
        type=balancer["Type"],
        arn=balancer["LoadBalancerArn"],
        vpc_id=balancer.get("VpcId"),
        subnet_ids=tuple(zone["SubnetId"] for zone in balancer.get("AvailabilityZones", []) if zone.get("SubnetId")),
        security_group_ids=tuple(balancer.get("SecurityGroups", [])),
        deletion_protection=_deletion_protection(elbv2, balancer["LoadBalancerArn"]),
    )


def find_by_name(elb, elbv2, name):
    """Return every load balancer named ``name``: none, one, or one per API."""
    return [balancer for balancer in (find_classic(elb, name), find_v2(elbv2, name)) if balancer is not None]


def disable_deletion_protection(elbv2, balancer):
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=balancer.arn,
        Attributes=[{"Key": DELETION_PROTECTION, "Value": "false"}],
        aws_retry=True,
    )


def delete(elb, elbv2, balancer):
    """Delete ``balancer``; one that is already gone counts as deleted."""
    try:
        if balancer.type == "classic":
            elb.delete_load_balancer(LoadBalancerName=balancer.name, aws_retry=True)
        else:
            elbv2.delete_load_balancer(LoadBalancerArn=balancer.arn, aws_retry=True)
    except is_boto3_error_code("LoadBalancerNotFound"):
        pass
