"""A restore killed (SIGKILL) at any SQL statement leaves the journal empty and whole, as it
was; one that finishes leaves the whole backup. The writer is a forked child of this test,
so each of the many kills costs a fork, not a Python start-up."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from rjournal.store.journal import Journal
from rjournal.store.restore_json import restore
from tests.cli.test_exports import _backup

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

PEOPLE = [
    {"id": n, "name": f"Person {n}", "added_on": "2026-01-02", "tags": ["team"],
     "kids": [{"name": f"Kid {n}", "birthday": "--02-29"}],
     "promises": [{"text": "call", "due": "2026-12-01", "created_on": "2026-01-03"}]}
    for n in range(1, 6)
]  # fmt: skip
ENTRIES = [
    {"id": n, "kind": "interaction", "on": "2026-01-03", "channel": "call", "text": f"e{n}",
     "people": [n, n % 5 + 1], "created_at": "2026-01-03T10:00:00"}
    for n in range(1, 6)
]  # fmt: skip
DOCUMENT = json.dumps(
    _backup(people=PEOPLE, entries=ENTRIES, tag_rhythms={"team": "1w"}, settings={"x": "y"})
)


def _restore_in_a_child(db: Path, kill_at: int) -> int:
    """Restore in a forked child that kills itself at statement `kill_at` (0: never); the
    statements it ran, or -1 if it was killed."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery from here on, only os._exit
        os.close(reader)
        count = 0
        try:
            journal = Journal.open(db)

            def trace(statement: str) -> None:
                nonlocal count
                count += 1
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            journal.conn.set_trace_callback(trace)
            restore(journal.conn, io.StringIO(DOCUMENT))
            journal.close()
            os.write(writer, str(count).encode())
        finally:
            os._exit(0)
    os.close(writer)
    said = os.read(reader, 64)
    os.close(reader)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return -1
    return int(said)


def _state(db: Path) -> tuple[Any, ...]:
    with Journal.open(db, create=False) as journal:  # rolls a hot journal back, as rj would
        conn = journal.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        schema = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"))
        counts = tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("people", "kids", "promises", "entries", "entry_people", "tags",
                          "tag_rhythms", "settings", "export_rows")
        )  # fmt: skip
    return schema, counts


@pytest.mark.parametrize(
    "every", [pytest.param(3, id="every-3rd-statement"), pytest.param(1, marks=pytest.mark.slow)]
)
def test_a_restore_killed_anywhere_leaves_the_empty_journal_or_the_whole_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int
) -> None:
    monkeypatch.setattr("rjournal.store.restore_json.BLOCK", 2)  # several blocks, few rows
    empty = tmp_path / "empty.db"
    Journal.open(empty).close()
    old = _state(empty)
    full = tmp_path / "full.db"
    full.write_bytes(empty.read_bytes())
    statements = _restore_in_a_child(full, 0)
    assert statements > 50
    new = _state(full)
    assert new[0] == old[0]  # the same schema: triggers and indexes back in place
    assert new[1] == (5, 5, 5, 5, 10, 5, 1, 1, 5)
    # Every `every`-th statement, and each of the last ones, COMMIT's included.
    kill_points = sorted({*range(1, statements + 2, every), *range(statements - 3, statements + 2)})
    outcomes = []
    for kill_at in kill_points:
        db = tmp_path / "crash.db"
        db.write_bytes(empty.read_bytes())
        Path(f"{db}-journal").unlink(missing_ok=True)
        killed = _restore_in_a_child(db, kill_at) == -1
        assert killed == (kill_at <= statements)
        state = _state(db)
        assert state in (old, new), f"killed at statement {kill_at}: half a restore"
        outcomes.append("old" if state == old else "new")
    assert outcomes == ["old"] * (len(kill_points) - 1) + ["new"]
