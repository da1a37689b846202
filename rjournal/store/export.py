"""CSV export: one enriched row per person, safe to open in a spreadsheet.

Format: RFC 4180 (the csv module, "\\r\\n" line ends, fields quoted when they hold a comma, a
quote or a line break), UTF-8. People in the trash are left out; archived people are in, with
archived = "yes". Lists inside one cell (emails, kids, pets, tags, promises) are joined
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

The export streams in constant memory: one cursor over people in name order, and one cursor
each over kids, pets, tags and open promises in the same order, merged row by row (cheaper
than a correlated subquery per person: most people have none of them); nothing is fetched
whole.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
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

# A yearly or plain date in parentheses after a kid's or pet's name, and when they passed.
_LIFE = """CASE
    WHEN x.birthday IS NOT NULL AND x.passed_on IS NOT NULL
        THEN ' (' || x.birthday || ', passed ' || x.passed_on || ')'
    WHEN x.birthday IS NOT NULL THEN ' (' || x.birthday || ')'
    WHEN x.passed_on IS NOT NULL THEN ' (passed ' || x.passed_on || ')'
    ELSE '' END"""

# Everyone in name order; the list cursors below use the same order so they merge.
_ORDER = "ORDER BY p.sort_key, p.id"
_PEOPLE_CELLS = (
    "p.name", "p.nickname", "p.company", "p.role", "replace(p.emails, char(10), '; ')",
    "replace(p.phones, char(10), '; ')", "p.city", "coalesce(p.birthday, '')", "p.partner",
)  # fmt: skip
_PEOPLE_SQL = """
SELECT p.id, {cells},
    p.last_contact, p.archived, p.rhythm, p.learned_days, p.added_on, p.snoozed_until
FROM people p WHERE p.deleted_at IS NULL {order}
"""


def _people_query(raw: bool) -> str:
    """People in name order; unless raw, their text cells guarded in SQL (cheaper than Python)."""
    codes = ", ".join(str(ord(c)) for c in DANGEROUS_FIRST)
    cells = (
        _PEOPLE_CELLS
        if raw
        else tuple(
            f"iif(unicode({cell}) IN ({codes}), char(39) || {cell}, {cell})"
            for cell in _PEOPLE_CELLS
        )
    )
    return _PEOPLE_SQL.format(cells=", ".join(cells), order=_ORDER)


# (person id, item) rows; kids eldest first as the store lists them, pets as added.
_LIST_SQL = {
    "kids": f"""SELECT p.id, x.name || {_LIFE} FROM kids x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL {_ORDER}, coalesce(x.birthday, '9999'), x.id""",
    "pets": f"""SELECT p.id, x.name || CASE WHEN x.species <> '' THEN ', ' || x.species
        ELSE '' END || {_LIFE} FROM pets x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL {_ORDER}, x.id""",
    "tags": f"""SELECT p.id, t.tag FROM tags t CROSS JOIN people p ON p.id = t.person_id
        WHERE p.deleted_at IS NULL {_ORDER}, t.tag""",
    "promises": f"""SELECT p.id, x.text || CASE WHEN x.due IS NOT NULL
        THEN ' (due ' || x.due || ')' ELSE '' END
        FROM promises x CROSS JOIN people p ON p.id = x.person_id
        WHERE p.deleted_at IS NULL AND x.done_on IS NULL
        {_ORDER}, coalesce(x.due, '9999'), x.id""",
}
_END = (None, "")


class _Lists:
    """One of the list cursors, read in step with the people cursor."""

    def __init__(self, cursor: Iterator[tuple[int, str]]) -> None:
        self.cursor = cursor
        self.head = next(cursor, _END)

    def of(self, person_id: int) -> str:
        """The person's items joined with "; " ("" for none); the cursor moves past them."""
        head = self.head
        if head[0] != person_id:
            return ""
        items = [head[1]]
        cursor = self.cursor
        for head in cursor:
            if head[0] != person_id:
                break
            items.append(head[1])
        else:
            head = _END
        self.head = head
        return SEPARATOR.join(items)


def guard(cell: str) -> str:
    """The cell as a spreadsheet will show it, never run it: a leading ' on formula starts."""
    return "'" + cell if cell.startswith(DANGEROUS_FIRST) else cell


@lru_cache(maxsize=8192)
def _due(code: str, start: str) -> str:
    return Rhythm.from_code(code).after(date.fromisoformat(start)).isoformat()


@lru_cache(maxsize=1024)
def _label(code: str) -> str:
    return Rhythm.from_code(code).label()


def _tag_defaults(journal: Journal) -> Callable[[str], tuple[str, str] | None]:
    """(rhythm code, tag) of the most attentive (shortest) default among "; "-joined tags."""
    rhythms = journal.tag_rhythms()

    @lru_cache(maxsize=4096)
    def shortest(tags: str) -> tuple[str, str] | None:
        found = shortest_tag_default(tags.split(SEPARATOR), rhythms)
        return (found[1].code(), found[0]) if found else None

    return shortest


def write_csv(journal: Journal, out: TextIO, *, today: date, raw: bool = False) -> int:
    """Write the header and one row per person (trash excluded); returns the rows written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    write = writer.writerow
    # Reading through a memory map spares a read() call per page: half the time here.
    previous_mmap = journal.conn.execute("PRAGMA mmap_size").fetchone()[0]
    journal.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        count = _write_rows(journal, write, today, raw)
    finally:
        journal.conn.execute(f"PRAGMA mmap_size = {int(previous_mmap)}")
    return count


def _write_rows(
    journal: Journal, write: Callable[[Iterable[Any]], Any], today: date, raw: bool
) -> int:
    tag_default = _tag_defaults(journal)
    as_of = today.isoformat()
    danger = "".join(DANGEROUS_FIRST)
    count = 0
    row: Any
    with journal.snapshot() as conn:
        kids, pets, tags_of, promises = (
            _Lists(conn.execute(_LIST_SQL[name])) for name in ("kids", "pets", "tags", "promises")
        )
        for row in conn.execute(_people_query(raw)):
            pid = row[0]
            last_contact, archived, own, learned_days, added_on, snoozed = row[10:]
            tags = tags_of.of(pid) if tags_of.head[0] == pid else ""
            code: str | None
            if own is not None:
                code, source = own, "own"
            elif tags and (default := tag_default(tags)) is not None:
                code, source = default[0], "tag " + default[1]
            elif learned_days:
                code, source = f"{learned_days}d", "learned"
            else:
                code = None
            next_due = ""
            if code is not None and code != "none" and not archived:
                next_due = _due(code, last_contact or added_on)
                if snoozed and snoozed > next_due and snoozed > as_of:
                    next_due = snoozed
            # Most people have no kids, pets or promises: skip the call for them.
            lists = [
                kids.of(pid) if kids.head[0] == pid else "",
                pets.of(pid) if pets.head[0] == pid else "",
                tags,
                promises.of(pid) if promises.head[0] == pid else "",
            ]
            if not raw and (lists[0] or lists[1] or tags or lists[3]):
                lists = ["'" + c if c and c[0] in danger else c for c in lists]
            # rhythm, last_contact and next_due are labels and dates we write: never guarded.
            write((
                *row[:10], *lists[:3], f"{_label(code)} ({source})" if code is not None else "",
                last_contact or "", next_due, lists[3], "yes" if archived else "no",
            ))  # fmt: skip
            count += 1
    return count
