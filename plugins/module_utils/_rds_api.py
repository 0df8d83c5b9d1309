# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Thin RDS reads: one instance by name, and every page of its backups and snapshots.

Private to racefree.ops. Every list follows ``Marker`` through botocore's paginators:
RDS pages at 100 records, and an unpaged listing silently drops the rest.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries
from ansible_collections.amazon.aws.plugins.module_utils.rds import describe_db_instances
from ansible_collections.amazon.aws.plugins.module_utils.rds import describe_db_snapshots


def find_instance(client, identifier):
    """Return the DB instance named ``identifier``, or None when RDS reports it not found."""
    found = describe_db_instances(client, DBInstanceIdentifier=identifier)
    return found[0] if found else None


def find_by_resource_id(client, dbi_resource_id):
    """Return the live DB instance with this DbiResourceId, under whatever name, or None."""
    found = describe_db_instances(client, Filters=[{"Name": "dbi-resource-id", "Values": [dbi_resource_id]}])
    return found[0] if found else None


def automated_backups(client, dbi_resource_id):
    """Return every automated backup record of one incarnation, all pages."""
    result = paginated_query_with_retries(
        client, "describe_db_instance_automated_backups", DbiResourceId=dbi_resource_id
    )
    return result["DBInstanceAutomatedBackups"]


def snapshots(client, dbi_resource_id):
    """Return every automated and manual snapshot of one incarnation, all pages."""
    return describe_db_snapshots(client, DbiResourceId=dbi_resource_id)


def tags_of(instance):
    """Return an instance's tags, as DescribeDBInstances lists them, as a dict."""
    return {tag["Key"]: tag["Value"] for tag in instance.get("TagList", [])}
