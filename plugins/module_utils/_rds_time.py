# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Parsing and formatting of restore times. Private to racefree.ops."""

from __future__ import annotations

import datetime

UTC = datetime.timezone.utc


class InvalidTime(ValueError):
    """A restore time that is not ISO 8601."""


def parse_restore_time(text):
    """Parse ISO 8601 text into an aware UTC datetime.

    A time without an offset is taken as UTC, because RDS itself reads RestoreTime
    as UTC; ``2026-12-01T10:00:00`` and ``2026-12-01T10:00:00Z`` are the same instant.
    """
    value = str(text).strip()
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise InvalidTime(
            f"restore_time {text!r} is not an ISO 8601 date and time; "
            "use a form such as 2026-12-01T10:00:00Z or 2026-12-01T12:00:00+02:00"
        ) from None
    if len(value) <= 10:
        raise InvalidTime(
            f"restore_time {text!r} has no time of day; give one, for example {value}T00:00:00Z"
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def as_utc(value):
    """Return an aware datetime in UTC; boto3 returns aware datetimes, tests may not."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_time(value):
    """Format an aware datetime as ISO 8601 UTC to the second, with a Z suffix."""
    if value is None:
        return None
    return as_utc(value).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
