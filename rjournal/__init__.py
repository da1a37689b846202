"""rjournal: a terminal personal relationship journal.

Kept empty on purpose: every command imports this package, so nothing heavy may load here.
"""

__version__ = "0.1.0"
