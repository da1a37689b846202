"""CSV import: people from a file, the inverse of export.py, as one transaction.

The file is UTF-8 (a byte-order mark is fine) with a header row. Columns are found by name,
in any order, case and spaces aside ("Last contact" is last_contact); `name` is required,
every other column optional. Read: every column `rj export csv` writes, and the person
fields it leaves out (met, about, likes, dislikes, channel, reach). A column with any other
name refuses the file: a value is never dropped unseen.

Cells are read as export writes them, and as a person would type them:
- lists (emails, phones, tags, kids, pets, open_promises) are separated by ";";
- birthday and kids' and pets' days use the command line's strict date rules (so
  "1990-04-15", "--04-15" and "April 15" all work, "27.08" is refused);
- a kid is `Name`, `Name (BIRTHDAY)`, `Name (BIRTHDAY, passed DAY)` or `Name (passed DAY)`;
  a pet the same with its species after a comma (`Rex, dog (2021-11-27)`);
- a promise is `text` or `text (due DAY)`;
- rhythm: a period (`monthly`, `3w`, `none`); export's "monthly (own)" is read as the
  person's own rhythm, and "(tag ...)" or "(learned)" ones are skipped, since those come
  from the tag or the history, not from the person;
- last_contact becomes one interaction on that day ("Last contact, imported"), so the
  rhythm clock goes on from there instead of restarting on the day of the import;
- archived: yes or no; id and next_due are worked out by the journal, so they are skipped;
- the leading ' that export puts before a cell starting with = + - @ (its formula guard) is
  taken off again.

Anything that can't be read refuses the whole file with its line and column, and nothing is
written. Rows whose name is already someone's in the journal are skipped and counted (import
the same file twice and nothing doubles; `rj merge` folds duplicates that do get in).
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

from rjournal.domain.date_parser import parse_date, parse_yearly
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewKid, NewPerson, NewPet, parse_channel
from rjournal.domain.rhythms import Rhythm, parse_period
from rjournal.domain.text import fold, one_line
from rjournal.store.derived import refresh_contact
from rjournal.store.export import DANGEROUS_FIRST
from rjournal.store.export_rows import HEADER
from rjournal.store.journal import Journal
from rjournal.store.rows import clean_tags

SKIPPED = ("id", "next_due")  # worked out by the journal
EXTRA = ("met", "about", "likes", "dislikes", "channel", "reach")
COLUMNS = tuple(c for c in HEADER if c not in SKIPPED) + EXTRA
IMPORTED_CONTACT = "Last contact, imported"

_LIFE = re.compile(r"^(?P<name>.+?)\s*\((?P<inside>[^()]*)\)\s*$")
_DUE = re.compile(r"^(?P<text>.+?)\s*\(due (?P<due>[^()]+)\)\s*$")
_DERIVED_RHYTHM = re.compile(r"\((tag [^()]*|learned)\)\s*$")
_OWN_RHYTHM = re.compile(r"^(?P<period>.+?)\s*\(own\)\s*$")


class ImportRefused(ValueError):
    """A cell or a header that can't be read: where it is, and why (one line)."""


@dataclass
class ImportReport:
    added: int = 0
    skipped: list[str] = field(default_factory=list)  # names already in the journal


@dataclass(frozen=True)
class ImportRow:
    person: NewPerson
    kids: tuple[NewKid, ...]
    pets: tuple[NewPet, ...]
    promises: tuple[tuple[str, date | None], ...]
    last_contact: date | None


