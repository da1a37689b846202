"""The store cannot lose a journal: permissions, pragmas, crashes, locks, refusals, migrations.

Every test works on a real SQLite file in tmp_path, and crashes and concurrent writers are real
processes (SIGKILL, not exceptions).
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from rjournal.domain.model import NewEntry
from rjournal.store import connection, migrations
from rjournal.store.errors import JournalError, RefusedFile
from rjournal.store.journal import Journal
from tests.faults.journals import AT, check_invariants, dump
from tests.faults.journals import seed as _seed

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- 1. permissions -----------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def test_new_journal_is_0600_even_with_umask_000(db_path: Path, open_umask: None) -> None:
    Journal.open(db_path).close()
    assert _mode(db_path) == 0o600


def test_private_data_dir_is_0700(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "data" / "rjournal" / "journal.db"
    Journal.open(path, private_dir=True).close()
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600
    # An existing, too-open data directory is tightened too.
    os.chmod(path.parent, 0o755)
    Journal.open(path, private_dir=True).close()
    assert _mode(path.parent) == 0o700


def test_existing_0644_journal_is_tightened_on_open(db_path: Path) -> None:
    Journal.open(db_path).close()
    os.chmod(db_path, 0o644)
    Journal.open(db_path).close()
    assert _mode(db_path) == 0o600


def test_rollback_journal_file_is_private_during_a_write(db_path: Path, open_umask: None) -> None:
    with Journal.open(db_path) as journal:
        _seed(journal)
        rollback = Path(f"{db_path}-journal")
        with journal.write() as conn:
            # A change big enough to spill to the file's pages, so SQLite writes its journal.
            conn.execute("UPDATE people SET about = ?", ("x" * 20000,))
            conn.execute("PRAGMA cache_size = 1")
            conn.execute("UPDATE entries SET text = text || ?", ("y" * 5000,))
            assert rollback.exists(), "SQLite should have opened its rollback journal"
            assert _mode(rollback) & 0o077 == 0, oct(_mode(rollback))
        assert not rollback.exists()  # journal_mode DELETE: gone after COMMIT


# -- 2. pragmas ---------------------------------------------------------------------------


def test_every_connection_has_the_safe_pragmas(db_path: Path) -> None:
    Journal.open(db_path).close()
    for conn in (Journal.open(db_path).conn, connection.connect(db_path)):
        try:
            assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert conn.execute("PRAGMA busy_timeout").fetchone() == (connection.BUSY_TIMEOUT_MS,)
            assert connection.BUSY_TIMEOUT_MS >= 5000
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
        finally:
            conn.close()


# -- 3. crashes: tests/faults/test_kill.py kills every multi-step write at its statements ---

# -- 4. concurrency -----------------------------------------------------------------------

WRITER = r"""
import sys
from datetime import date, datetime
from pathlib import Path
from rjournal.domain.model import Channel, NewEntry
from rjournal.store.journal import Journal

path, person, count, tag = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with Journal.open(path) as journal:
    print("open", flush=True)
    for i in range(count):
        journal.add_entry(NewEntry("interaction", date(2026, 11, 21), f"{tag} {i}", Channel.CALL,
                                people=(person,)), created_at=datetime(2026, 11, 21))
