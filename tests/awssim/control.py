"""The control endpoint under /_awssim/: timings, faults, call counts, seeding, outcomes.

    GET    /_awssim/health            -> {"ok": true}
    GET    /_awssim/timings           -> current durations
    POST   /_awssim/timings           {"rename": 3, ...}
    POST   /_awssim/faults            {"service": "rds", "action": "ModifyDBInstance",
                                       "code": "Throttling", "count": 2, "rate": 1.0,
                                       "delay": 0, "after": false}: "code": null only
                                       delays; "after": true fails once handled
    DELETE /_awssim/faults
    GET    /_awssim/calls             -> {"rds:DescribeDBInstances": 3,
                                          "rds:ModifyDBInstance!DBInstanceAlreadyExists": 1, ...}
    DELETE /_awssim/calls
    GET    /_awssim/handled           -> {"rds:ModifyDBInstance": 1, ...}: calls the simulator's
                                          own services carried out, even if a fault then failed them
    POST   /_awssim/seed              a seed document (see seed.py) -> ids it created
    POST   /_awssim/rds/outcome       {"identifier": "foo", "status": "incompatible-parameters",
                                       "region": "us-east-1"}: the next instance created
                                       under that name ends in that status
    POST   /_awssim/reset             forget everything
"""

import json

from tests.awssim import seed


def handle(simulator, request):
    from tests.awssim.server import json_response

    route = (request.method, request.path[len("/_awssim/") :].rstrip("/"))
    payload = json.loads(request.get_data() or b"null")
    try:
        if route == ("GET", "health"):
            return json_response({"ok": True, "endpoint_url": simulator.endpoint_url})
        if route == ("GET", "timings"):
            return json_response(simulator.timings.as_dict())
        if route == ("POST", "timings"):
            simulator.timings.update(payload)
            return json_response(simulator.timings.as_dict())
        if route == ("POST", "faults"):
            simulator.faults.add(**payload)
            return json_response({"faults": simulator.faults.as_list()})
        if route == ("GET", "faults"):
            return json_response({"faults": simulator.faults.as_list(), "injected": simulator.faults.injected})
        if route == ("DELETE", "faults"):
            simulator.faults.clear()
            return json_response({"faults": []})
        if route == ("GET", "calls"):
            return json_response(simulator.call_counts())
        if route == ("DELETE", "calls"):
            with simulator.calls_lock:
                simulator.calls.clear()
                simulator.handled.clear()
            return json_response({})
        if route == ("GET", "handled"):
            return json_response(simulator.handled_counts())
        if route == ("POST", "seed"):
            return json_response(seed.apply(simulator, payload))
        if route == ("POST", "rds/outcome"):
            store = simulator.rds(payload.get("region", "us-east-1"))
            with store.lock:
                store.outcomes[payload["identifier"]] = payload["status"]
            return json_response({"outcomes": store.outcomes})
        if route == ("POST", "reset"):
            simulator.reset()
            return json_response({"ok": True})
    except (KeyError, TypeError, ValueError) as error:
        return json_response({"error": f"{type(error).__name__}: {error}"}, status=400)
    return json_response({"error": f"no control route {route[0]} {request.path}"}, status=404)
