"""Tools for developing rjournal: benchmarks and the like (never imported by rj itself)."""
