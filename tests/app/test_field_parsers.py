"""What a form field reads and how it reads back, as the forms' previews show it: functions."""

from __future__ import annotations

from datetime import date

import pytest

from rjournal.app.field_parsers import (
    ahead_parser,
    date_parser,
    describe_day,
    rhythm_parser,
    yearly_parser,
)
from rjournal.domain.date_parser import MIN_YEARLY_YEAR
from rjournal.domain.dates import DateError, YearlyDate
from rjournal.domain.rhythms import Rhythm
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("typed", "day", "shown"),
    [
        ("today", date(2026, 11, 22), "Sun 22 Nov 2026 (today)"),
        ("yesterday", date(2026, 11, 21), "Sat 21 Nov 2026 (yesterday)"),
        ("Nov 20", date(2026, 11, 20), "Fri 20 Nov 2026 (2 days ago)"),
        ("2026-11-10", date(2026, 11, 10), "Tue 10 Nov 2026 (12 days ago)"),
    ],
)
def test_a_day_reads_back_with_how_long_ago(typed: str, day: date, shown: str) -> None:
    assert date_parser(TODAY)(typed) == (day, shown)


def test_days_ahead_only_where_the_field_looks_ahead() -> None:
    assert date_parser(TODAY, allow_future=True)("next friday") == (
        date(2026, 11, 27),
        "Fri 27 Nov 2026 (in 5 days)",
    )
    assert describe_day(date(2026, 11, 23), TODAY) == "Mon 23 Nov 2026 (tomorrow)"
    with pytest.raises(DateError, match="in the future"):
        date_parser(TODAY)("tomorrow")
    # A snooze: "Dec 20" is next December, and a day gone by is refused with the reason.
    assert ahead_parser(TODAY)("Dec 20") == (date(2026, 12, 20), "Sun 20 Dec 2026 (in 28 days)")
    with pytest.raises(DateError, match="in the past"):
        ahead_parser(TODAY)("yesterday")


@pytest.mark.parametrize(
    ("typed", "why"),
    [("27.08", "can't read"), ("31 Feb", "not a real date"), ("", "no date given")],
)
def test_a_day_that_does_not_read_says_why(typed: str, why: str) -> None:
    with pytest.raises(DateError, match=why):
        date_parser(TODAY)(typed)


def test_yearly_dates_with_and_without_a_year() -> None:
    read = yearly_parser(TODAY)
    assert read("April 15") == (YearlyDate(4, 15), "15 Apr (next on Thu 15 Apr 2027)")
    # Read back as what comes next, not as "46 years ago".
    assert read("13 Dec 1979") == (YearlyDate(12, 13, 1979), "13 Dec 1979 (turns 47 on Sun 13 Dec)")
    assert read("2024-02-29") == (
        YearlyDate(2, 29, 2024),
        "29 Feb 2024 (turns 3 on Sun 28 Feb 2027)",
    )
    assert read("2025-11-22") == (YearlyDate(11, 22, 2025), "22 Nov 2025 (turns 1 today)")
    for bad, why in (
        ("2030-01-01", "in the future"),
        ("31 Feb", "not a real date"),
        ("1850-01-01", "before 1900"),  # a birthday is a day of a life, like a log
    ):
        with pytest.raises(DateError, match=why):
            read(bad)
    founded = yearly_parser(TODAY, min_year=MIN_YEARLY_YEAR)("1865-05-12")
    assert founded == (YearlyDate(5, 12, 1865), "12 May 1865 (turns 162 on Wed 12 May 2027)")


def test_rhythms_read_back_as_their_label() -> None:
    assert rhythm_parser("quarterly") == (Rhythm(3, "m"), "quarterly")
    assert rhythm_parser("2w") == (Rhythm(2, "w"), "every 2 weeks")
    assert rhythm_parser("none") == (Rhythm(0, "d"), "no rhythm: never due")
    with pytest.raises(DateError, match="can't read"):
        rhythm_parser("sometimes")
