"""Benchmarks run with `make bench`; each prints its own figures as well as pytest-benchmark's."""
