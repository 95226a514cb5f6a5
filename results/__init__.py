"""Aggregation across replications, Parquet I/O, plots and reports (Norwegian bokmål by default, English available)."""
