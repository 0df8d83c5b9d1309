"""Every module and role has a page in docs/, and its options table matches the code.

A module page lists its options under "## Options". A role page lists its variables in a
table whose first column names them. The amazon.aws options that AnsibleAWSModule adds
(credentials, region, endpoint_url and so on) are not repeated on the pages.
"""

import importlib
import re

import pytest
import yaml

from tests.awssim.process import REPO_ROOT

MODULES = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
ROLES = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if (path / "meta" / "argument_specs.yml").exists())

# A table row whose first cell is one or more backticked names, such as "| `name` / `names` | ...".
ROW = re.compile(r"^\| *((?:`[\w.]+`(?: */ *)?)+) *\| *([^|]*?) *\|")


def page_rows(text, section=None):
    """Return {name: default cell} for the table rows of TEXT, or of its SECTION."""
    if section is not None:
        start = text.index(f"\n{section}\n")
        following = text.find("\n## ", start + 1)
        text = text[start:following if following >= 0 else len(text)]
    rows = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            for name in re.findall(r"`([\w.]+)`", match.group(1)):
                rows[name] = match.group(2)
    return rows


def rendered(default):
    """Return DEFAULT as the pages write it: YAML scalars and flow collections in backticks."""
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if default == "":
        return '`""`'
    if isinstance(default, (list, dict)):
        return "`" + yaml.safe_dump(default, default_flow_style=True).strip() + "`"
    return f"`{default}`"


def check_rows(rows, spec, page):
    assert sorted(rows) == sorted(spec), f"{page}: options on the page differ from the argument spec"
    for name, option in spec.items():
        cell = rows[name]
        if option.get("required"):
            assert "required" in cell, f"{page}: {name} is required but the page says {cell!r}"
        elif option.get("default") is not None:
            assert rendered(option["default"]) in cell, f"{page}: default of {name} is {option['default']!r}, page says {cell!r}"


@pytest.mark.parametrize("module", MODULES)
def test_module_page_matches_spec(module):
    page = REPO_ROOT / "docs" / f"{module}.md"
    assert page.exists(), f"docs/{module}.md is missing"
    code = importlib.import_module(f"ansible_collections.racefree.ops.plugins.modules.{module}")

    check_rows(page_rows(page.read_text(encoding="utf-8"), "## Options"), code.ARGUMENT_SPEC, page.name)


@pytest.mark.parametrize("role", ROLES)
def test_role_page_matches_spec(role):
    page = REPO_ROOT / "docs" / f"{role}.md"
    assert page.exists(), f"docs/{role}.md is missing"
    specs = yaml.safe_load((REPO_ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    spec = specs["argument_specs"]["main"]["options"]

    rows = page_rows(page.read_text(encoding="utf-8"))
    role_rows = {name: cell for name, cell in rows.items() if name.startswith(f"{role}_")}
    check_rows(role_rows, spec, page.name)


@pytest.mark.parametrize("module", MODULES)
def test_module_doc_options_match_spec(module):
    code = importlib.import_module(f"ansible_collections.racefree.ops.plugins.modules.{module}")
    documented = yaml.safe_load(code.DOCUMENTATION)["options"]

    assert sorted(documented) == sorted(code.ARGUMENT_SPEC)
