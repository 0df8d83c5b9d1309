"""Start and drive a simulator process from tests, the demo and the benchmarks."""

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3

REPO_ROOT = Path(__file__).resolve().parents[2]


class SimulatorProcess:
    """A ``python -m tests.awssim`` child process on a free loopback port."""

    def __init__(self, seed_file=None, timings=None, extra_args=()):
        command = [sys.executable, "-m", "tests.awssim", "--port", "0"]
        if seed_file:
            command += ["--seed", str(seed_file)]
        if timings:
            command += ["--timings", json.dumps(timings)]
        command += list(extra_args)
        self.process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True, env=_offline_env()
        )
        self.endpoint_url = self.process.stdout.readline().strip()
        if not self.endpoint_url.startswith("http://127."):
            self.stop()
            raise RuntimeError(f"simulator did not start; first output line: {self.endpoint_url!r}")

    def control(self, method, route, payload=None):
        """Call the control endpoint; return its decoded JSON response."""
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(f"{self.endpoint_url}/_awssim/{route}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self, service, region="us-east-1"):
        """Return a boto3 client for ``service`` that talks to this simulator."""
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def aws_env(self, region="us-east-1"):
        """Environment that points boto3, and so Ansible's AWS modules, at the simulator."""
        env = _offline_env()
        env.update(
            AWS_ENDPOINT_URL=self.endpoint_url,
            AWS_REGION=region,
            AWS_DEFAULT_REGION=region,
        )
        return env


def _offline_env():
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    return env
