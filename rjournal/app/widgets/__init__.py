"""Reusable widgets and what they are built on; the only styles outside app.tcss are theirs."""
