"""The store cannot lose a journal: permissions, pragmas, crashes, locks, refusals, migrations.

Every test works on a real SQLite file in tmp_path, and crashes and concurrent writers are real
processes (SIGKILL, not exceptions).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from rjournal.domain.model import Channel, NewEntry, NewPerson
from rjournal.domain.text import fold
from rjournal.store import connection, migrations
from rjournal.store.errors import JournalError, RefusedFile
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal

REPO = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 22, 9, 30)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _seed(journal: Journal) -> dict[str, int]:
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
    return set(re.findall(r"\w+", fold(text)))


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
            expected: dict[str, set[int]] = {}
            for rid, text in conn.execute(f"SELECT id, {column} FROM {table}"):
                for word in _fts_words(text):
                    expected.setdefault(word, set()).add(rid)
            for word, rids in expected.items():
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


# -- 3. a crash at every statement --------------------------------------------------------

# A fork server: it imports everything once, then forks one writer per request, so each of
# the many crashes costs a fork, not a Python start-up. The writer is a real process and dies
# by SIGKILL, at the start of its kill_at-th SQL statement (trigger bodies included).
ZYGOTE = r"""
import os, signal, sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.store.journal import Journal


def write(path, scenario, kill_at, ids):
    journal = Journal.open(path)
    count = 0

    def trace(statement):
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    journal.conn.set_trace_callback(trace)
    if scenario == "add_person":
        journal.add_person(
            NewPerson(name="Dora Explorer", added_on=date(2026, 11, 1), company="Maps Inc",
                   tags=("travel", "family", "close")),
            kids=[NewKid("Boots", YearlyDate(2, 29, 2016)), NewKid("Swiper", YearlyDate(4, 1))],
            pets=[NewPet("Backpack", "dog", YearlyDate(6, 1, 2020))],
            occasions=[NewOccasion("Adventure day", YearlyDate(9, 9))],
        )
    elif scenario == "add_entry":
        journal.add_entry(
            NewEntry("interaction", date(2026, 11, 20), "dinner with all three", Channel.MEAL,
                  people=tuple(ids)),
            created_at=datetime(2026, 11, 20, 20, 0),
        )
    elif scenario == "update_person":
        journal.update_person(ids[0], {"tags": ("mentors", "old friends"),
                                       "company": "Difference Engine",
                                       "about": "wrote the first program"})
    elif scenario == "delete_person":
        journal.delete_person(ids[0], datetime(2026, 11, 21, 8, 0))
    elif scenario == "restore_person":
        journal.restore_person(ids[0])
    elif scenario == "merge_people":
        journal.merge_people(ids[0], ids[1], datetime(2026, 11, 21, 8, 0))
    elif scenario == "import_csv":
        from io import StringIO
        from rjournal.store.importer import import_rows, read_csv
        rows = read_csv(StringIO(
            'name,tags,kids,open_promises,last_contact\n'
            'Grace Hopper,navy mentors,Ann (2019-01-02); Bo,fix it (due 2026-12-01),2026-10-01\n'
            'Linus Pauling,chemistry,,,2026-09-01\n'
            'Rosalind Franklin,,Cy (--05-05),send the photo,\n'
        ), "test.csv", date(2026, 11, 22))
        import_rows(journal, rows, today=date(2026, 11, 22), now=datetime(2026, 11, 22, 9, 0))
    elif scenario == "update_entry":
        entry = journal.timeline(ids[0], limit=1)[0]
        journal.update_entry(replace(entry, on=date(2026, 11, 21), text="moved to a walk",
                                     people=(ids[1], ids[2])))
    journal.conn.set_trace_callback(None)
    journal.close()
    return count


for line in sys.stdin:
    db, scenario, kill_at, ids = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            count = write(Path(db), scenario, int(kill_at), [int(x) for x in ids.split(",")])
            Path(db + ".count").write_text(str(count))
            code = 0
        except BaseException as error:
            Path(db + ".count").write_text(repr(error))
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        print("killed" if os.WTERMSIG(status) == signal.SIGKILL else "signal", flush=True)
    else:
        print(Path(db + ".count").read_text() if os.WEXITSTATUS(status) == 0 else
              "failed " + Path(db + ".count").read_text(), flush=True)
