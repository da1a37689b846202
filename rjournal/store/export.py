"""CSV export: one enriched row per person, safe to open in a spreadsheet.

Format: rjournal's own layout (interop.csv_own: its columns, its list cells and their escapes,
what import reads back), RFC 4180 ("\\r\\n" line ends), UTF-8. A cell is quoted when it holds a
comma, a quote or a line break, as RFC 4180 needs, and also a semicolon, so a spreadsheet that
splits rows on ";" keeps it whole. People in the trash are left out; archived people are in,
with archived = "yes". Rows come in name order.

Formula injection guard: unless `raw`, a cell that starts with "=", "+", "-", "@", their
full-width forms, a tab or a carriage return (after any apostrophes) gets a leading "'".
Spreadsheets run such a cell as a formula, so a name or note typed as
`=HYPERLINK("http://evil", "click")` or `@SUM(...)` would run on the machine of whoever opens
the file (OWASP "CSV injection"); the quote makes it plain text. This also quotes harmless
cells such as the phone "+44 ..." and the year-less birthday "--04-15" (which a spreadsheet
would otherwise compute as -11); import takes the quote off again. `--raw` (raw=True) writes
cells exactly as stored, for scripts.

Columns: rhythm is the effective one with where it comes from ("monthly (own)", "weekly
(tag team)", "every 31 days (learned)", "none (own)", or empty); next_due applies it with
Rhythm.after to the last contact (else the day the person was added), no earlier than a
snooze; it is empty for archived people and people without a rhythm.

How it stays fast and small (100,000 people take about a second; see the README's Speed): the
journal keeps every person's cells ready and quoted, kept by triggers (store.export_rows), so
export streams one table in name order, in constant memory, and applies only what depends on
today (a snooze can push next_due later) and the guard. Rows are built with the control
characters US (between cells) and RS (between rows), a block of rows at a time, and the guard
runs once over each block. A row whose own text holds US or RS is written from the view's
cells one by one instead, so no stored text can move a cell boundary.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TextIO

from rjournal.interop.csv_own import DANGEROUS_FIRST, HEADER, csv_line, guard
from rjournal.store.connection import MMAP_BYTES
from rjournal.store.export_rows import CELL_COLUMNS, DUE_AT

if TYPE_CHECKING:
    from rjournal.store.journal import Journal

CELL = "\x1f"  # ASCII unit separator: between the cells of a row being built
ROW = "\x1e"  # ASCII record separator: between the rows of a block
BLOCK_ROWS = 512  # rows guarded and quoted at once: big enough to be cheap, small for memory
_CELLS_PER_ROW = len(HEADER)
# A cell (after US, maybe opening its quotes) that the guard must give one more leading '.
_FORMULA_START = re.compile("\x1f(\"?)('*[" + re.escape("".join(DANGEROUS_FIRST)) + "])")


# -- writing ----------------------------------------------------------------------------

# A snooze later than next_due (and than today) moves it; '' (no rhythm) stays ''.
_ROWS_SQL = """SELECT head || iif(due <> '' AND snoozed_until > :today AND snoozed_until > due,
    snoozed_until, due) || tail FROM export_rows ORDER BY sort_key, person_id"""


def write_csv(journal: Journal, out: TextIO, *, today: date, raw: bool = False) -> int:
    """Write the header and one row per person (trash excluded); returns the rows written."""
    out.write(csv_line(HEADER))
    # Reading through a memory map spares a read() call per page.
    previous_mmap = journal.conn.execute("PRAGMA mmap_size").fetchone()[0]
    journal.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        return _write_rows(journal, out, today.isoformat(), raw)
    finally:
        journal.conn.execute(f"PRAGMA mmap_size = {int(previous_mmap)}")


def _write_rows(journal: Journal, out: TextIO, today: str, raw: bool) -> int:
    count = 0
    with journal.snapshot() as conn:
        block = _Block(out, raw, lambda person: _cells(conn, person, today))
        rows = conn.execute(_ROWS_SQL, {"today": today})
        while batch := rows.fetchmany(BLOCK_ROWS):
            block.lines.extend([line for (line,) in batch])
            count += block.flush()
    return count


def _cells(conn: sqlite3.Connection, person: int, today: str) -> list[str]:
    """One person's row, cell by cell (the slow, exact way, for text holding CELL or ROW)."""
    columns = ", ".join(CELL_COLUMNS)
    snoozed, *cells = conn.execute(
        f"SELECT snoozed_until, {columns} FROM export_cells WHERE person_id = ?", (person,)
    ).fetchone()
    due = cells[DUE_AT]
    if due and snoozed is not None and snoozed > today and snoozed > due:
        cells[DUE_AT] = snoozed
    return [str(cell) for cell in cells]


class _Block:
    """Rows built with CELL and ROW (their cells quoted already), guarded a block at a time,
    then written."""

    def __init__(self, out: TextIO, raw: bool, cells: Callable[[int], list[str]]) -> None:
        self.out = out
        self.raw = raw
        self.cells = cells
        self.lines: list[str] = []

    def flush(self) -> int:
        """Write the lines gathered so far; returns how many rows that was."""
        lines = self.lines
        count = len(lines)
        if count:
            text = ROW.join(lines)
            if text.count(CELL) == (_CELLS_PER_ROW - 1) * count and text.count(ROW) == count - 1:
                self._write(text)
            else:
                self._write_one_by_one()
            lines.clear()
        return count

    def _write(self, text: str) -> None:
        """Write rows whose only CELL and ROW characters are the boundaries we put there."""
        if not self.raw:  # the first cell is the id, never guarded: CELL starts every other
            text = _FORMULA_START.sub("\x1f\\1'\\2", text)
        self.out.write(text.replace(ROW, "\r\n").replace(CELL, ",") + "\r\n")

    def _write_one_by_one(self) -> None:
        """Some stored text holds CELL or ROW: build those rows from their cells instead."""
        clean: list[str] = []
        for line in self.lines:
            if line.count(CELL) == _CELLS_PER_ROW - 1 and ROW not in line:
                clean.append(line)
                continue
            if clean:
                self._write(ROW.join(clean))
                clean = []
            cells = self.cells(int(line[: line.index(CELL)]))  # the id comes first, digits
            self.out.write(csv_line(cells if self.raw else [guard(c) for c in cells]))
        if clean:
            self._write(ROW.join(clean))
