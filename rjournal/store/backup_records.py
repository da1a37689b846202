"""The records of a JSON backup, checked one at a time: a person (with their tags, kids, pets,
occasions and promises) or an entry becomes the rows it gives each table, and each value
that can't be used becomes a problem saying where it is, what it is, and why (see
docs/json-format.md for what each key holds). Values are read with the domain's own readers
(YearlyDate, Rhythm, Channel) and stored with the store's own column mapping (store.rows),
as every other write stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewPerson
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import one_line
from rjournal.store.backup_json import (
    ENTRY_FIELDS,
    KID_FIELDS,
    OCCASION_FIELDS,
    PERSON_TEXT,
    PET_FIELDS,
    PROMISE_FIELDS,
)
from rjournal.store.rows import clean_tag, kept_text, person_values

_PERSON_KEYS = frozenset({"id", *PERSON_TEXT, "tags", "kids", "pets", "occasions", "promises"})
_ENTRY_KEYS = frozenset({*ENTRY_FIELDS, "people"})
KEPT_PROBLEMS = 1000  # beyond these, problems are counted, not kept


@dataclass
class Rows:
    """Checked rows waiting to be written, table by table (a block of them)."""

    settings: list[tuple[str, str]] = field(default_factory=list)
    tag_rhythms: list[tuple[Any, ...]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    tags: list[tuple[int, str]] = field(default_factory=list)
    kids: list[tuple[Any, ...]] = field(default_factory=list)
    pets: list[tuple[Any, ...]] = field(default_factory=list)
    occasions: list[tuple[Any, ...]] = field(default_factory=list)
    promises: list[tuple[Any, ...]] = field(default_factory=list)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)


class RecordReader:
    """Reads the values of one record, noting a problem (with where) for each bad one."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.more = 0  # problems past KEPT_PROBLEMS, counted only
        self.where = ""

    def note(self, problem: str) -> None:
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(one_line(problem))
        else:
            self.more += 1

    def bad(self, key: str, why: str) -> None:
        self.note(f"{self.where}.{key}: {why}" if key else f"{self.where}: {why}")

    def keys(self, record: Mapping[str, Any], allowed: Iterable[str]) -> None:
        unknown = sorted(set(record) - set(allowed))
        if unknown:
            self.bad("", f"unknown keys {', '.join(unknown)} (nothing is dropped unseen)")

    def text(self, record: Mapping[str, Any], key: str, *, required: bool = False) -> str:
        value = record.get(key, "")
        if not isinstance(value, str):
            self.bad(key, f"must be text, not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.bad(key, "can't be empty")
        return value

    def texts(self, record: Mapping[str, Any], key: str) -> list[str]:
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, "must be a list of texts")
            return []
        return value

    def flag(self, record: Mapping[str, Any], key: str) -> bool:
        value = record.get(key, False)
        if not isinstance(value, bool):
            self.bad(key, f"must be true or false, not {_kind(value)}")
            return False
        return value

    def ident(self, record: Mapping[str, Any], key: str = "id") -> int:
        value = record.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
            self.bad(key, f"must be a positive whole number, not {_kind(value)}")
            return 0
        return value

    def parsed(self, record: Mapping[str, Any], key: str, parse: Callable[[str], Any]) -> Any:
        """A value read by `parse`, or None when it is null or missing."""
        value = record.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.bad(key, f"must be text or null, not {_kind(value)}")
            return None
        try:
            return parse(value)
        except ValueError as error:
            self.bad(key, f"{value!r} can't be read ({error})")
            return None

    def day(self, record: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
        """A day as ISO text, or None when null or missing (a problem if `required`)."""
        if record.get(key) is None:
            if required:
                self.bad(key, "is required (a day: 2026-11-22)")
            return None
        found = self.parsed(record, key, date.fromisoformat)
        return found.isoformat() if found is not None else None

    def yearly(self, record: Mapping[str, Any], key: str) -> YearlyDate | None:
        found: YearlyDate | None = self.parsed(record, key, YearlyDate.from_iso)
        return found


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)  # fmt: skip


