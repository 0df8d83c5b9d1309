import json

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._npm_installed import (
    NpmOutputError,
    package_bins,
    parse_list_output,
    parse_versions_output,
)


@pytest.mark.parametrize(
    "stdout, expected",
    [
        ('{"name": "lib", "dependencies": {"npm": {"version": "11.0.0"}, "less": {"version": "4.2.0"}}}',
         {"npm": "11.0.0", "less": "4.2.0"}),
        ('{"name": "lib"}', {}),
        ("", {}),
        ('{"dependencies": {"broken": {"missing": true}}}', {}),
    ],
)
def test_parse_list_output(stdout, expected):
    assert parse_list_output(stdout) == expected


@pytest.mark.parametrize(
    "stdout, message",
    [
        ("not json", "no valid JSON"),
        ("[]", "instead of a JSON object"),
        ('{"error": {"code": "ENOENT", "summary": "no such file"}}', "no such file"),
    ],
)
def test_parse_list_output_errors(stdout, message):
    with pytest.raises(NpmOutputError) as error:
        parse_list_output(stdout)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "stdout, expected",
    [('"4.2.0"', ["4.2.0"]), ('["4.1.0", "4.2.0"]', ["4.1.0", "4.2.0"])],
)
def test_parse_versions_output(stdout, expected):
    assert parse_versions_output(stdout) == expected


@pytest.mark.parametrize("stdout", ["", "{}", "not json", "[1]"])
def test_parse_versions_output_errors(stdout):
    with pytest.raises(NpmOutputError):
        parse_versions_output(stdout)


def test_package_bins_lists_existing_links(tmp_path):
    package = tmp_path / "lib" / "node_modules" / "tool"
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "tool", "bin": {"tool": "a.js", "gone": "b.js"}}))
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tool").symlink_to(package / "a.js")
    assert package_bins(str(tmp_path), "tool") == [str(tmp_path / "bin" / "tool")]


def test_package_bins_missing_package(tmp_path):
    assert package_bins(str(tmp_path), "tool") == []
