# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate npm package specs and compare versions against them.

Private to racefree.ops: no API promise outside this collection.

A spec is one of: a registry name (``less``, ``@scope/tool``) with an optional
version, range or dist-tag after ``@``, or the absolute path of a package tarball
(``/srv/pkgs/tool-1.0.0.tgz``, optionally written ``file:/srv/...``). Every other
form (relative paths, directories, URLs, git specs, aliases) is rejected, because the
module could not tell which package and version it stands for without installing it.
"""

import json
import os
import re
import tarfile
from dataclasses import dataclass, field


class InvalidSpecError(ValueError):
    """A package spec, version or tarball that the module cannot use."""


SPEC_HELP = (
    "use a registry name (less), name@version (less@4.2.0), a range with ^ or ~ "
    "(less@^4), a dist-tag (less@latest), a scoped name (@scope/tool) or the "
    "absolute path of a tarball made by npm pack (/srv/pkgs/tool-1.0.0.tgz)"
)

# Characters that a POSIX shell treats as syntax. npm gets specs as argv elements,
# so they are harmless there. No package name contains them, and rejecting them
# makes a pasted shell fragment fail before anything runs. This also rejects ranges
# written with <, >, || or *, which ^ and ~ ranges replace in most cases.
SHELL_SYNTAX = set(";&|$`\\'\"<>(){}!*?[]#")

TARBALL_SUFFIXES = (".tgz", ".tar.gz", ".tar")

_NAME_PART = r"[A-Za-z0-9~-][A-Za-z0-9._~-]*"
NAME_RE = re.compile(r"^(?:@" + _NAME_PART + r"/)?" + _NAME_PART + r"$")
MAX_NAME_LENGTH = 214  # npm's limit for package names

_NUMBER = r"(?:0|[1-9]\d*)"
_IDENTIFIER = r"[0-9A-Za-z-]+"
VERSION_RE = re.compile(
    r"^[v=]?(?P<major>" + _NUMBER + r")\.(?P<minor>" + _NUMBER + r")\.(?P<patch>" + _NUMBER + r")"
    r"(?:-(?P<prerelease>" + _IDENTIFIER + r"(?:\." + _IDENTIFIER + r")*))?"
    r"(?:\+" + _IDENTIFIER + r"(?:\." + _IDENTIFIER + r")*)?$"
)
_PART = r"(?:0|[1-9]\d*|[xX*])"
RANGE_RE = re.compile(
    r"^(?P<operator>[\^~]?)[v=]?(?P<major>" + _PART + r")"
    r"(?:\.(?P<minor>" + _PART + r")"
    r"(?:\.(?P<patch>" + _PART + r")"
    r"(?:-(?P<prerelease>" + _IDENTIFIER + r"(?:\." + _IDENTIFIER + r")*))?)?)?$"
)
TAG_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class PackageSpec:
    """One validated spec.

    ``kind`` is ``registry`` or ``tarball``. For a registry spec, ``selector`` is the
    text after the name's ``@`` ("" when absent) and ``selector_kind`` is ``any``,
    ``version``, ``range`` or ``tag``. For a tarball, ``name``, ``version`` and
    ``bin`` come from the package.json inside it.
    """

    raw: str
    kind: str
    name: str
    selector: str = ""
    selector_kind: str = "any"
    path: str = ""
    version: str = ""
    bin: dict = field(default_factory=dict, compare=False)

    @property
    def argument(self):
        """The argument to pass to npm install."""
        return self.path if self.kind == "tarball" else self.raw


def parse_spec(raw):
    """Validate one spec and return it as a PackageSpec.

    A tarball spec is opened to read its package.json. Raises InvalidSpecError with
    the spec, the rule it breaks and what to write instead.
    """
    _check_characters(raw)

    if raw.startswith(("http:", "https:", "git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:")):
        raise InvalidSpecError(
            "package spec %r is a URL or git spec, which this module does not install: %s." % (raw, SPEC_HELP)
        )

    path = raw[len("file:"):] if raw.startswith("file:") else raw
    if _looks_like_path(path):
        return _parse_tarball_spec(raw, path)

    name, selector = _split_name(raw)
    if selector.startswith("npm:"):
        raise InvalidSpecError("package spec %r is an alias, which this module does not install: %s." % (raw, SPEC_HELP))
    if "/" in name and not name.startswith("@"):
        raise InvalidSpecError(
            "package spec %r looks like a GitHub shorthand (user/repo), which this module does not install: %s."
            % (raw, SPEC_HELP)
        )
    if len(name) > MAX_NAME_LENGTH or not NAME_RE.match(name) or name.startswith((".", "_")):
        raise InvalidSpecError("package spec %r has an invalid package name %r: %s." % (raw, name, SPEC_HELP))

    return PackageSpec(raw=raw, kind="registry", name=name, selector=selector, selector_kind=classify_selector(raw, selector))


def _check_characters(raw):
    if not isinstance(raw, str) or raw == "":
        raise InvalidSpecError("package spec %r is empty or not a string: %s." % (raw, SPEC_HELP))
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in raw):
        raise InvalidSpecError(
            "package spec %r contains whitespace or control characters. Give one spec per list item." % raw
        )
    if raw.startswith("-"):
        raise InvalidSpecError(
            "package spec %r looks like a command-line option, and npm options cannot be passed as packages. "
            "Use the module's options instead (registry, state)." % raw
        )
    found = sorted(set(raw) & SHELL_SYNTAX)
    if found:
        raise InvalidSpecError(
            "package spec %r contains shell syntax (%s), which no package name contains: %s."
            % (raw, " ".join(found), SPEC_HELP)
        )


def _looks_like_path(text):
    return (
        text.startswith(("/", ".", "~"))
        or text.lower().endswith(TARBALL_SUFFIXES)
    )


def _parse_tarball_spec(raw, path):
    if not os.path.isabs(path):
        raise InvalidSpecError(
            "package spec %r is a relative path. Give the absolute path of the tarball, "
            "because the module does not run in the playbook's directory." % raw
        )
    if not path.lower().endswith(TARBALL_SUFFIXES):
        raise InvalidSpecError(
            "package spec %r is a path but not a tarball (.tgz, .tar.gz or .tar). "
            "Make one with npm pack in that directory and pass its absolute path." % raw
        )
    path = os.path.normpath(path)
    manifest = read_tarball_manifest(path)
    name = manifest.get("name")
    version = manifest.get("version")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise InvalidSpecError("tarball %s has no valid package name in its package.json." % path)
    if not isinstance(version, str) or not VERSION_RE.match(version):
        raise InvalidSpecError("tarball %s has no valid version in its package.json (found %r)." % (path, version))
    return PackageSpec(
        raw=raw, kind="tarball", name=name, selector=version, selector_kind="version",
        path=path, version=version, bin=bin_entries(manifest),
    )


def _split_name(raw):
    """Split ``name@selector`` and ``@scope/name@selector`` into name and selector."""
    at = raw.find("@", 1)
    if at == -1:
        return raw, ""
    return raw[:at], raw[at + 1:]


def classify_selector(raw, selector):
    """Return ``any``, ``version``, ``range`` or ``tag`` for the text after the name's ``@``."""
    if selector == "":
        return "any"
    if VERSION_RE.match(selector):
        return "version"
    if RANGE_RE.match(selector):
        return "range"
    if TAG_RE.match(selector):
        return "tag"
    raise InvalidSpecError(
        "package spec %r has a version part %r that is not a version, a ^ or ~ range or a dist-tag: %s."
        % (raw, selector, SPEC_HELP)
    )


