"""Benchmarks against the simulator and real npm; `make bench` runs them all."""
