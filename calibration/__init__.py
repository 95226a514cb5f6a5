"""Calibration targets, fitting with scipy, the fitted parameter file and the fit report."""
