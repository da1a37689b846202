"""Occasions: the yearly dates of a person within a window of days, 29 February included."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import CheckinFacts, Kid, Occasion, Person, Pet
from rjournal.domain.occasions import (
    UpcomingDate,
    nearest_occasion,
    occasion_window,
    occasions_in,
    upcoming_dates,
)

TODAY = date(2026, 11, 22)  # a Sunday
ANY_DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def facts(
    name: str = "Ana", pid: int = 1, *, person: dict[str, Any] | None = None, **kw: Any
) -> CheckinFacts:
    p = Person(name=name, added_on=date(2025, 1, 1), id=pid, **(person or {}))
    return CheckinFacts(person=p, **kw)


def test_upcoming_dates_lists_and_sorts_every_kind() -> None:
    f = facts(
        "Ana",
        7,
        person={"birthday": YearlyDate(12, 5, 1990)},
        kids=(Kid("Leo", YearlyDate(12, 5, 2019), id=1), Kid("Ben", YearlyDate(11, 23), id=5)),
        pets=(Pet("Rex", "dog", YearlyDate(12, 1, 2020), id=1),),
        occasions=(Occasion("Anniversary", YearlyDate(12, 5, 2014), id=1),),
    )
    assert upcoming_dates(f, TODAY, 14) == [
        UpcomingDate(date(2026, 11, 23), "Ben's birthday", 7, "Ana", "kid"),
        UpcomingDate(date(2026, 12, 1), "Rex turns 6", 7, "Ana", "pet"),
        UpcomingDate(date(2026, 12, 5), "Ana turns 36", 7, "Ana", "birthday"),
        UpcomingDate(date(2026, 12, 5), "Leo turns 7", 7, "Ana", "kid"),
        UpcomingDate(date(2026, 12, 5), "Anniversary (12 years)", 7, "Ana", "occasion"),
    ]
    assert upcoming_dates(f, TODAY, 0) == []
    assert [u.label for u in upcoming_dates(f, TODAY, 1)] == ["Ben's birthday"]


@settings(max_examples=300, deadline=None)
@given(st.integers(1901, 2399), st.one_of(st.none(), st.integers(1, 2399)))
def test_29_february_observed_across_years(year: int, born: int | None) -> None:
    if born is not None:
        born = born - born % 4  # a leap year (or a century: 29 Feb must exist)
        if born % 100 == 0 and born % 400:
            born += 4
        born = max(born, 4)
    yd = YearlyDate(2, 29, born)
    start = date(year, 2, 20)
    ups = upcoming_dates(facts(kids=(Kid("Mia", yd, id=2),)), start, 14)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    assert [u.on for u in ups] == [date(year, 2, 29 if leap else 28)]
    assert ups[0].on == yd.next_on_or_after(start)


@settings(max_examples=300, deadline=None)
@given(ANY_DAY, st.integers(0, 400), st.integers(1, 12), st.integers(1, 29))
def test_window_matches_next_on_or_after(today: date, days: int, month: int, day: int) -> None:
    yd = YearlyDate(month, day)
    nxt = yd.next_on_or_after(today)
    found = occasion_window(today, days).get(month * 100 + day)
    assert found == (nxt if (nxt - today).days <= days else None)


def test_the_short_name_says_whose_birthday_it_is() -> None:
    f = facts("Ana Lee", person={"nickname": "Annie", "birthday": YearlyDate(11, 30, 1990)})
    assert [u.label for u in upcoming_dates(f, TODAY, 14)] == ["Annie turns 36"]
    assert upcoming_dates(f, TODAY, 14)[0].person_name == "Ana Lee"


def test_passed_away_kids_and_pets_are_never_upcoming() -> None:
    gone_pet = Pet("Bella", "cat", YearlyDate(11, 25, 2010), passed_on=date(2026, 3, 1), id=2)
    gone_kid = Kid("Tom", YearlyDate(11, 26, 2001), passed_on=date(2020, 1, 1), id=3)
    living = Kid("Leo", YearlyDate(11, 27, 2019), id=4)
    f = facts(pets=(gone_pet,), kids=(gone_kid, living))
    window = occasion_window(TODAY, 14)
    assert nearest_occasion(f, window) == date(2026, 11, 27)
    assert [u.label for u in occasions_in(f, window)] == ["Leo turns 7"]


@settings(max_examples=200, deadline=None)
@given(
    ANY_DAY,
    st.integers(0, 60),
    st.lists(st.tuples(st.integers(1, 12), st.integers(1, 29)), max_size=4),
)
def test_the_nearest_occasion_is_the_first_listed(
    today: date, days: int, days_of: list[tuple[int, int]]
) -> None:
    f = facts(
        occasions=tuple(Occasion("o", YearlyDate(m, d), id=i) for i, (m, d) in enumerate(days_of))
    )
    window = occasion_window(today, days)
    listed = occasions_in(f, window)
    assert nearest_occasion(f, window) == (listed[0].on if listed else None)
    assert all(today <= u.on <= today + timedelta(days=days) for u in listed)
