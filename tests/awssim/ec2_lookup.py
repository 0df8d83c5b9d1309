"""Read-only look-ups in moto's in-process EC2 backend, for checks other services make."""

from moto.backends import get_backend

from tests.awssim.rds.model import ACCOUNT_ID


def ec2_backend(region):
    return get_backend("ec2")[ACCOUNT_ID][region]


def default_vpc_id(region):
    backend = ec2_backend(region)
    return next(vpc.id for vpc in backend.vpcs.values() if vpc.is_default)


def vpc_subnets(region, vpc_id):
    return ec2_backend(region).describe_subnets(filters={"vpc-id": [vpc_id]})


def subnet(region, subnet_id):
    """Return moto's Subnet object, or None when no such subnet exists."""
    found = ec2_backend(region).describe_subnets(filters={"subnet-id": [subnet_id]})
    return found[0] if found else None


def security_group(region, group_id):
    return ec2_backend(region).get_security_group_from_id(group_id)


def default_security_group_id(region, vpc_id):
    return ec2_backend(region).get_default_security_group(vpc_id).id
