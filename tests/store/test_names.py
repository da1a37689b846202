"""names_starting: the names shell completion offers, read-only, from a real journal file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal
from rjournal.store.names import names_starting

ADDED = date(2026, 1, 1)


def crowd(path: Path) -> None:
    with Journal.open(path) as journal:
        for name, nickname in (
            ("Ana Lee", "Nana"),
            ("Ana Bell", ""),
            ("Anabel Cruz", ""),
            ("Bob Stone", ""),
            ("Zoë Ångström", ""),
            ("Gone Person", ""),
        ):
            journal.add_person(NewPerson(name=name, nickname=nickname, added_on=ADDED))
        gone = journal.resolve("gone")
        assert gone.id is not None
        journal.delete_person(gone.id, datetime(2026, 2, 1))


def test_names_that_start_with_what_was_typed(db_path: Path) -> None:
    crowd(db_path)
    assert names_starting(db_path, "an", limit=10) == ["Ana Bell", "Ana Lee", "Anabel Cruz"]
    assert names_starting(db_path, "ana ", limit=10) == ["Ana Bell", "Ana Lee"]
    assert names_starting(db_path, "ANA L", limit=10) == ["Ana Lee"]
    assert names_starting(db_path, "zoe a", limit=10) == ["Zoë Ångström"]
    assert names_starting(db_path, "nan", limit=10) == ["Ana Lee"]  # the nickname
    assert names_starting(db_path, "lee", limit=10) == []  # a start, not any part
    assert names_starting(db_path, "gone", limit=10) == []  # the trash is left out
    assert names_starting(db_path, "", limit=3) == ["Ana Bell", "Ana Lee", "Anabel Cruz"]
    assert names_starting(db_path, "an", limit=1) == ["Ana Bell"]


def test_no_journal_means_no_names_and_no_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "journal.db"
    assert names_starting(missing, "a", limit=10) == []
    assert not missing.parent.exists()
    assert names_starting(tmp_path, "a", limit=10) == []  # a directory


def test_files_that_are_not_journals_give_no_names(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Ana Lee\n")
    foreign = tmp_path / "other.db"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE people (name TEXT, sort_key TEXT)")
        con.execute("INSERT INTO people VALUES ('Ana Lee', 'ana lee')")
        con.commit()
    before = foreign.read_bytes()
    assert names_starting(text, "a", limit=10) == []
    assert names_starting(foreign, "a", limit=10) == []
    assert foreign.read_bytes() == before


def test_reading_names_writes_nothing(db_path: Path) -> None:
    crowd(db_path)
    before = db_path.read_bytes()
    assert names_starting(db_path, "b", limit=10) == ["Bob Stone"]
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-journal").exists()
