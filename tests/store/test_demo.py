"""The demo journal: deterministic, consistent with the store, and rich enough to tell a story."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from rjournal.demo import build_demo, loader
from rjournal.domain.model import Channel
from rjournal.store import checks
from rjournal.store.derived import refresh_contact, stale_history
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal
from rjournal.store.rows import person_values
from rjournal.store.search import search
from tests.conftest import TODAY

PEOPLE = 200
TABLES = (
    "people", "tags", "tag_rhythms", "kids", "pets", "occasions", "entries", "entry_people",
    "promises", "settings",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, people=PEOPLE, today=TODAY)
    return path


@pytest.fixture
def demo_journal(demo_file: Path) -> Iterator[Journal]:
    journal = Journal.open(demo_file, create=False)
    yield journal
    journal.close()


def _dump(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def _one(journal: Journal, sql: str, *params: Any) -> Any:
    return journal.conn.execute(sql, params).fetchone()[0]


def test_deterministic_for_the_same_arguments(demo_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_demo(again, people=PEOPLE, today=TODAY)
    assert _dump(again) == _dump(demo_file)
    other = tmp_path / "other.db"
    build_demo(other, people=PEOPLE, today=TODAY, seed=8)
    assert _dump(other)["people"] != _dump(demo_file)["people"]


# sha256 of _dump(demo_file): the demo's content, pinned. A change to the generator, the heroes
# or the pools changes it (and the app's snapshots); set it anew only for such a change.
CONTENT_SHA256 = "8ac0d0192725d64a492ec17521e95a0d0628ca61b7ceb2a59692b500a2acf5f2"


def test_the_content_is_pinned(demo_file: Path) -> None:
    assert hashlib.sha256(repr(_dump(demo_file)).encode()).hexdigest() == CONTENT_SHA256


def test_no_note_says_note_again(demo_journal: Journal) -> None:
    # "Last note (Fri 6 Nov): Note: Sam's new job..." said it twice.
    notes = [
        t for (t,) in demo_journal.conn.execute("SELECT text FROM entries WHERE kind = 'note'")
    ]
    assert notes and not [t for t in notes if t.lower().startswith("note")]


def test_file_is_private_and_no_temporary_is_left(demo_file: Path) -> None:
    assert stat.S_IMODE(demo_file.stat().st_mode) == 0o600
    # Beside it only its mark (store.checks): the fingerprint of the file as built.
    assert sorted(os.listdir(demo_file.parent)) == [".demo.db.checked", "demo.db"]
    assert stat.S_IMODE(checks.mark_path(demo_file).stat().st_mode) == 0o600


def test_replaces_an_existing_file_and_a_failed_build_leaves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, people=20, today=TODAY)
    build_demo(path, people=30, today=TODAY)
    with Journal.open(path, create=False) as journal:
        assert _one(journal, "SELECT count(*) FROM people") == 30

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loader, "insert_people", broken)
    with pytest.raises(RuntimeError):
        build_demo(path, people=40, today=TODAY)
    assert sorted(os.listdir(tmp_path)) == [".demo.db.checked", "demo.db"]
    with Journal.open(path, create=False) as journal:
        assert _one(journal, "SELECT count(*) FROM people") == 30


def test_schema_is_exactly_the_migrated_one(demo_file: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    Journal.open(fresh).close()
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    with Journal.open(fresh) as a, Journal.open(demo_file, create=False) as b:
        assert a.conn.execute(query).fetchall() == b.conn.execute(query).fetchall()
        assert _one(a, "PRAGMA user_version") == _one(b, "PRAGMA user_version")


def test_integrity(demo_journal: Journal) -> None:
    conn = demo_journal.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
    assert _one(demo_journal, "SELECT count(*) FROM people") == PEOPLE


def test_export_rows_are_ready(demo_journal: Journal) -> None:
    """Built with the triggers off, the export rows still hold what the triggers would."""
    assert stale_rows(demo_journal.conn) == []
    assert stale_history(demo_journal.conn) == []
    assert _one(demo_journal, "SELECT count(*) FROM export_rows") == _one(
        demo_journal, "SELECT count(*) FROM people WHERE deleted_at IS NULL"
    )


def test_derived_columns_match_the_store(demo_journal: Journal) -> None:
    """Every column of every person, as the store leaves it after re-deriving them all."""
    conn = demo_journal.conn
    query = "SELECT * FROM people ORDER BY id"
    built = conn.execute(query).fetchall()
    conn.execute("BEGIN")
    try:
        refresh_contact(conn, [row[0] for row in built])
        refreshed = conn.execute(query).fetchall()
    finally:
        conn.execute("ROLLBACK")
    assert built == refreshed
    assert _one(demo_journal, "SELECT count(*) FROM people WHERE learned_days > 0") > PEOPLE // 4
    assert _one(demo_journal, "SELECT count(*) FROM people WHERE due_from > start_day") > 0


def test_person_columns_are_the_stores(demo_journal: Journal) -> None:
    """Generated and hand-written people alike: every column the store writes for a person."""
    conn = demo_journal.conn
    for pid, deleted_at in conn.execute("SELECT id, deleted_at FROM people").fetchall():
        values = person_values(demo_journal.person(pid, deleted=deleted_at is not None))
        stored = conn.execute(
            f"SELECT {', '.join(values)} FROM people WHERE id = ?", (pid,)
        ).fetchone()
        assert dict(zip(values, stored, strict=True)) == values, pid


def test_full_text_search_finds_people_and_entries(demo_journal: Journal) -> None:
    assert "Maya Okafor-Lindqvist" in {h.person_name for h in search(demo_journal, "okafor")}
    assert "田中 美咲" in {h.person_name for h in search(demo_journal, "田中")}
    assert "José Álvarez" in {h.person_name for h in search(demo_journal, "jose")}
    assert any(h.kind == "interaction" for h in search(demo_journal, "robots"))
    assert demo_journal.resolve("Oleg").name == "Олег Петров"


def test_heroes_tell_a_story(demo_journal: Journal) -> None:
    maya = demo_journal.resolve("Maya")
    assert maya.id is not None
    assert maya.reach == "text, never before 10"
    assert "not a fan" in maya.dislikes
    assert maya.partner == "Sam"
    kids = {k.name: k for k in demo_journal.kids(maya.id)}
    assert kids["Leo"].birthday is not None
    assert kids["Leo"].birthday.next_on_or_after(TODAY) - TODAY <= timedelta(days=14)
    pets = {p.name: p for p in demo_journal.pets(maya.id)}
    assert pets["Rex"].living and not pets["Tom"].living
    assert [p.text for p in demo_journal.promises(maya.id, open_only=True)]
    assert demo_journal.person(maya.id).rhythm is not None
    assert (
        _one(demo_journal, "SELECT last_contact FROM people WHERE id = ?", maya.id)
        == (TODAY - timedelta(days=47)).isoformat()
    )


def test_names_from_many_cultures(demo_journal: Journal) -> None:
    names = [r[0] for r in demo_journal.conn.execute("SELECT name FROM people")]
    scripts = {
        "accents": r"[À-ɏ]", "CJK": r"[\u3040-\u30ff\u4e00-\u9fff]",
        "Hangul": r"[\uac00-\ud7af]", "Arabic": r"[\u0600-\u06ff]",
        "Cyrillic": r"[\u0400-\u04ff]", "Greek": r"[\u0370-\u03ff]",
    }  # fmt: skip
    for script, pattern in scripts.items():
        assert any(re.search(pattern, n) for n in names), script
    assert _one(demo_journal, "SELECT count(*) FROM people WHERE nickname <> ''") >= 5
    # Transliterated names from the same cultures, too.
    assert any(n.startswith(("Dmitri", "Svetlana", "Mikhail", "Omar", "Yasmin")) for n in names)


CONTAINS = {
    "companies and roles": "SELECT count(*) FROM people WHERE company <> '' AND role <> ''",
    "emails": "SELECT count(*) FROM people WHERE emails LIKE '%@%'",
    "two emails": "SELECT count(*) FROM people WHERE emails LIKE '%\n%'",
    "phones": "SELECT count(*) FROM people WHERE phones LIKE '+%'",
    "cities": "SELECT count(DISTINCT city) FROM people WHERE city <> ''",
    "partners": "SELECT count(*) FROM people WHERE partner <> ''",
    "how we met": "SELECT count(*) FROM people WHERE met <> ''",
    "likes": "SELECT count(*) FROM people WHERE likes <> ''",
    "reach": "SELECT count(*) FROM people WHERE reach <> ''",
    "preferred channel": "SELECT count(*) FROM people WHERE channel IS NOT NULL",
    "year-less birthday": "SELECT count(*) FROM people WHERE birthday LIKE '--%'",
    "29 February": "SELECT count(*) FROM people WHERE birthday_md = '02-29'",
    "kids with birthdays": "SELECT count(*) FROM kids WHERE birthday LIKE '____-%'",
    "year-less kid": "SELECT count(*) FROM kids WHERE birthday LIKE '--%'",
    "pets with birthdays": "SELECT count(*) FROM pets WHERE birthday IS NOT NULL",
    "year-less pet": "SELECT count(*) FROM pets WHERE birthday LIKE '--%'",
    "a pet passed away": "SELECT count(*) FROM pets WHERE passed_on IS NOT NULL",
    "wedding anniversary": "SELECT count(*) FROM occasions WHERE label LIKE '%wedding%'",
    "work anniversary": "SELECT count(*) FROM occasions WHERE label LIKE 'work anniversary%'",
    "founding day": "SELECT count(*) FROM occasions WHERE label LIKE '%founding day%'",
    "overdue promise": "SELECT count(*) FROM promises WHERE done_on IS NULL AND due < :today",
    "promise due soon": "SELECT count(*) FROM promises WHERE done_on IS NULL "
    "AND due BETWEEN :today AND date(:today, '+14 days')",
    "done promise": "SELECT count(*) FROM promises WHERE done_on IS NOT NULL",
    "notes": "SELECT count(*) FROM entries WHERE kind = 'note'",
    "from them": "SELECT count(*) FROM entries WHERE from_them = 1",
    "several people at once": "SELECT count(*) FROM (SELECT entry_id FROM entry_people "
    "GROUP BY entry_id HAVING count(*) > 1)",
    "three years": "SELECT count(*) FROM entries WHERE on_date <= date(:today, '-1000 days')",
    "tag rhythms": "SELECT count(*) FROM tag_rhythms",
    "own rhythm": "SELECT count(*) FROM people WHERE rhythm IS NOT NULL AND rhythm <> 'none'",
    "explicitly none": "SELECT count(*) FROM people WHERE rhythm = 'none'",
    "learned only": "SELECT count(*) FROM people p WHERE rhythm IS NULL "
    "AND learned_days IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tags t JOIN tag_rhythms r "
    "ON r.tag = t.tag WHERE t.person_id = p.id)",
    "no rhythm at all": "SELECT count(*) FROM people p WHERE rhythm IS NULL "
    "AND learned_days IS NULL AND NOT EXISTS (SELECT 1 FROM tags t JOIN tag_rhythms r "
    "ON r.tag = t.tag WHERE t.person_id = p.id)",
    "never contacted": "SELECT count(*) FROM people WHERE last_contact IS NULL",
    "overdue": "SELECT count(*) FROM people p WHERE deleted_at IS NULL AND archived = 0 "
    "AND julianday(:today) - julianday(coalesce(last_contact, added_on)) > coalesce("
    "rhythm_days, (SELECT min(r.rhythm_days) FROM tags t JOIN tag_rhythms r ON r.tag = t.tag "
    "WHERE t.person_id = p.id), learned_days, 1e9)",
    "birthday this month": "SELECT count(*) FROM people "
    "WHERE substr(birthday_md, 1, 2) = strftime('%m', :today)",
    "birthday within 14 days": "SELECT count(*) FROM people WHERE birthday IS NOT NULL AND "
    "birthday_md BETWEEN strftime('%m-%d', :today) AND strftime('%m-%d', :today, '+14 days')",
    "archived": "SELECT count(*) FROM people WHERE archived = 1",
    "snoozed": "SELECT count(*) FROM people WHERE snoozed_until > :today",
    "in the trash": "SELECT count(*) FROM people WHERE deleted_at IS NOT NULL",
}


@pytest.mark.parametrize("what", list(CONTAINS))
def test_contains(demo_journal: Journal, what: str) -> None:
    count = demo_journal.conn.execute(CONTAINS[what], {"today": TODAY.isoformat()}).fetchone()[0]
    assert count >= 1, what


def test_every_channel_is_used(demo_journal: Journal) -> None:
    used = {r[0] for r in demo_journal.conn.execute("SELECT DISTINCT channel FROM entries")}
    assert {c.value for c in Channel} <= used


def test_dates_are_relative_to_today(tmp_path: Path) -> None:
    later = date(2027, 3, 1)
    path = tmp_path / "later.db"
    build_demo(path, people=12, today=later)
    with Journal.open(path, create=False) as journal:
        newest = _one(journal, "SELECT max(on_date) FROM entries")
        assert newest <= later.isoformat()
        assert (
            _one(journal, "SELECT count(*) FROM entries WHERE on_date > ?", later.isoformat()) == 0
        )


def test_a_tiny_demo_still_builds(tmp_path: Path) -> None:
    path = tmp_path / "tiny.db"
    build_demo(path, people=1, today=TODAY)
    with Journal.open(path, create=False) as journal:
        assert _one(journal, "SELECT count(*) FROM people") == 1
    with pytest.raises(ValueError):
        build_demo(path, people=0, today=TODAY)
