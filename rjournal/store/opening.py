"""Opening a journal file: create it private, refuse what is not ours, bring it up to date.

A file that is not a journal, is damaged, or comes from a newer rjournal is refused with one
line and left byte-identical; an older one is upgraded after a backup (store.migrations).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from rjournal.store import connection, migrations
from rjournal.store.errors import JournalError


def open_file(path: Path, *, create: bool, private_dir: bool) -> sqlite3.Connection:
    """A connection to the journal at path (created if missing and `create`), at the latest
    schema; JournalError (RefusedFile for foreign, damaged or newer files) otherwise."""
    latest = migrations.latest_version()
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal")
    if not path.exists():
        if not create:
            raise JournalError(f"no journal at {path} yet: `rj add NAME` starts one")
        connection.ensure_parent(path, private=private_dir)
        try:
            connection.create_private_file(path)
        except FileExistsError:
            pass  # another process created it a moment ago: use theirs
        except OSError as error:
            raise JournalError(f"cannot create {path}: {error.strerror}") from None
    elif private_dir:
        connection.make_private_dir(path.parent)
    try:
        header = connection.read_header(path)
    except OSError as error:
        raise JournalError(f"cannot read {path}: {error.strerror}") from None
    version = connection.check_header(path, header, latest) if header else 0
    conn: sqlite3.Connection | None = None
    try:
        # connect() already reads the schema (PRAGMA journal_mode): damage can show there.
        conn = connection.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Only a file that proved to be a readable journal is ours to chmod.
        if os.access(path, os.W_OK):
            connection.make_private(path)
        if version < latest:
            migrations.migrate(conn, path, version)
    except sqlite3.OperationalError as error:
        if conn is not None:
            conn.close()
        if connection.is_busy(error):
            raise JournalError(
                f"{path} is busy (another rjournal is writing it); try again"
            ) from None
        raise connection.damaged(path, error) from None
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        raise connection.damaged(path, error) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn
