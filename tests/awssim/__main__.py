"""Run the simulator: ``python -m tests.awssim --port 0 [--seed FILE] [--timings JSON]``.

The first line of output is the endpoint URL; SIGTERM or SIGINT stop it cleanly.
"""

import argparse
import json
import logging
import signal
import sys
import threading

import yaml
from werkzeug.serving import make_server

from tests.awssim import seed
from tests.awssim.server import Simulator
from tests.awssim.timings import Timings


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.awssim", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (default 0)")
    parser.add_argument("--seed", metavar="FILE", help="YAML or JSON account state to load at start")
    parser.add_argument("--timings", metavar="JSON", default="{}", help='durations in seconds, e.g. \'{"rename": 5}\'')
    parser.add_argument("--fault-seed", type=int, help="random seed for rate-based fault injection")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if not args.host.startswith("127.") and args.host not in ("localhost", "::1"):
        parser.error(f"--host {args.host} is not a loopback address; the simulator serves loopback only")

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.WARNING)
    timings = Timings()
    timings.update(json.loads(args.timings))
    simulator = Simulator(timings=timings, fault_seed=args.fault_seed)
    server = make_server(args.host, args.port, simulator, threaded=True)
    simulator.endpoint_url = f"http://{args.host}:{server.server_port}"

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if args.seed:
        with open(args.seed, encoding="utf-8") as handle:
            seed.apply(simulator, yaml.safe_load(handle))
    print(simulator.endpoint_url, flush=True)
    thread.join()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
