"""Occasions: the yearly dates of a person that fall within a window of days.

Their birthday, their living kids' and pets' birthdays, and their custom yearly occasions;
29 February is observed on 28 February in common years (YearlyDate.observed_in). Kids and pets
that have passed away are never offered.
"""

from __future__ import annotations

from datetime import date, timedelta

from rjournal.domain.dates import YearlyDate, is_leap
from rjournal.domain.model import CheckinFacts
from rjournal.domain.value import Value, frozen


@frozen
class UpcomingDate(Value):
    """An occasion on a day: label "Leo turns 7"; whose: "kid", "pet", "birthday" or "occasion"."""

    on: date
    label: str
    person_id: int
    person_name: str
    whose: str


# Occasions on the same day: the person's own birthday first, then kids, pets, the rest.
_WHOSE_ORDER = {"birthday": 0, "kid": 1, "pet": 2, "occasion": 3}

# month * 100 + day -> the first day in the window it is observed on (see occasion_window).
Window = dict[int, date]


def occasion_window(today: date, days: int) -> Window:
    """month * 100 + day -> its first observed day in [today, today + days].

    Built once per ranking so that finding a person's occasions is a few dict look-ups.
    A 29 Feb date is observed on 28 Feb in common years, as YearlyDate.observed_in says.
    """
    window: Window = {}
    for i in range(days + 1):
        try:
            d = today + timedelta(days=i)
        except OverflowError:
            break
        window.setdefault(d.month * 100 + d.day, d)
        if d.month == 2 and d.day == 28 and not is_leap(d.year):
            window.setdefault(229, d)
    return window


def _hit(yd: YearlyDate | None, window: Window) -> date | None:
    return None if yd is None else window.get(yd.month * 100 + yd.day)


def nearest_occasion(facts: CheckinFacts, window: Window) -> date | None:
    """The first occasion day within the window, or None; no strings, no allocation."""
    best: date | None = None
    yd = facts.person.birthday
    if yd is not None:
        best = window.get(yd.month * 100 + yd.day)
    # Kids and pets that have passed away are never offered.
    for kid in facts.kids:
        yd = kid.birthday
        if yd is not None and kid.passed_on is None:
            hit = window.get(yd.month * 100 + yd.day)
            if hit is not None and (best is None or hit < best):
                best = hit
    for pet in facts.pets:
        yd = pet.birthday
        if yd is not None and pet.passed_on is None:
            hit = window.get(yd.month * 100 + yd.day)
            if hit is not None and (best is None or hit < best):
                best = hit
    for occasion in facts.occasions:
        yd = occasion.date
        hit = window.get(yd.month * 100 + yd.day)
        if hit is not None and (best is None or hit < best):
            best = hit
    return best


def _years(yd: YearlyDate, on: date) -> int | None:
    years = yd.years_on(on)
    return years if years is not None and years > 0 else None


def _birthday_label(who: str, yd: YearlyDate, on: date) -> str:
    """ "Leo turns 7", or "Leo's birthday" without a year."""
    years = _years(yd, on)
    return f"{who} turns {years}" if years is not None else f"{who}'s birthday"


def occasions_in(facts: CheckinFacts, window: Window) -> list[UpcomingDate]:
    """The person's occasions within the window, sorted by day (then whose, then label)."""
    person = facts.person
    pid = person.id
    found: list[UpcomingDate] = []

    def add(on: date, label: str, whose: str) -> None:
        found.append(UpcomingDate(on, label, pid, person.name, whose))

    hit = _hit(person.birthday, window)
    if hit is not None and person.birthday is not None:
        add(hit, _birthday_label(person.short_name, person.birthday, hit), "birthday")
    for kid in facts.kids:
        hit = _hit(kid.birthday, window)
        if kid.living and hit is not None and kid.birthday is not None:
            add(hit, _birthday_label(kid.name, kid.birthday, hit), "kid")
    for pet in facts.pets:
        hit = _hit(pet.birthday, window)
        if pet.living and hit is not None and pet.birthday is not None:
            add(hit, _birthday_label(pet.name, pet.birthday, hit), "pet")
    for occasion in facts.occasions:
        hit = _hit(occasion.date, window)
        if hit is not None:
            years = _years(occasion.date, hit)
            unit = "year" if years == 1 else "years"
            label = f"{occasion.label} ({years} {unit})" if years is not None else occasion.label
            add(hit, label, "occasion")
    found.sort(key=lambda u: (u.on, _WHOSE_ORDER.get(u.whose, 9), u.label))
    return found


def upcoming_dates(facts: CheckinFacts, today: date, days: int) -> list[UpcomingDate]:
    """The person's birthday, living kids' and pets' birthdays and yearly occasions that fall
    within [today, today + days], sorted by day.

    Archived and snoozed are not looked at here (the caller decides); passed-away kids and pets
    are never offered.
    """
    return occasions_in(facts, occasion_window(today, days))
