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

How it stays fast and small (100,000 people take about 2 s here; see the README's Speed): it
streams in constant memory, one cursor over people in name order and one cursor each over kids,
pets, tags and open promises in the same order, merged person by person (cheaper than a
correlated subquery per person: most people have none of them); nothing is fetched whole.
Per-cell work is what costs, so SQL joins a person's plain cells into one string and works out
an own or learned rhythm (the same arithmetic as Rhythm.label and Rhythm.after; tests hold them
equal), and Python only merges the lists and applies tag defaults. Rows are built with the
control characters US (between cells) and RS (between rows), a block of rows at a time, and the
guard and the quoting run once over each block; a row whose own text holds US or RS is written
from its cells one by one instead, so no stored text can move a cell boundary.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, TextIO

from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal, shortest_tag_default

HEADER = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "kids", "pets", "tags", "rhythm", "last_contact", "next_due", "open_promises",
    "archived",
)  # fmt: skip
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "  # between the items of a list in one cell
MMAP_BYTES = 1 << 30
CELL = "\x1f"  # ASCII unit separator: between the cells of a row being built
ROW = "\x1e"  # ASCII record separator: between the rows of a block
BLOCK_ROWS = 512  # rows guarded and quoted at once: big enough to be cheap, small for memory
_CELLS_PER_ROW = len(HEADER)
_NEEDS_QUOTES = (",", '"', "\n", "\r")  # what makes the csv module quote a field

# A yearly or plain date in parentheses after a kid's or pet's name, and when they passed.
_LIFE = """CASE
    WHEN x.birthday IS NOT NULL AND x.passed_on IS NOT NULL
        THEN ' (' || x.birthday || ', passed ' || x.passed_on || ')'
    WHEN x.birthday IS NOT NULL THEN ' (' || x.birthday || ')'
    WHEN x.passed_on IS NOT NULL THEN ' (passed ' || x.passed_on || ')'
    ELSE '' END"""

# Everyone in name order; the list cursors below use the same order so they merge.
_ORDER = "ORDER BY p.sort_key, p.id"


def label_sql(code: str) -> str:
    """SQL for Rhythm.from_code(code).label() of a stored rhythm code ("3m" -> "quarterly")."""
    n = f"CAST(substr({code}, 1, length({code}) - 1) AS INTEGER)"
    return f"""CASE {code} WHEN 'none' THEN 'none' WHEN '1w' THEN 'weekly'
        WHEN '1m' THEN 'monthly' WHEN '3m' THEN 'quarterly' WHEN '1y' THEN 'yearly'
        ELSE 'every ' || iif({n} = 1, '', {n} || ' ') || CASE substr({code}, -1)
            WHEN 'd' THEN 'day' WHEN 'w' THEN 'week' WHEN 'm' THEN 'month' ELSE 'year' END
            || iif({n} = 1, '', 's') END"""


def after_sql(code: str, start: str) -> str:
    """SQL for Rhythm.from_code(code).after(start) as ISO text (code not "none")."""
    n = f"CAST(substr({code}, 1, length({code}) - 1) AS INTEGER)"

    def calendar(unit: str) -> str:
        # SQLite rolls 31 January + 1 month over to 3 March; dateutil (Rhythm.after) stops at
        # the month's last day: a changed day of the month means step back to that day.
        moved = f"date({start}, '+' || {n} || ' {unit}')"
        return (
            f"iif(substr({moved}, 9) = substr({start}, 9), {moved}, "
            f"date({moved}, 'start of month', '-1 day'))"
        )

    return f"""CASE substr({code}, -1)
        WHEN 'd' THEN date({start}, '+' || {n} || ' days')
        WHEN 'w' THEN date({start}, '+' || (7 * {n}) || ' days')
        WHEN 'm' THEN {calendar("months")} ELSE {calendar("years")} END"""


_START = "coalesce(p.last_contact, p.added_on)"
_SNOOZE = "iif(p.snoozed_until > :today, p.snoozed_until, '')"  # max() with it: the later
_OWN_DUE = f"""iif(p.archived OR p.rhythm = 'none', '',
    max({after_sql("p.rhythm", _START)}, {_SNOOZE}))"""
_LEARNED_DUE = f"""iif(p.archived, '',
    max(date({_START}, '+' || p.learned_days || ' days'), {_SNOOZE}))"""
