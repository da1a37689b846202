"""The readers over the shared corpus of other projects' files, when it is beside the repository.

The corpus is never copied into the repository; where it is missing, these tests say so and
skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.interop import corpus
from rjournal.interop.card import Problem
from rjournal.interop.vcard_read import card_blocks, decode_vcard_bytes, read_card

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [ROOT.parent / "shared" / "interop-corpus",
              ROOT.parent.parent / "shared" / "interop-corpus"]  # fmt: skip
CORPUS = next((path for path in CANDIDATES if path.is_dir()), None)
pytestmark = pytest.mark.skipif(CORPUS is None, reason="no ../shared/interop-corpus here")


def test_every_vcard_vobject_parses_gives_a_record_but_a_card_that_names_no_one() -> None:
    assert CORPUS is not None
    for path in sorted(CORPUS.rglob("*.vcf")):
        figures = corpus.check_vcards(path)
        assert figures.records + figures.refused == figures.cards
        if figures.parsed_without_record:
            text = decode_vcard_bytes(path.read_bytes())
            refusals = [read_card(b) for b in card_blocks(text) if not isinstance(b, Problem)]
            assert all(
                "names no one" in item.why for item in refusals if isinstance(item, Problem)
            ), path.name


def test_every_csv_is_read() -> None:
    assert CORPUS is not None
    for path in sorted(CORPUS.rglob("*.csv")):
        figures = corpus.check_csv(path)
        assert figures.unread == "", path.name
        assert figures.records == figures.rows, path.name


def test_no_birthday_of_the_date_table_is_read_wrongly() -> None:
    assert CORPUS is not None
    (table,) = CORPUS.rglob("date_strings.tsv")
    figures = corpus.check_dates(table)
    assert figures.wrong == ()
    assert figures.right >= 30
