"""Copy the checkout into an ``ansible_collections/racefree/ops`` tree, as ansible-test and
ansible-galaxy expect, and prepare the offline home that ansible-test runs with."""

import fnmatch
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml

from tests.awssim.process import REPO_ROOT

BIN = REPO_ROOT / ".venv" / "bin"
# ansible-test keeps its virtualenvs and its pip bootstrap script under ~/.ansible/test.
ANSIBLE_TEST_HOME = REPO_ROOT / ".cache" / "ansible-test-home"
SITE_COLLECTIONS = Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"


def build_ignore_patterns():
    """Return the ``build_ignore`` patterns of galaxy.yml."""
    with open(REPO_ROOT / "galaxy.yml", encoding="utf-8") as galaxy:
        return yaml.safe_load(galaxy).get("build_ignore", [])


def is_build_ignored(relative, patterns):
    """Tell whether ansible-galaxy leaves RELATIVE out of the built collection, because a
    build_ignore pattern matches the path or one of its parent directories."""
    candidates = [str(relative)] + [str(parent) for parent in relative.parents if str(parent) != "."]
    return any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates for pattern in patterns)


def collection_files():
    """Return the relative paths of the files that git tracks or would track (not ignored)
    and that the built collection contains, so bench/ and demo/ are left out."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO_ROOT, check=True, capture_output=True, text=True,
    ).stdout
    patterns = build_ignore_patterns()
    files = [Path(name) for name in listed.split("\0") if name and (REPO_ROOT / name).is_file()]
    return [relative for relative in files if not is_build_ignored(relative, patterns)]


def copy_collection(root):
    """Copy the checkout to ROOT/ansible_collections/racefree/ops and link amazon.aws next
    to it, so that sanity tests and ansible-galaxy resolve the dependency offline.

    Return the path of the copy.
    """
    collections = Path(root) / "ansible_collections"
    target = collections / "racefree" / "ops"
    for relative in collection_files():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / relative, destination)
    (collections / "amazon").symlink_to(SITE_COLLECTIONS / "amazon", target_is_directory=True)
    return target


def pip_bootstrap_version():
    """Return the pip version ansible-test bootstraps into its sanity-test virtualenvs."""
    from ansible_test._internal.python_requirements import get_venv_packages

    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return get_venv_packages(_PythonVersion(version))["pip"]


class _PythonVersion:
    """The one attribute of ansible-test's PythonConfig that get_venv_packages reads."""

    def __init__(self, version):
        self.version = version


def prepare_ansible_test_home():
    """Place the offline pip bootstrap script where ansible-test looks for its download.

    Return the environment that runs ansible-test with that home.
    """
    version = pip_bootstrap_version().replace(".", "_")
    cache = ANSIBLE_TEST_HOME / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).with_name("get_pip_offline.py"), cache / f"get_pip_{version}.py")
    return {
        "HOME": str(ANSIBLE_TEST_HOME),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "XDG_CACHE_HOME": str(REPO_ROOT / ".cache"),
        "ANSIBLE_HOME": str(ANSIBLE_TEST_HOME / ".ansible"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "LANG": "C.UTF-8",
    }
