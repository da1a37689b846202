"""rjournal's own CSV layout: what `rj export csv` writes, read back by `rj import csv`.

One row per person; columns (HEADER) found by name in any order, case and spaces aside
("Last contact" is last_contact); only `name` is required. `id` and `next_due` are the
journal's own figures and are skipped on reading.

Cells:
- lists (emails, phones, tags, kids, pets, occasions, open_promises) are items separated by
  "; "; tags may also be separated by spaces or commas, as people type them;
- a kid is `Name`, or `Name (PARTS)` with PARTS among `BIRTHDAY`, `passed DAY` and
  `notes: TEXT`, separated by ", "; a pet the same with its species after a comma
  (`Rex, dog (2021-11-27)`); an occasion `Label (DATE)`; a promise `text` or `text (due DAY)`;
- inside a list item, a backslash keeps the next `\\ ; , ( )` (and in a tag, a space) as
  text: a pet named `Rex, Jr.` is written `Rex\\, Jr.`, a kid named `Bo; Ray` `Bo\\; Ray`.
  Cells that are not lists (name, company, about...) are written exactly as typed;
- dates by the command line's strict rules ("1990-04-15", "--04-15" and "April 15" all work,
  "27.08" is refused); rhythm a period (`monthly`, `3w`), export's "monthly (own)" being the
  person's own and "(tag ...)" or "(learned)" ones skipped (those come from a tag or the
  history, not from the person); archived yes or no; snooze the day a snooze ends;
- the formula guard: a cell that a spreadsheet would run (its first character, after any
  apostrophes, one of = + - @ ＝ ＋ － ＠ tab or carriage return) is written with one more
  leading apostrophe, which reading takes off again; so `'+44 …` typed comes back as typed.

The cells export writes are worked out in SQL (store/sql, the export_cells view) for speed;
`format_*` here are the same rules in Python, and a property test holds the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from rjournal.domain.date_parser import parse_date, parse_yearly
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewKid, NewOccasion, NewPet, parse_channel
from rjournal.domain.rhythms import Rhythm, parse_period
from rjournal.interop.card import Card, CardKid, CardOccasion, CardPet, Problem
from rjournal.interop.vcard_text import split_raw  # the same backslash escaping

HEADER = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "kids", "pets", "tags", "rhythm", "last_contact", "next_due", "open_promises",
    "archived", "occasions", "snooze", "met", "about", "likes", "dislikes", "channel", "reach",
    "uid",
)  # fmt: skip
SKIPPED = ("id", "next_due")  # worked out by the journal
# Columns some files name otherwise: what a person writing a file by hand is likely to call them.
ALIASES = {"email": "emails", "phone": "phones", "tag": "tags", "snoozed_until": "snooze"}
SEPARATOR = "; "  # between the items of a list in one cell
_T = TypeVar("_T")

# What a spreadsheet runs as a formula when a cell starts with it (ASCII and full-width).
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_GUARDED = re.compile("'*[" + re.escape("".join(DANGEROUS_FIRST)) + "]")


def guard(cell: str) -> str:
    """The cell as a spreadsheet will show it, never run it: one more leading ' on a formula
    start (after any apostrophes already there, so unguard gives back exactly what was typed)."""
    return "'" + cell if _GUARDED.match(cell) else cell


def unguard(cell: str) -> str:
    """A cell as guard wrote it, back as typed: "'=x" is "=x", "''+44" is "'+44"."""
    return cell[1:] if cell[:1] == "'" and _GUARDED.match(cell, 1) else cell


_QUOTED = re.compile('[",;\r\n]')


def quote(cell: str) -> str:
    """A cell as it stands in the file: quoted when it holds a comma, a semicolon (some
    spreadsheets split rows on it), a quote or a line break; its quotes doubled."""
    return '"' + cell.replace('"', '""') + '"' if _QUOTED.search(cell) else cell


def csv_line(cells: Sequence[str]) -> str:
    """One row of the file, with its CRLF."""
    return ",".join(quote(cell) for cell in cells) + "\r\n"


# -- escaping inside list cells ------------------------------------------------------------

_ITEM_SPECIALS = "\\;"
_PART_SPECIALS = "\\;,()"
_TAG_SPECIALS = "\\;,() "
_ESCAPED = re.compile(r"\\([\\;,() ])", re.DOTALL)


def _escaper(specials: str) -> Callable[[str], str]:
    table = {ord(ch): "\\" + ch for ch in specials}
    return lambda text: text.translate(table)


escape_item = _escaper(_ITEM_SPECIALS)  # an email or phone: only the list's own separator
escape_part = _escaper(_PART_SPECIALS)  # a name, species, label, note or promise text
escape_tag = _escaper(_TAG_SPECIALS)  # a tag: its words would be separate tags otherwise


def unescape(text: str) -> str:
    """Escaped text back as typed: a backslash before `\\ ; , ( )` or a space is taken off; any
    other backslash (a path, a hand-written cell) stays."""
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def items(cell: str) -> list[str]:
    """A list cell's items, each still escaped, blanks dropped."""
    return [item.strip() for item in split_raw(cell, ";") if item.strip()]


