"""meta/execution-environment.yml, requirements.txt and bindep.txt list what the plugins
need, so that ansible-builder can build an execution environment with the collection."""

import ast
import re
import subprocess
import sys

import yaml

from tests.awssim.process import REPO_ROOT
from tests.gates.collection_copy import BIN, SITE_COLLECTIONS, copy_collection

# Packages of Ansible itself, which every execution environment has.
ANSIBLE_PACKAGES = {"__future__", "ansible", "ansible_collections"}


def plugin_sources():
    return sorted((REPO_ROOT / "plugins").rglob("*.py"))


def imported_top_level_names():
    """Return the top-level package names that plugins/ imports."""
    names = set()
    for path in plugin_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def imports_amazon_aws():
    return any("ansible_collections.amazon.aws" in path.read_text(encoding="utf-8") for path in plugin_sources())


def requirement_names(path):
    """Return the lowercase distribution names in a pip requirements file."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.match(r"[A-Za-z0-9._-]+", line).group(0).lower())
    return names


def bindep_names():
    names = set()
    for line in (REPO_ROOT / "bindep.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.split()[0])
    return names


def test_ee_file_names_existing_files():
    config = yaml.safe_load((REPO_ROOT / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))

    assert config["version"] == 1
    assert (REPO_ROOT / config["dependencies"]["python"]).is_file()
    assert (REPO_ROOT / config["dependencies"]["system"]).is_file()


def test_requirements_match_plugin_imports():
    third_party = imported_top_level_names() - set(sys.stdlib_module_names) - ANSIBLE_PACKAGES
    required = requirement_names(REPO_ROOT / "requirements.txt")
    # amazon.aws's AnsibleAWSModule needs boto3 and botocore on the same host.
    inherited = requirement_names(SITE_COLLECTIONS / "amazon" / "aws" / "requirements.txt") if imports_amazon_aws() else set()

    assert third_party <= required, f"imported but not in requirements.txt: {sorted(third_party - required)}"
    assert required <= third_party | inherited, f"listed but not needed: {sorted(required - third_party - inherited)}"


def test_bindep_lists_called_programs():
    called = set()
    for path in plugin_sources():
        called.update(re.findall(r"get_bin_path\(\"([\w.-]+)\"", path.read_text(encoding="utf-8")))
    packages = {"npm": "npm", "python3": "python3-venv"}
    listed = bindep_names()

    assert called == set(packages), f"programs found through get_bin_path: {sorted(called)}"
    for program in sorted(called):
        assert packages[program] in listed, f"bindep.txt lacks {packages[program]} for {program}"
    # npm runs on node through its "#!/usr/bin/env node" line.
    assert "nodejs" in listed


def test_ansible_builder_reads_requirements(tmp_path):
    copy_collection(tmp_path)
    (tmp_path / "ansible_collections" / "amazon").unlink()

    completed = subprocess.run(
        [str(BIN / "ansible-builder"), "introspect", "--sanitize", str(tmp_path)],
        capture_output=True, check=False, text=True, timeout=120,
    )

    assert completed.returncode == 0, completed.stderr
    found = yaml.safe_load(completed.stdout.split("\n", 1)[1])
    python = {entry.split("#")[0].strip() for entry in found["python"]}
    system = {entry.split("#")[0].strip() for entry in found["system"]}
    assert python == {"boto3>=1.34.0", "botocore>=1.34.0"}
    assert {entry.split()[0] for entry in system} == bindep_names()
