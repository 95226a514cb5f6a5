"""Replications and sweeps: seeding, serial/process/Ray backends, streaming results,
resume; and, in `runners.cli`, the ``trappa`` command (``python -m runners``)."""
