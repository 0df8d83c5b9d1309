import io
import json
import tarfile

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._npm_spec import (
    InvalidSpecError,
    bin_entries,
    compare_versions,
    max_version,
    parse_spec,
    range_satisfied,
    satisfies,
)


def make_tarball(path, manifest, folder="package"):
    """Write a gzipped package tarball with ``manifest`` as its package.json."""
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("%s/package.json" % folder)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return str(path)


@pytest.mark.parametrize(
    "raw, name, selector, selector_kind",
    [
        ("less", "less", "", "any"),
        ("less@4.2.0", "less", "4.2.0", "version"),
        ("less@v4.2.0", "less", "v4.2.0", "version"),
        ("less@4.2.0-beta.1", "less", "4.2.0-beta.1", "version"),
        ("less@^4", "less", "^4", "range"),
        ("less@~4.2", "less", "~4.2", "range"),
        ("less@4.x", "less", "4.x", "range"),
        ("less@latest", "less", "latest", "tag"),
        ("less@next", "less", "next", "tag"),
        ("@scope/tool", "@scope/tool", "", "any"),
        ("@scope/tool@1.0.0", "@scope/tool", "1.0.0", "version"),
        ("lodash.merge", "lodash.merge", "", "any"),
        ("JSONStream", "JSONStream", "", "any"),
    ],
)
def test_parse_spec_registry(raw, name, selector, selector_kind):
    spec = parse_spec(raw)
    assert spec.kind == "registry"
    assert spec.name == name
    assert spec.selector == selector
    assert spec.selector_kind == selector_kind
    assert spec.argument == raw


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "empty"),
        ("--prefix=/etc", "command-line option"),
        ("-g", "command-line option"),
        ("less;rm -rf /", "whitespace"),
        ("less;id", "shell syntax"),
        ("less&&id", "shell syntax"),
        ("less|id", "shell syntax"),
        ("$(id)", "shell syntax"),
        ("`id`", "shell syntax"),
        ("less@>=1.0.0", "shell syntax"),
        ("less@1||2", "shell syntax"),
        ("less@*", "shell syntax"),
        ("less\nid", "whitespace or control"),
        ("less\x00", "control"),
        ("./pkg.tgz", "relative path"),
        ("../pkg.tgz", "relative path"),
        ("pkg.tgz", "relative path"),
        ("file:pkg.tgz", "relative path"),
        ("~/pkg.tgz", "relative path"),
        ("/srv/pkgs/tool", "not a tarball"),
        ("https://example.invalid/tool.tgz", "URL or git"),
        ("git+ssh://git@example.invalid/tool.git", "URL or git"),
        ("github:user/repo", "URL or git"),
        ("user/repo", "GitHub shorthand"),
        ("alias@npm:less@4", "alias"),
        (".hidden", "relative path"),
        ("_private", "invalid package name"),
        ("@scope", "invalid package name"),
        ("less@not/a/version", "version part"),
        ("a" * 215, "invalid package name"),
    ],
)
def test_parse_spec_rejects(raw, message):
    with pytest.raises(InvalidSpecError) as error:
        parse_spec(raw)
    assert message in str(error.value)
    assert repr(raw)[:20] in str(error.value) or raw == ""


def test_parse_spec_tarball(tmp_path):
    path = make_tarball(tmp_path / "tool-1.2.3.tgz", {"name": "@acme/tool", "version": "1.2.3", "bin": "cli.js"})
    spec = parse_spec(path)
    assert spec.kind == "tarball"
    assert spec.name == "@acme/tool"
    assert spec.version == "1.2.3"
    assert spec.selector_kind == "version"
    assert spec.bin == {"tool": "cli.js"}
    assert spec.argument == path


def test_parse_spec_tarball_file_prefix(tmp_path):
    path = make_tarball(tmp_path / "tool.tgz", {"name": "tool", "version": "2.0.0"}, folder="tool-2.0.0")
    spec = parse_spec("file:" + path)
    assert spec.name == "tool"
    assert spec.argument == path


