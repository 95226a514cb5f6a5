"""The engine: one replication of a municipality's citizens moving through the innsatstrapp.

Owns the SimPy environment, population dynamics, citizen processes, capacity and yearly
accounting. Knows nothing of backends, files or plots.
"""
