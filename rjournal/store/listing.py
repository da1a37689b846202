"""The people list in pages of plain rows, so `rj list` and `rj trash` show any number of
people in the memory of one page.

Each page is read whole before it is shown, so the read lock is held for one page and never
while a slow reader (a pager) holds the output. Pages follow each other in the list's order,
(sort_key, id): everyone there for the whole listing shows once; someone renamed during it
may show twice or not at all, as in any paged list.

A row is a plain tuple (ListRow), not a PersonRow: at 100,000 people building a record per
row costs as much as reading it. `person_row` makes the record where one is wanted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rjournal.store.core import JournalCore
from rjournal.store.records import PersonRow
from rjournal.store.rows import clean_tag

# How many rows a page holds: large enough that a query per page costs nothing next to the
# rows, small enough that a page of long names stays well under a megabyte.
PAGE_SIZE = 2000

# id, name, nickname, company, last_contact (ISO day or None), archived (0 or 1), tags (sorted).
ListRow = tuple[int, str, str, str, str | None, int, tuple[str, ...]]

# A person's tags in one string: how many, then each, all joined by US (char 31). The count
# tells a tag that itself holds a US (nothing forbids one) from two tags.
_TAGS = (
    "(SELECT count(*) || char(31) || group_concat(t.tag, char(31)) "
    "FROM tags t WHERE t.person_id = p.id)"
)
_SELECT = (
    f"SELECT p.id, p.name, p.nickname, p.company, p.last_contact, p.archived, {_TAGS}, "
    "p.sort_key FROM people p {indexed} WHERE {where} AND (p.sort_key, p.id) > (?, ?) "
    "ORDER BY p.sort_key, p.id LIMIT ?"
)


def _where(tag: str | None, archived: bool, deleted: bool) -> tuple[str, list[Any]]:
    """Who the list shows: the living (archived too if asked) or the trash; with a tag."""
    clauses = ["p.deleted_at IS NOT NULL" if deleted else "p.deleted_at IS NULL"]
    params: list[Any] = []
    if not archived and not deleted:
        clauses.append("p.archived = 0")
    if tag:
        clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.person_id = p.id AND t.tag = ?)")
        params.append(clean_tag(tag))
    return " AND ".join(clauses), params


def _tags(joined: str | None, person_id: int, journal: JournalCore) -> tuple[str, ...]:
    if joined is None:
        return ()
    count, _, rest = joined.partition("\x1f")
    if count == "1":
        return (rest,)
    tags = rest.split("\x1f")
    if len(tags) != int(count):  # a tag holds a US: read them one by one
        tags = [r[0] for r in journal.conn.execute(
            "SELECT tag FROM tags WHERE person_id = ?", (person_id,))]  # fmt: skip
    return tuple(sorted(tags))


def list_pages(
    journal: JournalCore,
    *,
    tag: str | None = None,
    archived: bool = False,
    deleted: bool = False,
    size: int = PAGE_SIZE,
) -> Iterator[list[ListRow]]:
    """The people list, by name, a page at a time: not archived unless asked, not in the
    trash unless asked (then only the trash), only those with `tag` when given."""
    where, params = _where(tag, archived, deleted)
    # The covering index of the living (the planner would take people_live and read the
    # table for each row: twice the time at 100,000 people); the trash is outside it.
    sql = _SELECT.format(where=where, indexed="" if deleted else "INDEXED BY people_list")
    after: tuple[str, int] = ("", 0)
    while True:
        rows = journal.conn.execute(sql, (*params, *after, size)).fetchall()
        if not rows:
            return
        yield [(r[0], r[1], r[2], r[3], r[4], r[5], _tags(r[6], r[0], journal)) for r in rows]
        if len(rows) < size:
            return
        after = (rows[-1][7], rows[-1][0])


def widest_id(
    journal: JournalCore, *, tag: str | None = None, archived: bool = False, deleted: bool = False
) -> int:
    """The largest id the list would show (0 for none): what its id column is as wide as."""
    where, params = _where(tag, archived, deleted)
    row = journal.conn.execute(
        f"SELECT p.id FROM people p WHERE {where} ORDER BY p.id DESC LIMIT 1", params
    ).fetchone()
    return int(row[0]) if row is not None else 0


def person_row(row: ListRow) -> PersonRow:
    """The record of a list row."""
    person_id, name, nickname, company, last_contact, archived, tags = row
    return PersonRow(
        id=person_id,
        name=name,
        nickname=nickname,
        company=company,
        tags=tags,
        last_contact=date.fromisoformat(last_contact) if last_contact else None,
        archived=bool(archived),
    )
