#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: nodeenv_prefix
short_description: Make a Python virtualenv the npm global prefix
version_added: 0.1.0
description:
  - Sets up a Python virtualenv so that C(npm install -g) puts packages into
    C(VIRTUALENV/lib/node_modules) and their executables into C(VIRTUALENV/bin), with the real
    node on C(PATH) and a real npm installed into the virtualenv.
  - Installs npm into the virtualenv (O(install_npm)) and writes C(prefix=VIRTUALENV) into that npm's
    builtin config file C(VIRTUALENV/lib/node_modules/npm/npmrc), which npm reads when
    C(VIRTUALENV/bin/npm) runs by path.
  - Adds a hook to C(bin/activate) (bash and zsh) and C(bin/activate.fish) that exports
    C(npm_config_prefix=VIRTUALENV) while the virtualenv is active. npm ranks environment variables
    above every npmrc file, so after activation npm uses the virtualenv even when C(~/.npmrc) or an exported
    C(npm_config_prefix) points elsewhere. C(deactivate) restores the previous values of
    C(npm_config_prefix) and C(NPM_CONFIG_PREFIX).
  - Verifies the result with npm itself, by running C(npm config get prefix) with the virtualenv's npm
    and with the environment that activation sets. It fails when npm reports another prefix after
    activation.
  - Installs, upgrades or removes global packages in the virtualenv, reading what is installed with
    C(npm ls --global --json) first so that a second run changes nothing.
  - Edits to files are marked with C(# BEGIN racefree.ops.nodeenv_prefix) and
    C(# END racefree.ops.nodeenv_prefix) comments, so that O(state=absent) can remove them.
author:
  - racefree.ops maintainers (!UNKNOWN)
options:
  virtualenv:
    description:
      - Absolute path of the Python virtualenv.
      - 'It must not contain control characters or any of C($ ` " '' \), which would need quoting that
        differs between shell scripts and npmrc files.'
    type: path
    required: true
  create:
    description:
      - Create the virtualenv with C(python3 -m venv) when it does not exist.
      - When V(false), a missing virtualenv is an error (except with O(state=absent)).
    type: bool
    default: true
  install_npm:
    description:
      - Install npm itself into the virtualenv from O(npm_spec), so that C(VIRTUALENV/bin/npm) exists
        and carries the virtualenv's prefix in its builtin npmrc.
      - When V(false), only the activate hook sets the prefix, for whichever npm is on C(PATH).
      - With O(state=absent) and no O(packages), V(true) also uninstalls the virtualenv's npm.
    type: bool
    default: true
  npm_spec:
    description:
      - The npm to install into the virtualenv when O(install_npm=true), as a package spec that names
        npm, for example V(npm), V(npm@11) or the absolute path of a tarball made by C(npm pack).
      - With O(state=present), an installed npm that matches the spec is kept, so V(npm) keeps
        any version, including one that the virtualenv's npm installed itself.
    type: str
    default: npm
  packages:
    description:
      - Global packages to install into, or with O(state=absent) remove from, the virtualenv.
      - Each item is a registry name (V(less)), a name with a version, a C(^) or C(~) range or a
        dist-tag (V(less@4.2.0), V(less@^4), V(less@latest)), a scoped name (V(@scope/tool)) or the
        absolute path of a package tarball (V(/srv/pkgs/tool-1.0.0.tgz)).
      - 'Items that start with C(-) or contain whitespace, parentheses or other shell syntax
        (C(; & | $ ` \ '' " < > { } ! * ? [ ] #)) are rejected before anything changes, and so are
        relative paths, directories, URLs, git specs and aliases.'
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) installs what is missing and every package whose installed version does not match
        its spec.
      - V(latest) also upgrades each package, and npm itself when O(install_npm=true), to the newest
        version that its spec allows (a tarball's own version for a tarball). This asks the registry
        with C(npm view) for every registry spec.
      - V(absent) with O(packages) uninstalls those packages. V(absent) without O(packages) removes the
        activate hooks and the builtin npmrc settings and, when O(install_npm=true), uninstalls the
        virtualenv's npm, leaving the virtualenv otherwise as it was.
    type: str
    choices: [present, latest, absent]
    default: present
  registry:
    description:
      - URL of the npm registry for the module's own C(npm install) and C(npm view) commands.
      - It is passed with C(--registry) and not written into any config file.
    type: str
  executable:
    description:
      - The npm that installs npm into the virtualenv, and that runs every npm command when the
        virtualenv has no npm of its own.
      - Defaults to C(npm) on C(PATH).
    type: path
  global_install_default:
    description:
      - Also set C(global=true) in the builtin npmrc and export C(npm_config_global=true) while the
        virtualenv is active, so that a plain C(npm install NAME) installs into the virtualenv too.
      - Side effect, by npm's design, once this is V(true) a bare C(npm install) inside a project
        folder no longer installs the project's dependencies into its C(node_modules). It links the
        project itself into C(VIRTUALENV/lib/node_modules) instead. Use C(npm install --global=false)
        in projects, or leave this V(false).
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    details: Reads files, C(npm ls) and, for O(state=latest), C(npm view), and runs no install.
  diff_mode:
    support: full
    details: Shows the before and after text of each activate script and npmrc that changes.
  idempotent:
    support: full
    details:
      - With O(state=latest), a run after a newer allowed version is published installs it.
      - After the virtualenv's npm upgraded itself, the next run restores the marker comments
        in its builtin npmrc and reports a change.
notes:
  - Needs node on C(PATH) of the managed host. The virtualenv's npm runs with that node, through its
    C(#!/usr/bin/env node) line.
  - npm ranks the builtin npmrc below C(~/.npmrc) and C(npm_config_prefix). When either sets a prefix,
    C(VIRTUALENV/bin/npm) run by path without activation uses that prefix; the module then warns and
    names the setting. After activation, npm uses the virtualenv.
  - The hook covers C(bin/activate) (bash, zsh) and C(bin/activate.fish). C(bin/activate.csh) and
    PowerShell get no hook.
  - Activating a second virtualenv without running C(deactivate) first runs that virtualenv's own
    C(deactivate), so the first one's npm variables stay exported unless the second one also has the hook.
  - The module owns the C(prefix) and C(global) keys of C(VIRTUALENV/lib/node_modules/npm/npmrc). When
    the virtualenv's npm upgrades itself, npm copies its builtin settings into the new npm without the
    marker comments. npm still uses the virtualenv, and the next run of this module restores the markers
    (and reports a change).
  - Package install scripts run as usual, and what they write is up to each package.
seealso:
  - name: npm config files
    description: The order in which npm reads its configuration.
    link: https://docs.npmjs.com/cli/configuring-npm/npmrc
extends_documentation_fragment:
  - racefree.ops.attributes
"""

EXAMPLES = r"""
- name: Make ~/venvs/tools the npm global prefix and install less into it
  racefree.ops.nodeenv_prefix:
    virtualenv: "{{ ansible_facts.env.HOME }}/venvs/tools"
    packages:
      - less
      - "@mermaid-js/mermaid-cli@^11"

- name: Install a package from a tarball made by npm pack, with a pinned npm
  racefree.ops.nodeenv_prefix:
    virtualenv: /srv/venvs/build
    npm_spec: npm@11.6.2
    packages:
      - /srv/pkgs/internal-cli-2.1.0.tgz

- name: Upgrade every package in the virtualenv to its newest allowed version
  racefree.ops.nodeenv_prefix:
    virtualenv: /srv/venvs/build
    packages: [less, typescript]
    state: latest

- name: Remove the npm set-up and the virtualenv's npm, keep the virtualenv
  racefree.ops.nodeenv_prefix:
    virtualenv: /srv/venvs/build
    state: absent
"""

RETURN = r"""
virtualenv:
  description: The normalized virtualenv path, which is also the npm prefix the module set.
  returned: always
  type: str
  sample: /srv/venvs/build
prefix_by_path:
  description:
    - What C(VIRTUALENV/bin/npm config get prefix) printed, run by path without activation.
    - Differs from RV(virtualenv) when C(~/.npmrc) or the environment sets a prefix, which the module
      reports in a warning. V(null) when the virtualenv has no npm, in check mode when the run would
      change something, and with O(state=absent).
  returned: always
  type: str
  sample: /srv/venvs/build
prefix_after_activate:
  description:
    - What C(npm config get prefix) printed with the environment that activation sets.
    - V(null) in check mode when the run would change something, and with O(state=absent).
  returned: always
  type: str
  sample: /srv/venvs/build
npm_version:
  description: Version of the virtualenv's npm, or of O(executable) when the virtualenv has none.
  returned: always
  type: str
  sample: 11.6.2
packages:
  description: Every global package in the virtualenv except npm itself.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Package name.
      type: str
      sample: less
    version:
      description: Installed version.
      type: str
      sample: 4.2.0
    bins:
      description: Executables the package put into C(VIRTUALENV/bin).
      type: list
      elements: str
      sample: [/srv/venvs/build/bin/lessc]
actions:
  description: What the run changed, or in check mode would change, in order.
  returned: always
  type: list
  elements: str
  sample: ["install /srv/pkgs/npm-11.6.2.tgz into /srv/venvs/build", "edit /srv/venvs/build/bin/activate"]
"""


import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.racefree.ops.plugins.module_utils._activate_hook import ActivateScriptError
from ansible_collections.racefree.ops.plugins.module_utils._nodeenv_apply import (
    PrefixError,
    apply_plan,
    describe_packages,
    final_installed,
    verify_prefix,
)
from ansible_collections.racefree.ops.plugins.module_utils._nodeenv_plan import NpmCommandError, Runner, build_plan
from ansible_collections.racefree.ops.plugins.module_utils._nodeenv_request import InvalidRequestError, build_request
from ansible_collections.racefree.ops.plugins.module_utils._npm_installed import NpmOutputError

ARGUMENT_SPEC = dict(
    virtualenv=dict(type="path", required=True),
    create=dict(type="bool", default=True),
    install_npm=dict(type="bool", default=True),
    npm_spec=dict(type="str", default="npm"),
    packages=dict(type="list", elements="str", default=[]),
    state=dict(type="str", choices=["present", "latest", "absent"], default="present"),
    registry=dict(type="str"),
    executable=dict(type="path"),
    global_install_default=dict(type="bool", default=False),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner = Runner(module)
    result = dict(changed=False, prefix_by_path=None, prefix_after_activate=None, actions=[])
    try:
        executable = module.params["executable"] or module.get_bin_path("npm", required=True)
        if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
            module.fail_json(msg="executable %s is not an executable file; give the path of an npm to bootstrap with" % executable)
        request = build_request(module.params, executable)
        result["virtualenv"] = request.virtualenv

        plan = build_plan(runner, request)
        result["changed"] = plan.changed
        result["actions"] = plan.actions(request)
        edits = plan.edits
        if not module.check_mode:
            edits = apply_plan(module, runner, request, plan, module.get_bin_path("python3", required=True))
        if request.state != "absent" and (not module.check_mode or not plan.changed):
            result["prefix_by_path"], result["prefix_after_activate"] = verify_prefix(module, runner, request)

        installed = final_installed(runner, request, plan, module.check_mode)
        result["packages"] = describe_packages(request.virtualenv, installed)
        result["npm_version"] = installed.get("npm") or runner.run([executable, "--version"])[1].strip()
    except (InvalidRequestError, ActivateScriptError, NpmCommandError, NpmOutputError, PrefixError, OSError) as error:
        module.fail_json(msg=str(error), **result)

    if module._diff:
        result["diff"] = [edit.as_diff() for edit in edits]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
