"""Salvage: what still reads of a damaged journal, copied into a new one (`rj salvage OUT`).

The damaged file is only read, never written. Three ways, the first that works:

1. A copy page for page, when every row reads after all (PRAGMA quick_check finds nothing).
2. SQLite's own recovery, `sqlite3 FILE .recover`, when the sqlite3 program is installed: it
   reads the pages themselves and keeps what it cannot place in a table `lost_and_found`.
3. Table by table: each table's rows read in order, stepping over a damaged stretch, into a
   new journal.

The new journal is then made whole the way a bulk load is (store.bulk): indexes, derived
columns, the search index and export rows built afresh from the rows, even after a clean
copy: quick_check does not compare an index with its table, nor the search index with the
text, and a flipped bit can leave either stale in a file whose rows all read. It must then
pass the full PRAGMA integrity_check (slower than quick_check; salvage is rare). A row whose
person was lost (a kid, a promise, an entry's people) is given to one person named
SALVAGED_NAME, so nothing that read is hidden. Text whose bytes are no longer UTF-8 (a
flipped bit inside a note) is kept with U+FFFD for the bytes that broke: no read of that row
would work otherwise.
The new file is written under a temporary name, checked, and renamed to OUT only when whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rjournal.domain.model import NewPerson
from rjournal.store import checks, connection
from rjournal.store.bulk import bulk_load
from rjournal.store.errors import JournalError, RefusedFile
from rjournal.store.leftovers import temporary_name
from rjournal.store.opening import build_new
from rjournal.store.rows import person_values

# The tables that hold what was typed, parents first; everything else is derived from them.
TABLES = (
    "settings",
    "tag_rhythms",
    "people",
    "tags",
    "kids",
    "pets",
    "occasions",
    "entries",
    "entry_people",
    "promises",
)
# Who holds the rows whose person was lost.
SALVAGED_NAME = "Salvaged (their person was lost)"
# The tables whose rows hang from a person (by person_id).
_OWNED = ("tags", "kids", "pets", "occasions", "promises", "entry_people")
_MAX_KEY = 2**63 - 1


@dataclass
class Salvaged:
    """What a salvage did: how, the rows the new journal has per table, and what the damaged
    file said it had where it could still count (None where it could not)."""

    method: str
    rows: dict[str, int] = field(default_factory=dict)
    listed: dict[str, int | None] = field(default_factory=dict)
    placed: int = 0
    lost_and_found: int = 0


def salvage(
    source: Path, target: Path, *, today: date, sqlite3_program: str | None = "sqlite3"
) -> Salvaged:
    """Copy what still reads of the journal at source into a new journal at target.

    `sqlite3_program`: the sqlite3 command for SQLite's recovery (None: don't use it).
    """
    _check_source(source)
    if target.exists() or target.is_symlink():
        raise JournalError(f"{target} already exists: salvage writes a new file only")
    connection.ensure_parent(target, private=False)
    listed = _listed(source)
    temporary = temporary_name(target, "new")
    recovered = temporary_name(target, "backup")
    program = shutil.which(sqlite3_program) if sqlite3_program else None
    try:
        if _clean_copy(source, temporary):
            result = _make_whole(temporary, today, None)
            result.method = "a whole copy: every row reads (indexes built afresh)"
        elif program is not None and _recover(program, source, recovered):
            # What SQLite recovered is sound: from it, a journal at the latest schema.
            result = _make_whole(temporary, today, recovered)
            result.lost_and_found = _lost_and_found(recovered)
            result.method = "SQLite's recovery (sqlite3 .recover)"
        else:
            result = _make_whole(temporary, today, source)
            result.method = "table by table, stepping over what no longer reads"
        result.listed = listed
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.link(temporary, target)  # never over a file that appeared meanwhile
        checks.remember(target)
    finally:
        for leftover in (temporary, recovered):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return result


def _check_source(source: Path) -> None:
    if not source.is_file():
        raise JournalError(f"no journal at {source} to salvage")
    header = connection.read_header(source)
    if not header:
        raise RefusedFile(f"{source} is empty (0 bytes): there is nothing to salvage")
    if not header.startswith(connection.SQLITE_MAGIC):
        raise RefusedFile(f"{source} is not an SQLite database: there is nothing to salvage")
    if len(header) == 100:
        application_id = int.from_bytes(header[68:72], "big")
        if application_id not in (0, connection.APPLICATION_ID):
            raise RefusedFile(f"{source} is not an rjournal journal; left untouched")


def _read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def _listed(source: Path) -> dict[str, int | None]:
    """How many rows each table of the damaged file says it has (None: can't tell)."""
    out: dict[str, int | None] = {}
    try:
        conn = _read_only(source)
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
        return dict.fromkeys(TABLES)
    try:
        for table in TABLES:
            try:
                out[table] = int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
                out[table] = None
    finally:
        conn.close()
    return out


def _fresh(path: Path) -> None:
    """An empty private file at path, for SQLite to write into."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    connection.create_private_file(path)


def _clean_copy(source: Path, temporary: Path) -> bool:
    """A page-for-page copy (SQLite's backup), kept only if it checks out: then nothing was
    damaged. (Not VACUUM INTO: SQLite 3.40 refuses it for tables with generated columns.)"""
    _fresh(temporary)
    try:
        conn = _read_only(source)
        try:
            copy = sqlite3.connect(temporary)
            try:
                conn.backup(copy)
                return checks.problems(copy) == []
            finally:
                copy.close()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
        return False


def _recover(program: str, source: Path, recovered: Path) -> bool:
    """SQLite's .recover, piped into a new database by the same program; True when that
    database is sound and holds the journal's tables."""
    _fresh(recovered)
    try:
        reader = subprocess.Popen(
            [program, "-readonly", str(source), ".recover"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        writer = subprocess.run(
            [program, str(recovered)],
            stdin=reader.stdout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if reader.stdout is not None:
            reader.stdout.close()
        reader.wait()
    except OSError:
        return False
    if writer.returncode != 0:
        return False
    try:
        conn = sqlite3.connect(recovered)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            return set(TABLES) <= tables and checks.problems(conn) == []
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
        return False


def _lost_and_found(recovered: Path) -> int:
    """How many fragments .recover could not place in a table."""
    conn = sqlite3.connect(recovered)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'lost_and_found'").fetchone():
            return int(conn.execute("SELECT count(*) FROM lost_and_found").fetchone()[0])
        return 0
    finally:
        conn.close()


def _copy_tables(conn: sqlite3.Connection, source: Path) -> None:
    """Into the new journal (inside its bulk load), every row of every table that reads."""
    damaged = _read_only(source)
    try:
        for table in TABLES:
            columns = _common_columns(damaged, conn, table)
            if not columns:
                continue
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})"
            key = _key(damaged, table)
            for chunk in _chunks(_readable(damaged, table, names, key), 500):
                conn.executemany(insert, chunk)
    finally:
        damaged.close()


def _key(conn: sqlite3.Connection, table: str) -> str:
    """The column a table's rows are stored in order of: the rowid, or the first column of
    the primary key of a table WITHOUT ROWID."""
    try:
        conn.execute(f"SELECT rowid FROM {table} LIMIT 0")
        return "rowid"
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
        pk = [r for r in conn.execute(f"PRAGMA table_info({table})") if r[5] == 1]
        return str(pk[0][1]) if pk else "rowid"


def _common_columns(damaged: sqlite3.Connection, conn: sqlite3.Connection, table: str) -> list[str]:
    """The stored (not generated) columns of the new table that the damaged one has too."""
    try:
        theirs = {r[1] for r in damaged.execute(f"PRAGMA table_xinfo({table})")}
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes
        return []
    return [
        r[1] for r in conn.execute(f"PRAGMA table_xinfo({table})") if r[6] == 0 and r[1] in theirs
    ]


def _readable(
    conn: sqlite3.Connection, table: str, names: str, key: str
) -> Iterator[tuple[object, ...]]:
    """The rows of a table in key order, stepping over stretches that no longer read: after
    a failure, reading starts again 1, 2, 4, 8... keys past the last row that read."""
    last = -(2**63)
    skip = 0
    while True:
        start = min(last + skip, _MAX_KEY)
        try:
            query = conn.execute(
                f"SELECT {key}, {names} FROM {table} WHERE {key} > ? ORDER BY {key}", (start,)
            )
            for row in query:
                last, skip = int(row[0]), 0
                yield tuple(row[1:])
            return
        except (sqlite3.DatabaseError, UnicodeDecodeError):
            if start >= _MAX_KEY:
                return
            skip = skip * 2 if skip else 1


def _chunks(rows: Iterator[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    chunk: list[tuple[object, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _make_whole(temporary: Path, today: date, rows_from: Path | None) -> Salvaged:
    """The new journal at temporary: the clean copy there (rows_from None), else a new
    journal filled with the rows of rows_from that read; rows whose person was lost given to
    one person, indexes and everything derived built afresh, and all of it checked."""
    if rows_from is not None:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.replace(build_new(temporary), temporary)
    conn = connection.connect(temporary)
    placed = 0
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        with bulk_load(conn):
            if rows_from is not None:
                _copy_tables(conn, rows_from)
            _mend_text(conn)
            placed = _place_orphans(conn, today)
        conn.execute("COMMIT")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise JournalError("the salvaged journal still has rows without their parent")
        found = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        if found:
            raise JournalError(f"the salvaged journal did not check out ({found[0]})")
        rows = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}
    finally:
        conn.close()
    return Salvaged("", rows, {}, placed)


def _mend_text(conn: sqlite3.Connection) -> None:
    """Every text that is not UTF-8 any more, with U+FFFD for the bytes that broke."""
    for table in TABLES:
        info = list(conn.execute(f"PRAGMA table_xinfo({table})"))
        texts = [r[1] for r in info if r[2].upper() == "TEXT" and r[6] == 0]
        key = ["rowid"]
        if _key(conn, table) != "rowid":
            # WITHOUT ROWID: its primary key, read and matched as bytes (it may be the text).
            pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5] > 0]
            key = [f"CAST({k} AS BLOB)" for k in pk]
        where = " AND ".join(f"{k} = ?" for k in key)
        for column in texts:
            # As bytes: decoding is what fails on such a row.
            rows = conn.execute(
                f"SELECT {', '.join(key)}, CAST({column} AS BLOB) FROM {table} "
                f"WHERE typeof({column}) = 'text'"
            ).fetchall()
            for *keys, raw in rows:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    mended = raw.decode("utf-8", errors="replace")
                    conn.execute(
                        f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {where}",
                        (mended, *keys),
                    )


def _place_orphans(conn: sqlite3.Connection, today: date) -> int:
    """Give the rows whose person was lost to one person; drop links to lost entries (they
    hold nothing). Returns how many rows were given."""
    conn.execute("DELETE FROM entry_people WHERE entry_id NOT IN (SELECT id FROM entries)")
    lost = " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} WHERE person_id NOT IN (SELECT id FROM people))" for t in _OWNED
    )
    orphan_entries = "SELECT id FROM entries WHERE id NOT IN (SELECT entry_id FROM entry_people)"
    if not conn.execute(f"SELECT ({lost}) OR EXISTS ({orphan_entries})").fetchone()[0]:
        return 0
    values = person_values(NewPerson(name=SALVAGED_NAME, added_on=today))
    cursor = conn.execute(
        f"INSERT INTO people ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        tuple(values.values()),
    )
    holder = int(cursor.lastrowid or 0)
    placed = 0
    for table in _OWNED:
        verb = "UPDATE OR IGNORE" if table in ("tags", "entry_people") else "UPDATE"
        placed += conn.execute(
            f"{verb} {table} SET person_id = ? WHERE person_id NOT IN (SELECT id FROM people)",
            (holder,),
        ).rowcount
        conn.execute(f"DELETE FROM {table} WHERE person_id NOT IN (SELECT id FROM people)")
    placed += conn.execute(
        f"INSERT INTO entry_people (entry_id, person_id) SELECT id, ? FROM ({orphan_entries})",
        (holder,),
    ).rowcount
    return placed
