"""The changelog fragments pass antsibull-changelog lint, and the release changelog builds
in a copy of the collection and announces every module, role and playbook."""

import subprocess

import yaml

from tests.awssim.process import REPO_ROOT
from tests.gates.collection_copy import BIN, copy_collection


def antsibull_changelog(arguments, cwd, home):
    env = {"HOME": str(home), "PATH": f"{BIN}:/usr/bin:/bin", "ANSIBLE_HOME": str(home / ".ansible"),
           "ANSIBLE_LOCAL_TEMP": str(home / "tmp"), "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run([str(BIN / "antsibull-changelog"), *arguments], cwd=cwd, env=env,
                          capture_output=True, check=False, text=True, timeout=300)


def test_changelog_fragments_lint(tmp_path):
    completed = antsibull_changelog(["lint"], REPO_ROOT, tmp_path)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip() == ""


def test_release_changelog_builds(tmp_path):
    collection = copy_collection(tmp_path / "copy")
    version = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text(encoding="utf-8"))["version"]

    completed = antsibull_changelog(["release", "--version", version], collection, tmp_path)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    notes = (collection / "CHANGELOG.rst").read_text(encoding="utf-8")
    assert f"v{version}" in notes
    modules = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py"))
    roles = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if path.is_dir())
    playbooks = sorted(path.stem for path in (REPO_ROOT / "playbooks").glob("*.yml"))
    for name in modules + roles + playbooks:
        assert f"racefree.ops.{name} - " in notes, f"{name} missing from the release notes:\n{notes}"
    assert not list((collection / "changelogs" / "fragments").glob("*.yml")), "release did not consume fragments"
