# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the options of racefree.ops.nodeenv_prefix into one request.

Private to racefree.ops: no API promise outside this collection. Every check here
runs before the module changes anything.
"""

import os
from dataclasses import dataclass, field

from ansible_collections.racefree.ops.plugins.module_utils._npm_spec import InvalidSpecError, parse_spec

# The virtualenv path goes into shell scripts and into an npmrc, where npm expands
# ${VAR}. These characters would need quoting rules that differ between the files.
PATH_FORBIDDEN = set("$`\"'\\")


class InvalidRequestError(ValueError):
    """An option value that the module rejects before changing anything."""


@dataclass(frozen=True)
class Request:
    """The validated options of one module run."""

    virtualenv: str
    state: str
    create: bool
    install_npm: bool
    npm_spec: object
    packages: list = field(default_factory=list)
    registry: str = None
    executable: str = None
    global_install_default: bool = False

    @property
    def npm_path(self):
        """The path of the virtualenv's own npm, whether or not it exists yet."""
        return os.path.join(self.virtualenv, "bin", "npm")


def validate_virtualenv(path, state, create):
    """Return the normalized virtualenv path, or raise InvalidRequestError.

    A missing virtualenv is accepted when it will be created, or when state is absent
    (then there is nothing to remove).
    """
    if not path or not os.path.isabs(path):
        raise InvalidRequestError(
            "virtualenv %r is not an absolute path. Give the full path, for example /home/user/venvs/tools." % path
        )
    if any(ord(character) < 32 or ord(character) == 127 for character in path) or set(path) & PATH_FORBIDDEN:
        raise InvalidRequestError(
            "virtualenv %r contains a control character or one of $ ` \" ' \\, which cannot be written "
            "safely into activate scripts and npmrc files. Choose a path without them." % path
        )
    path = os.path.normpath(path)
    if os.path.lexists(path) and not os.path.isdir(path):
        raise InvalidRequestError("virtualenv %s exists but is not a directory. Remove it or choose another path." % path)
    if os.path.isdir(path):
        if not os.path.isfile(os.path.join(path, "bin", "activate")):
            raise InvalidRequestError(
                "%s is a directory but not a Python virtualenv (bin/activate not found). "
                "Create it with python3 -m venv or choose another path." % path
            )
        # access(2) reports a read-only file system even to root, who ignores permission bits.
        for folder in (path, os.path.join(path, "bin")):
            if not os.access(folder, os.W_OK):
                raise InvalidRequestError(
                    "virtualenv %s is not writable (%s is read-only or not writable for this user); "
                    "run as its owner or make it writable." % (path, folder)
                )
    elif state != "absent" and not create:
        raise InvalidRequestError("virtualenv %s does not exist. Create it first or set create=true." % path)
    return path


def build_request(params, executable):
    """Validate module parameters into a Request. ``executable`` is the resolved bootstrap npm."""
    state = params["state"]
    virtualenv = validate_virtualenv(params["virtualenv"], state, params["create"])

    try:
        npm_spec = parse_spec(params["npm_spec"])
        packages = [parse_spec(raw) for raw in params["packages"] or []]
    except InvalidSpecError as error:
        raise InvalidRequestError(str(error))

    if npm_spec.name != "npm":
        raise InvalidRequestError(
            "npm_spec %r names the package %r, but it must name npm (npm, npm@11 or an npm tarball)."
            % (npm_spec.raw, npm_spec.name)
        )
    names = [spec.name for spec in packages]
    if "npm" in names:
        raise InvalidRequestError(
            "packages contains npm. Set install_npm and npm_spec to manage the virtualenv's own npm."
        )
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidRequestError("packages names %s more than once. List each package once." % ", ".join(duplicates))

    registry = params.get("registry")
    if registry is not None and not registry.startswith(("http://", "https://")):
        raise InvalidRequestError("registry %r is not an http:// or https:// URL." % registry)

    return Request(
        virtualenv=virtualenv,
        state=state,
        create=params["create"],
        install_npm=params["install_npm"],
        npm_spec=npm_spec,
        packages=packages,
        registry=registry,
        executable=executable,
        global_install_default=params["global_install_default"],
    )
