"""Harnesses the tests (and benchmarks) drive real components with: a throwaway
PostgreSQL cluster and a window driven by key presses. Not part of the package."""