_LEARNED_LABEL = "iif(p.learned_days = 1, 'every day', 'every ' || p.learned_days || ' days')"
# rhythm, last_contact and next_due as one string (CELL between); a tag default, which needs
# the person's tags, replaces the learned rhythm in Python.
_RHYTHM = f"""CASE
    WHEN p.rhythm IS NOT NULL
        THEN printf(:own, {label_sql("p.rhythm")}, p.last_contact, {_OWN_DUE})
    WHEN p.learned_days
        THEN printf(:learned, {_LEARNED_LABEL}, p.last_contact, {_LEARNED_DUE})
    ELSE printf(:nothing, p.last_contact) END"""
# What a tag default needs: last contact, the clock's start ("" when archived: no next_due),
# the snooze. Null for people with a rhythm of their own, which wins over any tag.
_CLOCK = f"""iif(p.rhythm IS NULL,
    printf(:clock, p.last_contact, iif(p.archived, '', {_START}), p.snoozed_until), NULL)"""
_PLAIN_CELLS = (
    "p.id", "p.name", "p.nickname", "p.company", "p.role",
    "replace(p.emails, char(10), '; ')", "replace(p.phones, char(10), '; ')", "p.city",
    "p.birthday", "p.partner",
)  # fmt: skip
_PEOPLE_SQL = f"""SELECT p.id, printf(:plain, {", ".join(_PLAIN_CELLS)}), {_RHYTHM}, {_CLOCK},
    p.archived FROM people p WHERE p.deleted_at IS NULL {_ORDER}"""
# One person's cells one by one, for a row whose text holds CELL or ROW.
_PERSON_SQL = f"""SELECT {", ".join(_PLAIN_CELLS)}, {_RHYTHM}, {_CLOCK}, p.archived
    FROM people p WHERE p.id = :person"""
_PARAMS = {
    "plain": "%d" + f"{CELL}%s" * (len(_PLAIN_CELLS) - 1),
    "own": f"%s (own){CELL}%s{CELL}%s",
    "learned": f"%s (learned){CELL}%s{CELL}%s",
    "nothing": f"{CELL}%s{CELL}",
    "clock": f"%s{CELL}%s{CELL}%s",
}

# (person id, item) rows; kids eldest first as the store lists them, pets as added. {only}
# narrows a list to one person.
_LIST_SQL = {
    "kids": f"""SELECT p.id, x.name || {_LIFE} FROM kids x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL {{only}} {_ORDER}, coalesce(x.birthday, '9999'), x.id""",
    "pets": f"""SELECT p.id, x.name || CASE WHEN x.species <> '' THEN ', ' || x.species
        ELSE '' END || {_LIFE} FROM pets x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL {{only}} {_ORDER}, x.id""",
    "tags": f"""SELECT p.id, t.tag FROM tags t CROSS JOIN people p ON p.id = t.person_id
        WHERE p.deleted_at IS NULL {{only}} {_ORDER}, t.tag""",
    "promises": f"""SELECT p.id, x.text || CASE WHEN x.due IS NOT NULL
        THEN ' (due ' || x.due || ')' ELSE '' END
        FROM promises x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL AND x.done_on IS NULL {{only}}
        {_ORDER}, coalesce(x.due, '9999'), x.id""",
}
_LISTS = ("kids", "pets", "tags", "promises")
_ARCHIVED = ("no", "yes")
_END = (None, "")

TagDefault = Callable[[str], "tuple[str, str] | None"]


def guard(cell: str) -> str:
    """The cell as a spreadsheet will show it, never run it: a leading ' on formula starts."""
    return "'" + cell if cell.startswith(DANGEROUS_FIRST) else cell


@lru_cache(maxsize=16384)
def _due(code: str, start: str) -> str:
    return Rhythm.from_code(code).after(date.fromisoformat(start)).isoformat()


def _tag_defaults(journal: Journal) -> TagDefault:
    """(rhythm code, rhythm cell) of the most attentive default among "; "-joined tags."""
    rhythms = journal.tag_rhythms()

    @lru_cache(maxsize=4096)
    def shortest(tags: str) -> tuple[str, str] | None:
        found = shortest_tag_default(tags.split(SEPARATOR), rhythms)
        if found is None:
            return None
        return found[1].code(), f"{found[1].label()} (tag {found[0]})"

    return shortest


