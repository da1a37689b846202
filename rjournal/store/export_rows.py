"""The rows kept ready for CSV export: their columns, and checking and refilling them.

The view export_cells says in SQL what each cell of a person's row holds (the formats of
interop.csv_own, written out); the table export_rows keeps those cells joined with US (char
31), and triggers on every table a cell reads rewrite a person's row in the same transaction as
the change (installed by store/sql/v2.sql, the cells as they are now by v4.sql), so
export only streams the table: a fresh computation of 100,000 rows takes seconds, streaming them
a fraction of one. Only a snooze, which depends on today, is applied at export time
(store.export). Changing what a cell holds is a new migration that reinstalls the view and the
triggers and refills the rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from rjournal.interop.csv_own import HEADER

# The cell columns of the view export_cells, in HEADER order: id first, next_due as due.
CELL_COLUMNS = ("person_id", *HEADER[1:15], "due", *HEADER[16:])
DUE_AT = CELL_COLUMNS.index("due")


def stale_rows(conn: sqlite3.Connection) -> list[int]:
    """Who has an export row other than the view gives now (none, when the triggers hold)."""
    kept = conn.execute("SELECT * FROM export_rows").fetchall()
    fresh = conn.execute("SELECT * FROM export_fresh").fetchall()
    return sorted({row[1] for row in set(kept) ^ set(fresh)})


def rebuild_rows(conn: sqlite3.Connection) -> None:
    """Work out everyone's export row afresh (after a bulk load with the triggers off)."""
    conn.execute("DELETE FROM export_rows")
    conn.execute("INSERT INTO export_rows SELECT * FROM export_fresh ORDER BY sort_key, person_id")


def refresh_rows(conn: sqlite3.Connection, person_ids: Sequence[int]) -> None:
    """Work out these people's export rows afresh (after writes made with the export triggers
    off): one pass per block of people, whatever each of them changed."""
    import json

    for start in range(0, len(person_ids), 10_000):
        ids = json.dumps(list(person_ids[start : start + 10_000]))
        conn.execute(
            "DELETE FROM export_rows WHERE person_id IN (SELECT value FROM json_each(?))", (ids,)
        )
        conn.execute(
            "INSERT INTO export_rows SELECT * FROM export_fresh "
            "WHERE person_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
