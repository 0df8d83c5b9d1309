"""Shared fixtures: one simulator per test session, reset before each test that uses the ``simulator`` fixture."""

import boto3
import pytest

from tests.awssim.process import SimulatorProcess

TEST_TIMINGS = {
    "rename_accept": 0.3,
    "rename": 1.0,
    "rename_settle": 0.3,
    "name_release": 0.5,
    "create": 1.0,
    "delete": 0.5,
}


@pytest.fixture(scope="session")
def simulator_process():
    process = SimulatorProcess(timings=TEST_TIMINGS, extra_args=["--fault-seed", "7"])
    yield process
    process.stop()


@pytest.fixture
def simulator(simulator_process):
    """The session's simulator, emptied and with the test timings restored."""
    simulator_process.control("POST", "reset")
    simulator_process.control("POST", "timings", TEST_TIMINGS)
    return simulator_process


@pytest.fixture
def aws(simulator):
    """A factory of boto3 clients that talk to the simulator."""

    def client(service, region="us-east-1"):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=simulator.endpoint_url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    return client
