"""Rhythms: parsing what users type, calendar arithmetic, stored codes, learned rhythms."""

from __future__ import annotations

import itertools
import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import DateError
from rjournal.domain.rhythms import (
    LEARN_MIN_GAPS,
    NO_RHYTHM,
    Rhythm,
    learn_rhythm,
    parse_period,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("weekly", Rhythm(1, "w")),
        ("Weekly", Rhythm(1, "w")),
        ("fortnightly", Rhythm(2, "w")),
        ("monthly", Rhythm(1, "m")),
        ("quarterly", Rhythm(3, "m")),
        ("yearly", Rhythm(1, "y")),
        ("annually", Rhythm(1, "y")),
        ("10d", Rhythm(10, "d")),
        (" 10D ", Rhythm(10, "d")),
        ("3w", Rhythm(3, "w")),
        ("2m", Rhythm(2, "m")),
        ("1y", Rhythm(1, "y")),
        ("10 days", Rhythm(10, "d")),
        ("1 day", Rhythm(1, "d")),
        ("3 weeks", Rhythm(3, "w")),
        ("3  w", Rhythm(3, "w")),
        ("2 months", Rhythm(2, "m")),
        ("2 years", Rhythm(2, "y")),
        ("every 10 days", Rhythm(10, "d")),
        ("every week", Rhythm(1, "w")),
        ("every day", Rhythm(1, "d")),
        ("none", NO_RHYTHM),
        ("None", NO_RHYTHM),
        ("never", NO_RHYTHM),
        ("3653d", Rhythm(3653, "d")),
        ("521w", Rhythm(521, "w")),
        ("120m", Rhythm(120, "m")),
        ("10y", Rhythm(10, "y")),
    ],
)
def test_parse_period(text: str, expected: Rhythm) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("", "no rhythm given"),
        ("0d", "use none"),
        ("0 weeks", "use none"),
        ("-3w", "negative"),
        ("every -2 days", "negative"),
        ("11y", "ten years at most"),
        ("121m", "ten years at most"),
        ("522w", "ten years at most"),
        ("3654d", "ten years at most"),
        ("99999999999999999999999d", "ten years at most"),
        ("daily", "try weekly"),
        ("biweekly", "try weekly"),
        ("week", "try weekly"),
        ("d", "try weekly"),
        ("10", "try weekly"),
        ("10x", "try weekly"),
        ("10 dayz", "try weekly"),
        ("+3w", "try weekly"),
        ("3.5w", "try weekly"),
        ("every", "try weekly"),
        ("weekly please", "try weekly"),
        ("１０d", "try weekly"),  # full-width digits: no lookalikes
    ],
)
def test_parse_period_refused(text: str, part: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert part in message
    assert len(message.splitlines()) == 1
    if text:
        assert f'"{text}"' in message


def test_parse_period_escapes_control_characters() -> None:
    with pytest.raises(DateError) as caught:
        parse_period("weekly\x1b[2J\n")
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message
    assert "\\x1b[2J" in message


units = st.sampled_from(["d", "w", "m", "y"])
rhythms = st.one_of(
    st.just(NO_RHYTHM),
    st.builds(Rhythm, st.integers(min_value=1, max_value=10), units),
    st.builds(Rhythm, st.integers(min_value=1, max_value=120), st.sampled_from(["d", "w", "m"])),
    st.builds(Rhythm, st.integers(min_value=1, max_value=3653), st.just("d")),
)


@given(rhythms)
def test_code_round_trip(rhythm: Rhythm) -> None:
    assert Rhythm.from_code(rhythm.code()) == rhythm


@given(rhythms)
def test_parse_period_reads_codes_and_labels(rhythm: Rhythm) -> None:
    assert parse_period(rhythm.code()) == rhythm
    assert parse_period(rhythm.label()) == rhythm


@pytest.mark.parametrize("code", ["x", "d", "10", "10x", "-3d", "3.5w", "none "])
def test_from_code_refuses(code: str) -> None:
    with pytest.raises(ValueError):
        Rhythm.from_code(code)


@pytest.mark.parametrize(
    ("rhythm", "start", "expected"),
    [
        (Rhythm(1, "m"), date(2026, 1, 31), date(2026, 2, 28)),
        (Rhythm(1, "m"), date(2024, 1, 31), date(2024, 2, 29)),
        (Rhythm(1, "m"), date(2026, 3, 31), date(2026, 4, 30)),
        (Rhythm(1, "m"), date(2026, 12, 15), date(2027, 1, 15)),
        (Rhythm(3, "m"), date(2026, 11, 30), date(2027, 2, 28)),
        (Rhythm(2, "m"), date(2026, 12, 31), date(2027, 2, 28)),
        (Rhythm(1, "y"), date(2024, 2, 29), date(2025, 2, 28)),
        (Rhythm(4, "y"), date(2024, 2, 29), date(2028, 2, 29)),
        (Rhythm(10, "d"), date(2026, 12, 25), date(2027, 1, 4)),
        (Rhythm(2, "w"), date(2026, 12, 25), date(2027, 1, 8)),
    ],
)
def test_after(rhythm: Rhythm, start: date, expected: date) -> None:
    assert rhythm.after(start) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)), rhythms)
