"""vcard_text.split_raw: text without a backslash takes one compiled split, which must cut
exactly where the character loop cuts (that loop is the oracle here, written out again)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rjournal.interop.vcard_text import split_raw

SEPARATORS = [";", ",", ";, \t\n", "-]^"]  # the last: characters a regex class treats apart


def cut_by_hand(raw: str, separators: str) -> list[str]:
    parts, current = [], ""
    for ch in raw:
        if ch in separators:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


@given(
    st.text(alphabet=st.sampled_from("ab ;,\t\n-]^()é"), max_size=30), st.sampled_from(SEPARATORS)
)
def test_text_without_a_backslash_is_cut_at_every_separator(raw: str, separators: str) -> None:
    assert split_raw(raw, separators) == cut_by_hand(raw, separators)


def test_a_backslash_keeps_the_separator_after_it() -> None:
    assert split_raw(r"Rex\, Jr., dog", ",") == [r"Rex\, Jr.", " dog"]
    assert split_raw("a;;b;", ";") == ["a", "", "b", ""]
