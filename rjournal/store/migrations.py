"""The schema as versioned migrations (PRAGMA user_version), each one transaction, after a backup.

Migration n is the file store/sql/v{n}.sql, run statement by statement: fixed text that reads
no constant of the code, so what "v2" means never moves. A released one is never edited: a
change to the schema, a cell or a rule is a new file, appended. tests/store/test_schema.py pins
the schema a fresh journal gets, and upgrades journals written by every released version.

Dates are ISO text. Yearly dates are "YYYY-MM-DD" or the year-less "--MM-DD"; their last five
characters ("MM-DD") are a generated, indexed column so the occasion window is a range query.
The people columns derived from other rows are kept by store.derived.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rjournal.store import connection
from rjournal.store.errors import JournalError
from rjournal.store.leftovers import remove_stale, temporary_name

SQL_DIR = Path(__file__).with_name("sql")


def statements(script: str) -> list[str]:
    """Split a script on complete statements (triggers contain semicolons)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


def _script(name: str) -> Callable[[sqlite3.Connection], None]:
    """A migration that runs the statements of store/sql/NAME."""

    def run(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT our transaction first, so run statement by statement.
        for statement in statements((SQL_DIR / name).read_text(encoding="utf-8")):
            conn.execute(statement)

    run.__qualname__ = run.__name__ = f"migration_{name.removesuffix('.sql')}"
    return run


# MIGRATIONS[n] brings a journal from schema n to n + 1. Never edit a released one: append.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script("v1.sql"),
    _script("v2.sql"),
    _script("v3.sql"),
    _script("v4.sql"),
    _script("v5.sql"),
    _script("v6.sql"),
    _script("v7.sql"),
    _script("v8.sql"),
]


def latest_version() -> int:
    return len(MIGRATIONS)


@dataclass(frozen=True)
class Upgrade:
    """An upgrade made on opening: from which schema, to which, and the copy from before."""

    path: Path
    old: int
    new: int
    backup: Path | None

    def words(self) -> str:
        kept = f" (a copy from before is at {self.backup})" if self.backup else ""
        return f"{self.path} was upgraded from schema v{self.old} to v{self.new}{kept}"


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> Upgrade:
    """Bring the file to the latest schema in one transaction, after a backup: a failure at
    any step leaves the file as it was, never half-way between versions."""
    saved = backup(conn, path, f"v{version}") if version > 0 else None
    step = version
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, latest_version()):
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current <= step:
                MIGRATIONS[step](conn)  # looked up now: tests add steps
                conn.execute(f"PRAGMA application_id = {connection.APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {step + 1}")
    except sqlite3.OperationalError as error:
        connection.rollback(conn)
        if connection.is_busy(error):
            raise  # Journal.open says "busy", not "damaged"
        raise _migration_failed(path, version, step, error, saved) from error
    except sqlite3.DatabaseError:
        connection.rollback(conn)
        raise  # a damaged file: Journal.open refuses it
    except Exception as error:
        connection.rollback(conn)
        raise _migration_failed(path, version, step, error, saved) from error
    except BaseException:
        connection.rollback(conn)
        raise
    conn.execute("COMMIT")
    return Upgrade(path, version, latest_version(), saved)


def _migration_failed(
    path: Path, version: int, step: int, error: Exception, saved: Path | None
) -> JournalError:
    kept = f"; a copy from before is at {saved}" if saved else ""
    return JournalError(
        f"could not upgrade {path} to schema v{step + 1} ({error}); it is unchanged at "
        f"v{version}{kept}"
    )


def backup(conn: sqlite3.Connection, file: connection.StrPath, label: str) -> Path:
    """A consistent copy beside the journal, private like it: NAME.LABEL-STAMP.bak.

    Written under a temporary name, checked, and only then renamed to its own: a file under a
    backup's name is always a whole, sound copy. Leftovers of a killed backup go first.
    """
    path = Path(file)
    remove_stale(path)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}.bak")
    temporary = temporary_name(path, "backup")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    connection.create_private_file(temporary)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            # Thrown away unless whole: no rollback journal of its own to leave behind.
            copy.execute("PRAGMA journal_mode = OFF")
            conn.backup(copy)
            found = [str(row[0]) for row in copy.execute("PRAGMA quick_check")]
        finally:
            copy.close()
        if found != ["ok"]:
            raise JournalError(
                f"the backup of {path} did not check out ({found[0]}); nothing changed"
            )
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return target
