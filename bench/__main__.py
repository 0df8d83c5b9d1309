"""Run every benchmark against the simulator (and the system npm), and write docs/benchmarks.md.

    .venv/bin/python -m bench [--output docs/benchmarks.md]

Each benchmark is a module with ``main(argv)`` that prints a markdown section. This runs
them one after the other with the arguments in BENCHMARKS, echoes their sections, and
writes them below a header naming the machine, the date and the commands.
"""

import argparse
import contextlib
import datetime
import importlib
import io
import os
import sys
import time

from bench.common import REPO_ROOT, load_average, machine

BENCHMARKS = [
    ("bench.bench_eni_wait", ["--runs", "3"]),
    ("bench.bench_rds", ["--runs", "3"]),
    ("bench.bench_overhead", ["--runs", "5"]),
    ("bench.bench_nodeenv", ["--runs", "3"]),
]

HEADER = """# Benchmarks

Produced by `make bench`, which runs `.venv/bin/python -m bench`. Each benchmark runs
racefree.ops beside its alternative in the same run, against the AWS simulator in
tests/awssim on 127.0.0.1 (moto plus simulated delays) and, for nodeenv_prefix, the
system node and npm with local tarballs. The figures are simulator figures: they show
calls, waits and overheads, not AWS's own durations. Benchmarks are not part of
`make test`.

- Machine: {machine}
- Date: {date}
- Whole run: {minutes:.1f} minutes; load average at the start {load_start}, at the end {load_end}.
  Other test suites may have run on the machine at the same time, so compare figures
  within one table rather than across sections.

Commands, each of which prints its section alone:

{commands}
"""


def run_benchmark(module_name, argv):
    """Run one benchmark's main(argv); return its markdown and its wall time in seconds."""
    module = importlib.import_module(module_name)
    output = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(output):
        status = module.main(argv)
    if status:
        raise SystemExit(f"{module_name} exited with status {status}")
    return output.getvalue(), time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(REPO_ROOT / "docs" / "benchmarks.md"), help="markdown file to write")
    args = parser.parse_args(argv)
    # Keep npm, pip and boto3 away from the real home directory.
    os.environ["HOME"] = str(REPO_ROOT / ".cache" / "bench-home")
    os.makedirs(os.environ["HOME"], exist_ok=True)

    load_start = load_average()
    started = time.monotonic()
    sections = []
    for module_name, module_argv in BENCHMARKS:
        print(f"# running {module_name} {' '.join(module_argv)} (load average {load_average()})", file=sys.stderr, flush=True)
        text, seconds = run_benchmark(module_name, module_argv)
        print(text, flush=True)
        sections.append(text.rstrip() + f"\n\n{module_name} took {seconds / 60:.1f} minutes.\n")

    commands = "\n".join(f"- `.venv/bin/python -m {name} {' '.join(argv)}`" for name, argv in BENCHMARKS)
    header = HEADER.format(
        machine=machine(),
        date=datetime.date.today().isoformat(),
        minutes=(time.monotonic() - started) / 60,
        load_start=load_start,
        load_end=load_average(),
        commands=commands,
    )
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(header + "\n" + "\n".join(sections))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
