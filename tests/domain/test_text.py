"""Matching keys and terminal-safe text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.text import fold, is_clean, neutralise, one_line, quote_typed


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


# The guard as it was first written, character by character: the oracle of the compiled one.
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _unsafe(code: int) -> bool:
    return code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI


def _slow_neutralise(text: str, keep_newlines: bool) -> str:
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif _unsafe(code):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


_HOSTILE = st.text(
    st.one_of(
        st.characters(max_codepoint=0xA5),
        st.sampled_from(["\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "é", "漢", "\n"]),
    )
)


@given(st.one_of(st.text(), _HOSTILE), st.booleans())
def test_the_compiled_guard_equals_the_character_by_character_one(
    text: str, keep_newlines: bool
) -> None:
    assert neutralise(text, keep_newlines=keep_newlines) == _slow_neutralise(text, keep_newlines)
    assert is_clean(text) == (not any(_unsafe(ord(ch)) for ch in text))


def test_clean_text_comes_back_as_the_same_object() -> None:
    text = "Zoë Ångström, 漢字 [b]bold[/b]"
    assert neutralise(text) is text
    assert one_line(text) == text
