"""Columns measured in terminal cells: wide characters take two, joiners and marks none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.cli.cells import cells, clip, pad, pad_left, wrap


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Ana Lee", 7),
        ("Zoë Ångström", 12),
        ("Zoe\u0308", 3),  # e and a combining diaeresis
        ("Małgorzata", 10),
        ("Γιώργος", 7),
        ("Екатерина", 9),
        ("김민준", 6),
        ("田中 美咲", 9),
        ("ｱｲｳ", 3),  # halfwidth katakana
        ("Ana 🎉", 6),
        ("❤️", 2),  # VS16 shows it as an emoji, two cells
        ("👍🏽", 2),  # a skin tone joins the emoji before it
        ("👨\u200d👩\u200d👧", 2),  # one family glyph
        ("a\u200bb", 2),  # a zero-width space
        ("", 0),
    ],
)
def test_cells(text: str, width: int) -> None:
    assert cells(text) == width


def test_clip_cuts_by_cells_and_says_so() -> None:
    assert clip("김민준 Kim", 5) == "김민…"
    assert clip("김민준 Kim", 4) == "김…"  # a wide character never half-shown
    assert clip("Ana Lee", 7) == "Ana Lee"
    assert clip("Ana Lee", 6) == "Ana L…"
    assert clip("Ana", 0) == ""


def test_pad_fills_a_column_exactly() -> None:
    assert pad("김민준", 8) == "김민준  "
    assert pad("Ana 🎉", 8) == "Ana 🎉  "
    assert pad_left("id 7", 6) == "  id 7"


def test_wrap_breaks_between_words_and_inside_a_word_too_wide() -> None:
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("김민준김민준", 4) == ["김민", "준김", "민준"]
    assert wrap("", 10) == []


names = st.text(
    alphabet=st.sampled_from([*"ab Zë김民🎉", "\u0308", "\u200d", "\ufe0f"]), max_size=20
)


@given(names, st.integers(0, 30))
def test_a_column_is_always_its_width(text: str, width: int) -> None:
    shown = clip(text, width)
    assert cells(shown) <= width
    assert shown == text or shown.endswith("…") or width == 0
    assert cells(pad(text, width)) == width


@given(names, st.integers(2, 30))
def test_wrap_keeps_every_word_within_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cells(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


@given(names, st.integers(0, 30))
def test_pad_is_the_clipped_text_filled_to_the_width(text: str, width: int) -> None:
    shown = clip(text, width)
    assert pad(text, width) == shown + " " * (width - cells(shown))
