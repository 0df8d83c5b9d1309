"""The simulator's WSGI application: control endpoint, fault injection, own services,
and moto's server for everything else.
"""

import collections
import io
import json
import logging
import re
import threading
import uuid

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from tests.awssim import codec, elb, network_interfaces
from tests.awssim.faults import Faults
from tests.awssim.rds import service as rds_service
from tests.awssim.rds.model import utcnow
from tests.awssim.rds.store import RdsStore
from tests.awssim.timings import Timings

LOG = logging.getLogger("awssim")
CONTROL_PREFIX = "/_awssim/"
CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
DEFAULT_REGION = "us-east-1"


class Simulator:
    """One simulated AWS account, served as a WSGI application."""

    def __init__(self, timings=None, fault_seed=None):
        self.timings = timings or Timings()
        self.faults = Faults(seed=fault_seed)
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.rds_stores = {}
        self.calls = collections.Counter()
        # Calls the simulator's own services carried out, whatever they then returned.
        self.handled = collections.Counter()
        self.calls_lock = threading.Lock()
        # (service, action) -> callables run before moto handles the call; they may
        # raise AwsError. Other simulated services register here.
        self.before_hooks = collections.defaultdict(list)
        # (service, action) -> callables run after moto returned a 2xx status.
        self.after_hooks = collections.defaultdict(list)
        self.endpoint_url = None
        # Load balancer ENIs change state before the ENI checks look at them.
        self.load_balancers = elb.install(self)
        network_interfaces.install(self)

    def rds(self, region=DEFAULT_REGION):
        if region not in self.rds_stores:
            self.rds_stores[region] = RdsStore(region, self.timings)
        return self.rds_stores[region]

    def reset(self):
        Client(self.moto).post("/moto-api/reset")
        self.rds_stores.clear()
        self.faults.clear()
        self.load_balancers.clear()
        with self.calls_lock:
            self.calls.clear()
            self.handled.clear()

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith(CONTROL_PREFIX):
            from tests.awssim import control

            return control.handle(self, request)(environ, start_response)
        body = request.get_data()
        service, region = self._scope(request)
        action = request.values.get("Action") or _target_action(request)
        with self.calls_lock:
            self.calls[f"{service}:{action}"] += 1
        request_id = str(uuid.uuid4())
        try:
            self.faults.check(service, action)
            if service == "rds":
                params = codec.parse_query("rds", action, request.values)
                result = rds_service.handle(self.rds(region), action, params, utcnow())
                with self.calls_lock:
                    self.handled[f"{service}:{action}"] += 1
                self.faults.check(service, action, after=True)
                status, headers, text = codec.serialize_result("rds", action, result, request_id)
                return Response(text, status=status, headers=headers)(environ, start_response)
            for hook in self.before_hooks[(service, action)]:
                hook(self, region, request.values)
        except codec.AwsError as error:
            LOG.info("%s %s failed: %s", service, action, error)
            with self.calls_lock:
                self.calls[f"{service}:{action}!{error.code}"] += 1
            status, headers, text = codec.serialize_error(error, request_id)
            return Response(text, status=status, headers=headers)(environ, start_response)
        return self._forward_to_moto(environ, start_response, body, service, region, action, request)

    def _forward_to_moto(self, environ, start_response, body, service, region, action, request):
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        hooks = self.after_hooks[(service, action)]
        if not hooks:
            return self.moto(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        chunks = b"".join(self.moto(environ, capture))
        if captured["status"].startswith("2"):
            for hook in hooks:
                hook(self, region, request.values, chunks)
        start_response(captured["status"], captured["headers"])
        return [chunks]

    @staticmethod
    def _scope(request):
        match = CREDENTIAL_SCOPE.search(request.headers.get("Authorization", ""))
        if match is None:
            return "unknown", DEFAULT_REGION
        return match.group(2), match.group(1)

    def call_counts(self):
        with self.calls_lock:
            return dict(self.calls)

    def handled_counts(self):
        with self.calls_lock:
            return dict(self.handled)


def _target_action(request):
    target = request.headers.get("X-Amz-Target", "")
    return target.split(".")[-1] if target else "unknown"


def json_response(payload, status=200):
    return Response(json.dumps(payload, default=str), status=status, mimetype="application/json")
