# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One deadline-driven wait loop with backoff, shared by every wait in the collection.

Private to racefree.ops: not a public API.

A probe is called once per round and returns ``(done, value)``. Throttling and
transient server errors mean "ask again later", never "done". When the deadline
passes, ``WaitTimeout`` carries the last value so the caller can name what is
still there.
"""

from __future__ import annotations

import time

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule, which requires botocore
    pass

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

DEFAULT_INITIAL_DELAY = 1.0
DEFAULT_MAX_DELAY = 15.0
DEFAULT_BACKOFF = 1.5


class WaitTimeout(Exception):
    """The deadline passed before the probe reported done."""

    def __init__(self, message, last_value=None, rounds=0):
        super().__init__(message)
        self.last_value = last_value
        self.rounds = rounds


class Deadline:
    """A point in time, measured on a monotonic clock, that several waits share."""

    def __init__(self, seconds, clock=time.monotonic):
        self._clock = clock
        self.started = clock()
        self.expires = self.started + seconds

    def remaining(self):
        return max(0.0, self.expires - self._clock())

    def elapsed(self):
        return self._clock() - self.started

    def expired(self):
        return self._clock() >= self.expires


def backoff_delays(initial=DEFAULT_INITIAL_DELAY, maximum=DEFAULT_MAX_DELAY, factor=DEFAULT_BACKOFF):
    """Yield sleep lengths in seconds: ``initial``, growing by ``factor`` up to ``maximum``."""
    delay = initial
    while True:
        yield delay
        delay = min(maximum, delay * factor)


def is_transient(error):
    """Return True for a throttling or transient server error that a later call may not get."""
    if not isinstance(error, botocore.exceptions.ClientError):
        return isinstance(error, (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ReadTimeoutError))
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return AWSRetry.found(code, ["ThrottlingException", "RequestThrottled", "SlowDown"]) or status >= 500


def wait_for(probe, deadline, what, describe_pending=None, delays=None, sleep=time.sleep):
    """Call ``probe()`` until it returns ``(True, value)``; return ``value``.

    ``what`` names the awaited state in the timeout message, and
    ``describe_pending(last_value)`` returns what was still there at the end.
    Raises WaitTimeout when ``deadline`` passes; the probe runs once more at the
    deadline itself, so a state reached during the last sleep is not missed.
    """
    delays = delays if delays is not None else backoff_delays()
    rounds = 0
    last_value = None
    last_error = None
    while True:
        rounds += 1
        try:
            done, last_value = probe()
            last_error = None
        except Exception as error:  # pylint: disable=broad-except
            if not is_transient(error):
                raise
            done, last_error = False, error
        if done:
            return last_value
        remaining = deadline.remaining()
        if remaining <= 0:
            break
        sleep(min(next(delays), remaining))

    pending = describe_pending(last_value) if describe_pending and last_value is not None else None
    message = f"Timed out after {deadline.elapsed():.0f} s waiting for {what}"
    if pending:
        message += f"; still pending: {pending}"
    if last_error is not None:
        message += f"; the last call failed with {last_error}"
    raise WaitTimeout(message, last_value=last_value, rounds=rounds)
