"""Registry specs and state latest against a small npm registry served on 127.0.0.1."""

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.integration.nodeenv_support import HELLO_NAME, make_venv


class RegistryHandler(BaseHTTPRequestHandler):
    """Serve one package document and its tarballs, the two requests npm install and npm view make."""

    def do_GET(self):  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        files = self.server.files
        if self.path.lstrip("/") == HELLO_NAME:
            self._send(json.dumps(self.server.document).encode(), "application/json")
        elif self.path in files:
            self._send(files[self.path], "application/octet-stream")
        else:
            self.send_error(404)

    def _send(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by BaseHTTPRequestHandler
        self.server.requests.append(self.path)


@pytest.fixture
def registry(packages):
    """Start a registry that serves racefree-hello 1.0.0 and 1.1.0 (latest), and return its URL and request log."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RegistryHandler)
    url = "http://127.0.0.1:%d/" % server.server_port
    server.files, server.requests = {}, []
    versions = {}
    for version in ("1.0.0", "1.1.0"):
        data = packages["hello_" + version].read_bytes()
        path = "/%s/-/%s-%s.tgz" % (HELLO_NAME, HELLO_NAME, version)
        server.files[path] = data
        versions[version] = {
            "name": HELLO_NAME, "version": version, "bin": {HELLO_NAME: "cli.js"},
            "dist": {
                "tarball": url.rstrip("/") + path,
                "shasum": hashlib.sha1(data).hexdigest(),
                "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
            },
        }
    server.document = {"name": HELLO_NAME, "dist-tags": {"latest": "1.1.0"}, "versions": versions}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": url, "requests": server.requests}
    server.shutdown()
    server.server_close()


def test_registry_specs_and_state_latest(run_tasks, registry, tmp_path):
    venv = make_venv(tmp_path / "v")
    base = {"virtualenv": str(venv), "install_npm": False, "registry": registry["url"]}
    pinned, satisfied, check_latest, latest, again = run_tasks([
        {**base, "packages": [HELLO_NAME + "@1.0.0"]},
        {**base, "packages": [HELLO_NAME + "@^1.0.0"]},
        {**base, "packages": [HELLO_NAME], "state": "latest", "_check": True},
        {**base, "packages": [HELLO_NAME], "state": "latest"},
        {**base, "packages": [HELLO_NAME + "@^1.0.0"], "state": "latest"},
    ])
    assert pinned.get("failed") is not True, pinned.get("msg")
    assert pinned["packages"][0]["version"] == "1.0.0"
    assert satisfied["changed"] is False
    assert check_latest["changed"] is True
    assert check_latest["actions"] == ["install %s" % HELLO_NAME]
    assert check_latest["packages"][0]["version"] == "1.0.0"
    assert latest["changed"] is True
    assert latest["packages"][0]["version"] == "1.1.0"
    assert again["changed"] is False
    assert "/%s/-/%s-1.1.0.tgz" % (HELLO_NAME, HELLO_NAME) in registry["requests"]
