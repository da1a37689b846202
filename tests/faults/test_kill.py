"""kill -9 at every SQL statement of every multi-step write (writes.WRITES), and at random
moments: the journal holds the old state or the new one, never half; what was said saved is
there; a killed upgrade leaves no backup that is not one, and its leftovers go on the next run.

The writers are real processes killed with SIGKILL. By default each write is killed at a
sample of its statements (the first ones, the last ones around COMMIT, and some between); the
`slow` variant kills it at every one.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rjournal.store import migrations
from rjournal.store.journal import Journal
from tests.faults.journals import check_invariants, dump, uids
from tests.faults.writes import WRITES

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "store" / "fixtures"


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), out.get("PYTHONPATH")]))
    return out


# A fork server: it imports everything once, then forks one writer per request, so each of
# the many kills costs a fork, not a Python start-up. The writer dies by SIGKILL at the start
# of its kill_at-th SQL statement (trigger bodies included); 0 never kills.
ZYGOTE = r"""
import os, signal, sys
from pathlib import Path
from rjournal.store import connection
from rjournal.store.journal import Journal
from tests.faults.writes import WRITES


def write(path, name, kill_at, ids):
    case = WRITES[name]
    count = 0

    def trace(statement):
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    if case.seed == "v2":  # the write is the opening: trace every connection it makes
        real = connection.connect

        def traced(*args, **kwargs):
            conn = real(*args, **kwargs)
            conn.set_trace_callback(trace)
            return conn

        connection.connect = traced
        journal = Journal.open(path)
    else:
        journal = Journal.open(path)
        journal.conn.set_trace_callback(trace)
        case.run(journal, ids)
    journal.conn.set_trace_callback(None)
    journal.close()
    return count


for line in sys.stdin:
    db, name, kill_at, ids = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            pairs = [pair.split("=") for pair in ids.split(",")]
            count = write(Path(db), name, int(kill_at), {k: int(v) for k, v in pairs})
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
            env=env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()

    def run(self, db: Path, name: str, kill_at: int, ids: dict[str, int]) -> int | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        pairs = ",".join(f"{k}={v}" for k, v in ids.items())
        with self.lock:
            self.process.stdin.write(f"{db} {name} {kill_at} {pairs}\n")
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


