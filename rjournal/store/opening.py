"""Opening a journal file: create it private, refuse what is not ours, bring it up to date.

A file that is not a journal, is damaged, is empty or comes from a newer rjournal is refused
with one line and left byte-identical; an older one is upgraded after a check and a backup
(store.migrations). A new journal is built under a temporary name and linked into place
whole, so a journal file of rjournal's making is never empty: an empty one was cut short by
something else (a crash of a sync tool, a full disk), and only `rj init` may start over there.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from rjournal.store import checks, connection, failures, migrations
from rjournal.store.errors import JournalError, NotCurrent, RefusedFile
from rjournal.store.leftovers import remove_stale, temporary_name

# The connections this process opened, by the file's (device, inode).
# (sqlite3 connections take no weak references: closed ones are dropped as they are found.)
_CONNECTIONS: dict[tuple[int, int], list[sqlite3.Connection]] = {}


def _open(conn: sqlite3.Connection) -> bool:
    try:
        conn.total_changes  # noqa: B018 (raises once closed)
    except sqlite3.ProgrammingError:
        return False
    return True


def _in_use(key: tuple[int, int]) -> bool:
    """Whether a connection of this process to that file is still open."""
    still = [conn for conn in _CONNECTIONS.get(key, ()) if _open(conn)]
    if still:
        _CONNECTIONS[key] = still
    else:
        _CONNECTIONS.pop(key, None)
    return bool(still)


def open_file(
    path: Path, *, create: bool, private_dir: bool, upgrade_older: bool = True
) -> tuple[sqlite3.Connection, migrations.Upgrade | None]:
    """A connection to the journal at path (created if missing and `create`), at the latest
    schema, and the upgrade made on the way if any; JournalError (RefusedFile for foreign,
    damaged, empty or newer files; NotCurrent for an older one when not `upgrade_older`)
    otherwise."""
    latest = migrations.latest_version()
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal")
    if not path.exists():
        if not create:
            raise JournalError(f"no journal at {path} yet: `rj add NAME` starts one")
        connection.ensure_parent(path, private=private_dir)
        create_journal(path)
    elif private_dir:
        connection.make_private_dir(path.parent)
    try:
        st = path.stat()
        key = (st.st_dev, st.st_ino)
        # The header is read by hand only while no other connection of this process has the
        # file open (the app's workers leave it to SQLite): closing a descriptor of the file
        # here would drop the locks those connections hold on it.
        first = not _in_use(key)
        header = connection.read_header(path) if first else b"in use"
    except OSError as error:
        raise JournalError(f"cannot read {path}: {error.strerror}") from None
    if not header or not st.st_size:
        raise RefusedFile(empty_message(path))
    if first:
        connection.check_header(path, header, latest)
    conn: sqlite3.Connection | None = None
    upgrade: migrations.Upgrade | None = None
    try:
        # connect() already reads the schema (PRAGMA journal_mode): damage can show there.
        conn = connection.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = _version(conn, path, latest)
        # Only a file that proved to be a readable journal is ours to chmod.
        if os.access(path, os.W_OK):
            connection.make_private(path)
        if version < latest and not upgrade_older:
            raise NotCurrent(f"{path} is at schema v{version}: it needs an upgrade first")
        if version < latest:
            # An upgrade writes: the file must be sound first, and its backup whole.
            found = checks.problems(conn)
            if found:
                raise RefusedFile(checks.damaged_message(path, found))
            upgrade = migrations.migrate(conn, path, version)
            checks.remember(path)
        _CONNECTIONS.setdefault(key, []).append(conn)
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        kind = failures.kind_of(error)
        if kind == "busy":
            raise JournalError(
                f"{path} is busy (another rjournal is writing it); try again"
            ) from None
        if kind == "damaged":
            raise connection.damaged(path, error) from None
        raise  # a full disk, an I/O error...: not the file's fault; worded where it is shown
    except UnicodeDecodeError as error:
        # SQLite's message about a damaged schema can quote bytes that are not UTF-8, which
        # Python then fails to decode: the file is as damaged as the message says.
        if conn is not None:
            conn.close()
        said = error.object if isinstance(error.object, bytes) else b""
        message = said.decode("utf-8", "replace") or "unreadable text in the schema"
        raise connection.damaged(path, sqlite3.DatabaseError(message)) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn, upgrade


def _version(conn: sqlite3.Connection, path: Path, latest: int) -> int:
    """The schema version, as SQLite reads the header (see open_file)."""
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    connection.check_ids(path, application_id, version, latest)
    return version


def empty_message(path: Path) -> str:
    return (
        f"{path} is empty (0 bytes), not a journal: a crash or a sync tool may have cut it "
        "short; left untouched. Restore a backup there, or `rj init` starts a new journal"
    )


def create_journal(path: Path) -> bool:
    """A new journal at path, built whole under a temporary name and then linked into place;
    False when another process put one there first (theirs is kept)."""
    remove_stale(path)
    temporary = build_new(path)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:
            # A file system without hard links: a rename, which checks first (a small race).
            if path.exists():
                return False
            os.replace(temporary, path)
        checks.remember(path)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        connection.sync_folder(path.parent)


def init_journal(path: Path, *, private_dir: bool) -> bool:
    """`rj init`: a new journal at path, also where an empty file stands (it replaces it);
    False when path already holds a journal (left as it is). Anything else is refused."""
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal")
    if not path.exists():
        connection.ensure_parent(path, private=private_dir)
        return create_journal(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise JournalError(f"cannot read {path}: {error.strerror}") from None
    if size:
        open_file(path, create=False, private_dir=private_dir)[0].close()
        return False
    remove_stale(path)
    temporary = build_new(path)
    try:
        if path.stat().st_size:  # written by someone else meanwhile: theirs
            return False
        os.replace(temporary, path)
        checks.remember(path)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        connection.sync_folder(path.parent)


def build_new(path: Path) -> Path:
    """A new, empty journal at the latest schema in a private temporary file beside path."""
    temporary = temporary_name(path, "new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        connection.create_private_file(temporary)
    except OSError as error:
        raise JournalError(f"cannot create {path}: {error.strerror}") from None
    try:
        conn = connection.connect(temporary)
        try:
            migrations.migrate(conn, temporary, 0)
        finally:
            conn.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return temporary
