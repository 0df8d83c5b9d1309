# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edit npmrc files: the builtin npmrc of a virtualenv's own npm.

Private to racefree.ops: no API promise outside this collection.

npm (checked with npm 11) reads the builtin config file ``npmrc`` in its own install folder,
so an npm installed into ``VENV/lib/node_modules/npm`` reads
``VENV/lib/node_modules/npm/npmrc``. It ranks below the command line, the
environment, the project ``.npmrc``, the user ``~/.npmrc`` and the global
``$PREFIX/etc/npmrc``. Lines are ``key=value``, and ``prefix VENV`` with a space is
an unknown key that npm ignores.

When an npm that has a builtin npmrc installs npm globally, it writes its builtin
settings into the new npm's folder as plain ``key=value`` lines without comments
(npm 11, lib/utils/reify-finish.js). The begin and end markers are lost then, so
the module owns the ``prefix`` and ``global`` keys of this file and removes
unmarked lines that set them.
"""

import os
import re

BEGIN_MARKER = "# BEGIN racefree.ops.nodeenv_prefix"
END_MARKER = "# END racefree.ops.nodeenv_prefix"
MANAGED_KEYS = ("prefix", "global")

_LINE_RE = re.compile(r"^\s*(?P<key>[^=;#\s][^=]*?)\s*=\s*(?P<value>.*?)\s*$")


def builtin_npmrc_path(prefix):
    """Return the builtin npmrc path of the npm installed in ``prefix``."""
    return os.path.join(prefix, "lib", "node_modules", "npm", "npmrc")


def npmrc_settings(prefix, global_install_default):
    """Return the ``(key, value)`` pairs that make ``prefix`` npm's global prefix."""
    settings = [("prefix", prefix)]
    if global_install_default:
        settings.append(("global", "true"))
    return settings


def parse_line(line):
    """Return ``(key, value)`` for a ``key=value`` line, or None for other lines."""
    match = _LINE_RE.match(line)
    if not match:
        return None
    value = match.group("value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return match.group("key"), value


def read_value(text, key):
    """Return the last value that npmrc text sets for ``key``, or None.

    npm parses npmrc files with the ini package, where a later line wins.
    """
    found = None
    for line in text.splitlines():
        parsed = parse_line(line)
        if parsed and parsed[0] == key:
            found = parsed[1]
    return found


def remove_npmrc_block(text):
    """Return the npmrc text without the marked block and unmarked managed keys."""
    kept = []
    inside = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped == BEGIN_MARKER:
            inside = True
            continue
        if stripped == END_MARKER and inside:
            inside = False
            continue
        if inside:
            continue
        parsed = parse_line(line)
        if parsed and parsed[0] in MANAGED_KEYS:
            continue
        kept.append(line)
    return "".join(kept)


def apply_npmrc_block(text, settings):
    """Return the npmrc text with one marked block that sets ``settings`` at its end."""
    kept = remove_npmrc_block(text)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    lines = [BEGIN_MARKER]
    lines.extend("%s=%s" % (key, value) for key, value in settings)
    lines.append(END_MARKER)
    return kept + "\n".join(lines) + "\n"
