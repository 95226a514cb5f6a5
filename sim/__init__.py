"""The engine: one replication of a municipality's citizens moving through the innsatstrapp.

Owns the derivation of its inputs from a municipality's data (`sim.derive`), the journeys
of citizens with a need, written once (`sim.journeys`) and evaluated for all citizens at
once where nobody waits (`sim.citizens`), SimPy for the years and for the waits for a
limited number of places (`sim.places`, a SimPy resource), population dynamics, the
interventions as modules (`sim.intervention`), yearly accounting, and the keyed random
streams (`sim.randomness`). Knows nothing of backends, files or plots.
"""
