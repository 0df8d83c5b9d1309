"""Cases where a naive set-up of a virtualenv as npm's prefix goes wrong.

Each test uses the real node and npm of this machine, with packages made by npm pack.
"""

import json
import shutil
from pathlib import Path

from tests.integration.nodeenv_support import HELLO_NAME, run, shell_run

INSTALL_AND_RUN = (
    '. "$1/bin/activate" && npm install -g --no-audit --no-fund "$2" >/dev/null'
    ' && command -v racefree-other && racefree-other && npm uninstall -g racefree-other >/dev/null'
)


def test_user_npmrc_prefix_after_activate(ready_venv, run_module, home, run_env, packages, tmp_path):
    """With prefix=OTHER in ~/.npmrc, npm install -g after activate still lands in VENV/bin."""
    venv = ready_venv["venv"]
    other = tmp_path / "other"
    (home / ".npmrc").write_text("prefix=%s\n" % other)

    result = run_module(ready_venv["args"])
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is False
    assert result["prefix_after_activate"] == str(venv)
    assert result["prefix_by_path"] == str(other)
    assert any("the user config %s (prefix=%s)" % (home / ".npmrc", other) in warning
               for warning in result["warnings"])

    completed = shell_run("bash", INSTALL_AND_RUN, [venv, packages["other"]], run_env)
    assert completed.stdout.splitlines() == [str(venv / "bin" / "racefree-other"), "racefree-other 2.0.0"]
    assert not other.exists()


def test_exported_prefix_after_activate(ready_venv, run_module, run_env, packages, tmp_path):
    venv = ready_venv["venv"]
    other = tmp_path / "other"
    env = {**run_env, "npm_config_prefix": str(other)}

    result = run_module(ready_venv["args"], env={"npm_config_prefix": str(other)})
    assert result["prefix_after_activate"] == str(venv)
    assert any("the environment variable npm_config_prefix=%s" % other in warning for warning in result["warnings"])

    completed = shell_run("bash", INSTALL_AND_RUN, [venv, packages["other"]], env)
    assert completed.stdout.splitlines()[0] == str(venv / "bin" / "racefree-other")
    assert not other.exists()


def test_npmrc_key_value_form(ready_venv, run_module, run_env):
    """npm ignores "prefix VENV" with a space, so the module writes prefix=VENV and checks it with npm."""
    venv = ready_venv["venv"]
    npmrc = venv / "lib" / "node_modules" / "npm" / "npmrc"
    npm = str(venv / "bin" / "npm")
    original = npmrc.read_text()

    npmrc.write_text("prefix %s\n" % venv)
    ignored = run([npm, "config", "get", "prefix"], env=run_env).stdout.strip()
    assert ignored != str(venv)

    repaired = run_module(ready_venv["args"])
    assert repaired["changed"] is True
    assert repaired["actions"] == ["edit %s" % npmrc]
    assert repaired["prefix_by_path"] == str(venv)
    assert "prefix=%s" % venv in npmrc.read_text().splitlines()
    assert npmrc.read_text() == "prefix %s\n" % venv + original
    assert run([npm, "config", "get", "prefix"], env=run_env).stdout.strip() == str(venv)
    npmrc.write_text(original)


BARE_INSTALL = '. "$1/bin/activate" && cd "$2" && npm install --no-audit --no-fund >/dev/null && npm config get global'


def write_project(path, hello_tarball):
    path.mkdir()
    manifest = {"name": "racefree-project", "version": "1.0.0", "dependencies": {HELLO_NAME: "file:%s" % hello_tarball}}
    (path / "package.json").write_text(json.dumps(manifest))
    return path


