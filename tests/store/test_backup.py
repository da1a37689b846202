"""`rj backup`: consistent private copies, checked before they are kept, the newest N kept."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from rjournal.cli.main import main
from rjournal.domain.model import NewPerson
from rjournal.store.backup import backups_of, make_backup
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

AT = datetime(2026, 11, 22, 8, 30, 0)


def people_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM people ORDER BY id")]
    finally:
        conn.close()


def _journal_with(path: Path, *names: str) -> Journal:
    journal = Journal.open(path)
    for name in names:
        journal.add_person(NewPerson(name=name, added_on=date(2026, 1, 1)))
    return journal


def test_a_backup_is_a_private_checked_copy_named_by_its_time(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with _journal_with(db, "Ann", "Bob") as journal:
        made = make_backup(journal.conn, db, tmp_path / "backups", at=AT, keep=10)
    assert made.path == tmp_path / "backups" / "journal-20261122T083000.db"
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    assert made.size == made.path.stat().st_size
    assert people_in(made.path) == ["Ann", "Bob"]
    # A backup is a journal: it opens as one.
    with Journal.open(made.path, create=False) as copy:
        assert [p.name for p in copy.people()] == ["Ann", "Bob"]
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.path.name]


def test_only_what_was_committed_is_copied(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with _journal_with(db, "Ann") as journal:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO people (name, added_on, name_key, sort_key) VALUES ('Half', '2026-01-01', "
            "'half', 'half')"
        )
        try:
            # Another writer is half-way through a change: the copy is the last commit.
            made = make_backup(journal.conn, db, tmp_path, at=AT, keep=10)
        finally:
            other.execute("ROLLBACK")
            other.close()
    assert people_in(made.path) == ["Ann"]


def test_the_newest_n_are_kept_and_a_second_in_the_same_second_gets_a_number(
    tmp_path: Path,
) -> None:
    db = tmp_path / "journal.db"
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "other-20200101T000000.db").write_text("another journal's backup")
    (folder / "notes.txt").write_text("mine")
    with _journal_with(db, "Ann") as journal:
        made = [
            make_backup(journal.conn, db, folder, at=datetime(2026, 11, day, 8), keep=3)
            for day in (1, 2, 3, 4)
        ]
        again = make_backup(journal.conn, db, folder, at=datetime(2026, 11, 4, 8), keep=3)
    assert again.path.name == "journal-20261104T080000-2.db"
    assert made[3].removed == [made[0].path]
    assert again.removed == [made[1].path]
    assert backups_of(db, folder) == [made[2].path, made[3].path, again.path]
    assert (folder / "other-20200101T000000.db").exists() and (folder / "notes.txt").exists()


def test_a_killed_backups_temporary_file_goes_on_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    dead = 2**22 + 12345  # above pid_max's default: no such process
    stale = tmp_path / f".journal-20261101T080000.db.tmp-{dead}"
    stale.write_bytes(b"half a copy")
    Path(f"{stale}-journal").write_bytes(b"its hot journal")
    alive = tmp_path / f".journal-20261101T080000.db.tmp-{os.getppid()}"
    alive.write_bytes(b"another backup at work")
    with _journal_with(db, "Ann") as journal:
        make_backup(journal.conn, db, tmp_path, at=AT, keep=5)
    assert not stale.exists() and not Path(f"{stale}-journal").exists()
    assert alive.exists()


def _damage_an_index(db: Path) -> None:
    """Change a name inside the people_sort index, so the index and the table disagree."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'people_sort'"
    ).fetchone()
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    page = data[start : start + page_size]
    at = page.rfind(b"ann")
    assert at > 0
    page[at : at + 3] = b"zzz"
    data[start : start + page_size] = page
    db.write_bytes(bytes(data))


def test_a_damaged_journal_is_not_kept_as_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    _journal_with(db, "Ann", "Bob").close()
    _damage_an_index(db)
    folder = tmp_path / "b"
    with Journal.open(db, create=False) as journal, pytest.raises(JournalError, match="damaged"):
        make_backup(journal.conn, db, folder, at=AT, keep=5)
    assert list(folder.iterdir()) == []


def test_rj_backup_beside_the_journal_and_into_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    _journal_with(db, "Ann").close()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "backup"])
    assert result.exit_code == 0, result.stderr
    (made,) = backups_of(db, tmp_path / "backups")
    assert result.stdout.startswith(f"Backed up the journal to {made} (")
    folder = tmp_path / "elsewhere"
    for _ in range(3):
        result = runner.invoke(main, ["--db", str(db), "backup", str(folder), "--keep", "2"])
        assert result.exit_code == 0, result.stderr
    assert len(backups_of(db, folder)) == 2
    assert "removed 1 older" in result.stdout
    listed = runner.invoke(main, ["--db", str(backups_of(db, folder)[-1]), "list"])
    assert "Ann" in listed.stdout


def test_rj_backup_of_no_journal_or_a_damaged_one_says_so_and_keeps_nothing(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["--db", str(tmp_path / "none.db"), "backup"])
    assert missing.exit_code == 1 and "no journal at" in missing.stderr
    assert not (tmp_path / "backups").exists()
    db = tmp_path / "journal.db"
    _journal_with(db, "Ann", "Bob").close()
    _damage_an_index(db)
    result = runner.invoke(main, ["--db", str(db), "backup"])
    assert result.exit_code == 1
    assert result.stderr.startswith("rj: ") and "integrity_check" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list((tmp_path / "backups").iterdir()) == []
    bad_keep = runner.invoke(main, ["--db", str(db), "backup", "--keep", "0"])
    assert bad_keep.exit_code == 2