def test_after_is_never_sooner_than_min_days(start: date, rhythm: Rhythm) -> None:
    # The SQL pre-filter relies on this: a rhythm is at least min_days long.
    if not rhythm.is_none:
        assert (rhythm.after(start) - start).days >= rhythm.min_days()


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=2000, max_value=2100))
def test_monthly_lands_in_the_next_month(month: int, year: int) -> None:
    start = date(year, month, 28) + timedelta(days=3)  # past month ends too
    after = Rhythm(1, "m").after(start)
    months = (after.year - start.year) * 12 + after.month - start.month
    assert months == 1
    assert after.day <= start.day


def test_labels() -> None:
    assert NO_RHYTHM.label() == "none"
    assert Rhythm(3, "m").label() == "quarterly"
    assert Rhythm(10, "d").label() == "every 10 days"
    assert Rhythm(1, "d").label() == "every day"


def _days(*offsets: int) -> list[date]:
    start = date(2026, 1, 1)
    return [start + timedelta(days=n) for n in offsets]


def test_learn_rhythm_needs_three_gaps() -> None:
    assert LEARN_MIN_GAPS == 3
    assert learn_rhythm([]) is None
    assert learn_rhythm(_days(0)) is None
    assert learn_rhythm(_days(0, 10, 20)) is None
    assert learn_rhythm(_days(0, 10, 20, 30)) == Rhythm(10, "d")


def test_learn_rhythm_ignores_duplicates() -> None:
    # Four contacts but only three distinct days: two gaps, not enough.
    assert learn_rhythm(_days(0, 10, 10, 20)) is None
    assert learn_rhythm(_days(0, 0, 7, 7, 14, 21, 21)) == Rhythm(7, "d")


def test_learn_rhythm_takes_the_median() -> None:
    assert learn_rhythm(_days(0, 1, 31, 32)) == Rhythm(1, "d")  # gaps 1, 30, 1
    assert learn_rhythm(_days(0, 5, 105, 115)) == Rhythm(10, "d")  # gaps 5, 100, 10
    assert learn_rhythm(_days(0, 4, 10, 20, 40)) == Rhythm(8, "d")  # gaps 4 6 10 20: (6+10)/2
    assert learn_rhythm(_days(0, 4, 9, 19, 39)) == Rhythm(7, "d")  # gaps 4 5 10 20: 7.5 -> 7


@given(st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), max_size=30))
def test_learn_rhythm_properties(days: list[date]) -> None:
    distinct = sorted(set(days))
    got = learn_rhythm(days)
    assert learn_rhythm(list(reversed(days))) == got
    if len(distinct) - 1 < LEARN_MIN_GAPS:
        assert got is None
        return
    gaps = [(b - a).days for a, b in itertools.pairwise(distinct)]
    assert got == Rhythm(int(statistics.median(gaps)), "d")
    assert got.unit == "d" and got.count >= 1
