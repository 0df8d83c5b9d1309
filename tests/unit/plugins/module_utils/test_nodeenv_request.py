import subprocess
import sys

import pytest

from ansible_collections.racefree.ops.plugins.module_utils._nodeenv_request import (
    InvalidRequestError,
    build_request,
    validate_virtualenv,
)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    path = tmp_path_factory.mktemp("request") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return str(path)


def params(virtualenv, **overrides):
    values = dict(
        virtualenv=virtualenv, state="present", create=True, install_npm=True, npm_spec="npm",
        packages=[], registry=None, global_install_default=False,
    )
    values.update(overrides)
    return values


def test_validate_virtualenv_normalizes(venv):
    assert validate_virtualenv(venv + "/", "present", False) == venv


@pytest.mark.parametrize(
    "path, state, create, message",
    [
        ("venv", "present", True, "not an absolute path"),
        ("", "present", True, "not an absolute path"),
        ("/tmp/a\nb", "present", True, "control character"),
        ("/tmp/$HOME", "present", True, "control character or one of"),
        ("/tmp/a'b", "present", True, "control character or one of"),
        ("/nonexistent/racefree/v", "present", False, "does not exist. Create it first or set create=true"),
    ],
)
def test_validate_virtualenv_rejects(path, state, create, message):
    with pytest.raises(InvalidRequestError) as error:
        validate_virtualenv(path, state, create)
    assert message in str(error.value)


def test_validate_virtualenv_rejects_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("")
    with pytest.raises(InvalidRequestError) as error:
        validate_virtualenv(str(path), "present", True)
    assert "exists but is not a directory" in str(error.value)


def test_validate_virtualenv_rejects_plain_directory(tmp_path):
    with pytest.raises(InvalidRequestError) as error:
        validate_virtualenv(str(tmp_path), "present", True)
    assert "not a Python virtualenv (bin/activate not found)" in str(error.value)


@pytest.mark.parametrize("state, create", [("absent", False), ("present", True), ("latest", True)])
def test_validate_virtualenv_accepts_missing(tmp_path, state, create):
    assert validate_virtualenv(str(tmp_path / "new"), state, create) == str(tmp_path / "new")


def test_build_request(venv):
    request = build_request(params(venv, packages=["less@^4", "@s/t"]), "/usr/bin/npm")
    assert request.virtualenv == venv
    assert [spec.name for spec in request.packages] == ["less", "@s/t"]
    assert request.npm_spec.name == "npm"
    assert request.npm_path == venv + "/bin/npm"
    assert request.executable == "/usr/bin/npm"


@pytest.mark.parametrize(
    "overrides, message",
    [
        (dict(packages=["--prefix=/etc"]), "looks like a command-line option"),
        (dict(packages=["less; id"]), "whitespace"),
        (dict(packages=["less", "less@4"]), "names less more than once"),
        (dict(packages=["npm@11"]), "Set install_npm and npm_spec"),
        (dict(npm_spec="less"), "must name npm"),
        (dict(npm_spec="--global"), "command-line option"),
        (dict(registry="ftp://127.0.0.1/"), "not an http:// or https:// URL"),
    ],
)
def test_build_request_rejects(venv, overrides, message):
    with pytest.raises(InvalidRequestError) as error:
        build_request(params(venv, **overrides), "/usr/bin/npm")
    assert message in str(error.value)
