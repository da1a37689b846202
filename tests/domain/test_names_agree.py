"""names_agree: when a shared email or phone may make one person of two records."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.merge import Naming, names_agree

CASES = [
    # (one, other, agree)
    (Naming("Daniel Ireland"), Naming("Adam Glacius"), False),  # a switchboard
    (Naming("Anna Smith"), Naming("John Smith"), False),  # a household: one word is not enough
    (Naming("Bob"), Naming("Robert Smith"), False),
    (Naming("Bob"), Naming("Robert Smith", "Bob"), True),  # a nickname is a name
    (Naming("Bob Smith"), Naming("Robert Smith", "Bob"), True),
    (Naming("Daniel"), Naming("Daniel Ireland"), True),
    (Naming("J. Smith"), Naming("John Smith"), True),  # an initial
    (Naming("ZOË ångström"), Naming("Zoe Angstrom"), True),
    (Naming("김민준"), Naming("김 민준"), True),  # spaces aside
    (Naming("a@x.example", emails=("a@x.example",)), Naming("Adam Glacius"), True),  # no name
    (Naming("+1 555 0100", phones=("+1 (555) 0100",)), Naming("Adam"), True),
    (Naming("Acme Corp"), Naming("Adam Glacius"), False),  # a company is not no name
]


@pytest.mark.parametrize(("one", "other", "agree"), CASES, ids=lambda v: getattr(v, "name", v))
def test_names_agree(one: Naming, other: Naming, agree: bool) -> None:
    assert names_agree(one, other) is agree
    assert names_agree(other, one) is agree


# Letters whose upper case folds back to them: fold drops the iota subscript of "ᾀ" (a mark
# once decomposed) but keeps the "Ι" of its upper case "ἈΙ", and the Turkish "ı" upper-cased
# is "I" (whose fold is "i"): limits of fold, not of the rule.
letters = st.characters(categories=["L"]).filter(
    lambda c: len(c.upper()) == 1 and c.upper().casefold() == c.casefold()
)
words = st.text(letters, min_size=1, max_size=8)


@given(name=st.lists(words, min_size=1, max_size=4), other=st.lists(words, min_size=1, max_size=4))
def test_a_name_agrees_with_its_own_forms_and_with_any_of_its_words(
    name: list[str], other: list[str]
) -> None:
    full = " ".join(name)
    forms = (full.upper(), unicodedata.normalize("NFD", full), f"  {full} ", name[-1])
    for form in forms:
        assert names_agree(Naming(full), Naming(form)), form
    # Symmetric, whatever the names; and a name nobody has agrees with anyone.
    assert names_agree(Naming(full), Naming(" ".join(other))) == names_agree(
        Naming(" ".join(other)), Naming(full)
    )
    assert names_agree(Naming(""), Naming(full))
