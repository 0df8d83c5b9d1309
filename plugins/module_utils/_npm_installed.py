# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read what is installed under an npm global prefix.

Private to racefree.ops: no API promise outside this collection.
"""

import json
import os

from ansible_collections.racefree.ops.plugins.module_utils._npm_spec import bin_entries


class NpmOutputError(ValueError):
    """Output of an npm command that the module cannot parse."""


def global_root(prefix):
    """Return the folder where npm (on POSIX) installs global packages of ``prefix``."""
    return os.path.join(prefix, "lib", "node_modules")


def parse_list_output(stdout):
    """Return ``{name: version}`` from the output of ``npm ls --global --json``.

    npm exits non-zero for problems such as an invalid or extraneous dependency
    and still prints the tree, so the output is parsed whatever the exit code.
    """
    try:
        tree = json.loads(stdout or "{}")
    except ValueError as error:
        raise NpmOutputError("npm ls printed no valid JSON: %s" % error)
    if not isinstance(tree, dict):
        raise NpmOutputError("npm ls printed %s instead of a JSON object" % type(tree).__name__)
    if "error" in tree and "dependencies" not in tree:
        raise NpmOutputError("npm ls failed: %s" % tree["error"].get("summary", tree["error"]))
    installed = {}
    for name, entry in (tree.get("dependencies") or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            installed[name] = entry["version"]
    return installed


def parse_versions_output(stdout):
    """Return the list of versions from ``npm view --json SPEC version``.

    npm prints one JSON string when one version matches and a list when several do.
    """
    try:
        value = json.loads(stdout or "null")
    except ValueError as error:
        raise NpmOutputError("npm view printed no valid JSON: %s" % error)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise NpmOutputError("npm view printed no version (output %r)" % (stdout or "")[:200])


def package_bins(prefix, name):
    """Return the paths under ``PREFIX/bin`` that npm linked for an installed package."""
    manifest_path = os.path.join(global_root(prefix), name, "package.json")
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return []
    paths = [os.path.join(prefix, "bin", command) for command in sorted(bin_entries(manifest))]
    return [path for path in paths if os.path.lexists(path)]