@pytest.mark.parametrize(
    "manifest, message",
    [
        ({"version": "1.0.0"}, "no valid package name"),
        ({"name": "tool"}, "no valid version"),
        ({"name": "tool", "version": "one"}, "no valid version"),
    ],
)
def test_parse_spec_tarball_bad_manifest(tmp_path, manifest, message):
    path = make_tarball(tmp_path / "tool.tgz", manifest)
    with pytest.raises(InvalidSpecError) as error:
        parse_spec(path)
    assert message in str(error.value)


def test_parse_spec_tarball_missing(tmp_path):
    with pytest.raises(InvalidSpecError) as error:
        parse_spec(str(tmp_path / "missing.tgz"))
    assert "not found" in str(error.value)


def test_parse_spec_tarball_not_a_tarball(tmp_path):
    path = tmp_path / "broken.tgz"
    path.write_text("not a tarball")
    with pytest.raises(InvalidSpecError) as error:
        parse_spec(str(path))
    assert "could not be read" in str(error.value)


@pytest.mark.parametrize(
    "left, right, expected",
    [
        ("1.0.0", "1.0.0", 0),
        ("1.0.0", "1.0.1", -1),
        ("1.10.0", "1.9.0", 1),
        ("1.0.0-alpha", "1.0.0", -1),
        ("1.0.0-alpha", "1.0.0-alpha.1", -1),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta", -1),
        ("1.0.0-beta.2", "1.0.0-beta.11", -1),
        ("1.0.0-rc.1", "1.0.0-beta.11", 1),
        ("v2.0.0", "2.0.0", 0),
    ],
)
def test_compare_versions(left, right, expected):
    assert compare_versions(left, right) == expected


def test_max_version():
    assert max_version(["1.2.0", "1.10.0", "1.9.9", "1.10.0-rc.1"]) == "1.10.0"


@pytest.mark.parametrize(
    "version, selector, expected",
    [
        ("4.2.0", "^4", True),
        ("5.0.0", "^4", False),
        ("4.2.0", "^4.2.1", False),
        ("0.2.5", "^0.2.3", True),
        ("0.3.0", "^0.2.3", False),
        ("0.0.3", "^0.0.3", True),
        ("0.0.4", "^0.0.3", False),
        ("0.9.0", "^0.x", True),
        ("4.2.9", "~4.2", True),
        ("4.3.0", "~4.2", False),
        ("4.9.0", "~4", True),
        ("4.2.3", "~4.2.3", True),
        ("4.2.2", "~4.2.3", False),
        ("1.5.0", "1.x", True),
        ("2.0.0", "1.x", False),
        ("1.2.7", "1.2", True),
        ("1.3.0", "1.2", False),
        ("1.2.3", "x", True),
        ("2.0.0-rc.1", "^1", False),
        ("1.2.3-beta.2", "^1.2.3-beta.1", True),
        ("1.2.4-beta.1", "^1.2.3-beta.1", False),
        ("1.2.3-alpha", "^1.2.3-beta.1", False),
    ],
)
def test_range_satisfied(version, selector, expected):
    assert range_satisfied(version, selector) is expected


@pytest.mark.parametrize(
    "version, raw, expected",
    [
        ("4.2.0", "less", True),
        ("4.2.0", "less@latest", True),
        ("4.2.0", "less@4.2.0", True),
        ("4.2.1", "less@4.2.0", False),
        ("4.2.1", "less@^4.2", True),
    ],
)
def test_satisfies(version, raw, expected):
    assert satisfies(version, parse_spec(raw)) is expected


@pytest.mark.parametrize(
    "manifest, expected",
    [
        ({"name": "tool", "bin": "cli.js"}, {"tool": "cli.js"}),
        ({"name": "@acme/tool", "bin": "cli.js"}, {"tool": "cli.js"}),
        ({"name": "tool", "bin": {"a": "a.js", "b": "b.js"}}, {"a": "a.js", "b": "b.js"}),
        ({"name": "tool"}, {}),
        ({"name": "tool", "bin": ["a.js"]}, {}),
    ],
)
def test_bin_entries(manifest, expected):
    assert bin_entries(manifest) == expected
