"""Row mapping: a record from the row SQL gives back, and the column values a record writes.

Only what the schema's columns hold is decided here (lists as lines, dates as ISO text, the
folded keys the lists and look-ups search); the queries that use them live with their aggregate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    Entry,
    Kid,
    NewEntry,
    NewKid,
    NewPerson,
    NewPet,
    Occasion,
    Person,
    Pet,
    Promise,
)
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import fold, nfc

# Person fields as stored, in the order person_from_row reads them; tags live in their own table.
PERSON_COLUMNS = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "met", "about", "likes", "dislikes", "channel", "reach", "rhythm",
    "snoozed_until", "archived", "added_on",
)  # fmt: skip
# PERSON_COLUMNS of the people table aliased p, for a SELECT.
PERSON_SELECT = ", ".join(f"p.{c}" for c in PERSON_COLUMNS)
EDITABLE_FIELDS = frozenset(f.name for f in fields(NewPerson)) - {"added_on"}
# The columns kid_from_row, pet_from_row, occasion_from_row and promise_from_row read.
KID_COLUMNS = "id, name, birthday, notes, passed_on"
PET_COLUMNS = "id, name, species, birthday, notes, passed_on"
OCCASION_COLUMNS = "id, label, date"
PROMISE_COLUMNS = "id, person_id, text, due, done_on, created_on"


def clean_tag(tag: str) -> str:
    """A tag as stored and looked up: trimmed, lower case, NFC."""
    return nfc(tag.strip().lower())


def clean_tags(tags: Iterable[str]) -> set[str]:
    """Tags as stored (clean_tag), no empty ones."""
    return {clean_tag(t) for t in tags if t.strip()}


def filter_key(name: str, nickname: str, company: str, tags: Iterable[str]) -> str:
    """What filter-as-you-type searches, folded once at write time: one instr() per keystroke."""
    return folded_filter_key(fold(name), fold(nickname), company, tags)


def folded_filter_key(name_folded: str, nick_folded: str, company: str, tags: Iterable[str]) -> str:
    """filter_key of a name and nickname already folded (a bulk load folds each once)."""
    return "\n".join([name_folded, nick_folded, fold(company), *sorted(clean_tags(tags))])


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _yearly(text: str | None) -> YearlyDate | None:
    return YearlyDate.from_iso(text) if text else None


def _lines(values: Sequence[str]) -> str:
    return "\n".join(v.strip() for v in values if v.strip())


def person_from_row(row: Sequence[Any], tags: tuple[str, ...]) -> Person:
    """A person from the PERSON_COLUMNS of a row, with their tags."""
    (
        pid, name, nickname, company, role, emails, phones, city, birthday, partner, met,
        about, likes, dislikes, channel, reach, rhythm, snoozed, archived, added_on,
    ) = row  # fmt: skip
    return Person(
        id=pid,
        name=name,
        nickname=nickname,
        company=company,
        role=role,
        emails=tuple(emails.split("\n")) if emails else (),
        phones=tuple(phones.split("\n")) if phones else (),
        city=city,
        birthday=_yearly(birthday),
        partner=partner,
        met=met,
        about=about,
        likes=likes,
        dislikes=dislikes,
        channel=Channel(channel) if channel else None,
        reach=reach,
        tags=tags,
        rhythm=Rhythm.from_code(rhythm) if rhythm else None,
        snoozed_until=_day(snoozed),
        archived=bool(archived),
        added_on=date.fromisoformat(added_on),
    )


def person_values(person: NewPerson) -> dict[str, Any]:
    """Column values for a person (all but id, uid, kept and the columns derived from other
    tables). Names are stored NFC, so one typed composed and decomposed is one name."""
    name_folded, nick_folded = fold(person.name), fold(person.nickname)
    return {
        "name": nfc(person.name.strip()),
        "nickname": nfc(person.nickname.strip()),
        "company": person.company,
        "role": person.role,
        "emails": _lines(person.emails),
        "phones": _lines(person.phones),
        "city": person.city,
        "birthday": person.birthday.iso() if person.birthday else None,
        "partner": nfc(person.partner),
        "met": person.met,
        "about": person.about,
        "likes": person.likes,
        "dislikes": person.dislikes,
        "channel": person.channel.value if person.channel else None,
        "reach": person.reach,
        "rhythm": person.rhythm.code() if person.rhythm else None,
        "rhythm_days": person.rhythm.min_days() if person.rhythm else None,
        "rhythm_avg": person.rhythm.approx_days() if person.rhythm else None,
        "snoozed_until": person.snoozed_until.isoformat() if person.snoozed_until else None,
        "archived": int(person.archived),
        "added_on": person.added_on.isoformat(),
        "name_key": f"{name_folded}\n{nick_folded}",
        "sort_key": name_folded,
        "nick_key": nick_folded,
        "filter_key": folded_filter_key(name_folded, nick_folded, person.company, person.tags),
    }


def kept_text(lines: Sequence[str]) -> str:
    """Kept contact lines as the people.kept column holds them: one per line, '' for none.

    An unfolded vCard content line never holds a line break (a value's own are escaped), so
    one here is a reader's mistake: refused rather than let it split a line in two.
    """
    if any("\n" in line or "\r" in line for line in lines):
        raise ValueError("a kept contact line holds a line break")
    return "\n".join(line for line in lines if line)


def kept_lines(text: str) -> tuple[str, ...]:
    """The lines of a people.kept value."""
    return tuple(text.split("\n")) if text else ()


def kid_from_row(row: Sequence[Any]) -> Kid:
    """A kid from the KID_COLUMNS of a row."""
    kid_id, name, birthday, notes, passed = row
    return Kid(
        name=name, birthday=_yearly(birthday), notes=notes, passed_on=_day(passed), id=kid_id
    )


def kid_values(kid: NewKid) -> tuple[Any, ...]:
    """name, birthday, notes, passed_on: the kids columns a kid sets."""
    birthday = kid.birthday.iso() if kid.birthday else None
    passed = kid.passed_on.isoformat() if kid.passed_on else None
    return (nfc(kid.name.strip()), birthday, kid.notes, passed)


def pet_from_row(row: Sequence[Any]) -> Pet:
    """A pet from the PET_COLUMNS of a row."""
    pet_id, name, species, birthday, notes, passed = row
    return Pet(
        name=name,
        species=species,
        birthday=_yearly(birthday),
        notes=notes,
        passed_on=_day(passed),
        id=pet_id,
    )


def pet_values(pet: NewPet) -> tuple[Any, ...]:
    """name, species, birthday, notes, passed_on: the pets columns a pet sets."""
    birthday = pet.birthday.iso() if pet.birthday else None
    passed = pet.passed_on.isoformat() if pet.passed_on else None
    return (nfc(pet.name.strip()), pet.species, birthday, pet.notes, passed)


def occasion_from_row(row: Sequence[Any]) -> Occasion:
    """An occasion from the OCCASION_COLUMNS of a row."""
    occasion_id, label, day = row
    return Occasion(label=label, date=YearlyDate.from_iso(day), id=occasion_id)


def promise_from_row(row: Sequence[Any]) -> Promise:
    """A promise from the PROMISE_COLUMNS of a row."""
    promise_id, person_id, text, due, done_on, created_on = row
    return Promise(
        text=text,
        created_on=date.fromisoformat(created_on),
        due=_day(due),
        done_on=_day(done_on),
        id=promise_id,
        person_id=person_id,
    )


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An entry from id, kind, on_date, channel, from_them, text and its people's ids joined
    with commas (group_concat)."""
    entry_id, kind, on_date, channel, from_them, text, people = row
    return Entry(
        kind=kind,
        on=date.fromisoformat(on_date),
        text=text,
        channel=Channel(channel) if channel else None,
        from_them=bool(from_them),
        people=tuple(int(p) for p in people.split(",")) if people else (),
        id=entry_id,
    )


def entry_values(entry: NewEntry) -> tuple[Any, ...]:
    """kind, on_date, channel, from_them, text: the entries columns an entry sets."""
    channel = entry.channel.value if entry.channel else None
    return (entry.kind, entry.on.isoformat(), channel, int(entry.from_them), entry.text)
