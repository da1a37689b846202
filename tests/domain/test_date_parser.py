"""Reading what users type as dates: accepted forms, refusals, and round trips."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.date_parser import (
    MIN_YEAR,
    MIN_YEARLY_YEAR,
    parse_date,
    parse_month,
    parse_yearly,
    read_day,
)
from rjournal.domain.dates import DateError, YearlyDate, format_date

TODAY = date(2026, 11, 22)  # a Sunday
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _abbr(month: int) -> str:
    return MONTHS[month - 1][:3]


def _is_one_safe_line(message: str) -> bool:
    return len(message.splitlines()) == 1 and all(
        ch == " " or (ch.isprintable() and ch not in "\u2028\u2029") for ch in message
    )


ACCEPTED = [
    ("2026-11-20", date(2026, 11, 20)),
    ("2026/11/20", date(2026, 11, 20)),
    ("2026-1-5", date(2026, 1, 5)),
    ("  2026-11-20  ", date(2026, 11, 20)),
    ("today", TODAY),
    ("TODAY", TODAY),
    ("yesterday", date(2026, 11, 21)),
    ("3 days ago", date(2026, 11, 19)),
    ("3   DAYS   ago", date(2026, 11, 19)),
    ("1 day ago", date(2026, 11, 21)),
    ("1 days ago", date(2026, 11, 21)),
    ("0 days ago", TODAY),
    ("a day ago", date(2026, 11, 21)),
    ("a week ago", date(2026, 11, 15)),
    ("2 weeks ago", date(2026, 11, 8)),
    ("1 month ago", date(2026, 10, 22)),
    ("an year ago", date(2025, 11, 22)),
    ("2 years ago", date(2024, 11, 22)),
    # Bare weekdays look back and today counts; "last" is strictly before today.
    ("sunday", TODAY),
    ("sun", TODAY),
    ("last sunday", date(2026, 11, 15)),
    ("friday", date(2026, 11, 20)),
    ("Fri", date(2026, 11, 20)),
    ("last friday", date(2026, 11, 20)),
    ("monday", date(2026, 11, 16)),
    ("last mon", date(2026, 11, 16)),
    ("thurs", date(2026, 11, 19)),
    ("tues", date(2026, 11, 17)),
    # Month names without a year: the most recent on or before today.
    ("Nov 20", date(2026, 11, 20)),
    ("nov 22", TODAY),
    ("Nov 23", date(2025, 11, 23)),
    ("Dec 1", date(2025, 12, 1)),
    ("20 Nov", date(2026, 11, 20)),
    ("November 20", date(2026, 11, 20)),
    ("20 November", date(2026, 11, 20)),
    ("Nov 20th", date(2026, 11, 20)),
    ("1st of May", date(2026, 5, 1)),
    ("2nd May", date(2026, 5, 2)),
    ("Sept 3", date(2026, 9, 3)),
    ("nov. 20", date(2026, 11, 20)),
    ("Feb 29", date(2024, 2, 29)),
    ("Nov 20 2025", date(2025, 11, 20)),
    ("20 Nov 2025", date(2025, 11, 20)),
    ("November 20, 2025", date(2025, 11, 20)),
    ("May 17,2019", date(2019, 5, 17)),
    ("Nov 20th, 2025", date(2025, 11, 20)),
    ("1st of May 2020", date(2020, 5, 1)),
    ("23rd Dec 1999", date(1999, 12, 23)),
    ("Feb 29 2024", date(2024, 2, 29)),
    ("1900-01-01", date(1900, 1, 1)),
    # With the weekday, as format_date and short_day write it; it must match.
    ("Fri 20 Nov 2026", date(2026, 11, 20)),
    ("Fri, 20 Nov 2026", date(2026, 11, 20)),
    ("Fri 28 Nov", date(2025, 11, 28)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


FUTURE_ONLY = [
    ("tomorrow", date(2026, 11, 23)),
    ("in 3 days", date(2026, 11, 25)),
    ("in a week", date(2026, 11, 29)),
    ("in 2 months", date(2027, 1, 22)),
    ("this friday", date(2026, 11, 27)),
    ("next friday", date(2026, 11, 27)),
    ("next sunday", date(2026, 11, 29)),
    ("2027-01-01", date(2027, 1, 1)),
    ("Jan 1 2027", date(2027, 1, 1)),
    ("9999-12-31", date(9999, 12, 31)),
]


@pytest.mark.parametrize(("text", "expected"), FUTURE_ONLY)
def test_future_needs_allow_future(text: str, expected: date) -> None:
    assert parse_date(text, TODAY, allow_future=True) == expected
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert str(caught.value).startswith(f'"{text}" is in the future')


def test_this_weekday_today_is_today() -> None:
    assert parse_date("this sunday", TODAY) == TODAY
    assert parse_date("this sunday", TODAY, allow_future=True) == TODAY


def test_year_less_month_name_looks_ahead_with_allow_future() -> None:
    # Due dates and snoozes look ahead: "Dec 1" is the coming one, today included.
    assert parse_date("Dec 1", TODAY, allow_future=True) == date(2026, 12, 1)
    assert parse_date("Nov 22", TODAY, allow_future=True) == TODAY
    assert parse_date("Nov 20", TODAY, allow_future=True) == date(2027, 11, 20)
    assert parse_date("Feb 29", TODAY, allow_future=True) == date(2028, 2, 29)


def test_a_bare_weekday_looks_ahead_where_the_future_makes_sense() -> None:
    # A due date or a snooze typed "friday" on a Sunday is the coming Friday, never the last.
    assert parse_date("friday", TODAY, allow_future=True) == date(2026, 11, 27)
    assert parse_date("Mon", TODAY, allow_future=True) == date(2026, 11, 23)
    # The weekday of today is next week's: "due sunday", said on a Sunday, is not today.
    assert parse_date("sunday", TODAY, allow_future=True) == date(2026, 11, 29)
    assert parse_date("friday", TODAY) == date(2026, 11, 20)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 1)), st.integers(0, 6))
def test_weekdays_ahead_are_within_the_coming_week(today: date, weekday: int) -> None:
    name = _weekday_name(date(2024, 1, 1) + timedelta(days=weekday))  # 2024-01-01: a Monday
    found = parse_date(name, today, allow_future=True)
    assert found.weekday() == weekday and today < found <= today + timedelta(days=7)
    assert found == parse_date(f"next {name}", today, allow_future=True)


@pytest.mark.parametrize(
    ("text", "time", "day"),
    [
        ("2026-11-20 14:30", "14:30", "2026-11-20"),
        ("2026-11-20T14:30:00Z", "14:30:00Z", "2026-11-20"),
        ("Nov 20 10:17 pm", "10:17 pm", "Nov 20"),
        ("November 19, 2025 at noon", "noon", "November 19, 2025"),
        ("2:21 p.m., Nov 11, 2025", "2:21 p.m.", "Nov 11, 2025"),
        ("yesterday at 11:30", "11:30", "yesterday"),
        ("20 Mar 2013 10h11", "10h11", "20 Mar 2013"),
        ("friday 3pm", "3pm", "friday"),
    ],
)
def test_a_date_with_a_time_of_day_is_refused_naming_the_time(
    text: str, time: str, day: str
) -> None:
    for ahead in (False, True):
        with pytest.raises(DateError) as caught:
            parse_date(text, TODAY, allow_future=ahead)
        message = str(caught.value)
        assert f'"{time}" is a time of day: give the day alone ("{day}")' in message
        assert "not part of a date" not in message


def test_a_time_alone_or_a_yearly_date_with_a_time_is_refused_too() -> None:
    with pytest.raises(DateError, match='"10:04am" is a time of day, not a day'):
        parse_date("10:04am", TODAY)
    with pytest.raises(DateError, match='"10:00" is a time of day: give the day alone'):
        parse_yearly("1990-04-15 10:00", TODAY)
    # Words that only look like times stay what they were.
    with pytest.raises(DateError, match='"amsterdam" is not part of a date'):
        parse_date("3 amsterdam", TODAY)


def test_future_message_is_the_brief_one() -> None:
    with pytest.raises(DateError, match=r'^"2027-01-01" is in the future$'):
        parse_date("2027-01-01", TODAY)


REFUSED = [
    "",
    "   ",
    "Nov 20 blah",
    "next tuesday maybe",
    "blah",
    "27.08",
    "27/08",
    "08/27",
    "01/02",
    "08-27",
    "01/02/2025",
    "27/08/2025",
    "1.2.25",
    "Feb 30",
    "Nov 31",
    "Feb 29 2025",
    "2025-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-11-00",
    "Nov 0",
    "1899-12-31",
    "0415-01-01",
    "--0415",
    "--04-15",
    "04-15",
    "0415",
    "15",
    "2026",
    "20261120",
    "200 years ago",
    "99999999999999999999 days ago",
    "-3 days ago",
    "3 days",
    "days ago",
    "Nov",
    "Nov 2025",
    "20 Nov 25",
    "Nov 20st",
    "Nov 2th",
    "Nov 20 20 2025",
    "Nov, 20",
    "2026-11-20 today",
    "today today",
    "last week",
    "next month",
    "friday next",
    "Sat 20 Nov 2026",  # 20 Nov 2026 is a Friday
    "Fri 21 Nov",
    "2026-11/20",
    "2026.11.20",
    "Ｎov 20",  # a full-width letter: no lookalikes
    "１５ Nov",
    "3 dayz ago",
    "Novem 20",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY, allow_future=True)
    message = str(caught.value)
    assert _is_one_safe_line(message)
    if text.strip():
        assert f'"{text.strip()}"' in message
    else:
        assert message.startswith("no date given")


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("27.08", "give the year (2026-08-27) or the month name (27 Aug)"),
        ("08/27", "(27 Aug)"),
        ("01/02", "2 Jan or 1 Feb"),
        ("01/02/2025", "YYYY-MM-DD"),
        ("27/08/2025", "2025-08-27 or 27 Aug 2025"),
        ("--0415", "(15 Apr)"),
        ("15", "a number alone is not a date"),
        ("Nov 20 blah", '"blah" is not part of a date'),
        ("next tuesday MAYBE", '"MAYBE" is not part of a date'),
        ("2025-02-29", "2025 is not a leap year"),
        ("Feb 30", "February has 29 days at most"),
        ("Nov 31", "November has 30 days"),
        ("2026-13-01", "no month 13"),
        ("1899-12-31", "before 1900"),
        ("0415-01-01", "before 1900"),
        ("20 Nov 25", "year in full"),
        ("last week", '"1 week ago"'),
        ("Sat 20 Nov 2026", "is a Friday"),
    ],
)
def test_refusal_says_why(text: str, part: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert part in str(caught.value)


def test_numeric_forms_never_borrow_today() -> None:
    # Whatever today is, a day.month without a year is refused, never completed.
    for today in (date(2026, 8, 27), date(2026, 1, 1), date(2026, 12, 31)):
        for text in ("27.08", "27/08", "08/27", "8/27", "27-08"):
            with pytest.raises(DateError):
                parse_date(text, today)


def test_0415_never_becomes_year_415() -> None:
    for text in ("--0415", "0415", "0415-04-15"):
        with pytest.raises(DateError):
            parse_date(text, TODAY, allow_future=True)


# --- Hypothesis --------------------------------------------------------------------------

past_days = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@given(past_days)
def test_round_trip_iso(d: date) -> None:
    assert parse_date(d.isoformat(), TODAY) == d


@given(past_days)
def test_round_trip_month_first_abbr(d: date) -> None:
    assert parse_date(f"{_abbr(d.month)} {d.day} {d.year}", TODAY) == d


@given(past_days)
def test_round_trip_day_first_full_name(d: date) -> None:
    assert parse_date(f"{d.day} {MONTHS[d.month - 1]} {d.year}", TODAY) == d


@given(past_days)
def test_round_trip_american(d: date) -> None:
    assert parse_date(f"{MONTHS[d.month - 1]} {d.day}, {d.year}", TODAY) == d


@given(past_days)
def test_round_trip_format_date(d: date) -> None:
    assert parse_date(format_date(d), TODAY) == d


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)), st.data())
def test_year_less_is_most_recent_on_or_before_today(today: date, data: st.DataObject) -> None:
    d = data.draw(st.dates(min_value=today - timedelta(days=364), max_value=today))
    assert parse_date(f"{d.day} {_abbr(d.month)}", today) == d
    assert parse_date(f"{MONTHS[d.month - 1]} {d.day}", today) == d


@given(st.integers(min_value=0, max_value=20000))
def test_days_ago(n: int) -> None:
    assert parse_date(f"{n} days ago", TODAY) == TODAY - timedelta(days=n)
    assert parse_date(f"{n} day ago", TODAY) == TODAY - timedelta(days=n)


@given(st.integers(min_value=0, max_value=6000))
def test_weeks_ago(n: int) -> None:
    assert parse_date(f"{n} weeks ago", TODAY) == TODAY - timedelta(weeks=n)


@given(st.dates(min_value=date(1901, 1, 1), max_value=TODAY), st.integers(0, 6))
def test_weekdays(today: date, back: int) -> None:
    wanted = today - timedelta(days=back)
    name = _weekday_name(wanted)
    assert parse_date(name, today) == wanted
    assert parse_date(f"last {name}", today) == (wanted if back else today - timedelta(days=7))
    ahead = today + timedelta(days=back)
    ahead_name = _weekday_name(ahead)
    assert parse_date(f"this {ahead_name}", today, allow_future=True) == ahead
    expected_next = ahead if back else today + timedelta(days=7)
    assert parse_date(f"next {ahead_name}", today, allow_future=True) == expected_next


def _weekday_name(d: date) -> str:
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return names[d.weekday()]


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 3, 31), "1 month ago", date(2026, 2, 28)),
        (date(2024, 3, 31), "1 month ago", date(2024, 2, 29)),
        (date(2026, 5, 31), "1 month ago", date(2026, 4, 30)),
        (date(2026, 1, 31), "2 months ago", date(2025, 11, 30)),
        (date(2026, 3, 31), "13 months ago", date(2025, 2, 28)),
        (date(2024, 2, 29), "1 year ago", date(2023, 2, 28)),
        (date(2024, 2, 29), "4 years ago", date(2020, 2, 29)),
    ],
)
def test_months_ago_at_month_ends(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today) == expected


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)), st.integers(0, 999))
def test_months_and_years_count_as_relativedelta_does(today: date, n: int) -> None:
    """ "N months ago" and "in N years" move by calendar months, as dateutil says they do."""
    cases = [
        (f"{n} months ago", -n, 0, False),
        (f"in {n} months", n, 0, True),
        (f"{n % 100} years ago", 0, -(n % 100), False),
        (f"in {n % 100} years", 0, n % 100, True),
    ]
    for text, months, years, ahead in cases:
        try:
            expected = today + relativedelta(months=months, years=years)
        except ValueError:
            continue  # past 9999: refused, as test_ends_of_the_calendar shows
        if expected.year < 1900:
            continue
        assert parse_date(text, today, allow_future=ahead) == expected, text


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)), past_days)
def test_future_refused_unless_allowed(d: date, today: date) -> None:
    if d > today:
        with pytest.raises(DateError, match="in the future"):
            parse_date(d.isoformat(), today)
    else:
        assert parse_date(d.isoformat(), today) == d
    assert parse_date(d.isoformat(), today, allow_future=True) == d


@given(st.text(max_size=40))
def test_any_text_parses_or_refuses_with_one_safe_line(text: str) -> None:
    for parse in (
        lambda t: parse_date(t, TODAY, allow_future=True),
        lambda t: parse_yearly(t, TODAY),
        parse_month,
    ):
        try:
            parse(text)
        except DateError as error:
            assert _is_one_safe_line(str(error))


@given(
    st.text(
        alphabet=st.sampled_from(
            ["\x1b", "\n", "\r", "\x07", "\x85", "\u202e", "\u2028", "\u200b", "a", "1", " "]
        ),
        min_size=1,
        max_size=20,
    )
)
def test_control_characters_never_reach_the_message(junk: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(f"Nov 20 {junk}x", TODAY)
    message = str(caught.value)
    assert _is_one_safe_line(message)
    for raw in ("\x1b", "\n", "\r", "\x07", "\x85", "\u202e", "\u2028", "\u200b"):
        assert raw not in message


# --- Yearly dates -------------------------------------------------------------------------

YEARLY_ACCEPTED = [
    ("04-15", YearlyDate(4, 15)),
    ("--04-15", YearlyDate(4, 15)),
    ("April 15", YearlyDate(4, 15)),
    ("15 April", YearlyDate(4, 15)),
    ("Apr 15th", YearlyDate(4, 15)),
    ("15th of april", YearlyDate(4, 15)),
    ("02-29", YearlyDate(2, 29)),
    ("Feb 29", YearlyDate(2, 29)),
    ("Dec 1", YearlyDate(12, 1)),  # stays year-less: not resolved to 2025
    ("1990-04-15", YearlyDate(4, 15, 1990)),
    ("April 15, 1990", YearlyDate(4, 15, 1990)),
    ("15 Apr 1990", YearlyDate(4, 15, 1990)),
    ("2024-02-29", YearlyDate(2, 29, 2024)),
    ("today", YearlyDate(11, 22, 2026)),
    ("3 days ago", YearlyDate(11, 19, 2026)),
    ("2 years ago", YearlyDate(11, 22, 2024)),
    ("last friday", YearlyDate(11, 20, 2026)),
    ("2026-11-22", YearlyDate(11, 22, 2026)),
]


@pytest.mark.parametrize(("text", "expected"), YEARLY_ACCEPTED)
def test_yearly_accepted(text: str, expected: YearlyDate) -> None:
    assert parse_yearly(text, TODAY) == expected


YEARLY_REFUSED = [
    ("", "no date given"),
    ("2023-02-29", "2023 is not a leap year"),
    ("Feb 30", "29 days at most"),
    ("--0415", "04-15 or 15 Apr"),
    ("0415", "04-15 or 15 Apr"),
    ("4/15", "04-15 or 15 Apr"),
    ("15.04", "04-15 or 15 Apr"),
    ("4-15", "04-15 or 15 Apr"),
    ("01/02", "2 Jan or 1 Feb"),
    ("13-01", "no month 13"),
    ("2030-01-01", "is in the future"),
    ("Jan 1 2030", "is in the future"),
    ("tomorrow", "is in the future"),
    ("1899-12-31", "before 1900"),  # a birthday is a day of a life, like a log
    ("1850-01-01", "before 1900"),
    ("200 years ago", "before 1900"),
    ("Fri 28 Nov", "no weekday"),
    ("April 15 maybe", '"maybe" is not part of a date'),
    ("15", "a number alone"),
]


@pytest.mark.parametrize(("text", "part"), YEARLY_REFUSED)
def test_yearly_refused(text: str, part: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_yearly(text, TODAY)
    message = str(caught.value)
    assert part in message
    assert _is_one_safe_line(message)
    if text:
        assert f'"{text}"' in message


def test_one_earliest_year_for_every_day_of_a_life() -> None:
    # A log in 1899 and a birthday in 1850 were once treated apart (the birthday accepted).
    for text in ("1899-12-31", "31 Dec 1899", "1850-06-01"):
        with pytest.raises(DateError, match=f"before {MIN_YEAR}"):
            parse_date(text, TODAY)
        with pytest.raises(DateError, match=f"before {MIN_YEAR}"):
            parse_yearly(text, TODAY)
    assert parse_date("1900-01-01", TODAY) == date(1900, 1, 1)
    assert parse_yearly("1900-01-01", TODAY) == YearlyDate(1, 1, 1900)


def test_an_occasion_may_be_older_than_a_life() -> None:
    # A founding day, an old anniversary of a family firm.
    older = parse_yearly("1865-05-12", TODAY, min_year=MIN_YEARLY_YEAR)
    assert older == YearlyDate(5, 12, 1865)
    with pytest.raises(DateError, match="before 1000"):
        parse_yearly("0999-01-01", TODAY, min_year=MIN_YEARLY_YEAR)


@pytest.mark.parametrize(
    ("text", "ahead", "expected", "chosen"),
    [
        ("Nov 20", True, date(2027, 11, 20), True),  # passed this year: next year's
        ("Nov 25", True, date(2026, 11, 25), True),
        ("Dec 20", False, date(2025, 12, 20), True),  # a log's: last year's
        ("2026-11-20", True, date(2026, 11, 20), False),
        ("20 Nov 2027", True, date(2027, 11, 20), False),
        ("in 3 weeks", True, date(2026, 12, 13), False),
        ("friday", False, date(2026, 11, 20), False),
    ],
)
def test_read_day_says_when_it_chose_the_year(
    text: str, ahead: bool, expected: date, chosen: bool
) -> None:
    assert read_day(text, TODAY, allow_future=ahead) == (expected, chosen)
    assert parse_date(text, TODAY, allow_future=ahead) == expected


def test_yearly_future_message_is_the_brief_one() -> None:
    with pytest.raises(DateError, match=r'^"2030-01-01" is in the future$'):
        parse_yearly("2030-01-01", TODAY)


def _yearly(first: date) -> st.SearchStrategy[YearlyDate]:
    return st.builds(
        lambda d, keep: YearlyDate.from_date(d) if keep else YearlyDate(d.month, d.day),
        st.dates(min_value=first, max_value=TODAY),
        st.booleans(),
    )


yearly_dates = _yearly(date(MIN_YEAR, 1, 1))


@given(yearly_dates)
def test_yearly_round_trips_through_iso(y: YearlyDate) -> None:
    assert YearlyDate.from_iso(y.iso()) == y
    assert parse_yearly(y.iso(), TODAY) == y


@given(_yearly(date(MIN_YEARLY_YEAR, 1, 1)))
def test_an_occasion_round_trips_from_the_year_1000(y: YearlyDate) -> None:
    assert parse_yearly(y.iso(), TODAY, min_year=MIN_YEARLY_YEAR) == y
    assert parse_yearly(y.label(), TODAY, min_year=MIN_YEARLY_YEAR) == y


@given(yearly_dates)
def test_yearly_round_trips_through_names(y: YearlyDate) -> None:
    year = f" {y.year}" if y.year is not None else ""
    assert parse_yearly(f"{_abbr(y.month)} {y.day}{year}", TODAY) == y
    assert parse_yearly(y.label(), TODAY) == y  # "15 Apr 1990" / "15 Apr"


# --- Months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", (2026, 11)),
        ("2026/3", (2026, 3)),
        (" 2026-01 ", (2026, 1)),
        ("Nov 2026", (2026, 11)),
        ("november 2026", (2026, 11)),
    ],
)
def test_parse_month(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026-00", "11-2026", "2026", "1899-12", "2026-11-01", "Nov", "last"]
)
def test_parse_month_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_month(text)
    assert f'"{text}"' in str(caught.value)


words = st.sampled_from(
    ["today", "yesterday", "tomorrow", "ago", "in", "last", "this", "next", "of", ",", "a",
     "day", "weeks", "months", "year", "fri", "sunday", "feb", "November", "29", "31st", "0",
     "2024", "9999", "1900", "0415", "--04-15", "02-29", "999999", "1234567", "12/31", "x"]
)  # fmt: skip


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.lists(words, min_size=1, max_size=4),
    st.booleans(),
)
def test_any_day_any_words_parse_or_refuse_cleanly(
    today: date, parts: list[str], fut: bool
) -> None:
    # Even at the ends of the calendar: a date in range, or a DateError, never another error.
    text = " ".join(parts)
    try:
        got = parse_date(text, today, allow_future=fut)
    except DateError as error:
        assert _is_one_safe_line(str(error))
    else:
        assert date(1900, 1, 1) <= got and (fut or got <= today)
    try:
        yearly = parse_yearly(text, today)
    except DateError as error:
        assert _is_one_safe_line(str(error))
    else:
        born = yearly.as_date()
        assert born is None or born <= today


def test_ends_of_the_calendar() -> None:
    with pytest.raises(DateError, match="after 9999"):
        parse_date("tomorrow", date(9999, 12, 31), allow_future=True)
    with pytest.raises(DateError, match="before 1900"):
        parse_date("yesterday", date(1900, 1, 1))
    with pytest.raises(DateError, match="before 1900"):
        parse_date("Dec 31", date(1900, 12, 30))
    assert parse_date("Jan 1", date(1900, 12, 30)) == date(1900, 1, 1)
