"""Calendar out: yearly all-day events and to-dos as an iCalendar (.ics, RFC 5545).

A yearly date is an all-day event that repeats every year (RRULE FREQ=YEARLY). 29 February
is observed on 28 February in common years, as `rj next` does it (YearlyDate.observed_in):
its rule is BYMONTH=2;BYMONTHDAY=-1, the last day of February, which is the 29th in leap
years and the 28th otherwise. A to-do has a due day or none. Every item carries the UID the
caller gives (stable from one export to the next, so a calendar that subscribes updates
rather than doubles), and the DTSTAMP the caller gives: nothing here reads the clock.

Written line by line here, a component at a time, rather than through the icalendar
library's serializer, which builds the whole calendar in memory and takes about 0.4 ms an
event (over a minute for the events of 100,000 people); the tests parse everything written
with icalendar and expand it with recurring-ical-events. Text values are escaped as RFC 5545
says (backslash, `;`, `,`, line breaks as `\\n`); other control characters, which no
iCalendar text may hold, become U+FFFD.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from rjournal.domain.dates import YearlyDate, is_leap
from rjournal.interop.card import Card
from rjournal.interop.lines import fold

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion
    from rjournal.domain.model import Promise

PRODID = "-//rjournal//rjournal//EN"
# UIDs of the items a journal gives are made in this namespace from its people's UIDs.
_UID_NAMESPACE = uuid.UUID("6f1c3e2a-9b7d-4c55-8a61-2f4e0d9b7c13")
_TEXT_SPECIALS = re.compile(r"[\\;,\n]|\r\n?|[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class YearlyEvent:
    uid: str
    summary: str
    when: YearlyDate
    description: str = ""


@dataclass(frozen=True, slots=True)
class Todo:
    uid: str
    summary: str
    due: date | None = None
    description: str = ""


def item_uid(owner: str, *what: str) -> str:
    """A calendar item's UID, the same on every export: from its owner's UID (a person's) and
    what the item is ("birthday", "promise" and the promise's id, ...). It is
    uuid.uuid5(_UID_NAMESPACE, ...) made without the UUID class, which costs more than the
    hash at 100,000 people."""
    name = "\x1f".join((owner, *what)).encode("utf-8")
    digest = bytearray(hashlib.sha1(_UID_NAMESPACE.bytes + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def first_day(when: YearlyDate, year_for_yearless: int) -> date:
    """The day the series starts: the date itself, or for a year-less one its day in the given
    year (for 29 February, in the last leap year up to it, so the series starts on a 29th)."""
    if when.year is not None:
        return date(when.year, when.month, when.day)
    year = year_for_yearless
    if (when.month, when.day) == (2, 29):
        while not is_leap(year):
            year -= 1
    return date(year, when.month, when.day)


def _escape_one(match: re.Match[str]) -> str:
    found = match[0]
    if found in "\\;,":
        return "\\" + found
    if found in ("\n", "\r\n", "\r"):
        return "\\n"
    return "\ufffd"


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11)."""
    return _TEXT_SPECIALS.sub(_escape_one, value)


def _day(day: date) -> str:
    return day.isoformat().replace("-", "")


@functools.lru_cache(maxsize=4)
def _stamp(stamp: datetime) -> str:
    """DTSTAMP's value (worked out once for the many items of one export)."""
    utc = stamp.astimezone(UTC)
    return f"{_day(utc.date())}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


def calendar_head(name: str = "rjournal") -> str:
    return "".join(
        fold(line)
        for line in ("BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}",
                     "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{text(name)}")
    )  # fmt: skip


CALENDAR_TAIL = "END:VCALENDAR\r\n"


def event_text(event: YearlyEvent, *, stamp: datetime, year_for_yearless: int) -> str:
    """One yearly all-day VEVENT."""
    start = first_day(event.when, year_for_yearless)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(event.uid)}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"SUMMARY:{text(event.summary)}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
    ]
    if start < date.max:
        lines.append(f"DTEND;VALUE=DATE:{_day(start + timedelta(days=1))}")
    leap_day = (event.when.month, event.when.day) == (2, 29)
    lines.append("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if leap_day else "RRULE:FREQ=YEARLY")
    lines.append("TRANSP:TRANSPARENT")
    if event.description:
        lines.append(f"DESCRIPTION:{text(event.description)}")
    lines.append("END:VEVENT")
    return "".join(fold(line) for line in lines)


def todo_text(todo: Todo, *, stamp: datetime) -> str:
    """One VTODO, due on a day or not at all."""
    lines = [
        "BEGIN:VTODO",
        f"UID:{text(todo.uid)}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"SUMMARY:{text(todo.summary)}",
    ]
    if todo.due is not None:
        lines.append(f"DUE;VALUE=DATE:{_day(todo.due)}")
    lines.append("STATUS:NEEDS-ACTION")
    if todo.description:
        lines.append(f"DESCRIPTION:{text(todo.description)}")
    lines.append("END:VTODO")
    return "".join(fold(line) for line in lines)


def calendar_text(
    events: Iterable[YearlyEvent],
    todos: Iterable[Todo] = (),
    *,
    stamp: datetime,
    year_for_yearless: int | None = None,
    name: str = "rjournal",
) -> Iterator[str]:
    """The .ics text (CRLF, folded) of these events and to-dos, a component at a time.

    `stamp` is every item's DTSTAMP (an aware datetime; UTC is written); year-less dates
    start in `year_for_yearless` (default: the stamp's year).
    """
    start_year = year_for_yearless if year_for_yearless is not None else stamp.year
    yield calendar_head(name)
    for event in events:
        yield event_text(event, stamp=stamp, year_for_yearless=start_year)
    for todo in todos:
        yield todo_text(todo, stamp=stamp)
    yield CALENDAR_TAIL


def write_calendar(
    events: Iterable[YearlyEvent],
    todos: Iterable[Todo] = (),
    *,
    stamp: datetime,
    year_for_yearless: int | None = None,
    name: str = "rjournal",
) -> bytes:
    """The whole .ics (calendar_text joined), as UTF-8 bytes."""
    chunks = calendar_text(
        events, todos, stamp=stamp, year_for_yearless=year_for_yearless, name=name
    )
    return "".join(chunks).encode("utf-8")


def card_events(card: Card) -> Iterator[YearlyEvent]:
    """The yearly events a card gives: the person's birthday, their living kids' and pets'
    birthdays, and their occasions. UIDs come from the card's UID (which it must have) and
    what the event is, so they stay the same from one export to the next; two records alike
    in name and day give one event."""
    if not card.uid:
        raise ValueError("a card needs its UID to give calendar events")
    given: set[str] = set()

    def event(what: tuple[str, ...], summary: str, when: YearlyDate) -> Iterator[YearlyEvent]:
        uid = item_uid(card.uid, *what)
        if uid not in given:
            given.add(uid)
            yield YearlyEvent(uid, summary, when)

    if card.birthday is not None:
        yield from event(("birthday",), f"{card.name}'s birthday", card.birthday)
    for kid in card.kids:
        if kid.birthday is not None and kid.passed is None:
            summary = f"{kid.name}'s birthday ({card.name}'s kid)"
            yield from event(("kid", kid.name, kid.birthday.iso()), summary, kid.birthday)
    for pet in card.pets:
        if pet.birthday is not None and pet.passed is None:
            summary = f"{pet.name}'s birthday ({card.name}'s {pet.species or 'pet'})"
            yield from event(("pet", pet.name, pet.birthday.iso()), summary, pet.birthday)
    for occasion in card.occasions:
        summary = f"{card.name}: {occasion.label}"
        yield from event(("occasion", occasion.label, occasion.date.iso()), summary,
                         occasion.date)  # fmt: skip


def promise_todo(promise: Promise, owner_uid: str, owner_name: str) -> Todo:
    """An open promise as a to-do, due when it is due."""
    return Todo(
        item_uid(owner_uid, "promise", str(promise.id)),
        f"{promise.text} (promised to {owner_name})",
        promise.due,
        f"Promised on {promise.created_on.isoformat()}",
    )


def checkin_todo(suggestion: Suggestion, owner_uid: str) -> Todo:
    """A check-in the engine suggests as a to-do, due on its due day, with its reasons and
    talking points; one UID per person, so the next export updates it."""
    notes = list(suggestion.reasons)
    if suggestion.talking_points:
        notes.append("Talking points: " + "; ".join(suggestion.talking_points))
    if suggestion.channel is not None:
        notes.append(f"Channel: {suggestion.channel.value}")
    return Todo(
        item_uid(owner_uid, "checkin"),
        f"Check in with {suggestion.name}",
        suggestion.due,
        "\n".join(notes),
    )
