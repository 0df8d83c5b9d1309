"""`make demo`: the collection's main jobs on the loopback AWS simulator."""
