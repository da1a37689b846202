"""A realistic demo journal, deterministic for (people, today, seed), built fast enough to bench.

A few hand-written people with rich profiles come first (heroes), so screenshots tell a
story; the rest are generated (generator) from name pools of many cultures (pools, read from
data/*.toml); the loader writes them and lets the store derive the rest.
"""

from __future__ import annotations

from rjournal.demo.loader import build_demo

__all__ = ["build_demo"]
