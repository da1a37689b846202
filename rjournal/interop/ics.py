"""Calendar out: yearly all-day events and to-dos as an iCalendar (.ics), through icalendar.

A yearly date is an all-day event that repeats every year (RRULE FREQ=YEARLY). 29 February
is observed on 28 February in common years, as `rj next` does it (YearlyDate.observed_in):
its rule is BYMONTH=2;BYMONTHDAY=-1, the last day of February, which is the 29th in leap
years and the 28th otherwise. A to-do has a due day or none. Every item carries the UID the
caller gives (stable from one export to the next, so a calendar that subscribes updates
rather than doubles), and the DTSTAMP the caller gives: nothing here reads the clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rjournal.domain.dates import YearlyDate, is_leap
from rjournal.interop.card import Card

PRODID = "-//rjournal//rjournal//EN"
# UIDs of the events a Card gives are made in this namespace from the card's UID.
_UID_NAMESPACE = uuid.UUID("6f1c3e2a-9b7d-4c55-8a61-2f4e0d9b7c13")


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


def write_calendar(
    events: Iterable[YearlyEvent],
    todos: Iterable[Todo] = (),
    *,
    stamp: datetime,
    year_for_yearless: int | None = None,
    name: str = "rjournal",
) -> bytes:
    """The .ics text (CRLF, folded) of these events and to-dos.

    `stamp` is every item's DTSTAMP (an aware datetime; UTC is written); year-less dates
    start in `year_for_yearless` (default: the stamp's year).
    """
    from icalendar import Calendar
    from icalendar import Event as IcsEvent
    from icalendar import Todo as IcsTodo

    start_year = year_for_yearless if year_for_yearless is not None else stamp.year
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        item = IcsEvent()
        start = first_day(event.when, start_year)
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("summary", event.summary)
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(days=1))
        rule: dict[str, object] = {"freq": "yearly"}
        if (event.when.month, event.when.day) == (2, 29):
            rule |= {"bymonth": 2, "bymonthday": -1}
        item.add("rrule", rule)
        item.add("transp", "TRANSPARENT")
        if event.description:
            item.add("description", event.description)
        calendar.add_component(item)
    for todo in todos:
        task = IcsTodo()
        task.add("uid", todo.uid)
        task.add("dtstamp", stamp)
        task.add("summary", todo.summary)
        if todo.due is not None:
            task.add("due", todo.due)
        task.add("status", "NEEDS-ACTION")
        if todo.description:
            task.add("description", todo.description)
        calendar.add_component(task)
    data: bytes = calendar.to_ical()
    return data


def card_events(card: Card) -> Iterator[YearlyEvent]:
    """The yearly events a card gives: the person's birthday, their living kids' and pets'
    birthdays, and their occasions. UIDs come from the card's UID (which it must have) and
    what the event is, so they stay the same from one export to the next."""
    if not card.uid:
        raise ValueError("a card needs its UID to give calendar events")

    def uid(*what: str) -> str:
        return str(uuid.uuid5(_UID_NAMESPACE, "\x1f".join((card.uid, *what))))

    if card.birthday is not None:
        yield YearlyEvent(uid("birthday"), f"{card.name}'s birthday", card.birthday)
    for kid in card.kids:
        if kid.birthday is not None and kid.passed is None:
            summary = f"{kid.name}'s birthday ({card.name}'s kid)"
            yield YearlyEvent(uid("kid", kid.name), summary, kid.birthday)
    for pet in card.pets:
        if pet.birthday is not None and pet.passed is None:
            summary = f"{pet.name}'s birthday ({card.name}'s {pet.species or 'pet'})"
            yield YearlyEvent(uid("pet", pet.name), summary, pet.birthday)
    for occasion in card.occasions:
        summary = f"{card.name}: {occasion.label}"
        yield YearlyEvent(uid("occasion", occasion.label, occasion.date.iso()), summary,
                          occasion.date)  # fmt: skip
