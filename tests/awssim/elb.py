"""Load balancers: the network interfaces they create and leave behind, and deletion protection.

- Creating a classic ELB, ALB, NLB or GWLB creates one requester-managed ENI per subnet,
  in the load balancer's security groups. Its description is the one AWS gives:
  ``ELB <name>`` (classic), ``ELB app/<name>/<id>``, ``ELB net/<name>/<id>`` or
  ``ELB gwy/<name>/<id>``. ``<id>`` is the last part of the ARN.
- ``DeleteLoadBalancer`` removes the load balancer from its API at once (moto does that),
  but its ENIs stay ``in-use`` for ``Timings.elb_eni_attached`` seconds, then stay
  detached in status ``available`` for ``Timings.elb_eni_available`` seconds, then go.
- ``DeleteLoadBalancer`` on an ALB, NLB or GWLB with ``deletion_protection.enabled``
  fails with ``OperationNotPermitted``; moto 5.2.5 ignores the attribute.
- NLB and GWLB ARNs get the ``net/`` and ``gwy/`` types that AWS uses; moto 5.2.5 builds
  every ARN with ``app/``.

ENI state changes are applied lazily, before every EC2 call, under one lock.
"""

import dataclasses
import functools
import threading
import time

from moto.backends import get_backend
from moto.elbv2.models import ELBv2Backend

from tests.awssim import ec2_lookup, network_interfaces
from tests.awssim.codec import AwsError, known_actions
from tests.awssim.rds.model import ACCOUNT_ID

ELB_REQUESTER_ID = "amazon-elb"
CLASSIC_API_VERSION = "2012-06-01"
ARN_TYPE_SEGMENTS = {"application": "app", "network": "net", "gateway": "gwy"}
# NOTE: assumed mapping. botocore's EC2 model lists network_load_balancer and
# gateway_load_balancer among the interface types. Classic and application load
# balancer ENIs are taken to report "interface".
INTERFACE_TYPES = {
    "classic": "interface",
    "application": "interface",
    "network": "network_load_balancer",
    "gateway": "gateway_load_balancer",
}


@dataclasses.dataclass
class LingeringInterfaces:
    """The ENIs of a deleted load balancer and when each of their states ends."""

    region: str
    interface_ids: list
    detach_at: float  # time.monotonic() value
    gone_at: float


class LoadBalancerInterfaces:
    """The ENIs of the simulated load balancers, by load balancer, and those that linger."""

    def __init__(self, timings, clock=time.monotonic):
        self.timings = timings
        self.clock = clock
        self.lock = threading.Lock()
        # Maps (region, key) to ENI ids. The key is the ARN, or "classic/<name>" for a classic ELB.
        self.by_load_balancer = {}
        self.lingering = []

    def clear(self):
        with self.lock:
            self.by_load_balancer.clear()
            self.lingering.clear()

    def add(self, region, key, interface_ids):
        with self.lock:
            self.by_load_balancer[(region, key)] = list(interface_ids)

    def release(self, region, key):
        """Start the linger of a deleted load balancer's ENIs."""
        now = self.clock()
        with self.lock:
            interface_ids = self.by_load_balancer.pop((region, key), [])
            if not interface_ids:
                return
            detach_at = now + self.timings.elb_eni_attached
            self.lingering.append(
                LingeringInterfaces(region, interface_ids, detach_at, detach_at + self.timings.elb_eni_available)
            )

    def advance(self, region):
        """Detach, then remove, the lingering ENIs whose time has come."""
        now = self.clock()
        with self.lock:
            for entry in [entry for entry in self.lingering if entry.region == region]:
                backend = ec2_lookup.ec2_backend(region)
                if now >= entry.gone_at:
                    for interface_id in entry.interface_ids:
                        network_interfaces.remove_interface(region, interface_id)
                    self.lingering.remove(entry)
                elif now >= entry.detach_at:
                    for interface_id in entry.interface_ids:
                        interface = backend.enis.get(interface_id)
                        if interface is not None and interface.attachment is not None:
                            interface.detach()


def classic_backend(region):
    return get_backend("elb")[ACCOUNT_ID][region]


def v2_backend(region):
    return get_backend("elbv2")[ACCOUNT_ID][region]


