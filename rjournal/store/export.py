"""CSV export: one enriched row per person, safe to open in a spreadsheet.

Format: RFC 4180 (the csv module's rules: "\\r\\n" line ends, a field quoted when it holds a
comma, a quote or a line break), UTF-8. People in the trash are left out; archived people are
in, with archived = "yes". Lists inside one cell (emails, kids, pets, tags, promises) are joined
with "; ". Rows come in name order.

Formula injection guard: unless `raw`, a cell that starts with "=", "+", "-", "@", a tab or
a carriage return gets a leading "'". Spreadsheets run such a cell as a formula, so a name or
note typed as `=HYPERLINK("http://evil", "click")` or `@SUM(...)` would run on the machine
of whoever opens the file (OWASP "CSV injection"); the quote makes it plain text. This also
quotes harmless cells such as the phone "+44 ..." and the year-less birthday "--04-15"
(which a spreadsheet would otherwise compute as -11); `--raw` (raw=True) writes cells exactly
as stored, for scripts.

Columns: rhythm is the effective one with where it comes from ("monthly (own)", "weekly
(tag team)", "every 31 days (learned)", "none (own)", or empty); next_due applies it with
Rhythm.after to the last contact (else the day the person was added), no earlier than a
snooze; it is empty for archived people and people without a rhythm.

How it stays fast and small (100,000 people take about a second; see the README's Speed): the
journal keeps every person's cells ready, kept by triggers (store.export_rows), so export
streams one table in name order, in constant memory, and applies only what depends on today:
a snooze can push next_due later. Rows are built with the control characters US (between
cells) and RS (between rows), a block of rows at a time, and the guard and the quoting run once
over each block. A row whose own text holds US or RS is written from the view's cells one by
one instead, so no stored text can move a cell boundary.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from rjournal.store.export_rows import CELL_COLUMNS, DUE_AT, HEADER

if TYPE_CHECKING:
    from rjournal.store.journal import Journal

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "  # between the items of a list in one cell
MMAP_BYTES = 1 << 30
CELL = "\x1f"  # ASCII unit separator: between the cells of a row being built
ROW = "\x1e"  # ASCII record separator: between the rows of a block
BLOCK_ROWS = 512  # rows guarded and quoted at once: big enough to be cheap, small for memory
_CELLS_PER_ROW = len(HEADER)
_NEEDS_QUOTES = (",", '"', "\n", "\r")  # what makes the csv module quote a field


# -- writing ----------------------------------------------------------------------------

# A snooze later than next_due (and than today) moves it; '' (no rhythm) stays ''.
_ROWS_SQL = """SELECT head || iif(due <> '' AND snoozed_until > :today AND snoozed_until > due,
    snoozed_until, due) || tail FROM export_rows ORDER BY sort_key, person_id"""


def guard(cell: str) -> str:
    """The cell as a spreadsheet will show it, never run it: a leading ' on formula starts."""
    return "'" + cell if cell.startswith(DANGEROUS_FIRST) else cell


def write_csv(journal: Journal, out: TextIO, *, today: date, raw: bool = False) -> int:
    """Write the header and one row per person (trash excluded); returns the rows written."""
    csv.writer(out, lineterminator="\r\n").writerow(HEADER)
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
    """Rows built with CELL and ROW, guarded and quoted a block at a time, then written."""

    def __init__(self, out: TextIO, raw: bool, cells: Callable[[int], list[str]]) -> None:
        self.out = out
        self.raw = raw
        self.cells = cells
        self.lines: list[str] = []
        self.pending: list[str] = []  # csv output of the block, in order
        self.writer = csv.writer(_Collect(self.pending), lineterminator="\r\n")

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
        if not self.raw:
            for first in DANGEROUS_FIRST:
                if first in text:
                    text = text.replace(CELL + first, f"{CELL}'{first}")
        # (The first cell is the id, never guarded nor quoted, so CELL marks every other.)
        if not any(c in text for c in _NEEDS_QUOTES):
            self.out.write(text.replace(ROW, "\r\n").replace(CELL, ",") + "\r\n")
            return
        pending = self.pending
        write_quoted = self.writer.writerow
        for line in text.split(ROW):
            if "," in line or '"' in line or "\n" in line or "\r" in line:
                write_quoted(line.split(CELL))  # the csv module quotes exactly as it would
            else:
                pending.append(line)
                pending.append("\r\n")
        # csv output holds no CELL: what is left of them are boundaries between plain cells.
        self.out.write("".join(pending).replace(CELL, ","))
        pending.clear()

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
            self.writer.writerow(cells if self.raw else [guard(c) for c in cells])
            self.out.write("".join(self.pending))
            self.pending.clear()
        if clean:
            self._write(ROW.join(clean))


class _Collect:
    """A csv writer's file that keeps what it is given in a list."""

    def __init__(self, into: list[str]) -> None:
        self.write: Callable[[str], Any] = into.append
