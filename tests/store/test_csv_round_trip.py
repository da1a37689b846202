"""The README's promise: `rj export csv` then `rj import csv` gives back every value typed that
the CSV carries, over the demo journal with hostile values added, and for any text."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.demo import build_demo
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.interop.card import CardKid, CardOccasion, CardPet
from rjournal.interop.csv_own import (
    HEADER,
    OwnRow,
    csv_line,
    escape_tag,
    format_kid,
    format_list,
    format_occasion,
    format_pet,
    format_promise,
    guard,
)
from rjournal.interop.csv_read import open_csv
from rjournal.store.export import write_csv
from rjournal.store.export_rows import stale_rows
from rjournal.store.importer import Source, import_sources
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 0)


def typed(journal: Journal) -> dict[str, Any]:
    """Every value the CSV carries, by uid: the person's fields but the day added, tags,
    kids, pets, occasions, open promises, and the day of the last contact."""
    out: dict[str, Any] = {}
    conn = journal.conn
    for pid, uid, last in conn.execute(
        "SELECT id, uid, last_contact FROM people WHERE deleted_at IS NULL"
    ):
        person = journal.person(pid)
        fields = {
            f.name: getattr(person, f.name) for f in dataclasses.fields(person)
            if f.name not in ("id", "added_on")
        }  # fmt: skip
        promises = sorted(((p.text, p.due) for p in journal.promises(pid) if p.is_open), key=repr)
        out[uid] = (
            fields,
            sorted(
                ((k.name, k.birthday, k.notes, k.passed_on) for k in journal.kids(pid)), key=repr
            ),
            sorted(
                ((p.name, p.species, p.birthday, p.notes, p.passed_on) for p in journal.pets(pid)),
                key=repr,
            ),
            sorted(((o.label, o.date) for o in journal.occasions(pid)), key=repr),
            promises,
            last,
        )
    return out


def round_trip(journal: Journal, target: Path, *, raw: bool = False) -> Journal:
    """Export the journal as CSV and import that into a new journal at target."""
    text = io.StringIO(newline="")
    write_csv(journal, text, today=TODAY, raw=raw)
    data = io.BytesIO(text.getvalue().encode("utf-8"))
    found = open_csv(data, today=TODAY)
    assert found.problems == () and found.layout == "rjournal"
    copy = Journal.open(target)
    report = import_sources(copy, [Source("export.csv", found.records)], today=TODAY, now=NOW)
    assert report.refused == [] and report.written, report.refused
    assert stale_rows(copy.conn) == []
    return copy


HOSTILE = [
    "=HYPERLINK(\"http://evil\", \"x\")", "+44 20 7946 0000", "'+44 20 7946 0000", "-2", "@SUM(A1)",
    "＝1+1", "＠x", "Rex, Jr.", "Bo; Ray", "(paren)", "back\\slash", "a\\;b", "quote \"q\", ok",
    "line\nbreak", "tab\there", "[red]markup[/red]", "Zoë 🦊", "due (due 2026-01-01)", "  ",
]  # fmt: skip


def _hostile(journal: Journal) -> None:
    for n, text in enumerate(HOSTILE):
        value = text if text.strip() else "plain"
        pid = journal.add_person(
            NewPerson(
                name=f"Hostile {n} {value.strip()}", added_on=TODAY, nickname=value,
                company=value, role=value, emails=(f"{value}@x.example", "b;c@x.example"),
                phones=(value,), city=value, partner=value, met=value, about=value, likes=value,
                dislikes=value, reach=value, channel=Channel.LETTER, tags=(f"t{n},x", "a b"),
                rhythm=Rhythm(2, "w") if n % 2 else None, archived=n % 3 == 0,
                snoozed_until=date(2026, 12, 1 + n) if n % 4 == 0 else None,
                birthday=YearlyDate(2, 29) if n % 2 else YearlyDate(4, 15, 1990),
            ),
            kids=[NewKid(value, YearlyDate(9, 3, 2019), notes=value, passed_on=None),
                  NewKid(f"k {value}", None, "", date(2024, 1, 2))],
            pets=[NewPet(value, species=value, birthday=YearlyDate(6, 1), notes=value)],
            occasions=[NewOccasion(value, YearlyDate(3, 1, 2000))],
        )  # fmt: skip
        journal.add_promise(pid, value, TODAY, date(2026, 12, 1) if n % 2 else None)
    # Two people of one name stay two.
    journal.add_person(NewPerson(name="Same Name", added_on=TODAY, company="One"))
    journal.add_person(NewPerson(name="Same Name", added_on=TODAY, company="Two"))


def test_the_demo_with_hostile_values_comes_back_value_for_value(tmp_path: Path) -> None:
    source = tmp_path / "demo.db"
    build_demo(source, people=150, today=TODAY)
    with Journal.open(source) as journal:
        _hostile(journal)
        before = typed(journal)
        for raw in (False, True):
            copy = round_trip(journal, tmp_path / f"copy-{raw}.db", raw=raw)
            try:
                after = typed(copy)
            finally:
                copy.close()
            if raw:  # without the guard, a role typed "'+44" reads back as "+44": the guard's
                before = {k: v for k, v in before.items() if "'+44" not in str(v[0]["role"])}
                after = {k: v for k, v in after.items() if k in before}
            assert len(after) == len(before) > 150
            for uid, values in before.items():
                assert after[uid] == values, uid


texts = st.text(
    alphabet=st.sampled_from([*"ab ;,()\\\"'=+-@\n\t", "＝", "é", "🦊"]), max_size=12
).filter(lambda t: t.strip() != "")
# Items of a list cell and their parts are trimmed of the spaces around them.
items = texts.map(str.strip)
# The journal keeps emails and phones one a line: one holds no line break.
lines = items.filter(lambda t: "\n" not in t and t.strip() != "")


@given(name=texts, kid=items, pet=items, species=items, label=items, promise=items, tag=items,
       role=texts, email=lines)  # fmt: skip
@settings(max_examples=150)
def test_any_text_in_any_cell_comes_back(
    name: str, kid: str, pet: str, species: str, label: str, promise: str, tag: str, role: str,
    email: str,
) -> None:  # fmt: skip
    """A row written as export writes it (csv_own's formats: the export rows' SQL is held equal
    to them in test_export_rows), guarded, quoted, and read back by the importer's reader."""
    tag = "".join(tag.split()) or "x"
    cells = {
        "name": name.strip(), "role": role, "emails": format_list([email]),
        "tags": format_list([tag], escape_tag),
        "kids": format_kid(NewKid(kid, notes=kid)),
        "pets": format_pet(NewPet(pet, species=species, notes=pet)),
        "occasions": format_occasion(NewOccasion(label, YearlyDate(1, 2))),
        "open_promises": format_promise(promise, None),
    }  # fmt: skip
    written = [cells.get(column, "") for column in HEADER]
    line = csv_line(HEADER) + csv_line([guard(cell) for cell in written])
    found = open_csv(io.BytesIO(line.encode("utf-8")), today=TODAY)
    [row] = list(found.records)
    assert isinstance(row, OwnRow), row
    card = row.card
    assert (card.name, card.emails, card.tags) == (name.strip(), (email,), (tag.lower(),))
    assert card.role == role
    assert card.kids == (CardKid(kid, notes=kid),)
    assert card.pets == (CardPet(pet, species, notes=pet),)
    assert card.occasions == (CardOccasion(label, YearlyDate(1, 2)),)
    assert row.promises == ((promise, None),)
