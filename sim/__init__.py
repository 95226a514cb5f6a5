"""The engine: one replication of a municipality's citizens moving through the innsatstrapp.

Owns the derivation of its inputs from a municipality's data (`sim.derive`), the SimPy
environment, population dynamics, citizen processes, capacity and yearly accounting, and
the keyed random streams (`sim.randomness`). Knows nothing of backends, files or plots.
"""
