# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build npm command lines as argv lists, never as shell strings.

Private to racefree.ops: no API promise outside this collection.

Every command that writes passes ``--global --prefix PREFIX`` on the command line,
which npm ranks above environment variables and every npmrc file, so a prefix in
``~/.npmrc`` or ``npm_config_prefix`` cannot redirect the module's own installs.
Package arguments follow ``--``, so npm never parses them as options.
"""

QUIET_OPTIONS = ("--no-fund", "--no-audit", "--no-update-notifier")


def _registry_options(registry):
    return ["--registry", registry] if registry else []


def install_argv(npm, prefix, arguments, registry=None):
    """Return the argv that installs package arguments globally into ``prefix``."""
    return [npm, "install", "--global", "--prefix", prefix, *QUIET_OPTIONS, *_registry_options(registry), "--", *arguments]


def uninstall_argv(npm, prefix, names):
    """Return the argv that removes globally installed packages from ``prefix``."""
    return [npm, "uninstall", "--global", "--prefix", prefix, *QUIET_OPTIONS, "--", *names]


def list_argv(npm, prefix):
    """Return the argv that prints the top-level global packages of ``prefix`` as JSON."""
    return [npm, "ls", "--global", "--prefix", prefix, "--json", "--depth=0", "--no-update-notifier"]


def view_versions_argv(npm, spec, registry=None):
    """Return the argv that prints, as JSON, the registry versions a spec resolves to."""
    return [npm, "view", "--json", "--no-update-notifier", *_registry_options(registry), "--", spec, "version"]


def config_get_argv(npm, key):
    """Return the argv that prints the effective value of one npm config key."""
    return [npm, "config", "get", key, "--no-update-notifier"]