def _tag_rhythm(found: tuple[str, str], clock: str, as_of: str) -> tuple[str, str, str]:
    """rhythm, last_contact and next_due for a tag default, from the person's clock."""
    last, start, snoozed = clock.split(CELL)
    if not start:  # archived
        return found[1], last, ""
    due = _due(found[0], start)
    return found[1], last, snoozed if snoozed > due and snoozed > as_of else due


def _grouped(rows: Iterator[tuple[int, str]]) -> Iterator[tuple[int | None, str]]:
    """(person id, items joined with "; ") per person, then _END for ever."""
    item = itemgetter(1)
    for person, items in groupby(rows, itemgetter(0)):
        yield person, SEPARATOR.join(map(item, items))
    while True:
        yield _END


def write_csv(journal: Journal, out: TextIO, *, today: date, raw: bool = False) -> int:
    """Write the header and one row per person (trash excluded); returns the rows written."""
    csv.writer(out, lineterminator="\r\n").writerow(HEADER)
    # Reading through a memory map spares a read() call per page: half the time here.
    previous_mmap = journal.conn.execute("PRAGMA mmap_size").fetchone()[0]
    journal.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        return _write_rows(journal, out, today, raw)
    finally:
        journal.conn.execute(f"PRAGMA mmap_size = {int(previous_mmap)}")


def _write_rows(journal: Journal, out: TextIO, today: date, raw: bool) -> int:
    tag_default = _tag_defaults(journal)
    as_of = today.isoformat()
    params = {**_PARAMS, "today": as_of}
    count = 0
    with journal.snapshot() as conn:
        block = _Block(out, raw, lambda person: _cells(conn, person, params, tag_default))
        kids, pets, tags_of, promises = (
            _grouped(conn.execute(_LIST_SQL[name].format(only=""))) for name in _LISTS
        )
        kid_of, kids_cell = next(kids)
        pet_of, pets_cell = next(pets)
        tag_of, tags_cell = next(tags_of)
        promise_of, promises_cell = next(promises)
        lines = block.lines
        # Most people have no kids, pets or promises: one comparison each and they are done.
        for person, plain, rhythm, clock, archived in conn.execute(_PEOPLE_SQL, params):
            if kid_of == person:
                k = kids_cell
                kid_of, kids_cell = next(kids)
            else:
                k = ""
            if pet_of == person:
                pe = pets_cell
                pet_of, pets_cell = next(pets)
            else:
                pe = ""
            if tag_of == person:
                t = tags_cell
                tag_of, tags_cell = next(tags_of)
                if clock is not None and (found := tag_default(t)) is not None:
                    rhythm = CELL.join(_tag_rhythm(found, clock, as_of))
            else:
                t = ""
            if promise_of == person:
                pr = promises_cell
                promise_of, promises_cell = next(promises)
            else:
                pr = ""
            lines.append(
                f"{plain}{CELL}{k}{CELL}{pe}{CELL}{t}{CELL}{rhythm}{CELL}{pr}{CELL}"
                + _ARCHIVED[archived]
            )
            if len(lines) == BLOCK_ROWS:
                count += block.flush()
        count += block.flush()
    return count


def _cells(
    conn: sqlite3.Connection, person: int, params: dict[str, str], tag_default: TagDefault
) -> list[str]:
    """One person's row, cell by cell (the slow, exact way, for text holding CELL or ROW)."""
    row = conn.execute(_PERSON_SQL, {**params, "person": person}).fetchone()
    plain = ["" if cell is None else str(cell) for cell in row[: len(_PLAIN_CELLS)]]
    rhythm, clock, archived = row[len(_PLAIN_CELLS) :]
    lists = {
        name: SEPARATOR.join(
            item
            for _, item in conn.execute(
                _LIST_SQL[name].format(only="AND p.id = :person"), {"person": person}
            )
        )
        for name in _LISTS
    }
    # An own or learned rhythm holds no stored text, so CELL splits it safely.
    timing = rhythm.split(CELL)
    if clock is not None and (found := tag_default(lists["tags"])) is not None:
        timing = list(_tag_rhythm(found, clock, params["today"]))
    return [
        *plain, lists["kids"], lists["pets"], lists["tags"], *timing, lists["promises"],
        _ARCHIVED[archived],
    ]  # fmt: skip


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