def read_tarball_manifest(path):
    """Return the parsed package.json of a package tarball.

    npm accepts any single top-level folder in a tarball (``package/`` for tarballs
    made by npm pack), so the first ``<folder>/package.json`` member is used.
    """
    if not os.path.isfile(path):
        raise InvalidSpecError("package tarball %s was not found or is not a file." % path)
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                parts = member.name.split("/")
                if member.isfile() and len(parts) == 2 and parts[1] == "package.json":
                    return json.load(archive.extractfile(member))
    except (tarfile.TarError, OSError, ValueError) as error:
        raise InvalidSpecError("package tarball %s could not be read: %s." % (path, error))
    raise InvalidSpecError("package tarball %s contains no package.json in a top-level folder." % path)


def bin_entries(manifest):
    """Return the ``{command: relative path}`` executables that a package.json declares.

    A string ``bin`` is named after the package, without its scope, as npm does.
    """
    declared = manifest.get("bin")
    if isinstance(declared, str):
        return {manifest.get("name", "").split("/")[-1]: declared}
    if isinstance(declared, dict):
        return {name: target for name, target in declared.items() if isinstance(target, str)}
    return {}


def parse_version(text):
    """Return ``(major, minor, patch, prerelease identifiers)`` or None for a non-version."""
    match = VERSION_RE.match(text or "")
    if not match:
        return None
    prerelease = tuple(match.group("prerelease").split(".")) if match.group("prerelease") else ()
    return (int(match.group("major")), int(match.group("minor")), int(match.group("patch")), prerelease)