print("done", flush=True)
"""


@pytest.fixture
def writer_script(tmp_path: Path) -> Path:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    return script


def _writer(script: Path, db: Path, person: int, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(person), str(count), tag],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _texts(db: Path, like: str) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT text FROM entries WHERE text LIKE ?", (like,))}
    finally:
        conn.close()


def test_command_line_writes_while_the_app_reads_then_the_app_writes(
    db_path: Path, writer_script: Path
) -> None:
    with Journal.open(db_path) as journal:
        ids = _seed(journal)
    errors: list[BaseException] = []
    reading = threading.Event()
    child_started = threading.Event()

    def app() -> None:
        try:
            with Journal.open(db_path) as journal:
                with journal.snapshot() as conn:
                    before = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                    reading.set()
                    child_started.wait(10)
                    time.sleep(0.3)  # the writer is trying to commit now: it must wait
                    # A snapshot: the other process's write is not visible mid-read.
                    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == before
                journal.add_entry(
                    NewEntry("note", date(2026, 11, 22), "app wrote this", people=(ids["Brian"],)),
                    created_at=AT,
                )
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=app)
    thread.start()
    assert reading.wait(10)
    child = _writer(writer_script, db_path, ids["Ada"], 1, "cli wrote this")
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "open"
    child_started.set()
    _, err = child.communicate(timeout=30)
    thread.join(30)
    assert child.returncode == 0, err
    assert "locked" not in err
    assert errors == []
    assert _texts(db_path, "cli wrote this%") == {"cli wrote this 0"}
    assert _texts(db_path, "app wrote this") == {"app wrote this"}
    check_invariants(db_path)


def test_two_processes_writing_at_once_lose_nothing(db_path: Path, writer_script: Path) -> None:
    with Journal.open(db_path) as journal:
        ids = _seed(journal)
    children = [
        _writer(writer_script, db_path, ids["Ada"], 50, "first"),
        _writer(writer_script, db_path, ids["Brian"], 50, "second"),
    ]
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    assert _texts(db_path, "first %") == {f"first {i}" for i in range(50)}
    assert _texts(db_path, "second %") == {f"second {i}" for i in range(50)}
    check_invariants(db_path)


def test_a_writer_waits_for_another_writer_holding_the_lock(
    db_path: Path, writer_script: Path
) -> None:
    with Journal.open(db_path) as journal:
        ids = _seed(journal)
    holder = connection.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
    start = time.monotonic()
    child = _writer(writer_script, db_path, ids["Ada"], 1, "waited")
    time.sleep(1.0)
    assert child.poll() is None, "the second writer should be waiting, not finished or failed"
    holder.execute("COMMIT")
    holder.close()
    _, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    assert time.monotonic() - start >= 1.0
    assert _texts(db_path, "waited %") == {"waited 0"}
    with Journal.open(db_path) as journal:
        assert journal.setting("held") == "yes"


# -- 5. refusals --------------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, stat.S_IMODE(st.st_mode)


_SOURCE: list[bytes] = []


def _journal_bytes(tmp_path: Path) -> bytes:
    """A real journal of some 40 pages, so damage past the schema's pages is possible."""
    if not _SOURCE:
        path = tmp_path / "source.db"
        with Journal.open(path) as journal:
            _seed(journal)
            with journal.write() as conn:
                for i in range(60):
                    conn.execute(
                        "INSERT INTO entries (kind, on_date, text, created_at) "
                        "VALUES ('note', '2026-01-01', ?, '2026-01-01T00:00:00')",
                        (f"note {i} " + "w" * 900,),
                    )
                conn.execute(
                    "INSERT INTO entry_people (entry_id, person_id) SELECT id, 1 FROM entries "
                    "WHERE id NOT IN (SELECT entry_id FROM entry_people)"
                )
        _SOURCE.append(path.read_bytes())
        path.unlink()
    return _SOURCE[0]


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


def _newer(path: Path, tmp_path: Path) -> None:
    path.write_bytes(_journal_bytes(tmp_path))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    conn.close()


