"""The N-th SQL statement of a write fails -- once, or always from then on -- for every
multi-step write (writes.WRITES): the write raises, the journal on disk is the old one, whole,
and once the failure is gone the same connection makes the write as usual.

The failure is SQLite's own: a progress handler interrupts the statement from inside the
engine (SQLITE_INTERRUPT), trigger statements and COMMIT included. By default each write
fails at a sample of its statements; the `slow` variant at every one.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rjournal.store import connection, migrations
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal
from tests.faults.journals import check_invariants, dump, uids
from tests.faults.writes import WRITES, Case

LATEST = migrations.latest_version()


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


class Injector:
    """Counts the statements SQLite starts on a connection and interrupts the n-th (once), or
    every one from the n-th on (always). A ROLLBACK is let through: undoing is what follows a
    failure, and a rollback SQLite could not finish is played back at the next open (the kill
    loop covers that)."""

    def __init__(self, n: int, *, always: bool) -> None:
        self.n = n
        self.always = always
        self.count = 0
        self.fired = 0
        self.current = ""
        self.commits = 0  # COMMITs started
        # Whether a COMMIT had gone through before the first failure: then it came after
        # the change was saved.
        self.after_commit = False

    def install(self, conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(self._started)
        conn.set_progress_handler(self._progress, 1)

    def _started(self, statement: str) -> None:
        self.count += 1
        self.current = statement.strip().upper()
        self.commits += self.current.startswith("COMMIT")

    def _progress(self) -> int:
        if self.current.startswith("ROLLBACK"):
            return 0
        due = self.count == self.n or (self.always and self.count > self.n)
        if due and (self.always or not self.fired):
            if not self.fired:
                self.after_commit = self.commits > int(self.current.startswith("COMMIT"))
            self.fired += 1
            return 1
        return 0


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, injector: Injector, case: Case) -> Iterator[None]:
    """Every connection the store opens gets the injector (an upgrade writes while opening)."""
    real = connection.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]
        injector.install(conn)
        return conn

    with monkeypatch.context() as patch:
        patch.setattr(connection, "connect", connect)
        yield


def run(case: Case, db: Path, ids: dict[str, int]) -> Journal:
    """Open the journal and make the write; the journal, left open."""
    journal = Journal.open(db)
    try:
        case.run(journal, ids)
    except BaseException:
        journal.close()
        raise
    return journal


def statements_of(
    case: Case, db: Path, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> int:
    counter = Injector(0, always=False)
    with injected(monkeypatch, counter, case):
        run(case, db, ids).close()
    return counter.count


def points(statements: int, every: bool) -> list[int]:
    if every or statements <= 8:
        return list(range(1, statements + 1))
    return sorted(
        {1, 2, statements // 3, statements // 2, 2 * statements // 3, statements - 1, statements}
    )


def fail_everywhere(
    name: str,
    always: bool,
    every: bool,
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    paths, ids = seeds
    case = WRITES[name]
    pre = paths[case.seed]
    upgrade = case.seed == "v2"
    known = frozenset() if upgrade else uids(pre)
    full = tmp_path / "full.db"
    shutil.copy(pre, full)
    statements = statements_of(case, full, ids, monkeypatch)
    new = dump(full, known)
    old = None if upgrade else dump(pre, known)
    checked = 0
    for n in points(statements, every):
        db = tmp_path / f"{'always' if always else 'once'}-{n}.db"
        shutil.copy(pre, db)
        injector = Injector(n, always=always)
        failed: BaseException | None = None
        with injected(monkeypatch, injector, case):
            try:
                run(case, db, ids).close()
            except (sqlite3.Error, OSError, JournalError) as error:
                failed = error
        assert failed is None or injector.fired, failed
        # On disk: the old journal, or the new one whole if the failure came after COMMIT.
        if upgrade:
            assert version_of(db) in (2, LATEST)
            assert failed is None or version_of(db) == (LATEST if injector.after_commit else 2)
        else:
            state = dump(db, known)
            assert state in (old, new), f"a failure at statement {n} left half a write"
            if failed is not None:
                assert state == (new if injector.after_commit else old), (n, failed)
        # Once the failure is gone (or spent), the write goes through.
        if failed is not None and not injector.after_commit:
            if always:
                run(case, db, ids).close()
            else:
                with injected(monkeypatch, injector, case):
                    run(case, db, ids).close()
            assert dump(db, known) == new or upgrade
        with Journal.open(db) as reopened:  # and takes the next write as usual
            reopened.set_setting("after", "failure")
        check_invariants(db)
        checked += 1
    return checked


@pytest.mark.parametrize("always", [False, True], ids=["once", "always"])
@pytest.mark.parametrize("name", list(WRITES))
def test_a_statement_that_fails_leaves_the_old_journal_and_the_next_write_works(
    name: str,
    always: bool,
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert fail_everywhere(name, always, False, seeds, tmp_path, monkeypatch) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("always", [False, True], ids=["once", "always"])
@pytest.mark.parametrize("name", list(WRITES))
def test_every_statement_that_fails_leaves_the_old_journal(
    name: str,
    always: bool,
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = fail_everywhere(name, always, True, seeds, tmp_path, monkeypatch)
    print(f"{name} ({'always' if always else 'once'}): {checked} failures, every one checked")
