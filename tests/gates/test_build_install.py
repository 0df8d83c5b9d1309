"""ansible-galaxy builds the collection, installs the tarball offline into a fresh
collections path, and the installed copy runs by its FQCN against the simulator.

amazon.aws, the one dependency, comes from the ansible package in .venv's site-packages,
so ansible-galaxy finds it installed and downloads nothing.
"""

import json
import subprocess
import tarfile

from tests.gates.collection_copy import BIN, SITE_COLLECTIONS, build_ignore_patterns, copy_collection
from tests.integration.rds_seeds import mutating_rds_calls, single_instance

SITE_PACKAGES = SITE_COLLECTIONS.parent


def galaxy_env(home, collections_path):
    """Environment with no ansible.cfg, so only COLLECTIONS_PATH and site-packages count."""
    return {
        "HOME": str(home),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "ANSIBLE_HOME": str(home / ".ansible"),
        "ANSIBLE_CONFIG": str(home / "absent.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": f"{collections_path}:{SITE_PACKAGES}",
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_REMOTE_TMP": str(home / "remote-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def run(command, env, cwd, timeout=300):
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False, text=True, timeout=timeout)
    assert completed.returncode == 0, f"{command} failed:\n{completed.stdout}\n{completed.stderr}"
    return completed


def build_and_install(tmp_path):
    """Build the tarball from a copy of the checkout and install it.

    Return the tarball, the collections path it was installed into, and the environment.
    """
    home = tmp_path / "home"
    home.mkdir()
    collections_path = tmp_path / "installed"
    env = galaxy_env(home, collections_path)
    source = copy_collection(tmp_path / "source")

    run([str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path)], env, source)
    tarball = tmp_path / "racefree-ops-0.1.0.tar.gz"
    assert tarball.exists()
    run([str(BIN / "ansible-galaxy"), "collection", "install", "--offline", "-p", str(collections_path), str(tarball)],
        env, tmp_path)
    return tarball, collections_path, env


def test_build_leaves_out_build_ignore(tmp_path):
    tarball, _collections, _env = build_and_install(tmp_path)
    with tarfile.open(tarball) as archive:
        names = archive.getnames()

    assert "galaxy.yml" not in names  # ansible-galaxy writes MANIFEST.json instead
    assert "MANIFEST.json" in names
    assert "plugins/modules/rds_restore_in_place.py" in names
    assert "meta/runtime.yml" in names
    for name in names:
        assert not name.startswith(("bench/", "demo/", ".venv/", ".cache/")), name
    assert "Makefile" in build_ignore_patterns()
    assert "Makefile" not in names


def test_installed_copy_runs_by_fqcn(tmp_path, simulator):
    _tarball, collections_path, env = build_and_install(tmp_path)
    installed = collections_path / "ansible_collections" / "racefree" / "ops"
    assert (installed / "MANIFEST.json").exists()

    doc = json.loads(run([str(BIN / "ansible-doc"), "--json", "racefree.ops.rds_restore_in_place"], env, tmp_path).stdout)
    assert doc["racefree.ops.rds_restore_in_place"]["doc"]["filename"].startswith(str(installed))

    simulator.control("POST", "seed", single_instance("foo"))
    env.update(simulator.aws_env())
    env.update(ANSIBLE_COLLECTIONS_PATH=f"{collections_path}:{SITE_PACKAGES}", ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
               ANSIBLE_CONFIG=str(tmp_path / "home" / "absent.cfg"), HOME=str(tmp_path / "home"))
    args = {"db_instance_identifier": "foo", "use_latest_restorable_time": True}
    completed = run([str(BIN / "ansible"), "localhost", "-m", "racefree.ops.rds_restore_in_place",
                     "-a", json.dumps(args), "--check"], env, tmp_path)
    result = json.loads(completed.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]

    assert result["changed"] is True, result
    assert "failed" not in result or result["failed"] is False, result
    assert mutating_rds_calls(simulator) == 0
