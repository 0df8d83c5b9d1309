import pytest

from ansible_collections.racefree.ops.plugins.module_utils._npm_config import (
    BEGIN_MARKER,
    END_MARKER,
    apply_npmrc_block,
    builtin_npmrc_path,
    npmrc_settings,
    parse_line,
    read_value,
    remove_npmrc_block,
)

BLOCK = BEGIN_MARKER + "\nprefix=/v\n" + END_MARKER + "\n"
GLOBAL_BLOCK = BEGIN_MARKER + "\nprefix=/v\nglobal=true\n" + END_MARKER + "\n"


def test_builtin_npmrc_path():
    assert builtin_npmrc_path("/v") == "/v/lib/node_modules/npm/npmrc"


@pytest.mark.parametrize(
    "global_install_default, expected",
    [(False, [("prefix", "/v")]), (True, [("prefix", "/v"), ("global", "true")])],
)
def test_npmrc_settings(global_install_default, expected):
    assert npmrc_settings("/v", global_install_default) == expected


@pytest.mark.parametrize(
    "before, settings, after",
    [
        ("", [("prefix", "/v")], BLOCK),
        ("fund=false\n", [("prefix", "/v")], "fund=false\n" + BLOCK),
        ("fund=false", [("prefix", "/v")], "fund=false\n" + BLOCK),
        (BLOCK, [("prefix", "/v")], BLOCK),
        ("a=1\n" + BLOCK + "b=2\n", [("prefix", "/v")], "a=1\nb=2\n" + BLOCK),
        (BLOCK, [("prefix", "/v"), ("global", "true")], GLOBAL_BLOCK),
        (GLOBAL_BLOCK, [("prefix", "/v")], BLOCK),
        # npm rewrites its builtin npmrc without comments when it upgrades itself
        ("prefix=/v\nglobal=true\n", [("prefix", "/v")], BLOCK),
        ("prefix = /elsewhere\n", [("prefix", "/v")], BLOCK),
        ("; comment\nprefix /v\n", [("prefix", "/v")], "; comment\nprefix /v\n" + BLOCK),
    ],
)
def test_apply_npmrc_block(before, settings, after):
    assert apply_npmrc_block(before, settings) == after
    assert apply_npmrc_block(after, settings) == after


@pytest.mark.parametrize(
    "before, after",
    [
        (BLOCK, ""),
        ("fund=false\n" + BLOCK, "fund=false\n"),
        ("prefix=/v\nglobal=true\nfund=false\n", "fund=false\n"),
        ("fund=false\n", "fund=false\n"),
        ("", ""),
    ],
)
def test_remove_npmrc_block(before, after):
    assert remove_npmrc_block(before) == after


@pytest.mark.parametrize(
    "line, expected",
    [
        ("prefix=/v", ("prefix", "/v")),
        ("  prefix = /v  ", ("prefix", "/v")),
        ('prefix="/v w"', ("prefix", "/v w")),
        ("prefix /v", None),
        ("# prefix=/v", None),
        ("; prefix=/v", None),
        ("", None),
    ],
)
def test_parse_line(line, expected):
    assert parse_line(line) == expected


def test_read_value_last_line_wins():
    assert read_value("prefix=/a\nfund=false\nprefix=/b\n", "prefix") == "/b"


def test_read_value_ignores_space_separated_key():
    assert read_value("prefix /a\n", "prefix") is None