def read_person(record: Any, read: RecordReader, rows: Rows) -> None:
    if not isinstance(record, dict):
        read.bad("", "must be an object")
        return
    read.keys(record, _PERSON_KEYS)
    person_id = read.ident(record)
    channel = read.parsed(record, "channel", Channel)
    rhythm = read.parsed(record, "rhythm", Rhythm.from_code)
    added = read.day(record, "added_on", required=True)
    snoozed = read.day(record, "snoozed_until")
    deleted = read.parsed(record, "deleted_at", datetime.fromisoformat)
    kept = read.texts(record, "kept")
    if any("\n" in line or "\r" in line for line in kept):
        read.bad("kept", "a kept line can't hold a line break")
        kept = []
    tags = read.texts(record, "tags")
    person = NewPerson(
        name=read.text(record, "name", required=True),
        added_on=date.fromisoformat(added) if added else date.min,
        nickname=read.text(record, "nickname"),
        company=read.text(record, "company"),
        role=read.text(record, "role"),
        emails=tuple(read.texts(record, "emails")),
        phones=tuple(read.texts(record, "phones")),
        city=read.text(record, "city"),
        birthday=read.yearly(record, "birthday"),
        partner=read.text(record, "partner"),
        met=read.text(record, "met"),
        about=read.text(record, "about"),
        likes=read.text(record, "likes"),
        dislikes=read.text(record, "dislikes"),
        channel=channel,
        reach=read.text(record, "reach"),
        tags=tuple(tags),
        rhythm=rhythm,
        snoozed_until=date.fromisoformat(snoozed) if snoozed else None,
        archived=read.flag(record, "archived"),
    )
    values = person_values(person)
    values.update(
        id=person_id,
        uid=read.text(record, "uid").strip(),
        kept=kept_text(kept),
        deleted_at=record.get("deleted_at") if deleted is not None else None,
    )
    rows.people.append(values)
    rows.tags.extend((person_id, tag) for tag in sorted({clean_tag(t) for t in tags if t.strip()}))
    where = read.where
    for key, reader, into in (
        ("kids", _kid, rows.kids),
        ("pets", _pet, rows.pets),
        ("occasions", _occasion, rows.occasions),
        ("promises", _promise, rows.promises),
    ):
        items = record.get(key, [])
        if not isinstance(items, list):
            read.bad(key, "must be a list")
            continue
        for index, item in enumerate(items):
            read.where = f"{where}.{key}[{index}]"
            if not isinstance(item, dict):
                read.bad("", "must be an object")
                continue
            into.append(reader(item, read, person_id))
        read.where = where


def _optional_id(record: Mapping[str, Any], read: RecordReader) -> int | None:
    """A record's id, or None when the backup gives none (the journal then gives one)."""
    return read.ident(record) if record.get("id") is not None else None


def _kid(record: Mapping[str, Any], read: RecordReader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, KID_FIELDS)
    birthday = read.yearly(record, "birthday")
    return (
        _optional_id(record, read), person_id, read.text(record, "name", required=True).strip(),
        birthday.iso() if birthday else None, read.text(record, "notes"),
        read.day(record, "passed_on"),
    )  # fmt: skip


def _pet(record: Mapping[str, Any], read: RecordReader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, PET_FIELDS)
    birthday = read.yearly(record, "birthday")
    return (
        _optional_id(record, read), person_id, read.text(record, "name", required=True).strip(),
        read.text(record, "species"), birthday.iso() if birthday else None,
        read.text(record, "notes"), read.day(record, "passed_on"),
    )  # fmt: skip


def _occasion(record: Mapping[str, Any], read: RecordReader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, OCCASION_FIELDS)
    when = read.yearly(record, "date")
    if when is None and record.get("date") is None:
        read.bad("date", "is required (1990-04-15 or --04-15)")
    label = read.text(record, "label", required=True).strip()
    return (_optional_id(record, read), person_id, label, when.iso() if when else "")


def _promise(record: Mapping[str, Any], read: RecordReader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, PROMISE_FIELDS)
    return (
        _optional_id(record, read), person_id, read.text(record, "text", required=True),
        read.day(record, "due"), read.day(record, "done_on"),
        read.day(record, "created_on", required=True),
    )  # fmt: skip


def read_entry(record: Any, read: RecordReader, rows: Rows, people: set[int]) -> None:
    if not isinstance(record, dict):
        read.bad("", "must be an object")
        return
    read.keys(record, _ENTRY_KEYS)
    entry_id = read.ident(record)
    kind = record.get("kind")
    if kind not in ("interaction", "note"):
        read.bad("kind", f'must be "interaction" or "note", not {_kind(kind)}')
    channel = read.parsed(record, "channel", Channel)
    created = read.parsed(record, "created_at", datetime.fromisoformat)
    if created is None and record.get("created_at") is None:
        read.bad("created_at", "is required (2026-11-22T08:30:00)")
    rows.entries.append(
        (
            entry_id, kind, read.day(record, "on", required=True),
            channel.value if channel else None, int(read.flag(record, "from_them")),
            read.text(record, "text"), record.get("created_at"),
        )
    )  # fmt: skip
    linked = record.get("people", [])
    if not isinstance(linked, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) for p in linked
    ):
        read.bad("people", "must be a list of people's ids")
        return
    missing = sorted(set(linked) - people)
    if missing:
        read.bad("people", f"no person with id {', '.join(map(str, missing[:5]))} in the backup")
    rows.links.extend((entry_id, person_id) for person_id in sorted(set(linked)))