def _key(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def _unguard(cell: str) -> str:
    """Undo export's formula guard: "'=x" is read as "=x"."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in DANGEROUS_FIRST else cell


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _life(text: str, today: date) -> tuple[str, YearlyDate | None, date | None]:
    """`Name`, `Name (BIRTHDAY)`, `Name (BIRTHDAY, passed DAY)` or `Name (passed DAY)`."""
    found = _LIFE.match(text)
    if found is None:
        return text, None, None
    birthday: YearlyDate | None = None
    passed: date | None = None
    for part in (p.strip() for p in found["inside"].split(",")):
        if part.startswith("passed "):
            passed = parse_date(part.removeprefix("passed ").strip(), today)
        else:
            birthday = parse_yearly(part, today)
    return found["name"], birthday, passed


def _rhythm(cell: str) -> Rhythm | None:
    if not cell or _DERIVED_RHYTHM.search(cell):
        return None
    own = _OWN_RHYTHM.match(cell)
    return parse_period(own["period"] if own else cell)


def _channel(cell: str) -> Channel | None:
    return parse_channel(cell) if cell.strip() else None


def _archived(cell: str) -> bool:
    word = cell.strip().lower()
    if word in ("", "no", "false", "0"):
        return False
    if word in ("yes", "true", "1"):
        return True
    raise ValueError(f'"{cell}" is not yes or no')


def _read_row(cells: dict[str, str], today: date) -> ImportRow:
    """One row as the journal will keep it; raises (ValueError, DateError) on a bad cell."""
    get = cells.get
    name = get("name", "").strip()
    if not name:
        raise _CellError("name", "a name can't be empty")
    kids: list[NewKid] = []
    pets: list[NewPet] = []
    promises: list[tuple[str, date | None]] = []
    with _cell("birthday"):
        birthday = parse_yearly(get("birthday", ""), today) if get("birthday") else None
    with _cell("kids"):
        for item in _items(get("kids", "")):
            kid_name, kid_birthday, kid_passed = _life(item, today)
            kids.append(NewKid(kid_name, kid_birthday, passed_on=kid_passed))
    with _cell("pets"):
        for item in _items(get("pets", "")):
            pet_text, pet_birthday, pet_passed = _life(item, today)
            pet_name, _, species = pet_text.partition(",")
            pets.append(
                NewPet(pet_name.strip(), species.strip(), pet_birthday, passed_on=pet_passed)
            )
    with _cell("open_promises"):
        for item in _items(get("open_promises", "")):
            due = _DUE.match(item)
            if due is None:
                promises.append((item, None))
            else:
                promises.append((due["text"], parse_date(due["due"], today, allow_future=True)))
    with _cell("rhythm"):
        rhythm = _rhythm(get("rhythm", "").strip())
    with _cell("tags"):
        tags = tuple(sorted(clean_tags(_tags(get("tags", "")))))
    with _cell("channel"):
        channel = _channel(get("channel", ""))
    with _cell("archived"):
        archived = _archived(get("archived", ""))
    with _cell("last_contact"):
        last = parse_date(get("last_contact", ""), today) if get("last_contact") else None
    person = NewPerson(
        name=name,
        added_on=today,
        nickname=get("nickname", "").strip(),
        company=get("company", "").strip(),
        role=get("role", "").strip(),
        emails=tuple(_items(get("emails", ""))),
        phones=tuple(_items(get("phones", ""))),
        city=get("city", "").strip(),
        birthday=birthday,
        partner=get("partner", "").strip(),
        met=get("met", ""),
        about=get("about", ""),
        likes=get("likes", ""),
        dislikes=get("dislikes", ""),
        channel=channel,
        reach=get("reach", ""),
        tags=tags,
        rhythm=rhythm,
        archived=archived,
    )
    return ImportRow(person, tuple(kids), tuple(pets), tuple(promises), last)


def _tags(cell: str) -> Iterator[str]:
    for item in re.split(r"[;,\s]+", cell):
        tag = item.strip().lower().lstrip("#")
        if tag:
            yield tag


class _CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@contextmanager
def _cell(column: str) -> Iterator[None]:
    """Names the column in whatever a parser inside raises (DateError is a ValueError)."""
    try:
        yield
    except _CellError:
        raise
    except ValueError as error:
        raise _CellError(column, str(error)) from None


def _rows(source: TextIO, where: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: cell}) for each data row, after checking the header."""
    reader = csv.reader(source, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRefused(f"{where} is empty: it needs a header row with a name column")
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        keys = [_key(h) for h in header]
        unknown = [h for h, k in zip(header, keys, strict=True) if k not in COLUMNS + SKIPPED]
        if unknown:
            raise ImportRefused(
                f"{where}: unknown column {one_line(repr(unknown[0]))}; columns read: "
                f"{', '.join(COLUMNS)} (id and next_due are skipped)"
            )
        if "name" not in keys:
            raise ImportRefused(f"{where} has no name column")
        if len(set(keys)) != len(keys):
            raise ImportRefused(f"{where}: a column appears twice in the header")
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(keys):
                raise ImportRefused(
                    f"{where} line {reader.line_num}: {len(cells)} cells, the header has "
                    f"{len(keys)}"
                )
            yield (
                reader.line_num,
                {k: _unguard(c) for k, c in zip(keys, cells, strict=True) if k not in SKIPPED},
            )
    except csv.Error as error:
        raise ImportRefused(f"{where} line {reader.line_num}: not valid CSV ({error})") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{where} is not UTF-8 text") from None


def read_csv(source: TextIO, where: str, today: date) -> list[ImportRow]:
    """Every row of the file, read and checked before the journal is touched."""
    rows: list[ImportRow] = []
    for line, cells in _rows(source, where):
        try:
            rows.append(_read_row(cells, today))
        except _CellError as error:
            raise ImportRefused(f"{where} line {line}, {error.column}: {error}") from None
    return rows


def import_rows(
    journal: Journal,
    rows: Iterable[ImportRow],
    *,
    today: date,
    now: datetime,
    dry_run: bool = False,
) -> ImportReport:
    """Add everyone, all or nothing (one transaction); with dry_run, only count."""
    report = ImportReport()
    if dry_run:
        known = _names(journal.conn)
        for row in rows:
            _count(report, row, known)
        return report
    with journal.write() as conn:
        known = _names(conn)
        contacts: list[tuple[int, date]] = []
        for row in rows:
            if not _count(report, row, known):
                continue
            person_id = journal.insert_person(conn, row.person, kids=row.kids, pets=row.pets)
            conn.executemany(
                "INSERT INTO promises (person_id, text, due, created_on) VALUES (?, ?, ?, ?)",
                [
                    (person_id, text, due.isoformat() if due else None, today.isoformat())
                    for text, due in row.promises
                ],
            )
            if row.last_contact is not None:
                contacts.append((person_id, row.last_contact))
        for person_id, day in contacts:
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES ('interaction', ?, NULL, 0, ?, ?)",
                (day.isoformat(), IMPORTED_CONTACT, now.isoformat(timespec="seconds")),
            )
            conn.execute(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                (cursor.lastrowid, person_id),
            )
        refresh_contact(conn, [person_id for person_id, _ in contacts])
    return report


def _count(report: ImportReport, row: ImportRow, known: set[str]) -> bool:
    """Count the row as added (True) or skipped, its name being someone's already."""
    key = fold(row.person.name)
    if key in known:
        report.skipped.append(row.person.name)
        return False
    report.added += 1
    return True


def _names(conn: sqlite3.Connection) -> set[str]:
    """Everyone's name in the journal, folded as PERSON look-ups fold them."""
    return {fold(r[0]) for r in conn.execute("SELECT name FROM people WHERE deleted_at IS NULL")}
