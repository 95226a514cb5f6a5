"""Scenario files (``*.toml``) and their strict loader: municipality, years, strategy per need group, levers, capacity, replications, seed."""
