"""Benchmarks run by hand: `python -m benchmarks render`. Figures are printed, never asserted."""
