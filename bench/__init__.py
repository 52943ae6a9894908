"""Benchmark scripts: `make bench` runs each one and writes its figures to bench-results/."""
