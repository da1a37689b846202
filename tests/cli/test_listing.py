"""`rj list` and `rj trash` streamed (cli.listing, store.listing): the fast text path writes
what output.person_line writes, the JSON written a page at a time is jsonshape.dumps of the
whole list, and the pages together are the whole list in order."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.cli import output
from rjournal.cli.jsonshape import dumps, person_row_json
from rjournal.cli.listing import text_lines, write_json, write_text
from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal
from rjournal.store.listing import ListRow, list_pages, person_row

TODAY = date(2026, 12, 6)
# Plain text and every kind of trouble: controls, escapes, wide and combining characters,
# runs of spaces, line separators, the separator the fast path itself uses.
_TEXT = st.text(
    alphabet="abcXYZ09  -.'#&é\t\n\x1b\x1f\x7f\x9b\u0301\u200b\u2028\u00a0漢ΩЖ…", max_size=40
)
_ROW = st.tuples(
    st.integers(1, 10**6),
    _TEXT,
    _TEXT,
    _TEXT,
    st.one_of(
        st.none(), st.integers(0, 2000).map(lambda d: (TODAY - timedelta(days=d)).isoformat())
    ),
    st.integers(0, 1),
    st.lists(_TEXT.filter(bool), max_size=4).map(lambda tags: tuple(sorted(set(tags)))),
)


@given(st.lists(_ROW, max_size=6))
def test_the_fast_text_path_writes_what_person_line_writes(rows: list[ListRow]) -> None:
    days: dict[str | None, str] = {None: "never"}
    width = max((len(str(r[0])) for r in rows), default=1)
    assert list(text_lines(rows, TODAY, width, days)) == [
        output.person_line(person_row(row), TODAY, width) for row in rows
    ]


def test_every_character_the_fast_path_takes_is_one_line_and_one_cell() -> None:
    import re
    import unicodedata

    from rjournal.cli.listing import _WORD
    from rjournal.domain.text import one_line

    word = re.compile(_WORD)
    taken = [chr(c) for c in range(0x10000) if word.fullmatch(chr(c))]
    assert len(taken) > 1000
    for ch in taken:
        assert one_line(f"a{ch}b") == f"a{ch}b", hex(ord(ch))
        assert not unicodedata.combining(ch) and unicodedata.east_asian_width(ch) not in "WF"


@given(st.lists(st.lists(_ROW, max_size=3), max_size=4))
def test_the_json_written_by_pages_is_dumps_of_the_whole_list(
    pages: list[list[ListRow]],
) -> None:
    import io
    from contextlib import redirect_stdout

    written = io.StringIO()
    with redirect_stdout(written):
        write_json(pages)
    whole = [person_row_json(person_row(row)) for page in pages for row in page]
    assert written.getvalue() == dumps(whole) + "\n"
    assert json.loads(written.getvalue()) == json.loads(dumps(whole))


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "journal.db")
    names = ["Zoë", "ann", "Bob", "bob", "Émile", "Ann", "Cy", "dee", "Al"]
    for i, name in enumerate(names):
        pid = journal.add_person(NewPerson(name, TODAY, tags=("friend", "a\x1fb") if i % 2 else ()))
        if i == 3:
            journal.set_archived(pid, True)
    return journal


def test_pages_together_are_the_whole_list_in_order(journal: Journal) -> None:
    whole = [row for page in list_pages(journal, size=100) for row in page]
    assert len(whole) == 8  # the archived one left out
    for size in (1, 2, 3, 7, 8):
        pages = list(list_pages(journal, size=size))
        assert all(0 < len(page) <= size for page in pages)
        assert [row for page in pages for row in page] == whole
    keys = [r[0] for r in journal.conn.execute(
        "SELECT id FROM people WHERE archived = 0 ORDER BY sort_key, id")]  # fmt: skip
    assert [row[0] for row in whole] == keys
    # A tag holding the separator stays one tag.
    tagged = [row for page in list_pages(journal, tag="friend", archived=True) for row in page]
    assert len(tagged) == 4
    assert all(row[6] == tuple(sorted(("friend", "a\x1fb"))) for row in tagged)
    everyone = [row for page in list_pages(journal, archived=True, size=2) for row in page]
    assert len(everyone) == 9
    journal.close()


def test_an_empty_list_says_so(journal: Journal, capsys: pytest.CaptureFixture[str]) -> None:
    write_text(list_pages(journal, deleted=True), TODAY, 1, empty="The trash is empty.")
    write_json(list_pages(journal, deleted=True))
    assert capsys.readouterr().out == "The trash is empty.\n[]\n"
    journal.close()
