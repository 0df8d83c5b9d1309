"""A loopback AWS simulator: moto's server plus the eventual consistency of real AWS.

Start it with ``python -m tests.awssim --port 0``; it prints its endpoint URL first.
"""
