"""The schema is history: a fresh journal's sqlite_master is pinned, and journals written by
every released version upgrade to today's schema with every row kept."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from rjournal.store.journal import Journal

GOLDEN = Path(__file__).parent / "golden" / "sqlite_master.txt"
# Set to rewrite the golden file from a fresh journal (then review the diff): only for a new
# migration, never to make a changed released one pass.
REWRITE = "RJOURNAL_REWRITE_GOLDEN"


def render_master(conn: sqlite3.Connection) -> str:
    """Every table, index, view and trigger, in the order SQLite keeps them, as text."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
    return "".join(
        f"-- {kind} {name} ON {table}\n{sql if sql is not None else '(no sql)'}\n\n"
        for kind, name, table, sql in rows
    )


def test_a_fresh_journal_has_the_pinned_schema(tmp_path: Path) -> None:
    """To change it on purpose (a new migration): RJOURNAL_REWRITE_GOLDEN=1 pytest this test,
    then review and commit the diff of tests/store/golden/sqlite_master.txt."""
    with Journal.open(tmp_path / "fresh.db") as journal:
        text = render_master(journal.conn)
        version = journal.conn.execute("PRAGMA user_version").fetchone()[0]
    text = f"-- user_version {version}\n\n{text}"
    if os.environ.get(REWRITE):
        GOLDEN.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {GOLDEN}")
    assert text == GOLDEN.read_text(encoding="utf-8")
