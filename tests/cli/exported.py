"""A demo journal with hostile people added, for the export tests: built once per session,
copied for each test that writes."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from rjournal.demo import build_demo
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)
DEMO_PEOPLE = 150
ESC = "\x1b]0;owned\x07"  # sets a terminal's title, if it reaches one raw
HOSTILE_NAME = f"Zoë {ESC}Ångström; =cmd|' /C calc'!A0, Jr."
ARCHIVED_NAME = "Archie Ved"


def add_hostile(path: Path) -> None:
    """People whose text tries every separator and control character the formats have."""
    with Journal.open(path) as journal:
        zoe = journal.add_person(
            NewPerson(
                name=HOSTILE_NAME,
                added_on=date(2025, 1, 2),
                nickname="[bold]Z[/bold]",
                company='Acme; Ltd, "Quoted"',
                role="'+44 is a role",
                emails=("zoe@example.org", "z\\@odd.example"),
                phones=("+44 20 7946 0000",),
                city="Zürich\\Bern",
                birthday=YearlyDate(2, 29),
                partner="Sam; Lee",
                met="line one\nline two\r\nline three",
                about="about: ✓ 日本 😀\u2028sep",
                likes="a,b;c\\d",
                dislikes="=SUM(1)",
                channel=Channel.COFFEE,
                reach="text \u202eevil",
                tags=("vip", "close-friend"),
                rhythm=Rhythm(3, "w"),
            ),
            kids=[
                NewKid("Bo; Ray", YearlyDate(5, 1, 2018), notes="trains,\nplanes"),
                NewKid("Ghost", YearlyDate(3, 3, 2010), passed_on=date(2020, 1, 1)),
            ],
            pets=[NewPet("Rex, Jr.", "dog", YearlyDate(11, 27, 2021), notes="good\tboy")],
            occasions=[NewOccasion("anniversary", YearlyDate(6, 1, 2010))],
            kept=("X-SOMETHING;TYPE=odd:value\\, kept",),
        )
        journal.add_promise(zoe, "Send the ; article, now", TODAY, date(2026, 12, 1))
        done = journal.add_promise(zoe, "Done already", TODAY, date(2026, 11, 1))
        journal.complete_promise(done, date(2026, 11, 2))
        journal.add_entry(
            NewEntry("interaction", date(2026, 11, 1), f"Coffee {ESC} at 日本", Channel.COFFEE,
                     from_them=True, people=(zoe,)),
            created_at=datetime(2026, 11, 1, 9, 30),
        )  # fmt: skip
        archie = journal.add_person(
            NewPerson(name=ARCHIVED_NAME, added_on=date(2024, 5, 5), birthday=YearlyDate(7, 7))
        )
        journal.add_promise(archie, "Archived promise", TODAY, date(2026, 12, 2))
        journal.set_archived(archie, True)


def build(path: Path) -> None:
    build_demo(path, people=DEMO_PEOPLE, today=TODAY, seed=11)
    add_hostile(path)


def copy_of(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the search index's own, each table sorted."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        conn.close()