"""


class Writers:
    """One fork server; `run` returns the statement count, or None when the writer was killed."""

    def __init__(self, script: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script)],
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()

    def run(self, db: Path, scenario: str, kill_at: int, ids: list[int]) -> int | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(f"{db} {scenario} {kill_at} {','.join(map(str, ids))}\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline().strip()
        if answer == "killed":
            return None
        assert answer.isdigit(), answer
        return int(answer)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(10)


@pytest.fixture(scope="module")
def writers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Writers]]:
    script = tmp_path_factory.mktemp("zygote") / "zygote.py"
    script.write_text(ZYGOTE)
    servers = [Writers(script) for _ in range(2)]
    yield servers
    for server in servers:
        server.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    """A seeded journal, and the same journal with Ada already in the trash."""
    base = tmp_path_factory.mktemp("seed")
    plain = base / "seed.db"
    with Journal.open(plain) as journal:
        ids = _seed(journal)
    trashed = base / "trashed.db"
    shutil.copy(plain, trashed)
    with Journal.open(trashed) as journal:
        journal.delete_person(ids["Ada"], AT)
    return plain, trashed, [ids["Ada"], ids["Brian"], ids["Chloé"]]


@pytest.mark.parametrize(
    "scenario",
    [
        "add_person",
        "add_entry",
        "update_person",
        "delete_person",
        "restore_person",
        "merge_people",
        "update_entry",
        "import_csv",
    ],
)
def test_a_crash_at_any_statement_leaves_the_old_or_the_new_journal(
    scenario: str, writers: list[Writers], seeded: tuple[Path, Path, list[int]], tmp_path: Path
) -> None:
    plain, trashed, ids = seeded
    pre = trashed if scenario == "restore_person" else plain
    known = uids(pre)
    old = dump(pre, known)
    # The complete write, once, to learn the new state and how many statements it takes.
    full = tmp_path / "full.db"
    shutil.copy(pre, full)
    statements = writers[0].run(full, scenario, 0, ids)
    assert statements is not None and statements >= 3
    new = dump(full, known)
    assert new != old
    check_invariants(full)

    def crash_at(n: int) -> str:
        db = tmp_path / f"crash-{n}.db"
        shutil.copy(pre, db)
        killed = writers[n % len(writers)].run(db, scenario, n, ids) is None
        assert killed == (n <= statements)
        # Open as the next command would (this rolls back a hot journal), then look.
        with Journal.open(db) as journal:
            journal.people()
        check_invariants(db)
        state = dump(db, known)
        assert state in (old, new), f"crash at statement {n} left a half-written journal"
        # And the journal takes the next write as usual, leaving no rollback file behind.
        with Journal.open(db) as journal:
            journal.set_setting("next", "write")
        assert not Path(f"{db}-journal").exists()
        return "old" if state == old else "new"

    with ThreadPoolExecutor(max_workers=len(writers)) as pool:
        outcomes = list(pool.map(crash_at, range(1, statements + 2)))
    assert outcomes.count("old") >= 1 and outcomes.count("new") >= 1
    # The transaction boundary: every crash before COMMIT finishes is the old journal.
    assert outcomes == ["old"] * statements + ["new"]
    print(f"{scenario}: {statements} statements, every crash checked")


KILLER = r"""
import sys
from datetime import date, datetime
from pathlib import Path
from rjournal.domain.model import Channel, NewEntry
from rjournal.store.journal import Journal

journal = Journal.open(Path(sys.argv[1]))
ids = [int(x) for x in sys.argv[2].split(",")]
for i in range(100000):
    entry_id = journal.add_entry(
        NewEntry("interaction", date(2026, 11, 1 + i % 20), f"call number {i} " + "z" * (i % 3000),
              Channel.CALL, people=tuple(ids[: 1 + i % 3])),
        created_at=datetime(2026, 11, 21),
    )
    print(entry_id, flush=True)  # "saved": only after COMMIT returned
"""


def test_killed_at_random_moments_mid_commit_no_saved_entry_is_lost(
    seeded: tuple[Path, Path, list[int]], tmp_path: Path
) -> None:
    """SIGKILL from outside lands anywhere, inside COMMIT's own disk writes too."""
    plain, _, ids = seeded
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    db = tmp_path / "killed.db"
    shutil.copy(plain, db)
    rng = random.Random(20261122)
    for _ in range(5):
        child = subprocess.Popen(
            [sys.executable, str(script), str(db), ",".join(map(str, ids))],
            env=_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # it is writing now
        assert first.strip().isdigit()
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        said_saved = [int(first)] + [int(x) for x in child.stdout.read().split()]
        child.wait()
        with Journal.open(db) as journal:
            for entry_id in said_saved:
                assert journal.entry(entry_id).id == entry_id
        check_invariants(db)


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
    """Damage the schema does not cross (one data page) is found on first touch, not on open.

    Opening reads the header and the whole schema; a full integrity check on every open would
    cost seconds on a big journal. So the query that reaches the page raises DatabaseError, and
    a write that reaches it is rolled back whole.
    """
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
