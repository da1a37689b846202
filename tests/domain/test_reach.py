"""Reach text: what is read becomes days, a window and channels; what is not is shown, unread."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.model import Channel
from rjournal.domain.reach import ALL_DAYS, NO_LIMITS, Reach, read_reach

WEEKDAYS = (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("never before 10", Reach(earliest=time(10))),
        ("after 6pm", Reach(earliest=time(18))),
        ("mornings", Reach(earliest=time(8), latest=time(12))),
        ("weekends only", Reach(days=(5, 6))),
        ("only on weekends", Reach(days=(5, 6))),
        ("weekdays", Reach(days=WEEKDAYS)),
        ("not on Mondays", Reach(days=(1, 2, 3, 4, 5, 6))),
        ("never on sundays or saturdays", Reach(days=WEEKDAYS)),
        ("text, never before 10", Reach(earliest=time(10), channels=(Channel.MESSAGE,))),
        ("evenings after 7", Reach(earliest=time(19), latest=time(21))),
        ("mornings before 11", Reach(earliest=time(8), latest=time(11))),
        ("Mondays and Fridays after 3", Reach(days=(0, 4), earliest=time(15))),
        ("mon-fri, 9-5", Reach(days=WEEKDAYS, earliest=time(9), latest=time(17))),
        ("Monday to Wednesday", Reach(days=(0, 1, 2))),
        ("fri-mon", Reach(days=(0, 4, 5, 6))),
        ("between 9:30 and 17:45", Reach(earliest=time(9, 30), latest=time(17, 45))),
        ("from 10 am until noon", Reach(earliest=time(10), latest=time(12))),
        ("before 10 a.m. please", Reach(latest=time(10))),
        ("after 18h", Reach(earliest=time(18))),
        ("not after 8 pm", Reach(latest=time(20))),
        ("no mornings", Reach(earliest=time(12))),
        ("no evenings", Reach(latest=time(17))),
        ("business hours", Reach(days=WEEKDAYS, earliest=time(9), latest=time(17))),
        ("weekday mornings", Reach(days=WEEKDAYS, earliest=time(8), latest=time(12))),
        ("call or text", Reach(channels=(Channel.CALL, Channel.MESSAGE))),
        ("by e-mail", Reach(channels=(Channel.EMAIL,))),
        ("any time", NO_LIMITS),
        ("whenever", NO_LIMITS),
        ("", NO_LIMITS),
        ("weekends only, but not before 10", Reach(days=(5, 6), earliest=time(10))),
    ],
)
def test_reads(text: str, expected: Reach) -> None:
    assert read_reach(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "sundays after church",  # a word it does not know
        "evenings and weekends",  # either one: not one set of days and one window
        "mornings or evenings",
        "not before 10 on weekends",  # a rule for weekends only, not a ban on weekdays
        "no calls",  # a channel it may not use: not something the plan can say
        "after 25",
        "before 10:75",
        "after 13pm",
        "do not call before 9",
        "10am",
    ],
)
def test_leaves_what_it_cannot_read_unread(text: str) -> None:
    assert read_reach(text) == Reach(unread=(text,))


def test_reads_the_clauses_it_can_and_shows_the_rest_as_typed() -> None:
    reach = read_reach("Text, never before 10; Sundays after church. Weekdays only")
    assert reach == Reach(
        days=WEEKDAYS,
        earliest=time(10),
        channels=(Channel.MESSAGE,),
        unread=("Sundays after church",),
    )


def test_clauses_narrow_each_other() -> None:
    assert read_reach("weekdays, not on fridays").days == (0, 1, 2, 3)
    assert read_reach("after 9, after 10, before 5, before 4") == Reach(
        earliest=time(10), latest=time(16)
    )


def test_a_window_that_allows_no_time_says_so() -> None:
    reach = read_reach("mornings, after 6pm")
    assert (reach.earliest, reach.latest) == (time(18), time(12))
    assert not reach.has_time
    assert read_reach("after 6pm").has_time


def test_bare_hours_are_waking_hours_unless_the_clause_says_which_half() -> None:
    assert read_reach("after 7").earliest == time(7)
    assert read_reach("after 6").earliest == time(18)
    assert read_reach("before 12").latest == time(12)
    assert read_reach("evenings after 7").earliest == time(19)
    assert read_reach("afternoons after 1").earliest == time(13)
    assert read_reach("mornings after 9").earliest == time(9)


def test_allows_the_days_it_names() -> None:
    weekends = read_reach("weekends only")
    assert weekends.allows(date(2026, 11, 21))  # a Saturday
    assert not weekends.allows(date(2026, 11, 23))  # a Monday
    assert weekends.limits
    assert not NO_LIMITS.limits
    assert read_reach("text").limits is False


# -- properties ------------------------------------------------------------------------------

KNOWN = [
    "never", "not", "no", "before", "after", "until", "from", "between", "and", "or", "on",
    "only", "mondays", "friday", "sat", "weekends", "weekdays", "mornings", "evenings",
    "afternoons", "text", "call", "email", "10", "6pm", "18:00", "9", "5", "am", "pm", "-",
    "to", "noon", "business", "hours", "any", "time",
]  # fmt: skip
ENDS = [",", ";", "."]
# Words made of consonants the vocabulary never uses alone: none of them can be read.
UNKNOWN = st.from_regex(r"[bcdfgjkqvxz]{3,8}", fullmatch=True)
CLAUSE = st.lists(st.one_of(st.sampled_from(KNOWN), UNKNOWN), max_size=12).map(" ".join)
WORDS = st.lists(st.one_of(st.sampled_from(KNOWN + ENDS), UNKNOWN), max_size=12).map(" ".join)


@given(st.text())
def test_never_raises_and_unread_parts_are_typed_text(text: str) -> None:
    reach = read_reach(text)
    assert set(reach.days) <= set(ALL_DAYS)
    assert all(part and part in text for part in reach.unread)


@given(WORDS)
def test_never_raises_on_near_sentences(text: str) -> None:
    read_reach(text)


@given(st.lists(UNKNOWN, min_size=1, max_size=6).map(" ".join))
def test_words_it_does_not_read_invent_nothing(text: str) -> None:
    assert read_reach(text) == Reach(unread=(text,))


@given(CLAUSE, UNKNOWN, CLAUSE, WORDS)
def test_a_clause_with_an_unread_word_adds_no_constraint(
    before: str, unknown: str, after: str, rest: str
) -> None:
    """Putting an unread word into a clause takes the whole clause out, and nothing else."""
    clause = f"{before} {unknown} {after}".strip()
    with_it = read_reach(f"{rest}, {clause}")
    without = read_reach(rest)
    assert (with_it.days, with_it.earliest, with_it.latest, with_it.channels) == (
        without.days,
        without.earliest,
        without.latest,
        without.channels,
    )
    assert with_it.unread[-1] == clause
