"""Network interfaces (ENIs) that AWS services manage, and the EC2 checks that ENIs cause.

moto 5.2.5 lets a subnet or security group be deleted while ENIs still use it, and it
creates every ENI as owned by the account. The simulator adds what AWS does:

- ``DeleteSubnet`` fails with ``DependencyViolation`` while any ENI is in the subnet.
- ``DeleteSecurityGroup`` fails with ``DependencyViolation`` while any ENI uses the group.
- A requester-managed ENI cannot be detached or deleted by the account.
- ``DescribeNetworkInterfaces`` rejects more than 200 filter values with
  ``FilterLimitExceeded``, as EC2 does for its describe calls.
"""

import datetime
import re
import secrets

from moto.ec2.models.elastic_network_interfaces import NetworkInterface

from tests.awssim import ec2_lookup
from tests.awssim.codec import AwsError

MAX_FILTER_VALUES = 200
FILTER_VALUE_KEY = re.compile(r"^Filter\.\d+\.Value\.\d+$")


class ServiceAttachment:
    """The attachment of a service-managed ENI: no instance, owned by the service."""

    def __init__(self, owner_id):
        self.attachment_id = "ela-attach-" + secrets.token_hex(8)
        self.attach_time = datetime.datetime.now(datetime.timezone.utc)
        self.delete_on_termination = False
        self.device_index = 1
        self.network_card_index = 0
        self.instance_id = None
        self.instance_owner_id = owner_id
        self.status = "attached"


class ManagedInterface(NetworkInterface):
    """A requester-managed ENI, as a load balancer or Lambda leaves in a subnet.

    moto serializes ``requester_managed``, ``requester_id``, ``interface_type``,
    ``status`` and ``attachment`` by attribute name, so DescribeNetworkInterfaces
    returns these values as set here.
    """

    def __init__(self, backend, subnet, group_ids, description, requester_id, interface_type, attached=True):
        super().__init__(backend, subnet, private_ip_address=None, group_ids=group_ids or None, description=description)
        if not group_ids:
            # moto gives an ENI without groups the VPC's default group. Service ENIs,
            # such as a gateway load balancer's, can have none.
            self._group_set = []
        self.requester_managed = True
        self.requester_id = requester_id
        self.interface_type = interface_type
        self.service_attachment = ServiceAttachment(requester_id) if attached else None
        self.status = "in-use" if attached else "available"

    @property
    def attachment(self):
        return self.service_attachment

    def detach(self):
        self.service_attachment = None
        self.status = "available"


def add_managed_interface(region, subnet_id, group_ids, description, requester_id, interface_type, attached=True):
    """Create a requester-managed ENI in moto's EC2 backend and return it."""
    backend = ec2_lookup.ec2_backend(region)
    subnet = ec2_lookup.subnet(region, subnet_id)
    if subnet is None:
        raise AwsError("InvalidSubnetID.NotFound", f"The subnet ID '{subnet_id}' does not exist")
    interface = ManagedInterface(backend, subnet, list(group_ids), description, requester_id, interface_type, attached)
    backend.enis[interface.id] = interface
    return interface


def remove_interface(region, interface_id):
    """Delete an ENI from moto's EC2 backend. A missing ENI is ignored."""
    ec2_lookup.ec2_backend(region).enis.pop(interface_id, None)


def interfaces_in_subnet(region, subnet_id):
    return [eni for eni in list(ec2_lookup.ec2_backend(region).enis.values()) if eni.subnet.id == subnet_id]


def interfaces_using_group(region, group_id):
    return [
        eni
        for eni in list(ec2_lookup.ec2_backend(region).enis.values())
        if any(group.id == group_id for group in eni.group_set)
    ]


def check_delete_subnet(simulator, region, form_values):
    subnet_id = form_values.get("SubnetId", "")
    if interfaces_in_subnet(region, subnet_id):
        raise AwsError("DependencyViolation", f"The subnet '{subnet_id}' has dependencies and cannot be deleted.")


def check_delete_security_group(simulator, region, form_values):
    group_id = form_values.get("GroupId")
    if not group_id and form_values.get("GroupName"):
        group = ec2_lookup.ec2_backend(region).get_security_group_by_name_or_id(form_values["GroupName"])
        group_id = group.id if group else None
    if group_id and interfaces_using_group(region, group_id):
        raise AwsError("DependencyViolation", f"resource {group_id} has a dependent object")


def check_managed_interface_change(simulator, region, form_values):
    """Reject detaching or deleting a requester-managed ENI."""
    backend = ec2_lookup.ec2_backend(region)
    interface = backend.enis.get(form_values.get("NetworkInterfaceId", ""))
    attachment_id = form_values.get("AttachmentId")
    if interface is None and attachment_id:
        interface = next(
            (eni for eni in list(backend.enis.values()) if eni.attachment and eni.attachment.attachment_id == attachment_id),
            None,
        )
    if isinstance(interface, ManagedInterface):
        # NOTE: the error code and message are the simulator's choice. AWS's exact
        # error for this call is not reproduced.
        raise AwsError(
            "OperationNotPermitted",
            f"Network interface {interface.id} is managed by {interface.requester_id}; the account cannot detach or delete it.",
        )


def check_filter_value_count(simulator, region, form_values):
    count = sum(1 for key in form_values.keys() if FILTER_VALUE_KEY.match(key))
    if count > MAX_FILTER_VALUES:
        raise AwsError(
            "FilterLimitExceeded", f"The maximum number of filter values specified on a single call is {MAX_FILTER_VALUES}"
        )


def install(simulator):
    """Register the ENI checks as before-hooks of the EC2 actions they guard."""
    simulator.before_hooks[("ec2", "DeleteSubnet")].append(check_delete_subnet)
    simulator.before_hooks[("ec2", "DeleteSecurityGroup")].append(check_delete_security_group)
    simulator.before_hooks[("ec2", "DeleteNetworkInterface")].append(check_managed_interface_change)
    simulator.before_hooks[("ec2", "DetachNetworkInterface")].append(check_managed_interface_change)
    simulator.before_hooks[("ec2", "DescribeNetworkInterfaces")].append(check_filter_value_count)
