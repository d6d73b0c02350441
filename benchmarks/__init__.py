"""Benchmarks: the synthetic claims generator and the benchmark run (see README, "Performance")."""
