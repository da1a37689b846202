"""Matching keys and terminal-safe text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.text import fold, neutralise, one_line, quote_typed


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.casefold().split())


@given(st.text())
def test_fold_fast_path_equals_the_full_unicode_fold(text: str) -> None:
    assert fold(text) == _slow_fold(text)


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Zoë  Ångström") == fold("ZOE angstrom") == "zoe angstrom"
    assert fold(unicodedata.normalize("NFD", "José")) == fold("jose")


@given(st.text())
def test_neutralised_text_has_no_control_characters(text: str) -> None:
    safe = neutralise(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in safe)
    assert "\u202e" not in safe


def test_neutralise_shows_escapes_visibly_and_keeps_markup_as_text() -> None:
    assert neutralise("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert neutralise("[/bold] [@click=app.quit]") == "[/bold] [@click=app.quit]"
    assert neutralise("x\u202ey") == "x\\u202ey"
    assert neutralise("two\nlines", keep_newlines=True) == "two\nlines"
    assert one_line("two\nlines\tand  tabs", 12) == "two lines a…"


def test_quote_typed_escapes_and_cuts() -> None:
    assert quote_typed(" Nov 20 ") == '"Nov 20"'
    assert quote_typed("a\x1b[2Jb") == '"a\\x1b[2Jb"'
    assert quote_typed("a\u2028b") == '"a\\u2028b"'
    long = quote_typed("x" * 500)
    assert len(long) < 70 and long.endswith('…"')
