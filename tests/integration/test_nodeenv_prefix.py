"""racefree.ops.nodeenv_prefix run ad hoc against the real node and npm.

Covers set-up and rerun, check and diff mode, state latest and absent, and input
that must fail before anything changes.
"""

import json

import pytest

from tests.integration.nodeenv_support import HELLO_NAME, PlaybookRunner, make_env, make_venv, run, snapshot

BEGIN = "# BEGIN racefree.ops.nodeenv_prefix"


def test_setup_and_rerun(ready_venv, run_module, packages, run_env):
    venv = ready_venv["venv"]
    first = ready_venv["first"]
    assert first["changed"] is True
    assert first["actions"][:2] == [
        "create virtualenv %s with python3 -m venv" % venv,
        "install %s into %s" % (packages["npm"], venv),
    ]
    assert first["virtualenv"] == str(venv)
    assert first["npm_version"] == packages["npm_version"]
    assert first["prefix_by_path"] == str(venv)
    assert first["prefix_after_activate"] == str(venv)
    assert first["packages"] == [
        {"name": HELLO_NAME, "version": "1.0.0", "bins": [str(venv / "bin" / HELLO_NAME)]}
    ]
    assert (venv / "lib" / "node_modules" / "npm" / "npmrc").read_text().splitlines()[1] == "prefix=%s" % venv
    assert (venv / "bin" / "pip").exists()
    assert run([str(venv / "bin" / HELLO_NAME)], env=run_env).stdout == "racefree-hello 1.0.0\n"

    before = snapshot(venv)
    second = run_module(ready_venv["args"])
    assert second.get("failed") is not True, second.get("msg")
    assert second["changed"] is False
    assert second["actions"] == []
    assert second["packages"] == first["packages"]
    assert snapshot(venv) == before


def test_check_mode_creates_nothing(run_module, packages, tmp_path):
    venv = tmp_path / "v"
    result = run_module(
        {"virtualenv": str(venv), "npm_spec": str(packages["npm"]), "packages": [str(packages["hello_1.0.0"])]},
        check=True,
    )
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is True
    assert result["actions"][0] == "create virtualenv %s with python3 -m venv" % venv
    assert "install %s" % packages["hello_1.0.0"] in result["actions"]
    assert not venv.exists()


