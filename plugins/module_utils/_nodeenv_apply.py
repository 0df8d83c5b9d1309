# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Carry out a nodeenv_prefix plan and verify the prefix with npm itself.

Private to racefree.ops: no API promise outside this collection.

Apart from npm's cache and logs (``~/.npm`` by default) and what package install
scripts do, every write lands inside the virtualenv. Files are written through a
temporary file in their own folder, and every npm command that writes gets
``--global --prefix VIRTUALENV``.
"""

import os
import tempfile

from ansible_collections.racefree.ops.plugins.module_utils import _npm_argv, _npm_config
from ansible_collections.racefree.ops.plugins.module_utils._activate_hook import activated_environment
from ansible_collections.racefree.ops.plugins.module_utils._nodeenv_plan import plan_file_edits, read_installed, read_text
from ansible_collections.racefree.ops.plugins.module_utils._npm_installed import global_root, package_bins


class PrefixError(RuntimeError):
    """The effective npm prefix is not the virtualenv after the set-up."""


def write_file(module, path, content):
    """Replace a file atomically, or remove it when ``content`` is None."""
    if content is None:
        os.remove(path)
        return
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".nodeenv_prefix-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(content)
    module.atomic_move(temporary, path)


def apply_edits(module, request, npm_present):
    """Write the activate and npmrc edits for the current files and return them."""
    edits = plan_file_edits(request, npm_present)
    for edit in edits:
        write_file(module, edit.path, edit.after)
    return edits


def remove_empty_global_root(prefix):
    """Remove ``PREFIX/lib/node_modules`` when npm left only its lockfile there."""
    root = global_root(prefix)
    if not os.path.isdir(root) or set(os.listdir(root)) - {".package-lock.json"}:
        return
    lockfile = os.path.join(root, ".package-lock.json")
    if os.path.exists(lockfile):
        os.remove(lockfile)
    os.rmdir(root)


def npm_is_installed(prefix):
    return os.path.isfile(os.path.join(global_root(prefix), "npm", "package.json"))


def apply_plan(module, runner, request, plan, python):
    """Carry out ``plan`` and return the file edits made, for diff mode."""
    prefix = request.virtualenv
    if request.state == "absent":
        if plan.removals:
            runner.run(_npm_argv.uninstall_argv(_package_npm(request), prefix, plan.removals))
        if plan.npm_removal:
            runner.run(_npm_argv.uninstall_argv(request.executable, prefix, ["npm"]))
            remove_empty_global_root(prefix)
        if request.packages or not os.path.isdir(prefix):
            return []
        return apply_edits(module, request, npm_is_installed(prefix))

    if plan.create_virtualenv:
        runner.run([python, "-m", "venv", prefix])
    if plan.npm_install:
        runner.run(_npm_argv.install_argv(request.executable, prefix, [plan.npm_install.argument], request.registry))
    edits = apply_edits(module, request, npm_is_installed(prefix))
    if plan.installs:
        arguments = [spec.argument for spec in plan.installs]
        runner.run(_npm_argv.install_argv(_package_npm(request), prefix, arguments, request.registry))
    return edits


def _package_npm(request):
    """Return the npm that installs packages: the virtualenv's own, else the bootstrap one."""
    return request.npm_path if os.path.exists(request.npm_path) else request.executable


def _config_prefix(runner, npm, cwd, environ_update=None):
    _rc, stdout, _stderr = runner.run(_npm_argv.config_get_argv(npm, "prefix"), cwd=cwd, environ_update=environ_update)
    return os.path.normpath(stdout.strip())


def find_prefix_override(runner, request):
    """Return a description of the environment or user config that sets a prefix, or None."""
    for name, value in sorted(os.environ.items()):
        if name.lower() == "npm_config_prefix" and value:
            return "the environment variable %s=%s" % (name, value)
    _rc, stdout, _stderr = runner.run(_npm_argv.config_get_argv(request.npm_path, "userconfig"), cwd=request.virtualenv)
    userconfig = stdout.strip()
    try:
        value = _npm_config.read_value(read_text(userconfig), "prefix")
    except OSError:
        value = None
    return "the user config %s (prefix=%s)" % (userconfig, value) if value else None


def verify_prefix(module, runner, request):
    """Check the effective prefix with npm, run by path and as after activate.

    Returns ``(prefix_by_path, prefix_after_activate)``. The first is None when the
    virtualenv has no npm of its own. Raises PrefixError when npm reports another
    prefix after activate, or by path for a reason inside the virtualenv. A prefix
    in ``~/.npmrc`` or the environment outranks the builtin npmrc by npm's design,
    so that case only warns.
    """
    prefix = request.virtualenv
    by_path = None
    if os.path.exists(request.npm_path):
        by_path = _config_prefix(runner, request.npm_path, prefix)

    environment = activated_environment(prefix, request.global_install_default, os.environ.get("PATH", ""))
    activated_npm = _package_npm(request)
    after_activate = _config_prefix(runner, activated_npm, prefix, environment)
    if after_activate != prefix:
        raise PrefixError(
            "after . %s/bin/activate, %s config get prefix returns %s instead of %s. Check that the activate "
            "script still contains the racefree.ops.nodeenv_prefix block." % (prefix, activated_npm, after_activate, prefix)
        )

    if by_path is not None and by_path != prefix:
        override = find_prefix_override(runner, request)
        if override is None:
            # With the builtin prefix in effect, npm reads VENV/etc/npmrc as its global
            # config, which ranks above the builtin npmrc. "npm config get globalconfig"
            # would name the file under the prefix that this file sets, so read it directly.
            global_config = os.path.join(prefix, "etc", "npmrc")
            global_prefix = _npm_config.read_value(read_text(global_config), "prefix")
            source = "the global config %s sets prefix=%s" % (global_config, global_prefix) if global_prefix else (
                "some config above the builtin npmrc %s sets prefix" % _npm_config.builtin_npmrc_path(prefix))
            raise PrefixError(
                "%s config get prefix returns %s instead of %s, because %s. Remove that setting, or run "
                "%s config ls -l to find it." % (request.npm_path, by_path, prefix, source, request.npm_path)
            )
        module.warn(
            "%s run by path uses the prefix %s from %s, which npm ranks above the virtualenv's builtin npmrc. "
            "npm after . %s/bin/activate uses %s. To make %s use %s without activation too, remove that prefix setting."
            % (request.npm_path, by_path, override, prefix, prefix, request.npm_path, prefix)
        )
    return by_path, after_activate


def describe_packages(prefix, installed):
    """Return each installed package except npm with its version and the binaries in ``PREFIX/bin``."""
    return [
        {"name": name, "version": installed[name], "bins": package_bins(prefix, name)}
        for name in sorted(installed)
        if name != "npm"
    ]


def final_installed(runner, request, plan, check_mode):
    """Return what is installed after the run (the current state in check mode)."""
    if check_mode or not plan.changed:
        return plan.installed
    if not os.path.isdir(request.virtualenv):
        return {}
    return read_installed(runner, request)
