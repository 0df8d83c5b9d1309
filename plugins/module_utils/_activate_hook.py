# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edit a virtualenv's activate scripts so that activation sets npm's prefix.

Private to racefree.ops: no API promise outside this collection.

Each script gets two marked blocks. The activation block, appended at the end,
saves the current values of the npm variables and exports ``npm_config_prefix``
(and ``npm_config_global`` when requested). npm ranks the environment above every
npmrc file, so this wins over a prefix in ``~/.npmrc``. The deactivate block,
inserted at the top of the script's ``deactivate`` function, restores the saved
values. activate calls ``deactivate nondestructive`` before it sets anything, so a
second activation first restores the values of the first one.

Supported scripts: ``bin/activate`` for bash and zsh and ``bin/activate.fish``, as
written by ``python3 -m venv`` and by virtualenv.
"""

import re
import shlex

HOOK_NAME = "racefree.ops.nodeenv_prefix"
ACTIVE_FLAG = "_NODEENV_PREFIX_ACTIVE"
SAVED_PREFIX = "_NODEENV_PREFIX_OLD_"

SHELL_SCRIPTS = {"sh": "activate", "fish": "activate.fish"}
_DEACTIVATE_RE = {
    "sh": re.compile(r"^\s*deactivate\s*\(\)\s*\{?\s*$"),
    "fish": re.compile(r"^\s*function\s+deactivate(\s|$)"),
}


class ActivateScriptError(ValueError):
    """An activate script whose layout the module does not recognise."""


def marker(kind, edge):
    """Return the marker comment that opens (``BEGIN``) or closes (``END``) a block."""
    return "# %s %s %s" % (edge, HOOK_NAME, kind)


def hook_variables(prefix, global_install_default):
    """Return the variables activation sets and the ones it removes.

    npm reads ``npm_config_*`` case-insensitively and the last one in the
    environment wins, so the upper-case spelling is removed while activated.
    """
    exported = [("npm_config_prefix", prefix)]
    removed = ["NPM_CONFIG_PREFIX"]
    if global_install_default:
        exported.append(("npm_config_global", "true"))
        removed.append("NPM_CONFIG_GLOBAL")
    return exported, removed


def activated_environment(prefix, global_install_default, path):
    """Return the environment changes that sourcing the edited activate makes for npm.

    Both spellings of each variable get the new value here, which npm reads the same
    way as the hook's removal of the upper-case one.
    """
    environment = {"VIRTUAL_ENV": prefix, "PATH": prefix + "/bin" + (":" + path if path else "")}
    exported, removed = hook_variables(prefix, global_install_default)
    for name, value in exported:
        environment[name] = value
    for name in removed:
        environment[name] = dict(exported)[name.lower()]
    return environment


def _sh_blocks(exported, removed):
    names = [name for name, _value in exported] + removed
    deactivate = ['    if [ -n "${%s:-}" ] ; then' % ACTIVE_FLAG]
    for name in names:
        saved = SAVED_PREFIX + name
        deactivate += [
            '        if [ -n "${%s+set}" ] ; then' % saved,
            '            %s="$%s"' % (name, saved),
            "            export %s" % name,
            "            unset %s" % saved,
            "        else",
            "            unset %s" % name,
            "        fi",
        ]
    deactivate += ["        unset %s" % ACTIVE_FLAG, "    fi"]

    activate = ["# npm installs with -g go into this virtualenv, and deactivate restores the old values.", "%s=1" % ACTIVE_FLAG]
    for name in names:
        activate += ['if [ -n "${%s+set}" ] ; then' % name, '    %s="$%s"' % (SAVED_PREFIX + name, name), "fi"]
    activate += ["unset %s" % name for name in removed]
    for name, value in exported:
        activate += ["%s=%s" % (name, shlex.quote(value)), "export %s" % name]
    return deactivate, activate


def _fish_quote(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_blocks(exported, removed):
    names = [name for name, _value in exported] + removed
    deactivate = ["    if set -q %s" % ACTIVE_FLAG]
    for name in names:
        saved = SAVED_PREFIX + name
        deactivate += [
            "        if set -q %s" % saved,
            "            set -gx %s $%s" % (name, saved),
            "            set -e %s" % saved,
            "        else if set -q %s" % name,
            "            set -e %s" % name,
            "        end",
        ]
    deactivate += ["        set -e %s" % ACTIVE_FLAG, "    end"]

    activate = ["# npm installs with -g go into this virtualenv, and deactivate restores the old values.", "set -g %s 1" % ACTIVE_FLAG]
    # fish's set keeps the previous exit status, and "set -e" of an unset variable
    # fails, so every erase sits inside a test to keep "source activate.fish; and ..." working.
    for name in names:
        erase = ["    set -e %s" % name] if name in removed else []
        activate += ["if set -q %s" % name, "    set -g %s $%s" % (SAVED_PREFIX + name, name)] + erase + ["end"]
    for name, value in exported:
        activate.append("set -gx %s %s" % (name, _fish_quote(value)))
    return deactivate, activate


def render_blocks(shell, prefix, global_install_default):
    """Return the deactivate block and the activation block for ``shell`` as lists of lines."""
    exported, removed = hook_variables(prefix, global_install_default)
    deactivate, activate = (_sh_blocks if shell == "sh" else _fish_blocks)(exported, removed)
    deactivate = ["    " + marker("deactivate", "BEGIN")] + deactivate + ["    " + marker("deactivate", "END")]
    activate = [marker("activate", "BEGIN")] + activate + [marker("activate", "END")]
    return deactivate, activate


def remove_hook(text):
    """Return the script text without the module's marked blocks."""
    begins = {marker(kind, "BEGIN") for kind in ("activate", "deactivate")}
    ends = {marker(kind, "END") for kind in ("activate", "deactivate")}
    kept = []
    inside = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped in begins:
            inside = True
        elif stripped in ends and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return "".join(kept)


def apply_hook(text, shell, prefix, global_install_default, path="activate"):
    """Return the script text with the module's blocks for ``prefix`` in place.

    Raises ActivateScriptError when the script has no ``deactivate`` function,
    naming ``path`` in the message.
    """
    deactivate, activate = render_blocks(shell, prefix, global_install_default)
    lines = remove_hook(text).splitlines(keepends=True)
    for index, line in enumerate(lines):
        if _DEACTIVATE_RE[shell].match(line):
            header_end = index + 1
            if not line.rstrip().endswith("{") and shell == "sh":
                # "deactivate ()" with the brace on the next line
                header_end += 1
            break
    else:
        raise ActivateScriptError(
            "%s has no deactivate function, so it was not written by python3 -m venv or virtualenv. "
            "The module cannot add a hook that deactivate undoes." % path
        )
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new_lines = lines[:header_end] + [line + "\n" for line in deactivate] + lines[header_end:]
    new_lines += [line + "\n" for line in activate]
    return "".join(new_lines)