# -- writing: the cells export makes (in SQL), in Python -----------------------------------


def _life(birthday: YearlyDate | None, passed: date | None, notes: str) -> str:
    parts = [birthday.iso()] if birthday else []
    if passed:
        parts.append(f"passed {passed.isoformat()}")
    if notes:
        parts.append(f"notes: {escape_part(notes)}")
    return f" ({', '.join(parts)})" if parts else ""


def format_kid(kid: NewKid) -> str:
    return escape_part(kid.name) + _life(kid.birthday, kid.passed_on, kid.notes)


def format_pet(pet: NewPet) -> str:
    species = f", {escape_part(pet.species)}" if pet.species else ""
    return escape_part(pet.name) + species + _life(pet.birthday, pet.passed_on, pet.notes)


def format_occasion(occasion: NewOccasion) -> str:
    return f"{escape_part(occasion.label)} ({occasion.date.iso()})"


def format_promise(text: str, due: date | None) -> str:
    return escape_part(text) + (f" (due {due.isoformat()})" if due else "")


def format_list(values: Sequence[str], escape: Callable[[str], str] = escape_item) -> str:
    return SEPARATOR.join(escape(value) for value in values)


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnRow:
    """A row of rjournal's own layout: the person's Card, and what only a journal keeps of
    them (None where the file does not say)."""

    card: Card
    promises: tuple[tuple[str, date | None], ...] = ()
    last_contact: date | None = None
    archived: bool | None = None
    snoozed_until: date | None = None


