"""A merged text keeps its parts apart: in the record, on one line, and in a talking point."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.checkin_words import talking_points
from rjournal.domain.merge import PART_BREAK, merge_people, parts_line, text_parts
from rjournal.domain.model import CheckinFacts, Person

TODAY = date(2026, 11, 22)


def person(pid: int, *, likes: str = "", about: str = "") -> Person:
    return Person(name="Ana Lee", added_on=date(2026, 1, 1), id=pid, likes=likes, about=about)


def test_merged_likes_keep_their_parts_apart() -> None:
    merged, _ = merge_people(person(1, likes="climbing, sourdough"), person(2, likes="jazz"))
    assert merged.likes == "climbing, sourdough" + PART_BREAK + "jazz"
    assert text_parts(merged.likes) == ["climbing, sourdough", "jazz"]
    assert parts_line(merged.likes) == "climbing, sourdough; jazz"


def test_the_talking_point_says_the_parts_apart() -> None:
    # Once "Cares about: climbing, sourdough jazz", as if one phrase.
    merged, _ = merge_people(person(1, likes="climbing, sourdough"), person(2, likes="jazz"))
    points = talking_points(CheckinFacts(person=merged), TODAY, set())
    assert "Cares about: climbing, sourdough; jazz" in points


def test_a_part_already_there_is_not_added_twice_and_a_longer_one_is_not_lost() -> None:
    kept = person(1, about="met at a conference" + PART_BREAK + "loves sailing")
    same, _ = merge_people(kept, person(2, about="loves sailing"))
    assert same.about == kept.about
    # Once dropped as "already in" the kept text, being a substring of it.
    jazz, _ = merge_people(person(1, likes="jazz festivals"), person(2, likes="jazz"))
    assert text_parts(jazz.likes) == ["jazz festivals", "jazz"]


def test_one_line_texts_are_one_part() -> None:
    assert text_parts("") == []
    assert text_parts("  jazz  ") == ["jazz"]
    assert text_parts("line one\nline two") == ["line one\nline two"]
    assert parts_line("line one\nline two") == "line one line two"


words = st.text(alphabet="ab ,", min_size=1, max_size=6).filter(lambda t: t.strip())


@given(st.lists(words, max_size=3), st.lists(words, max_size=3))
def test_every_part_of_both_is_a_part_of_the_merge(mine: list[str], theirs: list[str]) -> None:
    kept = person(1, likes=PART_BREAK.join(mine))
    dup = person(2, likes=PART_BREAK.join(theirs))
    merged, _ = merge_people(kept, dup)
    parts = text_parts(merged.likes)
    assert parts[: len(text_parts(kept.likes))] == text_parts(kept.likes)
    assert set(parts) == set(text_parts(kept.likes)) | set(text_parts(dup.likes))
