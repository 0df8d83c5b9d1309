"""Run the demo: ``python -m demo`` (``make demo``): an RDS restore in place, then a
load balancer teardown, each on its own loopback AWS simulator."""

import sys

from demo import restore, teardown

if __name__ == "__main__":
    restore.main()
    sys.exit(teardown.run())
