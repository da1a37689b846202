"""Why the journal's file could not be used, in words a user can act on: one home for the
wording the command line and the app both show (a full disk, a read-only file, a journal
held by another writer past the busy timeout, an I/O error, damage).
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from typing import Literal

from rjournal.store import connection

Kind = Literal["busy", "full", "read_only", "io", "damaged", "refused", "cant_open", "other"]

SALVAGE = "`rj salvage NEW-FILE` copies what still reads into a new journal"

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_KINDS: dict[int, Kind] = {
    5: "busy",  # SQLITE_BUSY
    6: "busy",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cant_open",  # SQLITE_CANTOPEN
    19: "refused",  # SQLITE_CONSTRAINT
    20: "refused",  # SQLITE_MISMATCH
    26: "damaged",  # SQLITE_NOTADB
}
# The same, from the message, for errors that carry no code (raised by hand, in tests).
_SQLITE_WORDS: tuple[tuple[str, Kind], ...] = (
    ("database is locked", "busy"),
    ("database is busy", "busy"),
    ("database or disk is full", "full"),
    ("readonly database", "read_only"),
    ("disk i/o error", "io"),
    ("malformed", "damaged"),
    ("not a database", "damaged"),
    ("unable to open", "cant_open"),
    ("constraint failed", "refused"),
    ("datatype mismatch", "refused"),
)
_OS_KINDS: dict[int, Kind] = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io",
}

_WHAT: dict[Kind, str] = {
    "busy": (
        "another rjournal has been writing it for over "
        f"{connection.BUSY_TIMEOUT_MS // 1000} s (an import?)"
    ),
    "full": "the disk is full",
    "read_only": "it can't be written (the file, its folder or the disk is read-only)",
    "io": "the disk reported an I/O error",
    "damaged": "it is damaged",
    "refused": "the journal refused the change",
    "cant_open": "the file can't be opened",
    "other": "",
}
_ADVICE: dict[Kind, str] = {
    "busy": "try again in a moment",
    "full": "free some space and try again",
    "read_only": "check the permissions of the file and its folder, or how the disk is mounted",
    "io": f"check the disk; {SALVAGE}",
    "damaged": SALVAGE,
    "refused": "nothing was written",
    "cant_open": "check that its folder exists and can be written",
    "other": "",
}


@dataclass(frozen=True)
class Failure:
    """What went wrong (`what`), and what to do about it (`advice`)."""

    kind: Kind
    what: str
    advice: str
    detail: str


def kind_of(error: BaseException) -> Kind | None:
    """The kind of a failure of the journal's file, or None when the error is not one."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_KINDS:
            return _SQLITE_KINDS[code & 0xFF]
        text = str(error).lower()
        for words, kind in _SQLITE_WORDS:
            if words in text:
                return kind
        return "damaged" if type(error) is sqlite3.DatabaseError else "other"
    if isinstance(error, OSError) and error.errno in _OS_KINDS:
        return _OS_KINDS[error.errno]
    return None


def describe(error: BaseException) -> Failure | None:
    """The failure, in words, or None when the error is not about the journal's file."""
    kind = kind_of(error)
    if kind is None:
        return None
    detail = error.strerror or str(error) if isinstance(error, OSError) else str(error)
    what = _WHAT[kind] or detail
    return Failure(kind, what, _ADVICE[kind], detail)