def test_check_mode_existing_venv(run_module, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    before = snapshot(venv)
    result = run_module(
        {"virtualenv": str(venv), "npm_spec": str(packages["npm"]), "packages": [str(packages["hello_1.0.0"])]},
        check=True, diff=True,
    )
    assert result["changed"] is True
    assert "edit %s" % (venv / "bin" / "activate") in result["actions"]
    assert "install %s into %s" % (packages["npm"], venv) in result["actions"]
    assert [edit["after_header"] for edit in result["diff"]] == [
        str(venv / "bin" / "activate"),
        str(venv / "bin" / "activate.fish"),
        str(venv / "lib" / "node_modules" / "npm" / "npmrc"),
    ]
    assert result["diff"][2]["after"].splitlines()[1] == "prefix=%s" % venv
    assert snapshot(venv) == before


def test_diff_mode_shows_edits(run_module, tmp_path):
    venv = make_venv(tmp_path / "v")
    original = (venv / "bin" / "activate").read_text()
    result = run_module({"virtualenv": str(venv), "install_npm": False}, diff=True)
    assert result.get("failed") is not True, result.get("msg")
    diffs = {edit["after_header"]: edit for edit in result["diff"]}
    activate = diffs[str(venv / "bin" / "activate")]
    assert activate["before"] == original
    assert activate["after"] == (venv / "bin" / "activate").read_text()
    assert BEGIN + " activate" in activate["after"]
    assert "npm_config_prefix=%s" % venv in activate["after"].splitlines()
    assert str(venv / "bin" / "activate.fish") in diffs
    assert result["prefix_by_path"] is None
    assert result["prefix_after_activate"] == str(venv)

    rerun = run_module({"virtualenv": str(venv), "install_npm": False}, diff=True)
    assert rerun["changed"] is False
    assert rerun["diff"] == []


def test_state_latest_upgrades_tarball(run_tasks, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    base = {"virtualenv": str(venv), "install_npm": False}
    installed, upgraded, again = run_tasks([
        {**base, "packages": [str(packages["hello_1.0.0"])]},
        {**base, "packages": [str(packages["hello_1.1.0"])], "state": "latest"},
        {**base, "packages": [str(packages["hello_1.1.0"])], "state": "latest"},
    ])
    assert installed["changed"] is True
    assert upgraded["changed"] is True
    assert upgraded["actions"] == ["install %s" % packages["hello_1.1.0"]]
    assert upgraded["packages"][0]["version"] == "1.1.0"
    assert again["changed"] is False


def test_state_absent_removes_packages(run_tasks, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    base = {"virtualenv": str(venv), "install_npm": False}
    _installed, removed, again = run_tasks([
        {**base, "packages": [str(packages["hello_1.0.0"]), str(packages["other"])]},
        {**base, "packages": [HELLO_NAME], "state": "absent"},
        {**base, "packages": [HELLO_NAME], "state": "absent"},
    ])
    assert removed["changed"] is True
    assert removed["actions"] == ["uninstall %s" % HELLO_NAME]
    assert [package["name"] for package in removed["packages"]] == ["racefree-other"]
    assert not (venv / "bin" / HELLO_NAME).exists()
    assert (venv / "bin" / "racefree-other").exists()
    assert again["changed"] is False


def test_state_absent_restores_venv(run_tasks, packages, tmp_path):
    venv = make_venv(tmp_path / "v")
    original = snapshot(venv)
    hello = str(packages["hello_1.0.0"])
    setup, _removed_package, removed, again = run_tasks([
        {"virtualenv": str(venv), "npm_spec": str(packages["npm"]), "packages": [hello]},
        {"virtualenv": str(venv), "packages": [hello], "state": "absent"},
        {"virtualenv": str(venv), "state": "absent", "_diff": True},
        {"virtualenv": str(venv), "state": "absent"},
    ])
    assert setup["changed"] is True
    assert removed.get("failed") is not True, removed.get("msg")
    assert removed["changed"] is True
    assert removed["actions"][0] == "uninstall npm from %s" % venv
    assert {edit["after_header"] for edit in removed["diff"]} == {
        str(venv / "bin" / "activate"), str(venv / "bin" / "activate.fish"),
    }
    assert snapshot(venv) == original
    assert again["changed"] is False


def test_absent_missing_venv_unchanged(run_module, tmp_path):
    result = run_module({"virtualenv": str(tmp_path / "missing"), "state": "absent"})
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is False
    assert not (tmp_path / "missing").exists()


BAD_INPUT = {
    "option-like spec": ({"packages": ["--prefix=/etc"]}, "'--prefix=/etc' looks like a command-line option"),
    "spec with whitespace": ({"packages": ["less;touch /tmp/racefree-x"]}, "whitespace or control characters"),
    "spec with shell syntax": ({"packages": ["less$(id)"]}, "contains shell syntax ($ ( ))"),
    "relative tarball": ({"packages": ["./hello.tgz"]}, "'./hello.tgz' is a relative path"),
    "missing tarball": ({"packages": ["/nonexistent/racefree/gone.tgz"]},
                        "package tarball /nonexistent/racefree/gone.tgz was not found"),
    "relative virtualenv": ({"virtualenv": "relative/venv"}, "'relative/venv' is not an absolute path"),
    "virtualenv is a file": ({"virtualenv": "FILE"}, "exists but is not a directory"),
    "npm_spec not npm": ({"npm_spec": "left-pad"}, "must name npm"),
}


@pytest.fixture(scope="module")
def bad_input_results(inventory, tmp_path_factory):
    """Run every bad-input case in one ansible-playbook run, and return the results and the trees before and after."""
    scratch = tmp_path_factory.mktemp("bad-input")
    work = scratch / "work"
    work.mkdir()
    venv = make_venv(work / "v")
    (work / "file").write_text("not a virtualenv\n")
    before = snapshot(work)
    tasks = []
    for overrides, _message in BAD_INPUT.values():
        args = {"virtualenv": str(venv), **overrides}
        if args["virtualenv"] == "FILE":
            args["virtualenv"] = str(work / "file")
        tasks.append(args)
    home = scratch / "home"
    home.mkdir()
    results = PlaybookRunner(inventory, make_env(home, scratch), scratch)(tasks)
    return dict(zip(BAD_INPUT, results)), before, snapshot(work)


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_fails_without_change(bad_input_results, case):
    results, before, after = bad_input_results
    result = results[case]
    assert result["failed"] is True
    assert BAD_INPUT[case][1] in result["msg"]
    assert result["changed"] is False
    assert after == before


def test_version_specs_against_installed(run_tasks, packages, tmp_path):
    """Registry-style specs are checked against what is installed without asking the registry."""
    venv = make_venv(tmp_path / "v")
    base = {"virtualenv": str(venv), "install_npm": False}
    satisfied = [HELLO_NAME, HELLO_NAME + "@^1.0.0", HELLO_NAME + "@~1.1", HELLO_NAME + "@1.1.0"]
    results = run_tasks(
        [{**base, "packages": [str(packages["hello_1.1.0"])]}]
        + [{**base, "packages": [spec], "_check": True} for spec in satisfied]
        + [{**base, "packages": [HELLO_NAME + "@1.0.0"], "_check": True}]
    )
    for spec, result in zip(satisfied, results[1:]):
        assert result["changed"] is False, spec
    assert results[-1]["actions"] == ["install %s@1.0.0" % HELLO_NAME]
    manifest = json.loads((venv / "lib" / "node_modules" / HELLO_NAME / "package.json").read_text())
    assert manifest["version"] == "1.1.0"
