import datetime

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._rds_time import InvalidTime
from ansible_collections.racefree.ops.plugins.module_utils._rds_time import format_time
from ansible_collections.racefree.ops.plugins.module_utils._rds_time import parse_restore_time

UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-01T10:00:00Z", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01T10:00:00z", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01T12:00:00+02:00", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01T05:30:00-04:30", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01 10:00:00", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01T10:00:00.250Z", datetime.datetime(2026, 12, 1, 10, 0, 0, 250000, tzinfo=UTC)),
    ],
)
def test_parse_restore_time_to_utc(text, expected):
    assert parse_restore_time(text) == expected


def test_parse_restore_time_naive_means_utc():
    assert parse_restore_time("2026-12-01T10:00:00") == parse_restore_time("2026-12-01T10:00:00Z")


@pytest.mark.parametrize("text", ["yesterday", "", "2026-13-01T00:00:00Z", "12/01/2026 10:00", "2026-12-01T25:00:00Z"])
def test_parse_restore_time_rejects_non_iso(text):
    with pytest.raises(InvalidTime) as raised:
        parse_restore_time(text)
    assert "ISO 8601" in str(raised.value)
    assert repr(text) in str(raised.value)


def test_parse_restore_time_rejects_date_without_time():
    with pytest.raises(InvalidTime) as raised:
        parse_restore_time("2026-12-01")
    assert "no time of day" in str(raised.value)


def test_format_time_is_utc_seconds_with_z():
    value = datetime.datetime(2026, 12, 1, 12, 0, 0, 999, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert format_time(value) == "2026-12-01T10:00:00Z"
