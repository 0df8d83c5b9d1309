"""Fault injection: throttling at a rate, an operation failing N times with a code, or a delay."""

import dataclasses
import random
import threading
import time

from tests.awssim.codec import AwsError

# The throttling code each protocol family uses.
THROTTLING_CODES = {"ec2": "RequestLimitExceeded"}


@dataclasses.dataclass
class FaultRule:
    service: str  # "rds", "ec2", ... or "*"
    action: str  # "ModifyDBInstance", ... or "*"
    code: str | None = "Throttling"  # None: delay the call, then handle it
    message: str = "Rate exceeded"
    status: int = 400
    count: int | None = None  # fail this many times, then the rule is spent
    rate: float = 1.0  # probability that a matching call fails
    delay: float = 0.0  # seconds to hold the call before failing or handling it
    # True: handle the call, then return the error anyway, as a 5xx after the change
    # was made looks to a client. Applies to the simulator's own services (RDS).
    after: bool = False

    def matches(self, service, action, after):
        return self.service in ("*", service) and self.action in ("*", action) and self.after == after


class Faults:
    """Thread-safe set of fault rules, consulted before every AWS call."""

    def __init__(self, seed=None):
        self._rules = []
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self.injected = 0

    def add(self, **fields):
        rule = FaultRule(**fields)
        if rule.code == "Throttling":
            rule.code = THROTTLING_CODES.get(rule.service, rule.code)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self):
        with self._lock:
            self._rules.clear()
            self.injected = 0

    def check(self, service, action, after=False):
        """Raise the AwsError of the first matching rule that fires, after its delay.

        ``after`` selects the rules that apply once the call has been handled.
        """
        rule = self._fire(service, action, after)
        if rule is None:
            return
        if rule.delay:
            time.sleep(rule.delay)
        if rule.code is not None:
            raise AwsError(rule.code, rule.message, rule.status)

    def _fire(self, service, action, after):
        with self._lock:
            for rule in self._rules:
                if not rule.matches(service, action, after):
                    continue
                if rule.count is not None and rule.count <= 0:
                    continue
                if self._random.random() >= rule.rate:
                    continue
                if rule.count is not None:
                    rule.count -= 1
                self.injected += 1
                return rule
        return None

    def as_list(self):
        with self._lock:
            return [dataclasses.asdict(rule) for rule in self._rules]
