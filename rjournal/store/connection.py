"""Opening a journal file safely: where it lives, who may read it, and what we refuse to touch.

Journal mode: the rollback journal (DELETE) with synchronous=FULL, not WAL. Python's bundled
SQLite here is 3.40.1, inside the range of SQLite's WAL-reset bug (fixed in 3.51.3), where a
write and a checkpoint racing between two processes -- exactly the app and the command line
sharing one file -- can corrupt the database. The rollback journal has no such bug; its cost is
that a writer briefly waits for readers, which the busy timeout absorbs. synchronous=FULL makes
every commit reach the disk before we say "saved".
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import TypeAlias

from rjournal.store.errors import JournalError, RefusedFile

# A memory map for reads that visit pages all over the file (an export, the month's
# counts): it spares a read() call per page. Set for the read, then put back.
MMAP_BYTES = 1 << 30

StrPath: TypeAlias = "str | os.PathLike[str]"

APPLICATION_ID = 0x726A6E6C  # "rjnl" in the file header marks a file as ours
BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def make_dirs(directory: StrPath) -> None:
    """Create a directory and any missing parents, each one the journal creates 0700 whatever
    the umask (mkdir's parents=True would leave the parents to the umask)."""
    path = Path(directory)
    missing: list[Path] = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for level in reversed(missing):
        try:
            level.mkdir(0o700)
        except FileExistsError:
            continue  # another process made it a moment ago: theirs, left as it is
        os.chmod(level, 0o700)


def make_private_dir(directory: StrPath) -> None:
    """Create our own data directory readable by the owner only (0700, whatever the umask)."""
    make_dirs(directory)
    os.chmod(directory, 0o700)


def create_private_file(path: StrPath) -> None:
    """Create an empty file that only its owner can read (0600, whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def make_private(path: StrPath) -> None:
    """Tighten an existing file of ours to 0600."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        os.chmod(path, 0o600)


def read_header(path: StrPath) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(100)


def check_header(path: StrPath, header: bytes, latest_version: int) -> int:
    """Refuse foreign, damaged or newer files before SQLite writes a byte; return user_version."""
    if not header.startswith(SQLITE_MAGIC):
        raise RefusedFile(
            f"{path} is not an rjournal journal (not an SQLite database); left untouched"
        )
    if len(header) < 100:
        raise RefusedFile(f"{path} is damaged (truncated header); left untouched")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    check_ids(path, application_id, user_version, latest_version)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    # The in-header size is trustworthy only when written by the same change as the counter.
    if valid_for == change_counter and page_count and page_size:
        hot_journal = os.path.exists(f"{os.fspath(path)}-journal")
        if not hot_journal and os.stat(path).st_size < page_count * page_size:
            raise RefusedFile(f"{path} is damaged (the file is cut short); left untouched")
    return user_version


def check_ids(path: StrPath, application_id: int, user_version: int, latest_version: int) -> None:
    """Refuse someone else's SQLite database, or a journal of a newer rjournal."""
    if application_id != APPLICATION_ID:
        raise RefusedFile(
            f"{path} is an SQLite database but not an rjournal journal; left untouched"
        )
    if user_version > latest_version:
        raise RefusedFile(
            f"{path} was written by a newer rjournal (schema v{user_version}, this one knows "
            f"up to v{latest_version}); upgrade rjournal. Left untouched"
        )


def connect(path: StrPath, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: every write opens its own BEGIN IMMEDIATE."""
    if read_only:
        conn = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=True,
        )
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def is_busy(error: sqlite3.OperationalError) -> bool:
    """The busy timeout ran out: the file is fine, someone else holds it."""
    text = str(error)
    return "database is locked" in text or "database is busy" in text


def damaged(path: StrPath, error: sqlite3.DatabaseError) -> RefusedFile:
    return RefusedFile(f"{path} is damaged ({error}); left untouched")


def ensure_parent(path: StrPath, *, private: bool) -> None:
    """Create the journal's directory; our own data directory is made private (0700)."""
    parent = Path(path).parent
    try:
        if private:
            make_private_dir(parent)
        elif not parent.exists():
            make_dirs(parent)
    except OSError as error:
        raise JournalError(f"cannot create {parent}: {error.strerror}") from None


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, keeping the original error in view.

    Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, an interrupt) make SQLite roll back
    by itself; a second ROLLBACK would then raise "no transaction is active" and hide them.
    """
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def sync_folder(folder: StrPath) -> None:
    """fsync a folder, so a new name or a rename in it is on disk too (best effort: not
    every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ChangeWatch:
    """Whether another connection committed to a journal since the watch was made: a
    read-only connection's PRAGMA data_version, for a process whose own connection opens
    later (the app, after its first frame, showing what a child process read before it).
    It never writes, and a read-only connection leaves nothing for SQLite to tidy on close."""

    def __init__(self, path: StrPath) -> None:
        self._conn: sqlite3.Connection | None = None
        self._version: object = None
        try:
            self._conn = sqlite3.connect(
                f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
            self._version = self._read(self._conn)
        except sqlite3.Error:
            self.close()

    @staticmethod
    def _read(conn: sqlite3.Connection) -> object:
        return conn.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """Someone committed since the watch began (True as well when that can't be known)."""
        if self._conn is None:
            return True
        try:
            return bool(self._read(self._conn) != self._version)
        except sqlite3.Error:
            return True

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
