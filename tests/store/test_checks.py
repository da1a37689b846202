"""The check before a process's first write (store.checks), empty files, new journals made
whole, leftovers swept, folders private, and purge leaving no trace of a person's text."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from rjournal.domain.model import Channel, NewEntry, NewKid, NewPerson
from rjournal.store import checks, connection, leftovers
from rjournal.store.errors import JournalError, NotFound, RefusedFile
from rjournal.store.journal import Journal
from rjournal.store.opening import init_journal
from tests.faults.journals import check_invariants

AT = datetime(2026, 11, 22, 9, 30)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _quick_checks(journal: Journal) -> list[str]:
    """Watch the statements of the journal's connection for a quick_check."""
    seen: list[str] = []
    journal.conn.set_trace_callback(seen.append)
    return seen


def test_the_full_check_runs_only_when_something_else_wrote_the_file(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        journal.add_person(NewPerson(name="Ann", added_on=date(2026, 1, 1)))
    assert checks.read_mark(db_path) == (checks.OK, checks.fingerprint(db_path))
    # Only rjournal wrote it since: the next process skips the full check.
    with Journal.open(db_path) as journal:
        seen = _quick_checks(journal)
        journal.set_setting("a", "1")
        assert not any("quick_check" in s for s in seen)
        journal.set_setting("b", "2")  # and checks once per process at most
    # Another program writes the file: the next process checks it whole first.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE settings SET value = 'elsewhere' WHERE key = 'a'")
    conn.commit()
    conn.close()
    with Journal.open(db_path) as journal:
        seen = _quick_checks(journal)
        journal.set_setting("c", "3")
        assert sum("quick_check" in s for s in seen) == 1
    assert checks.read_mark(db_path) == (checks.OK, checks.fingerprint(db_path))
    assert _mode(checks.mark_path(db_path)) == 0o600


def test_a_damaged_journal_is_refused_for_writing_and_reads_still_work(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        ann = journal.add_person(NewPerson(name="Ann", added_on=date(2026, 1, 1)))
        with journal.write() as conn:
            conn.executemany(
                "INSERT INTO entries (kind, on_date, text, created_at) VALUES ('note', ?, ?, ?)",
                [
                    ("2026-01-01", f"note {i} " + "w" * 900, "2026-01-01T00:00:00")
                    for i in range(40)
                ],
            )
            conn.execute(
                "INSERT INTO entry_people (entry_id, person_id) SELECT id, ? FROM entries", (ann,)
            )
    from tests.faults.test_app_saves import damage_a_page_of

    damage_a_page_of(db_path, "entries")
    before = db_path.read_bytes()
    with Journal.open(db_path) as journal:
        assert journal.person(ann).name == "Ann"  # what still reads, reads
        with pytest.raises(RefusedFile) as refused:
            journal.add_person(NewPerson(name="Bob", added_on=date(2026, 1, 1)))
    message = str(refused.value)
    assert "is damaged" in message and "rj salvage NEW-FILE" in message and "\n" not in message
    assert db_path.read_bytes() == before
    assert checks.read_mark(db_path) == (checks.DAMAGED, checks.fingerprint(db_path))
    # The next process refuses at once, from the mark, without reading it all again.
    with Journal.open(db_path) as journal:
        seen = _quick_checks(journal)
        with pytest.raises(RefusedFile, match="found by an earlier check"):
            journal.set_setting("x", "y")
        assert not any("quick_check" in s for s in seen)
    assert db_path.read_bytes() == before


def test_an_empty_file_is_refused_by_every_opening_and_rj_init_starts_over(
    db_path: Path,
) -> None:
    db_path.write_bytes(b"")
    for create in (True, False):
        with pytest.raises(RefusedFile) as refused:
            Journal.open(db_path, create=create)
        assert "is empty (0 bytes)" in str(refused.value) and "rj init" in str(refused.value)
        assert db_path.read_bytes() == b""
    assert init_journal(db_path, private_dir=False) is True
    with Journal.open(db_path) as journal:
        assert journal.people_count() == 0
    assert _mode(db_path) == 0o600
    assert init_journal(db_path, private_dir=False) is False  # a journal is left as it is


def test_init_refuses_what_is_not_a_journal(db_path: Path) -> None:
    db_path.write_text("Dear diary")
    with pytest.raises(RefusedFile):
        init_journal(db_path, private_dir=False)
    assert db_path.read_text() == "Dear diary"


def test_a_new_journal_appears_whole_under_its_name(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built under a temporary name and linked into place: never an empty file to find."""
    seen_sizes: list[int] = []
    real = connection.create_private_file

    def watching(path: connection.StrPath) -> None:
        real(path)
        if db_path.exists():
            seen_sizes.append(db_path.stat().st_size)

    monkeypatch.setattr(connection, "create_private_file", watching)
    Journal.open(db_path).close()
    assert seen_sizes == []  # the name did not exist while the journal was built
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".journal.db.new")] == []
    check_invariants(db_path)


def test_leftovers_of_killed_processes_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    dead = 2**22 + 12345  # beyond pid_max's default: no such process
    gone = [
        tmp_path / f".journal.db.backup-{dead}",
        tmp_path / f".journal.db.backup-{dead}-journal",
        tmp_path / f".journal.db.building-{dead}",
        tmp_path / f"..journal.db.building-{dead}.checked",
        tmp_path / f".journal.db.new-{dead}",
        tmp_path / f".journal.db.mark-{dead}",
    ]
    old = tmp_path / f".journal.db.backup-{os.getppid()}"  # alive, but untouched for hours
    alive = tmp_path / f".journal.db.building-{os.getppid()}"
    others = [tmp_path / "journal.db.v2-20260101T000000.bak", tmp_path / ".other.db.new-1"]
    for file in [*gone, old, alive, *others]:
        file.write_bytes(b"x")
    stale = time.time() - leftovers.STALE_SECONDS - 60
    os.utime(old, (stale, stale))
    removed = leftovers.remove_stale(path)
    assert sorted(removed) == sorted([*gone, old])
    assert alive.exists() and all(file.exists() for file in others)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def test_every_folder_the_journal_creates_is_private_whatever_the_umask(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "a" / "b" / "c" / "journal.db"
    Journal.open(path).close()
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert _mode(folder) == 0o700, folder
    assert _mode(path) == 0o600
    # A folder that was there already is not ours to change.
    mine = tmp_path / "mine"
    mine.mkdir(0o755)
    os.chmod(mine, 0o755)
    Journal.open(mine / "journal.db").close()
    assert _mode(mine) == 0o755


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(JournalError, match="cannot create"):
        Journal.open(tmp_path / "file" / "sub" / "journal.db")


# -- purge -------------------------------------------------------------------------------

SECRET = "Zanzibarquux"  # a word found nowhere else in a journal


def _purge_journal(db_path: Path) -> dict[str, int]:
    with Journal.open(db_path) as journal:
        gone = journal.add_person(
            NewPerson(
                name=f"Secret {SECRET}son",
                added_on=date(2026, 1, 1),
                company=f"{SECRET} Ltd",
                about=f"told me about {SECRET} " * 20,
                tags=(SECRET.lower(),),
            ),
            kids=[NewKid(f"{SECRET}ina")],
        )
        stays = journal.add_person(NewPerson(name="Bob Stays", added_on=date(2026, 1, 1)))
        own = journal.add_entry(
            NewEntry("note", date(2026, 2, 1), f"{SECRET} confided " * 50, people=(gone,)),
            created_at=AT,
        )
        dinner = NewEntry(
            "interaction", date(2026, 3, 1), "dinner for three", Channel.MEAL, people=(gone, stays)
        )
        shared = journal.add_entry(dinner, created_at=AT)
        journal.add_promise(gone, f"send {SECRET} the photos", date(2026, 1, 1), None)
        journal.delete_person(gone, AT)
    return {"gone": gone, "stays": stays, "own": own, "shared": shared}


def test_purge_erases_a_trashed_person_and_leaves_no_trace_of_their_text(
    db_path: Path,
) -> None:
    ids = _purge_journal(db_path)
    assert SECRET.encode() in db_path.read_bytes()
    with Journal.open(db_path) as journal:
        assert journal.owned_only(ids["gone"]) == {
            "entries": 1, "kids": 1, "pets": 0, "occasions": 0, "promises": 1,
        }  # fmt: skip
        journal.purge_person(ids["gone"])
        with pytest.raises(NotFound):
            journal.person(ids["gone"], deleted=True)
        with pytest.raises(NotFound):
            journal.entry(ids["own"])
        shared = journal.entry(ids["shared"])  # theirs too: it stays, for them
        assert shared.people == (ids["stays"],)
    data = db_path.read_bytes()
    for word in (SECRET, SECRET.lower(), SECRET.upper()):
        assert word.encode() not in data, word
    assert SECRET.encode("utf-16-le") not in data
    # Nor in the search indexes' shadow tables, read as SQLite reads them.
    conn = sqlite3.connect(db_path)
    try:
        shadows = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%fts_%'"
            )
        ]
        assert shadows
        for table in shadows:
            for row in conn.execute(f"SELECT * FROM {table}"):
                blob = b"".join(
                    v if isinstance(v, bytes) else str(v).encode() for v in row if v is not None
                )
                assert SECRET.lower().encode() not in blob.lower(), table
    finally:
        conn.close()
    check_invariants(db_path)


def test_purge_refuses_someone_not_in_the_trash(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        ann = journal.add_person(NewPerson(name="Ann", added_on=date(2026, 1, 1)))
        with pytest.raises(NotFound):
            journal.purge_person(ann)
        assert journal.person(ann).name == "Ann"
