import botocore.exceptions
import pytest

from ansible_collections.racefree.ops.plugins.module_utils._polling import (
    Deadline,
    WaitTimeout,
    backoff_delays,
    is_transient,
    wait_for,
)


def client_error(code, status=400):
    return botocore.exceptions.ClientError(
        {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Describe"
    )


def test_backoff_starts_at_initial_and_caps():
    delays = backoff_delays(initial=1.0, maximum=10.0, factor=2.0)
    taken = [next(delays) for _index in range(6)]
    assert taken == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_wait_for_returns_value_when_done(clock):
    answers = iter([(False, "a"), (False, "b"), (True, "c")])
    result = wait_for(lambda: next(answers), Deadline(60, clock), "x", sleep=clock.sleep)
    assert result == "c"
    assert clock.now == pytest.approx(1.0 + 1.5)


@pytest.mark.parametrize("code", ["Throttling", "RequestLimitExceeded", "ThrottlingException", "InternalFailure"])
def test_wait_for_retries_transient_errors(code, clock):
    calls = []

    def probe():
        calls.append(1)
        if len(calls) < 3:
            raise client_error(code)
        return True, "ok"

    assert wait_for(probe, Deadline(60, clock), "x", sleep=clock.sleep) == "ok"
    assert len(calls) == 3


def test_wait_for_raises_other_errors_at_once(clock):

    def probe():
        raise client_error("AccessDenied")

    with pytest.raises(botocore.exceptions.ClientError):
        wait_for(probe, Deadline(60, clock), "x", sleep=clock.sleep)
    assert clock.now == 0.0


def test_wait_for_never_counts_throttling_as_done(clock):

    def probe():
        raise client_error("Throttling")

    with pytest.raises(WaitTimeout) as raised:
        wait_for(probe, Deadline(10, clock), "the ENIs", sleep=clock.sleep)
    assert "Throttling" in str(raised.value)
    assert clock.now == pytest.approx(10.0)


def test_wait_for_timeout_names_pending_items(clock):
    with pytest.raises(WaitTimeout) as raised:
        wait_for(
            lambda: (False, ["eni-1", "eni-2"]),
            Deadline(5, clock),
            "network interfaces to disappear",
            describe_pending=", ".join,
            sleep=clock.sleep,
        )
    assert "network interfaces to disappear" in str(raised.value)
    assert "eni-1, eni-2" in str(raised.value)
    assert raised.value.last_value == ["eni-1", "eni-2"]


def test_wait_for_probes_once_more_at_deadline(clock):

    def probe():
        return clock.now >= 5.0, clock.now

    assert wait_for(probe, Deadline(5, clock), "x", delays=iter([100.0]), sleep=clock.sleep) == 5.0


def test_wait_for_never_sleeps_past_deadline(clock):
    with pytest.raises(WaitTimeout):
        wait_for(lambda: (False, None), Deadline(3, clock), "x", delays=iter([10.0, 10.0]), sleep=clock.sleep)
    assert clock.now == pytest.approx(3.0)


def test_is_transient_for_server_errors():
    assert is_transient(client_error("SomethingBroke", status=503))
    assert not is_transient(client_error("InvalidParameterValue"))
    assert not is_transient(ValueError("x"))