def compare_versions(left, right):
    """Return -1, 0 or 1 comparing two version strings by semver precedence."""
    left_key = _precedence_key(parse_version(left))
    right_key = _precedence_key(parse_version(right))
    return (left_key > right_key) - (left_key < right_key)


def _precedence_key(parsed):
    if parsed is None:
        raise InvalidSpecError("invalid version in comparison")
    major, minor, patch, prerelease = parsed
    # A release sorts after all of its prereleases. Numeric identifiers sort before
    # alphanumeric ones, and numerically among themselves.
    identifiers = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in prerelease)
    return (major, minor, patch, 0 if prerelease else 1, identifiers)


def max_version(versions):
    """Return the highest of the given version strings by semver precedence."""
    best = None
    for version in versions:
        if best is None or compare_versions(version, best) > 0:
            best = version
    return best


def satisfies(version, spec):
    """Return whether an installed version meets a registry spec's selector.

    A dist-tag cannot be checked without asking the registry, so any installed
    version counts. ``state: latest`` resolves tags.
    """
    if spec.selector_kind in ("any", "tag"):
        return True
    if spec.selector_kind == "version":
        return compare_versions(version, spec.selector) == 0
    return range_satisfied(version, spec.selector)


def range_satisfied(version, selector):
    """Return whether ``version`` lies in a ^, ~, x-range or partial-version range.

    Follows node-semver: a prerelease version matches only a range whose lower bound
    is a prerelease of the same major.minor.patch.
    """
    parsed = parse_version(version)
    match = RANGE_RE.match(selector)
    if parsed is None or match is None:
        return False
    lower, upper = _range_bounds(match)
    base = parsed[:3]
    if parsed[3] and not (lower[3] and lower[:3] == base):
        return False
    lower_key = _precedence_key(lower)
    if _precedence_key(parsed) < lower_key:
        return False
    return upper is None or base < upper


def _range_bounds(match):
    """Return the inclusive lower bound and the exclusive upper (major, minor, patch)."""
    operator = match.group("operator")
    parts = [match.group(name) for name in ("major", "minor", "patch")]
    given = [part is not None and part not in ("x", "X", "*") for part in parts]
    numbers = [int(part) if known else 0 for part, known in zip(parts, given)]
    prerelease = tuple(match.group("prerelease").split(".")) if match.group("prerelease") else ()
    lower = (numbers[0], numbers[1], numbers[2], prerelease)
    major, minor, patch = numbers

    if not given[0]:
        return lower, None
    if operator == "^":
        if major > 0 or not given[1]:
            return lower, (major + 1, 0, 0)
        if minor > 0 or not given[2]:
            return lower, (0, minor + 1, 0)
        return lower, (0, 0, patch + 1)
    if operator == "~":
        if not given[1]:
            return lower, (major + 1, 0, 0)
        return lower, (major, minor + 1, 0)
    if not given[1]:
        return lower, (major + 1, 0, 0)
    if not given[2]:
        return lower, (major, minor + 1, 0)
    return lower, (major, minor, patch + 1)