def is_classic_request(form_values):
    return form_values.get("Version") == CLASSIC_API_VERSION


def v2_description(arn):
    """Return ``ELB app/<name>/<id>`` (or net/, gwy/) for a load balancer ARN."""
    return "ELB " + arn.split(":loadbalancer/", 1)[1]


def _create_interfaces(region, subnet_ids, group_ids, description, interface_type):
    return [
        network_interfaces.add_managed_interface(
            region, subnet_id, group_ids, description, ELB_REQUESTER_ID, interface_type
        ).id
        for subnet_id in subnet_ids
    ]


def _on_create(state, simulator, region, form_values, body):
    if is_classic_request(form_values):
        name = form_values["LoadBalancerName"]
        balancer = classic_backend(region).load_balancers[name]
        interface_ids = _create_interfaces(
            region, balancer.subnets, balancer.security_groups, f"ELB {name}", INTERFACE_TYPES["classic"]
        )
        state.add(region, f"classic/{name}", interface_ids)
        return
    name = form_values["Name"]
    for balancer in list(v2_backend(region).load_balancers.values()):
        if balancer.name != name or (region, balancer.arn) in state.by_load_balancer:
            continue
        # Application load balancers without groups get the VPC's default group, as
        # in AWS; network and gateway load balancers may have no groups at all.
        group_ids = list(balancer.security_groups)
        if not group_ids and balancer.type == "application":
            group_ids = [ec2_lookup.default_security_group_id(region, balancer.vpc_id)]
        interface_ids = _create_interfaces(
            region,
            [subnet.id for subnet in balancer.subnets],
            group_ids,
            v2_description(balancer.arn),
            INTERFACE_TYPES[balancer.type],
        )
        state.add(region, balancer.arn, interface_ids)


def _check_deletion_protection(simulator, region, form_values):
    if is_classic_request(form_values):
        return
    arn = form_values.get("LoadBalancerArn", "")
    balancer = v2_backend(region).load_balancers.get(arn)
    if balancer is not None and balancer.attrs.get("deletion_protection.enabled") == "true":
        raise AwsError(
            "OperationNotPermitted",
            f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
        )


def _on_delete(state, simulator, region, form_values, body):
    if is_classic_request(form_values):
        state.release(region, f"classic/{form_values['LoadBalancerName']}")
    else:
        state.release(region, form_values["LoadBalancerArn"])


def _typed_arn(create_load_balancer):
    """Wrap moto's ELBv2Backend.create_load_balancer to give NLBs and GWLBs their ARN type."""

    @functools.wraps(create_load_balancer)
    def wrapper(backend, *args, **kwargs):
        balancer = create_load_balancer(backend, *args, **kwargs)
        segment = ARN_TYPE_SEGMENTS.get(balancer.type, "app")
        if segment != "app":
            moto_arn = balancer.arn
            balancer.arn = moto_arn.replace(":loadbalancer/app/", f":loadbalancer/{segment}/", 1)
            backend.load_balancers[balancer.arn] = backend.load_balancers.pop(moto_arn)
            tags = backend.tagging_service.tags.pop(moto_arn, None)
            if tags is not None:
                backend.tagging_service.tags[balancer.arn] = tags
        return balancer

    wrapper.typed_arn = True
    return wrapper


def install(simulator):
    """Register the load balancer behaviour on ``simulator``; return its ENI state."""
    if not getattr(ELBv2Backend.create_load_balancer, "typed_arn", False):
        ELBv2Backend.create_load_balancer = _typed_arn(ELBv2Backend.create_load_balancer)
    state = LoadBalancerInterfaces(simulator.timings)

    def advance(simulator, region, form_values):
        state.advance(region)

    for action in sorted(known_actions("ec2")):
        simulator.before_hooks[("ec2", action)].append(advance)
    service = "elasticloadbalancing"
    simulator.after_hooks[(service, "CreateLoadBalancer")].append(functools.partial(_on_create, state))
    simulator.before_hooks[(service, "DeleteLoadBalancer")].append(_check_deletion_protection)
    simulator.after_hooks[(service, "DeleteLoadBalancer")].append(functools.partial(_on_delete, state))
    return state