def column_key(header: str) -> str:
    """A header as this layout names its columns: "Last contact" is last_contact."""
    key = "_".join(header.replace("\ufeff", "").strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def is_own_header(header: Sequence[str]) -> bool:
    """The header is this layout's: it has a name column, and at least half its columns are
    ours."""
    keys = [column_key(h) for h in header if h.strip()]
    ours = sum(1 for key in keys if key in HEADER)
    return "name" in keys and ours * 2 >= len(keys)


_LIFE = re.compile(r"(?P<head>(?:[^\\()]|\\.)*?)\s*\((?P<inside>(?:[^\\()]|\\.)*)\)\s*", re.DOTALL)
_DUE = re.compile(r"(?P<text>(?:[^\\()]|\\.)*?)\s*\(due (?P<due>[^()]+)\)\s*", re.DOTALL)
_DATED = re.compile(r"(?P<label>(?:[^\\()]|\\.)*?)\s*\((?P<date>[^()]+)\)\s*", re.DOTALL)
_DERIVED_RHYTHM = re.compile(r"\((tag [^()]*|learned)\)\s*$")
_OWN_RHYTHM = re.compile(r"^(?P<period>.+?)\s*\(own\)\s*$")


class _Cells:
    """One row's cells by column, reading each with its line and column named on failure."""

    def __init__(self, cells: dict[str, str], line: int, today: date) -> None:
        self.cells = cells
        self.line = line
        self.today = today
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def read(self, column: str, read: Callable[[str], _T], empty: _T) -> _T:
        cell = self.cells.get(column, "")
        if not cell or cell.isspace():
            return empty
        try:
            return read(cell)
        except ValueError as error:  # DateError is a ValueError
            self.problems.append(Problem(str(error), self.line, column, cell))
            return empty


def _life_of(text: str, today: date) -> tuple[str, YearlyDate | None, date | None, str]:
    """`Name`, or `Name (BIRTHDAY, passed DAY, notes: TEXT)` (any of the three): the name
    still escaped, the rest read."""
    found = _LIFE.fullmatch(text)
    if found is None:
        return text, None, None, ""
    birthday: YearlyDate | None = None
    passed: date | None = None
    notes = ""
    for part in (p.strip() for p in split_raw(found["inside"], ",")):
        if part.startswith("notes:"):
            notes = unescape(part.removeprefix("notes:").strip())
        elif part.startswith("passed "):
            passed = parse_date(part.removeprefix("passed ").strip(), today)
        elif part:
            birthday = parse_yearly(part, today)
    return found["head"], birthday, passed, notes


def _kids(cell: str, today: date) -> tuple[CardKid, ...]:
    out = []
    for item in items(cell):
        name, birthday, passed, notes = _life_of(item, today)
        out.append(CardKid(unescape(name).strip(), birthday, notes, passed))
    return tuple(out)


def _pets(cell: str, today: date) -> tuple[CardPet, ...]:
    out = []
    for item in items(cell):
        head, birthday, passed, notes = _life_of(item, today)
        name, _, species = (unescape(p).strip() for p in _first_split(head, ","))
        out.append(CardPet(name, species, birthday, notes, passed))
    return tuple(out)


def _first_split(text: str, separator: str) -> tuple[str, str, str]:
    parts = split_raw(text, separator)
    return parts[0], separator if len(parts) > 1 else "", separator.join(parts[1:])


def _occasions(cell: str, today: date) -> tuple[CardOccasion, ...]:
    out = []
    for item in items(cell):
        found = _DATED.fullmatch(item)
        if found is None:
            raise ValueError(f"{item!r} is not an occasion: write it as label (date)")
        out.append(
            CardOccasion(unescape(found["label"]).strip(), parse_yearly(found["date"], today))
        )
    return tuple(out)


def _promises(cell: str, today: date) -> tuple[tuple[str, date | None], ...]:
    out: list[tuple[str, date | None]] = []
    for item in items(cell):
        due = _DUE.fullmatch(item)
        if due is None:
            out.append((unescape(item), None))
        else:
            when = parse_date(due["due"], today, allow_future=True)
            out.append((unescape(due["text"]).strip(), when))
    return tuple(out)


def _rhythm(cell: str) -> Rhythm | None:
    text = cell.strip()
    if not text or _DERIVED_RHYTHM.search(text):
        return None
    own = _OWN_RHYTHM.match(text)
    return parse_period(own["period"] if own else text)


def _yes_no(cell: str) -> bool:
    word = cell.strip().lower()
    if word in ("no", "false", "0"):
        return False
    if word in ("yes", "true", "1"):
        return True
    raise ValueError(f'"{cell}" is not yes or no')


def _tags(cell: str) -> tuple[str, ...]:
    if not cell:
        return ()
    words = (unescape(word).strip().lstrip("#") for word in split_raw(cell, ";, \t\n"))
    return tuple(dict.fromkeys(word.lower() for word in words if word))


def _list(cell: str) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(dict.fromkeys(unescape(item) for item in items(cell)))


def read_own_row(cells: dict[str, str], line: int, today: date) -> OwnRow | list[Problem]:
    """One row ({column key: cell}, the formula guard taken off) as an OwnRow, or every
    problem its cells have (line, column, value, why)."""
    row = _Cells(cells, line, today)
    name = row.text("name").strip()
    if not name:
        row.problems.append(Problem("a name can't be empty", line, "name"))
    birthday: YearlyDate | None = row.read("birthday", lambda c: parse_yearly(c, today), None)
    kids: tuple[CardKid, ...] = row.read("kids", lambda c: _kids(c, today), ())
    pets: tuple[CardPet, ...] = row.read("pets", lambda c: _pets(c, today), ())
    occasions: tuple[CardOccasion, ...] = row.read("occasions", lambda c: _occasions(c, today), ())
    promises: tuple[tuple[str, date | None], ...] = row.read(
        "open_promises", lambda c: _promises(c, today), ()
    )
    rhythm = row.read("rhythm", _rhythm, None)
    channel: Channel | None = row.read("channel", parse_channel, None)
    archived: bool | None = row.read("archived", _yes_no, None)
    last: date | None = row.read("last_contact", lambda c: parse_date(c, today), None)
    snooze: date | None = row.read(
        "snooze", lambda c: parse_date(c, today, allow_future=True), None
    )
    if row.problems:
        return row.problems
    text = row.cells.get  # every column read once: no method call per cell
    card = Card(
        name=name,
        uid=text("uid", "").strip(),
        nickname=text("nickname", "").strip(),
        company=text("company", ""),
        role=text("role", ""),
        emails=_list(text("emails", "")),
        phones=_list(text("phones", "")),
        city=text("city", ""),
        birthday=birthday,
        partner=text("partner", ""),
        met=text("met", ""),
        about=text("about", ""),
        likes=text("likes", ""),
        dislikes=text("dislikes", ""),
        channel=channel,
        reach=text("reach", ""),
        rhythm=rhythm,
        tags=_tags(text("tags", "")),
        kids=kids,
        pets=pets,
        occasions=occasions,
        line=line,
    )
    return OwnRow(card, promises, last, archived, snooze)


def header_problems(header: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """The column keys of an own-layout header, and what is wrong with it: no name column, a
    column twice. (Unknown columns are the caller's to name, with the other layouts'.)"""
    keys = [column_key(h) for h in header]
    problems: list[Problem] = []
    if "name" not in keys:
        problems.append(Problem("the header has no name column", 1))
    seen: set[str] = set()
    for header_text, key in zip(header, keys, strict=True):
        if key and key in seen:
            problems.append(Problem("this column appears twice in the header", 1, header_text))
        seen.add(key)
    return keys, problems


def own_rows(
    keys: Sequence[str], rows: Iterator[tuple[int, list[str]]], today: date
) -> Iterator[tuple[int, list[str], OwnRow | list[Problem]]]:
    """(line, cells, the row read or its problems) for each row of an own-layout file;
    columns whose key is not one of HEADER, and id and next_due, are left out."""
    wanted = [(i, key) for i, key in enumerate(keys) if key in HEADER and key not in SKIPPED]
    width = len(keys)
    for line, cells in rows:
        if len(cells) != width:
            why = f"{len(cells)} cells, the header has {width}"
            yield line, cells, [Problem(why, line)]
            continue
        # The formula guard off where a cell has one (in one pass: unguard is a call a cell).
        typed = {key: unguard(c) if (c := cells[i])[:1] == "'" else c for i, key in wanted}
        yield line, cells, read_own_row(typed, line, today)
