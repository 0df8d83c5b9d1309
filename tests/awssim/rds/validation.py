"""Parameter checks RDS makes before it changes anything."""

import re

from tests.awssim.codec import AwsError

# RDS identifiers: 1-63 letters, digits or hyphens, starting with a letter, with no
# trailing hyphen and no two hyphens in a row. RDS stores them in lowercase.
IDENTIFIER = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-)){0,62}$")


def identifier(value, parameter):
    if value is None:
        raise AwsError("MissingParameter", f"The parameter {parameter} must be provided and must not be blank.")
    lowered = value.lower()
    if not IDENTIFIER.match(lowered) or lowered.endswith("-"):
        raise AwsError(
            "InvalidParameterValue",
            f"The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; "
            "must contain only ASCII letters, digits, and hyphens; "
            "and must not end with a hyphen or contain two consecutive hyphens.",
        )
    return lowered


def max_records(params):
    value = params.get("MaxRecords", 100)
    if not 20 <= value <= 100:
        raise AwsError("InvalidParameterValue", f"Invalid value {value} for MaxRecords. Must be between 20 and 100")
    return value


def not_transitional(instance):
    if instance.status in ("creating", "renaming", "modifying", "deleting", "backing-up", "rebooting"):
        raise AwsError(
            "InvalidDBInstanceState",
            f"Database instance {instance.identifier} is in state {instance.status} and cannot be modified.",
        )
