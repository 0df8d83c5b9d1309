# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan the changes that make a virtualenv npm's global prefix.

Private to racefree.ops: no API promise outside this collection.

Planning only reads: files, ``npm ls``, and for ``state: latest`` ``npm view``.
Check mode reports the plan, and otherwise _nodeenv_apply carries it out.
"""

import os
from dataclasses import dataclass, field

from ansible_collections.racefree.ops.plugins.module_utils import _activate_hook, _npm_argv, _npm_config
from ansible_collections.racefree.ops.plugins.module_utils._npm_installed import (
    global_root,
    parse_list_output,
    parse_versions_output,
)
from ansible_collections.racefree.ops.plugins.module_utils._npm_spec import max_version, satisfies


class NpmCommandError(RuntimeError):
    """An npm (or python3 -m venv) command that exited with an error."""


class Runner:
    """Run commands through AnsibleModule.run_command, always as argv lists."""

    def __init__(self, module):
        self.module = module

    def run(self, argv, cwd=None, environ_update=None, check=True):
        """Run ``argv`` and return ``(rc, stdout, stderr)``.

        Raises NpmCommandError when the command fails and ``check`` is true.
        """
        rc, stdout, stderr = self.module.run_command(argv, cwd=cwd, environ_update=environ_update or {})
        if check and rc != 0:
            raise NpmCommandError(
                "Failed to run %s (exit code %d): %s" % (" ".join(argv), rc, (stderr or stdout).strip()[-2000:])
            )
        return rc, stdout, stderr


@dataclass
class FileEdit:
    """A planned change of one file. ``after`` is None when the file is to be removed."""

    path: str
    before: str
    after: str

    def as_diff(self):
        return {
            "before_header": self.path,
            "after_header": self.path,
            "before": self.before,
            "after": "" if self.after is None else self.after,
        }


@dataclass
class Plan:
    """Everything one run changes, in the order _nodeenv_apply carries it out."""

    create_virtualenv: bool = False
    npm_install: object = None
    installs: list = field(default_factory=list)
    removals: list = field(default_factory=list)
    npm_removal: bool = False
    edits: list = field(default_factory=list)
    installed: dict = field(default_factory=dict)

    @property
    def changed(self):
        return bool(
            self.create_virtualenv or self.npm_install or self.installs or self.removals or self.npm_removal or self.edits
        )

    def actions(self, request):
        """Describe the plan as short sentences, in the order _nodeenv_apply carries it out."""
        edits = ["edit %s" % edit.path if edit.after is not None else "remove %s" % edit.path for edit in self.edits]
        if request.state == "absent":
            described = ["uninstall %s" % name for name in self.removals]
            if self.npm_removal:
                described.append("uninstall npm from %s" % request.virtualenv)
            return described + edits
        described = []
        if self.create_virtualenv:
            described.append("create virtualenv %s with python3 -m venv" % request.virtualenv)
        if self.npm_install:
            described.append("install %s into %s" % (self.npm_install.raw, request.virtualenv))
        if self.create_virtualenv:
            described.append("add the npm prefix hook to the activate scripts of the new virtualenv")
        described.extend(edits)
        described.extend("install %s" % spec.raw for spec in self.installs)
        return described


def read_text(path):
    """Return a file's text, or "" when it does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def read_installed(runner, request):
    """Return ``{name: version}`` of the global packages in the virtualenv."""
    if not os.path.isdir(global_root(request.virtualenv)):
        return {}
    npm = request.npm_path if os.path.exists(request.npm_path) else request.executable
    _rc, stdout, _stderr = runner.run(_npm_argv.list_argv(npm, request.virtualenv), check=False)
    return parse_list_output(stdout)


def latest_version(runner, request, spec):
    """Return the version that ``state: latest`` installs for a spec."""
    if spec.kind == "tarball":
        return spec.version
    selector = spec.raw if spec.selector else spec.name + "@latest"
    _rc, stdout, _stderr = runner.run(_npm_argv.view_versions_argv(request.executable, selector, request.registry))
    return max_version(parse_versions_output(stdout))


def needs_install(runner, request, spec, installed_version):
    """Return whether a spec must be installed (or upgraded) to meet the request's state."""
    if installed_version is None:
        return True
    if request.state == "latest":
        return installed_version != latest_version(runner, request, spec)
    return not satisfies(installed_version, spec)


def plan_file_edits(request, npm_present):
    """Return the edits of the activate scripts and the builtin npmrc, skipping unchanged files."""
    edits = []
    for shell, name in sorted(_activate_hook.SHELL_SCRIPTS.items(), key=lambda item: item[1]):
        path = os.path.join(request.virtualenv, "bin", name)
        if not os.path.isfile(path):
            continue
        before = read_text(path)
        if request.state == "absent":
            after = _activate_hook.remove_hook(before)
        else:
            after = _activate_hook.apply_hook(before, shell, request.virtualenv, request.global_install_default, path)
        if after != before:
            edits.append(FileEdit(path, before, after))

    npmrc_path = _npm_config.builtin_npmrc_path(request.virtualenv)
    if not npm_present:
        return edits
    before = read_text(npmrc_path)
    if request.state == "absent":
        after = _npm_config.remove_npmrc_block(before)
        if after.strip() == "":
            # The file held only the module's settings: remove it, unless it is already gone.
            after = None if os.path.exists(npmrc_path) else before
    else:
        settings = _npm_config.npmrc_settings(request.virtualenv, request.global_install_default)
        after = _npm_config.apply_npmrc_block(before, settings)
    if after != before:
        edits.append(FileEdit(npmrc_path, before, after))
    return edits


def build_plan(runner, request):
    """Return the Plan for ``request`` from the virtualenv's current state."""
    plan = Plan()
    exists = os.path.isdir(request.virtualenv)
    if request.state == "absent":
        if not exists:
            return plan
        plan.installed = read_installed(runner, request)
        if request.packages:
            plan.removals = [spec.name for spec in request.packages if spec.name in plan.installed]
            return plan
        plan.npm_removal = request.install_npm and "npm" in plan.installed
        plan.edits = plan_file_edits(request, npm_present="npm" in plan.installed and not plan.npm_removal)
        return plan

    plan.create_virtualenv = not exists
    plan.installed = read_installed(runner, request) if exists else {}
    if request.install_npm and needs_install(runner, request, request.npm_spec, plan.installed.get("npm")):
        plan.npm_install = request.npm_spec
    plan.installs = [spec for spec in request.packages if needs_install(runner, request, spec, plan.installed.get(spec.name))]
    npm_present = "npm" in plan.installed or plan.npm_install is not None
    if exists:
        plan.edits = plan_file_edits(request, npm_present)
    return plan
