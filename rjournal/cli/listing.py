"""`rj list` and `rj trash`, streamed: a page of the list is read, written and let go, so
100,000 people take the memory of one page, in text and in JSON alike.

In text, rows whose texts are plain (printable ASCII, single spaces) take a fast path here,
which writes what the general one (output.person_line) writes for them; every other row goes
the general way. JSON is written by hand, each string by json's own encoder, as
jsonshape.dumps would write the whole list. Tests hold both equal to the general way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from click import echo

from rjournal.cli import output
from rjournal.cli.jsonshape import terminal_safe
from rjournal.domain.wording import day_month
from rjournal.store.listing import person_row

if TYPE_CHECKING:
    from rjournal.store.listing import ListRow

# Text that one_line leaves as it is and that a terminal shows one cell a character: words
# of printable ASCII, Latin, Greek, Cyrillic (assigned, no combining marks) and punctuation,
# with no space of any kind but single ones between them. Fields are checked at once, joined by US.
_WORD = (
    "[!-~\u00a1-\u02ff\u0370-\u0377\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482"
    "\u048a-\u052f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]+"
)
_FIELD = f"(?:{_WORD}(?: {_WORD})*)?"
_PLAIN = re.compile(f"{_FIELD}(?:\x1f{_FIELD})*").fullmatch
# The columns of output.person_line.
_NAME, _COMPANY = output.LIST_NAME, output.LIST_COMPANY


def _plain(row: ListRow) -> bool:
    if not row[1]:  # no name: one_line would drop the space before "(nickname)"
        return False
    fields = (row[1], row[2], row[3], *row[6])
    joined = "\x1f".join(fields)
    # A US inside a field would pass for a border between two.
    return joined.count("\x1f") == len(fields) - 1 and _PLAIN(joined) is not None


def text_lines(
    rows: Iterable[ListRow], today: date, id_width: int, days: dict[str | None, str]
) -> Iterator[str]:
    """output.person_line of each row; `days` keeps the last-contact column's words by day."""
    for row in rows:
        if not _plain(row):
            yield output.person_line(person_row(row), today, id_width)
            continue
        person_id, name, nickname, company, last_contact, archived, tags = row
        if nickname:
            name = f"{name} ({nickname})"
        if len(name) > _NAME:
            name = name[: _NAME - 1] + "…"
        if len(company) > _COMPANY:
            company = company[: _COMPANY - 1] + "…"
        last = days.get(last_contact)
        if last is None:
            last = days[last_contact] = day_month(date.fromisoformat(str(last_contact)), today)
        shown = "#" + " #".join(tags) if tags else ""
        if archived:
            shown = f"[archived] {shown}".rstrip()
        line = f"{person_id:>{id_width}}  {name:<{_NAME}}  {company:<{_COMPANY}}  {last:<11}"
        yield f"{line}  {shown}".rstrip()


def write_text(pages: Iterable[list[ListRow]], today: date, id_width: int, *, empty: str) -> None:
    """The list, a page at a time, and how many people it held."""
    count = 0
    days: dict[str | None, str] = {None: "never"}
    for page in pages:
        echo("\n".join(text_lines(page, today, id_width, days)))
        count += len(page)
    echo(output.people_count(count) if count else empty)


def json_items(rows: Iterable[ListRow]) -> Iterator[str]:
    """Each row as an element of the indented array jsonshape.dumps writes (before
    jsonshape.terminal_safe, which the caller applies to the whole text)."""
    for person_id, name, nickname, company, last_contact, archived, tags in rows:
        if tags:
            listed = ",\n      ".join(map(encode_basestring, tags))
            tags_json = f"[\n      {listed}\n    ]"
        else:
            tags_json = "[]"
        last = "null" if last_contact is None else encode_basestring(last_contact)
        yield (
            f'  {{\n    "id": {person_id},\n    "name": {encode_basestring(name)},\n'
            f'    "nickname": {encode_basestring(nickname)},\n'
            f'    "company": {encode_basestring(company)},\n    "tags": {tags_json},\n'
            f'    "last_contact": {last},\n    "archived": {"true" if archived else "false"}\n  }}'
        )


def write_json(pages: Iterable[list[ListRow]]) -> None:
    """The array `jsonshape.dumps` makes of the whole list, written a page at a time."""
    opened = False
    for page in pages:
        if not page:
            continue
        text = terminal_safe(",\n".join(json_items(page)))
        echo(("[\n" if not opened else ",\n") + text, nl=False)
        opened = True
    echo("\n]" if opened else "[]")
