"""Replications and sweeps: seeding, serial/process/Ray backends, streaming results,
resume; and the ``trappa`` CLI."""