def test_global_install_default(ready_venv, run_module, packages, tmp_path, run_env):
    """A bare npm install in a project stays local by default and links the project with global=true."""
    venv = ready_venv["venv"]
    link = venv / "lib" / "node_modules" / "racefree-project"

    local = write_project(tmp_path / "local", packages["hello_1.0.0"])
    assert shell_run("bash", BARE_INSTALL, [venv, local], run_env).stdout.strip() == "false"
    assert (local / "node_modules" / HELLO_NAME / "package.json").exists()
    assert not link.exists()

    global_args = {**ready_venv["args"], "global_install_default": True}
    try:
        enabled = run_module(global_args)
        assert enabled["changed"] is True
        assert "global=true" in (venv / "lib" / "node_modules" / "npm" / "npmrc").read_text().splitlines()
        linked = write_project(tmp_path / "linked", packages["hello_1.0.0"])
        assert shell_run("bash", BARE_INSTALL, [venv, linked], run_env).stdout.strip() == "true"
        assert link.is_symlink()
        assert link.resolve() == linked.resolve()
        assert not (linked / "node_modules" / HELLO_NAME).exists()
    finally:
        run([str(venv / "bin" / "npm"), "uninstall", "-g", "racefree-project"], env=run_env)
        disabled = run_module(ready_venv["args"])
    assert disabled["changed"] is True
    assert "global=true" not in (venv / "lib" / "node_modules" / "npm" / "npmrc").read_text()


def test_prefix_in_venv_global_config_fails(ready_venv, run_module):
    """A prefix in VENV/etc/npmrc, which npm reads once the builtin npmrc sets VENV, fails the module."""
    venv = ready_venv["venv"]
    (venv / "etc").mkdir()
    (venv / "etc" / "npmrc").write_text("prefix=/nonexistent/racefree\n")
    try:
        result = run_module(ready_venv["args"])
    finally:
        (venv / "etc" / "npmrc").unlink()
        (venv / "etc").rmdir()
    assert result["failed"] is True
    assert result["msg"] == (
        "%s/bin/npm config get prefix returns /nonexistent/racefree instead of %s, because the global config "
        "%s/etc/npmrc sets prefix=/nonexistent/racefree. Remove that setting, or run %s/bin/npm config ls -l "
        "to find it." % (venv, venv, venv, venv)
    )
    assert result["prefix_by_path"] is None


def test_npm_self_upgrade_keeps_prefix(ready_venv, run_tasks, packages, run_env):
    """With the system node, only the builtin npmrc or activation gives VENV, and both survive an npm self-upgrade.

    This test upgrades the shared virtualenv's npm, so it comes last among the tests in this
    file that use that virtualenv. Later tests need only some npm in it.
    """
    venv = ready_venv["venv"]
    npm = str(venv / "bin" / "npm")
    npmrc = venv / "lib" / "node_modules" / "npm" / "npmrc"

    # Without the builtin npmrc, an npm installed with --prefix VENV uses node's prefix.
    hidden = npmrc.with_name("npmrc.hidden")
    npmrc.rename(hidden)
    node_prefix = str(Path(shutil.which("node")).resolve().parent.parent)
    try:
        assert run([npm, "config", "get", "prefix"], env=run_env).stdout.strip() == node_prefix
    finally:
        hidden.rename(npmrc)
    assert not (venv / "etc").exists()

    upgrade = shell_run(
        "bash",
        '. "$1/bin/activate" && npm install -g --no-audit --no-fund "$2" >/dev/null && npm --version'
        " && npm config get prefix",
        [venv, packages["npm_bumped"]], run_env,
    )
    assert upgrade.stdout.splitlines() == [packages["npm_bumped_version"], str(venv)]
    assert run([npm, "config", "get", "prefix"], env=run_env).stdout.strip() == str(venv)
    run([npm, "install", "-g", "--no-audit", "--no-fund", str(packages["other"])], env=run_env)
    assert (venv / "bin" / "racefree-other").exists()
    run([npm, "uninstall", "-g", "racefree-other"], env=run_env)

    # npm copied its builtin settings into the new npm without the marker comments.
    assert npmrc.read_text() == "prefix=%s\n" % venv
    args = {"virtualenv": str(venv)}
    restored, again = run_tasks([args, args])
    assert restored.get("failed") is not True, restored.get("msg")
    assert restored["changed"] is True
    assert restored["actions"] == ["edit %s" % npmrc]
    assert restored["npm_version"] == packages["npm_bumped_version"]
    assert restored["prefix_by_path"] == str(venv)
    assert npmrc.read_text().startswith("# BEGIN racefree.ops.nodeenv_prefix\n")
    assert again["changed"] is False