def _truncated(path: Path, tmp_path: Path) -> None:
    data = _journal_bytes(tmp_path)
    path.write_bytes(data[: len(data) // 2])


def _garbage_after_page_one(path: Path, tmp_path: Path) -> None:
    data = bytearray(_journal_bytes(tmp_path))
    rng = random.Random(7)
    data[4096:] = bytes(rng.randrange(256) for _ in range(len(data) - 4096))
    path.write_bytes(bytes(data))


REFUSALS: dict[str, tuple[Callable[[Path, Path], object], str]] = {
    "text file": (
        lambda p, t: p.write_text("Dear diary,\ntoday I met Ada.\n"),
        "not an rjournal journal",
    ),
    "random bytes": (
        lambda p, t: p.write_bytes(random.Random(3).randbytes(10000)),
        "not an rjournal journal",
    ),
    "someone else's sqlite": (lambda p, t: _foreign_sqlite(p), "not an rjournal journal"),
    "newer rjournal": (_newer, "newer rjournal"),
    "truncated to half": (_truncated, "damaged"),
    "garbage from page 2 on": (_garbage_after_page_one, "damaged"),
    "short sqlite header": (
        lambda p, t: p.write_bytes(connection.SQLITE_MAGIC + b"\0" * 20),
        "damaged",
    ),
}


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_files_that_are_not_our_journal_are_refused_and_untouched(
    kind: str, tmp_path: Path
) -> None:
    make, words = REFUSALS[kind]
    path = tmp_path / "journal.db"
    make(path, tmp_path)
    os.chmod(path, 0o644)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = _fingerprint(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(RefusedFile) as caught:
        Journal.open(path)
    message = str(caught.value)
    assert words in message and str(path) in message and "left untouched" in message.lower()
    assert "\n" not in message
    assert _fingerprint(path) == before  # same bytes, same mtime, not even chmod-ed
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no -journal, no backup


def test_damage_found_only_by_a_later_query_raises_and_writes_nothing(tmp_path: Path) -> None:
    """Damage the schema does not cross (one data page) is not found on open, which reads the
    header and the schema only: a read that reaches the page raises DatabaseError, the check
    before the first write refuses the write, and a write that reaches the page anyway is
    rolled back whole."""
    path = tmp_path / "journal.db"
    path.write_bytes(_journal_bytes(tmp_path))
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = (
        [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = 'leaf'"
            )
        ]
        if _has_dbstat(conn)
        else []
    )
    conn.close()
    target = pages[len(pages) // 2] if pages else root
    data = bytearray(path.read_bytes())
    start = (target - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
    with Journal.open(path) as journal:
        before = path.read_bytes()
        with pytest.raises(sqlite3.DatabaseError):
            journal.conn.execute("SELECT count(*), sum(length(text)) FROM entries").fetchone()
        # The check before a process's first write finds it: refused, nothing written.
        with pytest.raises(RefusedFile, match=r"is damaged .*rj salvage"), journal.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('landed', 'yes')")
        assert not journal.conn.in_transaction
        # Damage that came after that check: the write that reaches it is rolled back whole.
        journal.checked = True
        with pytest.raises(sqlite3.DatabaseError), journal.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('landed', 'yes')")
            conn.execute("UPDATE entries SET text = text || '!'")
        assert not journal.conn.in_transaction
        assert journal.setting("landed") is None
    assert path.read_bytes() == before


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1")
    except sqlite3.OperationalError:
        return False
    return True


def test_a_directory_is_not_a_journal(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory"):
        Journal.open(tmp_path)


def test_missing_journal_without_create_is_a_clear_error(db_path: Path) -> None:
    with pytest.raises(JournalError, match="no journal at"):
        Journal.open(db_path, create=False)
    assert not db_path.exists()


# -- 6. migrations ------------------------------------------------------------------------


def _add_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")


def _half_then_fail(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")
    conn.execute("UPDATE people SET name = 'CHANGED'")
    raise RuntimeError("migration bug")


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


LATEST = migrations.latest_version()


def test_a_migration_backs_up_first_then_upgrades(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(db_path) as journal:
        _seed(journal)
    assert _version(db_path) == LATEST
    v1 = dump(db_path)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_column])
    with Journal.open(db_path) as journal:
        assert journal.people_count() == 3
    assert _version(db_path) == LATEST + 1
    backups = list(db_path.parent.glob(f"{db_path.name}.v{LATEST}-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert _mode(backup) == 0o600
    assert _version(backup) == LATEST
    assert dump(backup) == v1
    check_invariants(backup)
    conn = sqlite3.connect(backup)
    assert "pronouns" not in {r[1] for r in conn.execute("PRAGMA table_info(people)")}
    conn.close()
    conn = sqlite3.connect(db_path)
    assert "pronouns" in {r[1] for r in conn.execute("PRAGMA table_info(people)")}
    conn.close()
    # Opening again at the new version makes no second backup.
    with Journal.open(db_path):
        pass
    assert len(list(db_path.parent.glob("*.bak"))) == 1


def test_backup_is_private_even_with_umask_000(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None
) -> None:
    Journal.open(db_path).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_column])
    Journal.open(db_path).close()
    (backup,) = db_path.parent.glob("*.bak")
    assert _mode(backup) == 0o600


def test_a_failing_migration_leaves_the_journal_at_its_old_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(db_path) as journal:
        _seed(journal)
    v1 = dump(db_path)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _half_then_fail])
    with pytest.raises(JournalError) as caught:
        Journal.open(db_path)
    message = str(caught.value)
    assert "could not upgrade" in message and f"v{LATEST}" in message and "migration bug" in message
    assert _version(db_path) == LATEST
    assert dump(db_path) == v1
    conn = sqlite3.connect(db_path)
    assert "pronouns" not in {r[1] for r in conn.execute("PRAGMA table_info(people)")}
    conn.close()
    check_invariants(db_path)
    # Once the bug is fixed, the same journal upgrades.
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:-1], _add_column])
    Journal.open(db_path).close()
    assert _version(db_path) == LATEST + 1


OPENER = r"""
import sys, time
from pathlib import Path
from rjournal.store.journal import Journal
start = float(sys.argv[2])
while time.time() < start:
    pass
with Journal.open(Path(sys.argv[1]), private_dir=True) as journal:
    print(journal.people_count())
"""


def test_two_processes_creating_the_same_new_journal_both_succeed(tmp_path: Path) -> None:
    script = tmp_path / "opener.py"
    script.write_text(OPENER)
    for round_ in range(2):
        path = tmp_path / f"new-{round_}" / "journal.db"
        start = time.time() + 0.5
        children = [
            subprocess.Popen(
                [sys.executable, str(script), str(path), str(start)],
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for child in children:
            out, err = child.communicate(timeout=30)
            assert child.returncode == 0, err
            assert out.strip() == "0"
        assert _version(path) == migrations.latest_version()
        assert _mode(path) == 0o600
        check_invariants(path)
