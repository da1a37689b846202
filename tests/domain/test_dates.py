"""The yearly date and how a day is written: observed days, next occurrences, ages, labels."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import YEARLY, rrule
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import (
    DateError,
    YearlyDate,
    format_date,
    is_leap,
    month_days,
    short_day,
)

TODAY = date(2026, 11, 22)  # a Sunday

# A month and day that exist in some year (29 February included).
month_day = st.integers(1, 12).flatmap(
    lambda m: st.tuples(st.just(m), st.integers(1, month_days(2000, m)))
)


@given(st.integers(min_value=1, max_value=9999))
def test_leap_years_and_month_lengths_are_the_calendars(year: int) -> None:
    assert is_leap(year) == calendar.isleap(year)
    for month in range(1, 13):
        assert month_days(year, month) == calendar.monthrange(year, month)[1]


@given(st.integers(min_value=1, max_value=9999))
def test_29_february_observed(year: int) -> None:
    leap = YearlyDate(2, 29)
    expected = date(year, 2, 29) if calendar.isleap(year) else date(year, 2, 28)
    assert leap.observed_in(year) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 31)))
def test_29_february_next_on_or_after(today: date) -> None:
    got = YearlyDate(2, 29).next_on_or_after(today)
    assert got >= today
    assert (got.month, got.day) in ((2, 28), (2, 29))
    assert got.day == 29 or not calendar.isleap(got.year)
    # Nothing observed in between: it is the next one.
    assert got - today < timedelta(days=366)
    if got.year > today.year:
        assert YearlyDate(2, 29).observed_in(today.year) < today


def test_next_on_or_after_across_year_end() -> None:
    assert YearlyDate(1, 3).next_on_or_after(date(2026, 12, 30)) == date(2027, 1, 3)
    assert YearlyDate(12, 30).next_on_or_after(date(2026, 12, 30)) == date(2026, 12, 30)
    assert YearlyDate(2, 29).next_on_or_after(date(2027, 3, 1)) == date(2028, 2, 29)
    assert YearlyDate(2, 29).next_on_or_after(date(2026, 12, 31)) == date(2027, 2, 28)


def _rrule_next(month: int, day: int, today: date) -> date:
    """The next occurrence on or after today by dateutil's rrule. A plain rule for 29 Feb
    skips common years, so the observed day is asked for as February's last day instead."""
    by_day = -1 if (month, day) == (2, 29) else day
    rule = rrule(YEARLY, bymonth=month, bymonthday=by_day, dtstart=datetime(today.year, 1, 1))
    found = rule.after(datetime(today.year, today.month, today.day), inc=True)
    assert found is not None
    return found.date()


@given(month_day, st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 31)))
def test_next_on_or_after_is_rrules_next_occurrence(md: tuple[int, int], today: date) -> None:
    month, day = md
    assert YearlyDate(month, day).next_on_or_after(today) == _rrule_next(month, day, today)


def test_rrule_alone_skips_29_february_in_common_years() -> None:
    # Why YearlyDate observes 29 Feb itself: rrule's plain rule waits for the next leap year.
    rule = rrule(YEARLY, bymonth=2, bymonthday=29, dtstart=datetime(2025, 1, 1))
    assert rule.after(datetime(2025, 1, 1), inc=True) == datetime(2028, 2, 29)
    assert YearlyDate(2, 29).next_on_or_after(date(2025, 1, 1)) == date(2025, 2, 28)


def test_years_on_counts_completed_years_and_29_february() -> None:
    born = YearlyDate(4, 15, 1990)
    assert born.years_on(date(2026, 4, 14)) == 35
    assert born.years_on(date(2026, 4, 15)) == 36
    assert YearlyDate(4, 15).years_on(TODAY) is None
    leap = YearlyDate(2, 29, 2024)
    assert leap.years_on(date(2025, 2, 27)) == 0
    assert leap.years_on(date(2025, 2, 28)) == 1  # observed on 28 Feb in a common year


@pytest.mark.parametrize(
    ("month", "day", "year"),
    [(13, 1, None), (0, 1, None), (2, 30, None), (2, 29, 2026), (4, 31, 1990)],
)
def test_impossible_yearly_dates_are_refused(month: int, day: int, year: int | None) -> None:
    with pytest.raises(DateError):
        YearlyDate(month, day, year)


def test_labels_and_stored_forms() -> None:
    assert YearlyDate(4, 15, 1990).label() == "15 Apr 1990"
    assert YearlyDate(4, 15).label() == "15 Apr"
    assert YearlyDate(4, 15).iso() == "--04-15"
    assert YearlyDate.from_iso("--02-29") == YearlyDate(2, 29)
    assert YearlyDate.from_iso("1990-04-15") == YearlyDate(4, 15, 1990)


def test_format_date() -> None:
    assert format_date(date(2026, 12, 5)) == "Sat 5 Dec 2026"
    assert format_date(TODAY) == "Sun 22 Nov 2026"
    assert short_day(TODAY) == "Sun 22 Nov"
