"""Run the demo: ``python -m demo`` (``make demo``)."""

from demo import restore

if __name__ == "__main__":
    restore.main()
