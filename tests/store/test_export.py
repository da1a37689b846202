"""CSV export: RFC 4180, Unicode, spreadsheet-safe cells, streaming in constant memory."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, cast

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.interop.csv_own import HEADER, csv_line, escape_part, guard, unguard
from rjournal.store.export import write_csv
from rjournal.store.journal import Journal
from tests.conftest import TODAY

HOSTILE = ["=1+1", "+x", "-2", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋x", "－2", "＠SUM(A1)"]


def _export(journal: Journal, *, raw: bool = False) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO(newline="")
    count = write_csv(journal, out, today=TODAY, raw=raw)
    text = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert count == len(rows)
    return text, rows


def _add(journal: Journal, name: str, **fields: Any) -> int:
    return journal.add_person(NewPerson(name=name, added_on=TODAY - timedelta(days=100), **fields))


def test_header_and_rows_in_name_order(journal: Journal) -> None:
    _add(journal, "Zoë Zimmer")
    _add(journal, "adam Ant")
    _add(journal, "Émile Bernard")
    text, rows = _export(journal)
    assert text.startswith(",".join(HEADER) + "\r\n")
    assert [r["name"] for r in rows] == ["adam Ant", "Émile Bernard", "Zoë Zimmer"]
    assert text.endswith("\r\n")


def test_enriched_row(journal: Journal) -> None:
    journal.set_tag_rhythm("client", Rhythm(1, "m"))
    journal.set_tag_rhythm("team", Rhythm(1, "w"))
    maya = journal.add_person(
        NewPerson(
            name="Maya Okafor", nickname="Maya", company="Northwind", role="Director",
            emails=("maya@n.example", "m@mail.example"), phones=("+44 7700 900123",),
            city="London", birthday=YearlyDate(3, 14, 1987), partner="Sam",
            tags=("client", "team"), added_on=date(2026, 1, 1), met="at a fair, 2019",
            about="runs; sails", likes="tea", dislikes="=calls", channel=Channel.COFFEE,
            reach="text, never before 10", snoozed_until=date(2026, 11, 12),
        ),
        kids=[NewKid("Mia"), NewKid("Leo", birthday=YearlyDate(11, 28, 2019), notes="dinos")],
        pets=[NewPet("Rex", species="dog", birthday=YearlyDate(4, 2)),
              NewPet("Tom", species="cat", passed_on=date(2025, 3, 1))],
        occasions=[NewOccasion("Founding (Northwind)", YearlyDate(6, 1, 2010)),
                   NewOccasion("anniversary", YearlyDate(2, 29))],
    )  # fmt: skip
    journal.add_entry(
        NewEntry(kind="interaction", on=date(2026, 11, 10), text="coffee", channel=Channel.COFFEE,
              people=(maya,)),
        created_at=datetime(2026, 11, 10, 9),
    )  # fmt: skip
    journal.add_promise(maya, "send the article", TODAY, date(2026, 11, 26))
    done = journal.add_promise(maya, "done already", TODAY, None)
    journal.complete_promise(done, TODAY)
    journal.add_promise(maya, "someday", TODAY, None)
    _text, [row] = _export(journal, raw=True)
    (uid,) = journal.conn.execute("SELECT uid FROM people WHERE id = ?", (maya,)).fetchone()
    assert row == {
        "id": str(maya), "name": "Maya Okafor", "nickname": "Maya", "company": "Northwind",
        "role": "Director", "emails": "maya@n.example; m@mail.example",
        "phones": "+44 7700 900123", "city": "London", "birthday": "1987-03-14",
        "partner": "Sam", "kids": "Leo (2019-11-28, notes: dinos); Mia",
        "pets": "Rex, dog (--04-02); Tom, cat (passed 2025-03-01)", "tags": "client; team",
        "rhythm": "weekly (tag team)", "last_contact": "2026-11-10", "next_due": "2026-11-17",
        "open_promises": "send the article (due 2026-11-26); someday", "archived": "no",
        "occasions": "anniversary (--02-29); Founding \\(Northwind\\) (2010-06-01)",
        "snooze": "2026-11-12", "met": "at a fair, 2019", "about": "runs; sails",
        "likes": "tea", "dislikes": "=calls", "channel": "coffee",
        "reach": "text, never before 10", "uid": uid,
    }  # fmt: skip
    _text, [guarded] = _export(journal)
    assert (guarded["phones"], guarded["dislikes"]) == ("'+44 7700 900123", "'=calls")
    assert guarded["pets"] == row["pets"]


def test_rhythm_sources_and_next_due(journal: Journal) -> None:
    own = _add(journal, "A Own", rhythm=Rhythm(3, "m"))
    none = _add(journal, "B None", rhythm=Rhythm(0))
    nothing = _add(journal, "C Nothing")
    learned = _add(journal, "D Learned")
    archived = _add(journal, "E Archived", rhythm=Rhythm(1, "w"), archived=True)
    snoozed = _add(
        journal, "F Snoozed", rhythm=Rhythm(1, "w"), snoozed_until=TODAY + timedelta(days=9)
    )
    for days in (40, 30, 20, 10):
        journal.add_entry(
            NewEntry(kind="interaction", on=TODAY - timedelta(days=days), text="hi",
                  channel=Channel.CALL, people=(learned,)),
            created_at=datetime(2026, 1, 1),
        )  # fmt: skip
    _text, rows = _export(journal)
    by_id = {int(r["id"]): r for r in rows}
    added = TODAY - timedelta(days=100)
    assert by_id[own]["rhythm"] == "quarterly (own)"
    assert by_id[own]["next_due"] == Rhythm(3, "m").after(added).isoformat()
    assert (by_id[none]["rhythm"], by_id[none]["next_due"]) == ("none (own)", "")
    assert (by_id[nothing]["rhythm"], by_id[nothing]["next_due"]) == ("", "")
    assert by_id[learned]["rhythm"] == "every 10 days (learned)"
    assert by_id[learned]["next_due"] == TODAY.isoformat()
    assert (by_id[archived]["archived"], by_id[archived]["next_due"]) == ("yes", "")
    assert by_id[snoozed]["next_due"] == (TODAY + timedelta(days=9)).isoformat()


def test_trash_is_left_out_archived_kept(journal: Journal) -> None:
    gone = _add(journal, "Gone Person")
    _add(journal, "Kept Person", archived=True)
    journal.delete_person(gone, datetime(2026, 11, 1, 12))
    _text, rows = _export(journal)
    assert [(r["name"], r["archived"]) for r in rows] == [("Kept Person", "yes")]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_formula_cells_are_guarded(journal: Journal, hostile: str) -> None:
    pid = _add(journal, f"Name {hostile}", nickname=hostile, company=hostile, role=hostile,
               city=hostile, partner=hostile, tags=(hostile.strip() or "x",))  # fmt: skip
    journal.add_kid(pid, NewKid(hostile.strip() or "x"))
    journal.add_pet(pid, NewPet(hostile.strip() or "x"))
    journal.add_promise(pid, hostile, TODAY, None)
    _text, [row] = _export(journal)
    for column in ("company", "role", "city", "partner"):
        assert row[column] == "'" + hostile, column
    assert row["open_promises"] == "'" + escape_part(hostile)  # a list cell: ( ) escaped
    if hostile.strip() == hostile:  # the store strips kid and pet names
        for column in ("kids", "pets"):
            assert row[column].startswith("'" + escape_part(hostile)), column
    assert row["name"] == f"Name {hostile}"
    _text, [raw] = _export(journal, raw=True)
    for column in ("company", "role", "city", "partner"):
        assert raw[column] == hostile, column
    assert raw["open_promises"] == escape_part(hostile)


def test_guard_helper() -> None:
    assert [guard(c) for c in HOSTILE] == ["'" + c for c in HOSTILE]
    assert guard("plain =1") == "plain =1"
    assert guard("") == ""
    # A typed apostrophe before a formula start gets one more, so import takes off only ours.
    assert [guard(c) for c in ("'+44 20", "''=x", "'quoted")] == [
        "''+44 20", "'''=x", "'quoted",
    ]  # fmt: skip
    for typed in (*HOSTILE, "'+44 20", "''=x", "'quoted", "plain", "", "'"):
        assert unguard(guard(typed)) == typed


def test_unicode_and_newlines_round_trip(journal: Journal, tmp_path: Path) -> None:
    about = 'line one\nline "two", with comma\r\nthree'
    pid = _add(journal, "田中 美咲", nickname="Misaki", city="東京", company="Ölgaz, Inc.",
               partner="فاطمة", role=about)  # fmt: skip
    journal.add_promise(pid, "send the\narticle", TODAY, None)
    _add(journal, "Олег 🦊 Петров")
    target = tmp_path / "out.csv"
    with open(target, "w", encoding="utf-8", newline="") as out:
        write_csv(journal, out, today=TODAY)
    with open(target, encoding="utf-8", newline="") as back:
        rows = list(csv.DictReader(back))
    misaki = next(r for r in rows if r["nickname"] == "Misaki")
    assert (misaki["name"], misaki["city"], misaki["company"], misaki["partner"]) == (
        "田中 美咲",
        "東京",
        "Ölgaz, Inc.",
        "فاطمة",
    )
    assert misaki["role"] == about
    assert misaki["open_promises"] == "send the\narticle"
    assert {r["name"] for r in rows} == {"田中 美咲", "Олег 🦊 Петров"}
    assert target.read_bytes().decode("utf-8").count("\r\n") >= 3


def test_empty_journal_writes_the_header_only(journal: Journal) -> None:
    text, rows = _export(journal)
    assert (text, rows) == (",".join(HEADER) + "\r\n", [])


def _reference(journal: Journal, *, raw: bool = False) -> str:
    """The same rows quoted cell by cell (csv_line): what the block writer must equal."""
    _text, rows = _export(journal, raw=True)
    lines = [csv_line(HEADER)]
    lines += [csv_line([c if raw else guard(c) for c in row.values()]) for row in rows]
    return "".join(lines)


def test_quoting_is_rfc_4180_and_quotes_semicolons_too(journal: Journal) -> None:
    journal.set_tag_rhythm("a,b", Rhythm(2, "w"))
    pid = _add(journal, 'Ann "Nan", Lee', company="Line\nbreak", city="Cr\rlf",
               tags=("a,b", "z"), emails=("x@e.example", "y@e.example"))  # fmt: skip
    journal.add_kid(pid, NewKid('Kid "K", Jr', birthday=YearlyDate(1, 2, 2020)))
    journal.add_pet(pid, NewPet("Rex", species="dog, old"))
    journal.add_promise(pid, 'say "hi", then go', TODAY, None)
    _add(journal, "Plain Person", phones=("+1 555",), role="x;=cmd|' /C calc'!A0")
    for raw in (False, True):
        text, rows = _export(journal, raw=raw)
        assert text == _reference(journal, raw=raw)
        # A spreadsheet that splits on ";" still sees one cell, and it starts with x.
        assert "\"x;=cmd|' /C calc'!A0\"" in text
    _text, rows = _export(journal)
    ann = rows[0]
    assert (ann["name"], ann["kids"], ann["pets"]) == (
        'Ann "Nan", Lee',
        'Kid "K"\\, Jr (2020-01-02)',
        "Rex, dog\\, old",
    )
    assert ann["tags"] == "a\\,b; z"
    assert ann["rhythm"] == "every 2 weeks (tag a,b)"
    assert rows[1]["phones"] == "'+1 555"


@pytest.mark.parametrize("odd", ["\x1f", "\x1e", "=\x1f+", "a\x1eb\x1fc"])
def test_text_holding_our_separators_stays_in_its_cell(journal: Journal, odd: str) -> None:
    """The block writer joins cells with US and rows with RS; stored text holding them must
    still land whole in its own cell, guarded and quoted like any other."""
    before = _add(journal, "Aaron Before", role="a, b")
    pid = _add(journal, f"Bea {odd} B", company=odd, tags=(f"t{odd}t",))
    journal.add_kid(pid, NewKid(f"k{odd}k"))
    journal.add_promise(pid, f"=p{odd}", TODAY, None)
    after = _add(journal, "Cy After", city="-3")
    for raw in (False, True):
        text, rows = _export(journal, raw=raw)
        assert [int(r["id"]) for r in rows] == [before, pid, after]
        bea = rows[1]
        assert (bea["name"], bea["kids"], bea["tags"]) == (f"Bea {odd} B", f"k{odd}k", f"t{odd}t")
        assert bea["company"] == (odd if raw or not odd.startswith("=") else "'" + odd)
        assert bea["open_promises"] == (f"=p{odd}" if raw else f"'=p{odd}")
        assert rows[2]["city"] == ("-3" if raw else "'-3")
        assert text == _reference(journal, raw=raw)


class _Sink(io.TextIOBase):
    """Counts what is written and keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def test_streams_in_constant_memory(tmp_path: Path) -> None:
    from rjournal.demo import build_demo

    path = tmp_path / "big.db"
    build_demo(path, people=5_000, today=TODAY)
    with Journal.open(path, create=False) as journal:
        sink = _Sink()
        tracemalloc.start()
        try:
            count = write_csv(journal, cast(TextIO, sink), today=TODAY)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert count > 4_800
    assert sink.chars > 500_000
    assert peak < 2 * 1024 * 1024, peak
