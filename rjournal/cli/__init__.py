"""The command line: a thin click layer over the store and the domain.

Kept empty on purpose: `rj log` must start fast, so nothing loads here.
"""