def kill_points(statements: int, every: bool) -> list[int]:
    """Where to kill: every statement and just after the last, or a sample of them."""
    if every or statements <= 12:
        return list(range(1, statements + 2))
    picked = {1, 2, 3, statements // 4, statements // 2, 3 * statements // 4}
    picked |= {statements - 2, statements - 1, statements, statements + 1}
    return sorted(picked)


def leftovers(folder: Path, name: str) -> list[str]:
    """Temporary files of the store beside the journal NAME (store.leftovers)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def kill_everywhere(
    name: str,
    every: bool,
    writers: list[Writers],
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
) -> list[str]:
    paths, ids = seeds
    case = WRITES[name]
    pre = paths[case.seed]
    upgrade = case.seed == "v2"
    known = frozenset() if upgrade else uids(pre)
    old = None if upgrade else dump(pre, known)
    # The complete write, once, to learn the new state and how many statements it takes.
    full = tmp_path / "full.db"
    shutil.copy(pre, full)
    statements = writers[0].run(full, name, 0, ids)
    assert statements is not None and statements >= 2
    new = dump(full, known)
    assert new != old
    check_invariants(full)

    def kill_at(n: int) -> str:
        folder = tmp_path / f"kill-{n}"
        folder.mkdir()
        db = folder / "journal.db"
        shutil.copy(pre, db)
        killed = writers[n % len(writers)].run(db, name, n, ids) is None
        assert killed == (n <= statements)
        # Open as the next command would (it rolls back a hot journal; an upgrade runs
        # again), then look.
        with Journal.open(db) as journal:
            journal.people()
        check_invariants(db)
        state = dump(db, known)
        assert state in (old, new), f"a kill at statement {n} left a half-written journal"
        # The journal takes the next write as usual, leaving no rollback file behind.
        with Journal.open(db) as journal:
            journal.set_setting("next", "write")
        assert not Path(f"{db}-journal").exists()
        # Every backup is a whole, sound copy of the old journal; no temporary is left.
        for backup in folder.glob("*.bak"):
            copy = sqlite3.connect(backup)
            try:
                assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
                assert copy.execute("PRAGMA user_version").fetchone() == (2,)
            finally:
                copy.close()
        assert leftovers(folder, "journal.db") in ([], [".journal.db.checked"])
        return "old" if state == old else "new"

    with ThreadPoolExecutor(max_workers=len(writers)) as pool:
        outcomes = list(pool.map(kill_at, kill_points(statements, every)))
    # The transaction boundary: old until the COMMIT is through, new from then on.
    first_new = outcomes.index("new")
    assert outcomes == ["old"] * first_new + ["new"] * (len(outcomes) - first_new)
    assert upgrade or first_new >= 1
    return outcomes


@pytest.mark.parametrize("name", list(WRITES))
def test_a_kill_at_statements_of_every_write_leaves_the_old_or_the_new_journal(
    name: str,
    writers: list[Writers],
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
) -> None:
    kill_everywhere(name, False, writers, seeds, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(WRITES))
def test_a_kill_at_every_statement_of_every_write_leaves_the_old_or_the_new_journal(
    name: str,
    writers: list[Writers],
    seeds: tuple[dict[str, Path], dict[str, int]],
    tmp_path: Path,
) -> None:
    outcomes = kill_everywhere(name, True, writers, seeds, tmp_path)
    print(f"{name}: {len(outcomes)} kills, every one checked")


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
    seeds: tuple[dict[str, Path], dict[str, int]], tmp_path: Path
) -> None:
    """SIGKILL from outside lands anywhere, inside COMMIT's own disk writes too."""
    paths, ids = seeds
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    db = tmp_path / "killed.db"
    shutil.copy(paths["plain"], db)
    people = ",".join(str(ids[name]) for name in ("Ada", "Brian", "Chloé"))
    rng = random.Random(20261122)
    for _ in range(5):
        child = subprocess.Popen(
            [sys.executable, str(script), str(db), people],
            env=env(),
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


UPGRADER = r"""
import sys
from pathlib import Path
from rjournal.store.journal import Journal

print("start", flush=True)
Journal.open(Path(sys.argv[1])).close()
print("done", flush=True)
"""


def _big_v2(path: Path) -> None:
    """The v2 fixture grown to some megabytes, so its backup takes a while to write."""
    shutil.copy(FIXTURES / "journal-v2.db", path)
    conn = sqlite3.connect(path)
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
        "INSERT INTO settings (key, value) SELECT 'padding ' || i, hex(randomblob(2000)) FROM n"
    )
    conn.commit()
    conn.close()


def test_a_kill_during_an_upgrade_leaves_no_backup_that_is_not_one(tmp_path: Path) -> None:
    """Killed at random moments of the backup before an upgrade: a file under a backup's name
    is always a whole copy of the old journal, and the next run sweeps the leftovers."""
    script = tmp_path / "upgrader.py"
    script.write_text(UPGRADER)
    template = tmp_path / "template.db"
    _big_v2(template)
    rng = random.Random(12)
    latest = migrations.latest_version()
    for attempt in range(6):
        folder = tmp_path / f"run-{attempt}"
        folder.mkdir()
        db = folder / "journal.db"
        shutil.copy(template, db)
        child = subprocess.Popen(
            [sys.executable, str(script), str(db)], env=env(), stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "start"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for backup in folder.glob("*.bak"):
            copy = sqlite3.connect(backup)
            try:
                assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
                assert copy.execute("PRAGMA user_version").fetchone() == (2,)
            finally:
                copy.close()
            assert not Path(f"{backup}-journal").exists()
        # The next run upgrades (or finds it upgraded) and removes what the kill left.
        with Journal.open(db) as journal:
            assert journal.people_count() > 0
        check_invariants(db)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone() == (latest,)
        assert [p for p in leftovers(folder, "journal.db") if "backup" in p or "new" in p] == []
