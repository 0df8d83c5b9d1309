"""Marker pagination and describe filters, as the RDS describe calls apply them."""

from tests.awssim.codec import AwsError
from tests.awssim.rds import validation


def page(items, params, key):
    """Return one page of ``items`` under ``key``, with a Marker when more remain."""
    size = validation.max_records(params)
    marker = params.get("Marker")
    start = 0
    if marker:
        if not marker.startswith("awssim-") or not marker[7:].isdigit():
            raise AwsError("InvalidParameterValue", f"Invalid marker: {marker}")
        start = int(marker[7:])
    result = {key: items[start : start + size]}
    if start + size < len(items):
        result["Marker"] = f"awssim-{start + size}"
    return result


def apply_filters(records, filters, fields):
    """Keep the records that match every filter; ``fields`` maps filter names to keys."""
    for item in filters or []:
        name = item["Name"]
        if name not in fields:
            raise AwsError("InvalidParameterValue", f"Unrecognized filter name: {name}")
        values = set(item.get("Values", []))
        keys = fields[name]
        records = [record for record in records if any(record.get(key) in values for key in keys)]
    return records
