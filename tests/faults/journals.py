"""Journals for the fault suite: a small seeded journal, its whole logical state, and what
must hold in any journal the store leaves on disk."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.text import fold
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal

AT = datetime(2026, 11, 22, 9, 30)


def seed(journal: Journal) -> dict[str, int]:
    """A small journal with history: three people with interactions, one with family."""
    ids: dict[str, int] = {}
    for name, company in (
        ("Ada Lovelace", "Analytical"),
        ("Brian Kernighan", "Bell Labs"),
        ("Chloé Durand", "Société Générale"),
    ):
        ids[name.split()[0]] = journal.add_person(
            NewPerson(name=name, added_on=date(2026, 1, 1), company=company, tags=("friends",))
        )
    for day, who in (
        (date(2026, 3, 1), ("Ada", "Brian")),
        (date(2026, 5, 1), ("Chloé",)),
        (date(2026, 6, 1), ("Ada",)),
    ):
        journal.add_entry(
            NewEntry(
                "interaction",
                day,
                f"lunch about engines on {day}",
                Channel.MEAL,
                people=tuple(ids[w] for w in who),
            ),
            created_at=AT,
        )
    journal.add_entry(
        NewEntry("note", date(2026, 7, 1), "likes gardening", people=(ids["Ada"],)), created_at=AT
    )
    return ids


# -- invariants ---------------------------------------------------------------------------

_DATA_TABLES = (
    "settings",
    "people",
    "tags",
    "tag_rhythms",
    "kids",
    "pets",
    "occasions",
    "entries",
    "entry_people",
    "promises",
)


def dump(path: Path, known_uids: frozenset[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in a stable order: the journal's whole logical state.

    With `known_uids`, a person's uid not among them (one the journal made at random for
    someone added) shows as "(made)", so two runs of the same write compare equal.
    """
    conn = sqlite3.connect(path)
    try:
        tables = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in _DATA_TABLES
        }
        if known_uids is not None:
            columns = conn.execute("SELECT * FROM people LIMIT 0").description
            at = [column[0] for column in columns].index("uid")
            tables["people"] = [
                (*row[:at], row[at] if row[at] in known_uids else "(made)", *row[at + 1 :])
                for row in tables["people"]
            ]
        return tables
    finally:
        conn.close()


def uids(path: Path) -> frozenset[str]:
    conn = sqlite3.connect(path)
    try:
        return frozenset(row[0] for row in conn.execute("SELECT uid FROM people"))
    finally:
        conn.close()


def _fts_words(text: str) -> set[str]:
    """The words of a text, as phrases FTS tokenizes as it tokenized the text (not folded:
    NFKD would split Hangul into jamo that FTS never indexed)."""
    return set(re.findall(r"\w+", unicodedata.normalize("NFC", text)))


def check_invariants(path: Path) -> None:
    """What must hold in any journal the store ever leaves on disk."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Export rows kept by triggers: exactly what the view works out afresh.
        assert stale_rows(conn) == []
        # Derived last contact: the latest interaction of each person, never stale.
        for pid, last in conn.execute("SELECT id, last_contact FROM people").fetchall():
            (latest,) = conn.execute(
                "SELECT max(e.on_date) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
                "WHERE ep.person_id = ? AND e.kind = 'interaction'",
                (pid,),
            ).fetchone()
            assert last == latest, (pid, last, latest)
        # Everyone has a uid of their own (the unique index makes them distinct).
        assert conn.execute("SELECT count(*) FROM people WHERE uid = ''").fetchone() == (0,)
        # Every entry has people.
        assert conn.execute(
            "SELECT count(*) FROM entries WHERE id NOT IN (SELECT entry_id FROM entry_people)"
        ).fetchone() == (0,)
        # The full-text indexes agree with their tables, word by word.
        assert (
            conn.execute("SELECT count(*) FROM people_fts").fetchone()
            == conn.execute("SELECT count(*) FROM people").fetchone()
        )
        conn.execute("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
        for table, fts, column in (
            ("people", "people_fts", "name"),
            ("people", "people_fts", "company"),
            ("entries", "entries_fts", "text"),
        ):
            # Rows by word as FTS compares words (case and accents folded), each asked for
            # by a word as it was typed (FTS folds the query itself).
            expected: dict[str, set[int]] = {}
            asked: dict[str, str] = {}
            for rid, text in conn.execute(f"SELECT id, {column} FROM {table}"):
                for word in _fts_words(text):
                    expected.setdefault(fold(word), set()).add(rid)
                    asked.setdefault(fold(word), word)
            for key, rids in expected.items():
                word = asked[key]
                found = {
                    r
                    for (r,) in conn.execute(
                        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (f'{column} : "{word}"',)
                    )
                }
                assert found == rids, (fts, column, word, found, rids)
    finally:
        conn.rollback()
        conn.close()


def seed_family(journal: Journal, ids: dict[str, int]) -> dict[str, int]:
    """seed's journal with Ada's kid, pet, occasion and promise, and a tag rhythm; their ids
    join the people's."""
    ada = ids["Ada"]
    more = {
        "kid": journal.add_kid(ada, NewKid("Byron", YearlyDate(12, 10, 2015), "chess")),
        "pet": journal.add_pet(ada, NewPet("Babbage", "cat", YearlyDate(3, 1))),
        "occasion": journal.add_occasion(ada, NewOccasion("Engine day", YearlyDate(6, 5))),
        "promise": journal.add_promise(ada, "send the notes", date(2026, 11, 1), None),
    }
    journal.set_tag_rhythm("friends", None)
    (entry,) = journal.timeline(ada, limit=1)
    return {**ids, **more, "entry": entry.id}
