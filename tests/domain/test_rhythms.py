"""Rhythms: parsing what users type, calendar arithmetic, stored codes, which rhythm applies,
learned rhythms."""

from __future__ import annotations

import itertools
import statistics
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from rjournal.domain.dates import DateError
from rjournal.domain.rhythms import (
    LEARN_MIN_GAPS,
    NO_RHYTHM,
    Rhythm,
    Unit,
    add_months,
    clock_start,
    learn_rhythm,
    parse_period,
    rhythm_in_force,
    shortest_tag_default,
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


units: st.SearchStrategy[Unit] = st.sampled_from(["d", "w", "m", "y"])
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


# Month ends, 29 February and the last years of the calendar come up often.
any_day = st.one_of(
    st.dates(),
    st.builds(
        lambda y, m: date(y, m, 1) - timedelta(days=1),
        st.integers(2, 9999),
        st.integers(1, 12),
    ),
    st.builds(lambda y: date(y * 4, 2, 29), st.integers(1, 2499).filter(lambda y: y % 25)),
    st.dates(min_value=date(9990, 1, 1)),
)


def _relativedelta_or_max(start: date, rhythm: Rhythm) -> date:
    """The oracle: dateutil's relativedelta, and date.max where the calendar ends."""
    step = {
        "d": relativedelta(days=rhythm.count),
        "w": relativedelta(weeks=rhythm.count),
        "m": relativedelta(months=rhythm.count),
        "y": relativedelta(years=rhythm.count),
    }[rhythm.unit]
    try:
        return start + step
    except (OverflowError, ValueError):
        return date.max


@given(any_day, st.integers(1, 3653), units)
@example(date(2026, 1, 31), 1, "m")
@example(date(2024, 2, 29), 1, "y")
@example(date(9999, 12, 1), 1, "m")
@example(date(9999, 12, 31), 1, "d")
def test_after_is_relativedelta(start: date, count: int, unit: Unit) -> None:
    rhythm = Rhythm(count, unit)
    assert rhythm.after(start) == _relativedelta_or_max(start, rhythm)


@given(any_day, st.integers(-120_000, 120_000))
def test_add_months_is_relativedelta(start: date, months: int) -> None:
    try:
        expected: date | None = start + relativedelta(months=months)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError):
            add_months(start, months)
    else:
        assert add_months(start, months) == expected


def test_rhythm_in_force_is_own_then_tag_then_learned() -> None:
    weekly, monthly, learned = Rhythm(1, "w"), Rhythm(1, "m"), Rhythm(12, "d")
    assert rhythm_in_force(weekly, monthly, learned) == (weekly, "own")
    assert rhythm_in_force(None, monthly, learned) == (monthly, "tag")
    assert rhythm_in_force(None, None, learned) == (learned, "learned")
    assert rhythm_in_force(None, None, None) == (None, "none")
    # An explicit "none", own or the tag default, hides everything after it.
    assert rhythm_in_force(NO_RHYTHM, monthly, learned) == (None, "none")
    assert rhythm_in_force(None, NO_RHYTHM, learned) == (None, "none")
    assert rhythm_in_force(None, None, NO_RHYTHM) == (None, "none")


def test_shortest_tag_default_is_the_most_attentive_then_the_first_by_name() -> None:
    defaults = {"club": Rhythm(30, "d"), "family": Rhythm(1, "w"), "work": Rhythm(1, "m")}
    assert shortest_tag_default(["work", "family", "club"], defaults) == ("family", Rhythm(1, "w"))
    assert shortest_tag_default(["work", "club"], defaults) == ("club", Rhythm(30, "d"))
    assert shortest_tag_default(["x", "y"], defaults) is None
    tied = {"b": Rhythm(7, "d"), "a": Rhythm(1, "w")}
    assert shortest_tag_default(["b", "a"], tied) == ("a", Rhythm(1, "w"))
    assert shortest_tag_default(["work", "quiet"], defaults | {"quiet": NO_RHYTHM}) == (
        "quiet",
        NO_RHYTHM,
    )


def test_the_clock_starts_at_the_last_contact_else_the_day_added() -> None:
    assert clock_start(date(2026, 11, 1), date(2025, 1, 1)) == date(2026, 11, 1)
    assert clock_start(None, date(2025, 1, 1)) == date(2025, 1, 1)


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
