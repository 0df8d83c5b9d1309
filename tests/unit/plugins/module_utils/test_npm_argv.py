import pytest

from ansible_collections.racefree.ops.plugins.module_utils import _npm_argv

QUIET = ["--no-fund", "--no-audit", "--no-update-notifier"]


@pytest.mark.parametrize(
    "arguments, registry, expected_tail",
    [
        (["less"], None, ["--", "less"]),
        (["less@4", "/srv/t.tgz"], None, ["--", "less@4", "/srv/t.tgz"]),
        (["less"], "http://127.0.0.1:4873/", ["--registry", "http://127.0.0.1:4873/", "--", "less"]),
    ],
)
def test_install_argv(arguments, registry, expected_tail):
    argv = _npm_argv.install_argv("/usr/bin/npm", "/v", arguments, registry)
    assert argv == ["/usr/bin/npm", "install", "--global", "--prefix", "/v"] + QUIET + expected_tail


def test_install_argv_keeps_spec_after_separator():
    argv = _npm_argv.install_argv("npm", "/v", ["tool"])
    assert argv.index("--") == len(argv) - 2
    assert all(isinstance(item, str) for item in argv)


def test_uninstall_argv():
    argv = _npm_argv.uninstall_argv("npm", "/v", ["less", "@s/t"])
    assert argv == ["npm", "uninstall", "--global", "--prefix", "/v"] + QUIET + ["--", "less", "@s/t"]


def test_list_argv():
    assert _npm_argv.list_argv("npm", "/v") == [
        "npm", "ls", "--global", "--prefix", "/v", "--json", "--depth=0", "--no-update-notifier",
    ]


@pytest.mark.parametrize(
    "registry, expected",
    [
        (None, ["npm", "view", "--json", "--no-update-notifier", "--", "less@^4", "version"]),
        ("http://127.0.0.1:1/", ["npm", "view", "--json", "--no-update-notifier", "--registry", "http://127.0.0.1:1/",
                                 "--", "less@^4", "version"]),
    ],
)
def test_view_versions_argv(registry, expected):
    assert _npm_argv.view_versions_argv("npm", "less@^4", registry) == expected


def test_config_get_argv():
    assert _npm_argv.config_get_argv("/v/bin/npm", "prefix") == [
        "/v/bin/npm", "config", "get", "prefix", "--no-update-notifier",
    ]
