"""How days and ages are worded: one rule each, for the command line and the app alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel
from rjournal.domain.wording import (
    after_label,
    age,
    age_words,
    count_days,
    dated,
    day_label,
    day_month,
    in_memory,
    life_dates,
    life_words,
    nearby_day,
    on_day,
    reach_words,
    relative_day,
    since_day,
    turns_on,
    year_note,
    years_ago,
)

TODAY = date(2026, 11, 22)  # a Sunday
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 31))


def test_count_days() -> None:
    assert count_days(0) == "0 days"
    assert count_days(1) == "1 day"
    assert count_days(47) == "47 days"


def test_day_label_carries_the_year_only_outside_todays() -> None:
    assert day_label(date(2026, 11, 20), TODAY) == "Fri 20 Nov"
    assert day_label(date(2025, 12, 5), TODAY) == "Fri 5 Dec 2025"
    assert day_label(date(2027, 1, 2), TODAY) == "Sat 2 Jan 2027"


def test_day_month_is_the_column_form() -> None:
    assert day_month(date(2026, 11, 3), TODAY) == "3 Nov"
    assert day_month(date(2025, 11, 3), TODAY) == "3 Nov 2025"


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (2, "in 2 days"),
        (-2, "2 days ago"),
        (-400, "400 days ago"),
    ],
)
def test_relative_day(offset: int, words: str) -> None:
    assert relative_day(TODAY + timedelta(days=offset), TODAY) == words


@given(DAYS, DAYS)
def test_a_count_from_today_is_never_negative(day: date, today: date) -> None:
    words = relative_day(day, today)
    assert "-" not in words
    delta = (day - today).days
    if abs(delta) > 1:
        assert words == (f"in {delta} days" if delta > 0 else f"{-delta} days ago")


def test_nearby_day_and_on_day_say_the_nearest_days_as_words() -> None:
    assert nearby_day(TODAY, TODAY) == "today"
    assert nearby_day(date(2026, 11, 23), TODAY) == "tomorrow"
    assert nearby_day(date(2026, 11, 21), TODAY) == "yesterday"
    assert nearby_day(date(2026, 11, 28), TODAY) == "Sat 28 Nov"
    assert nearby_day(date(2027, 1, 2), TODAY) == "Sat 2 Jan 2027"
    assert nearby_day(date(2027, 1, 2), TODAY, with_year=False) == "Sat 2 Jan"
    assert on_day(TODAY, TODAY) == "today"
    assert on_day(date(2026, 11, 23), TODAY) == "tomorrow"
    assert on_day(date(2026, 11, 28), TODAY) == "on Sat 28 Nov"


@given(DAYS, DAYS)
def test_nearby_day_is_a_relative_word_or_the_label(day: date, today: date) -> None:
    near = abs((day - today).days) <= 1
    expected = relative_day(day, today) if near else day_label(day, today)
    assert nearby_day(day, today) == expected
    assert on_day(day, today) == (expected if near else f"on {expected}")


def test_dated_is_the_long_day_with_how_far_it_is() -> None:
    assert dated(TODAY, TODAY) == "Sun 22 Nov 2026 (today)"
    assert dated(date(2026, 11, 20), TODAY) == "Fri 20 Nov 2026 (2 days ago)"
    assert dated(date(2026, 11, 21), TODAY) == "Sat 21 Nov 2026 (yesterday)"
    assert dated(date(2026, 11, 25), TODAY) == "Wed 25 Nov 2026 (in 3 days)"


def test_age_is_whole_years_and_none_when_there_is_none_to_give() -> None:
    assert age(YearlyDate(4, 15, 1990), TODAY) == 36
    assert age(YearlyDate(12, 1, 1990), TODAY) == 35
    assert age(YearlyDate(6, 1, 2026), TODAY) == 0
    assert age(YearlyDate(4, 15), TODAY) is None
    assert age(None, TODAY) is None
    assert age(YearlyDate(1, 5, 2027), TODAY) is None  # not born yet: never negative
    assert age(YearlyDate(4, 15, 2012), TODAY, passed_on=date(2025, 3, 1)) is None


def test_age_words_say_under_1_before_the_first_birthday() -> None:
    assert age_words(YearlyDate(4, 15, 1990), TODAY) == "36"
    assert age_words(YearlyDate(6, 1, 2026), TODAY) == "under 1"
    assert age_words(YearlyDate(11, 22, 2025), TODAY) == "1"
    assert age_words(YearlyDate(11, 23, 2025), TODAY) == "under 1"
    assert age_words(YearlyDate(4, 15), TODAY) == ""
    assert age_words(None, TODAY) == ""
    assert age_words(YearlyDate(1, 5, 2027), TODAY) == ""
    assert age_words(YearlyDate(4, 15, 2012), TODAY, date(2025, 3, 1)) == ""


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)), DAYS)
def test_age_words_are_a_count_or_under_1_or_nothing(born: date, today: date) -> None:
    words = age_words(YearlyDate.from_date(born), today)
    if born > today:
        assert words == ""
    elif words != "under 1":
        assert words.isdigit() and int(words) >= 1


def test_years_ago() -> None:
    assert years_ago(YearlyDate(4, 15, 1980), TODAY) == "46 years ago"
    assert years_ago(YearlyDate(11, 22, 2025), TODAY) == "a year ago"
    assert years_ago(YearlyDate(3, 1, 2026), TODAY) == "under a year ago"
    assert years_ago(YearlyDate(3, 1), TODAY) == ""


def test_in_memory_never_counts_an_age_up() -> None:
    born = YearlyDate(4, 15, 2012)
    passed = date(2025, 12, 5)
    assert in_memory(born, passed) == "in memory, 2012–2025"
    assert in_memory(YearlyDate(4, 15), passed) == "in memory, 2025"
    assert in_memory(None, passed) == "in memory, 2025"
    assert in_memory(born, passed, with_day=True) == "in memory, 2012 – 5 Dec 2025"
    assert in_memory(None, passed, with_day=True) == "in memory, 5 Dec 2025"


def test_life_words_for_a_kid_or_a_pet_in_a_line() -> None:
    assert life_words(YearlyDate(9, 3, 2019), None, TODAY) == "7, born 3 Sep 2019"
    assert life_words(YearlyDate(10, 2, 2026), None, TODAY) == "under 1, born 2 Oct 2026"
    assert life_words(YearlyDate(4, 15), None, TODAY) == "birthday 15 Apr"
    assert life_words(None, None, TODAY) == ""
    assert life_words(YearlyDate(1, 5, 2027), None, TODAY) == "born 5 Jan 2027"
    passed = date(2026, 10, 1)
    assert life_words(YearlyDate(4, 15, 2012), passed, TODAY) == "in memory, 2012 – 1 Oct 2026"
    assert life_words(None, passed, TODAY) == "in memory, 1 Oct 2026"


def test_life_dates_say_a_yearless_birthday_once() -> None:
    # With a year: the day of birth, and the next birthday only when it is close.
    assert life_dates(YearlyDate(9, 3, 2019), TODAY) == ("born 3 Sep 2019", "")
    assert life_dates(YearlyDate(11, 28, 2019), TODAY) == (
        "born 28 Nov 2019",
        "turns 7 on Sat 28 Nov",
    )
    assert life_dates(YearlyDate(5, 20, 2021), TODAY, since="since") == ("since 20 May 2021", "")
    # Without a year the day is said once: as the coming day when close, else as a date.
    assert life_dates(YearlyDate(12, 20), TODAY) == ("", "birthday Sun 20 Dec")
    assert life_dates(YearlyDate(11, 23), TODAY) == ("", "birthday tomorrow")
    assert life_dates(YearlyDate(11, 22), TODAY) == ("", "birthday today")
    assert life_dates(YearlyDate(4, 15), TODAY) == ("birthday 15 Apr", "")
    assert life_dates(YearlyDate(1, 2), date(2026, 12, 20)) == ("", "birthday Sat 2 Jan 2027")


def test_a_day_that_happened_is_never_ahead() -> None:
    # Logged under UTC+14 on Sun 6 Dec, read under UTC-8 on Sat 5 Dec: it has happened.
    assert since_day(date(2026, 12, 6), date(2026, 12, 5)) == "today"
    assert since_day(TODAY, TODAY) == "today"
    assert since_day(date(2026, 11, 21), TODAY) == "yesterday"
    assert since_day(date(2026, 11, 19), TODAY) == "3 days ago"


@given(DAYS, DAYS)
def test_since_day_is_today_or_a_count_back(day: date, today: date) -> None:
    words = since_day(day, today)
    assert "-" not in words and not words.startswith("in ") and words != "tomorrow"
    assert words == ("today" if day >= today else relative_day(day, today))


def test_year_note_says_a_year_that_was_not_typed() -> None:
    today = date(2026, 12, 6)
    assert year_note(date(2027, 11, 20), today) == "next year"
    assert year_note(date(2025, 12, 20), today) == "last year"
    assert year_note(date(2028, 2, 29), today) == "in 2028"
    assert year_note(date(2026, 12, 20), today) == ""


def test_turns_on_says_what_a_yearly_date_comes_to_next() -> None:
    today = date(2026, 12, 6)
    assert turns_on(YearlyDate(12, 13, 1979), today) == "turns 47 on Sun 13 Dec"
    assert turns_on(YearlyDate(12, 6, 1979), today) == "turns 47 today"
    assert turns_on(YearlyDate(12, 7, 1979), today) == "turns 47 tomorrow"
    assert turns_on(YearlyDate(11, 20, 1979), today) == "turns 48 on Sat 20 Nov 2027"
    assert turns_on(YearlyDate(12, 13), today) == "next on Sun 13 Dec"
    assert turns_on(YearlyDate(12, 6), today) == "today"
    # 29 February, observed on 28 February in a common year.
    assert turns_on(YearlyDate(2, 29, 2000), today) == "turns 27 on Sun 28 Feb 2027"
    # Born today: the first birthday is a year away.
    assert turns_on(YearlyDate(12, 6, 2026), today) == "turns 1 on Mon 6 Dec 2027"


def test_reach_words_never_glue_the_channel_to_the_text() -> None:
    reach = "text, never before 10"
    assert reach_words(Channel.COFFEE, reach) == "text, never before 10 (prefers coffee)"
    assert reach_words(Channel.COFFEE, "") == "prefers coffee"
    assert reach_words(None, reach) == reach
    # "other" is no preference: never "Reach by other".
    assert reach_words(Channel.OTHER, "") == ""
    assert reach_words(Channel.OTHER, reach) == reach


def test_after_label_does_not_say_the_label_twice() -> None:
    assert after_label("Met", "Met at a design meetup") == "at a design meetup"
    assert after_label("Met", "met at university") == "at university"
    assert after_label("Met", "At a conference in Lisbon") == "At a conference in Lisbon"
    assert after_label("Met", "Meta conference") == "Meta conference"
    assert after_label("Met", "Met") == "Met"
