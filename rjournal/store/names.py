"""People's names that start with what was typed, for shell completion: read-only and bounded.

A shell asks on every tab, before the user has chosen to use the journal, so this never
creates, upgrades or writes a file, and answers with nothing rather than an error.
"""

from __future__ import annotations

import os
import sqlite3

from rjournal.domain.text import fold
from rjournal.store import connection
from rjournal.store.connection import StrPath

# Above every character a folded key can hold: `key < prefix || TOP` bounds a prefix range.
_TOP = chr(0x10FFFF)
# Two index ranges (people_sort, people_nick); with nothing typed, the first names in order.
_QUERY = (
    "SELECT name FROM people WHERE deleted_at IS NULL "
    "AND ((sort_key >= ?1 AND sort_key < ?1 || ?2) OR (nick_key >= ?1 AND nick_key < ?1 || ?2)) "
    "ORDER BY sort_key, id LIMIT ?3"
)
_EVERYONE = "SELECT name FROM people WHERE deleted_at IS NULL ORDER BY sort_key, id LIMIT ?3"


def names_starting(path: StrPath, typed: str, *, limit: int) -> list[str]:
    """Names of people (not in the trash) whose name or nickname starts with `typed`, case-
    and accent-insensitive, in name order; [] without a readable journal."""
    key = fold(typed)
    if key and typed[-1:].isspace():
        key += " "  # "ana " is a whole first word: Ana Lee, not Anabel
    try:
        if not os.path.isfile(path):
            return []
        header = connection.read_header(path)
        if int.from_bytes(header[68:72], "big") != connection.APPLICATION_ID:
            return []
        conn = connection.connect(path, read_only=True)
        try:
            rows = conn.execute(_QUERY if key else _EVERYONE, (key, _TOP, limit)).fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return []
    return [str(name) for (name,) in rows]
