"""Is the journal sound enough to write? A full check when something else touched the file,
and a fingerprint that says "only rjournal wrote it since" the rest of the time.

`PRAGMA quick_check` reads every page: 0.76 s at 100,000 people, against 86 ms for a whole
`rj log`. So when a check passes, and after every commit rjournal makes, the file's
fingerprint (device, inode, size and modification time to the nanosecond) is kept in a
small private file beside the journal (`.NAME.checked`). Before the first write of each
process the fingerprint is taken again, under the write lock so no other writer can move it:
a stat and a small read, about 30 µs. Equal means every change since the last check was a
commit of rjournal's own, and the full check is skipped. Anything else -- another program
writing the file (a sync tool, a copy or a restore, bits flipped through the file system), a
crash whose rollback journal SQLite then played back, a journal never checked before -- runs
quick_check first, and a damaged journal is refused for writing.

Not covered between full checks: damage that changes neither the file's size nor its
modification time (the disk itself failing under an unchanged file). SQLite still refuses a
page it cannot read when a read reaches it (and `cell_size_check` is on for every connection).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from rjournal.store import failures
from rjournal.store.connection import StrPath
from rjournal.store.errors import RefusedFile
from rjournal.store.leftovers import temporary_name

OK = "ok"
DAMAGED = "damaged"
# How many of quick_check's problems a message names.
_SHOWN = 1


def mark_path(path: StrPath) -> Path:
    """Where the fingerprint of the journal at path is kept."""
    journal = Path(path)
    return journal.with_name(f".{journal.name}.checked")


def fingerprint(path: StrPath) -> str:
    """What changes when anything writes the file: its identity, size and modification time.

    A stat only: opening and closing the file here would drop the POSIX locks SQLite holds on
    it in this process (closing any descriptor of a file releases them all).
    """
    st = os.stat(path)
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns}"


def read_mark(path: StrPath) -> tuple[str, str] | None:
    """(state, fingerprint) as last recorded, or None."""
    try:
        text = mark_path(path).read_text(encoding="ascii")
    except (OSError, ValueError):
        return None
    state, _, print_ = text.strip().partition(" ")
    return (state, print_) if state in (OK, DAMAGED) and print_ else None


def remember(path: StrPath, state: str = OK) -> None:
    """Record the file as it is now: checked (or found damaged), or just written by rjournal.

    Best effort: a mark that can't be written costs the next process a full check, nothing more.
    """
    target = mark_path(path)
    temporary = temporary_name(Path(path), "mark")
    try:
        line = f"{state} {fingerprint(path)}\n"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(line)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def moved(old: StrPath, new: StrPath) -> None:
    """The journal at `old` was renamed to `new` (keeping its fingerprint): so is its mark."""
    with contextlib.suppress(OSError):
        os.replace(mark_path(old), mark_path(new))


def forget(path: StrPath) -> None:
    """Drop the mark: the next write checks the whole file."""
    with contextlib.suppress(OSError):
        mark_path(path).unlink()


def problems(conn: sqlite3.Connection) -> list[str]:
    """What `PRAGMA quick_check` finds wrong ([] for a sound file)."""
    saved = conn.text_factory
    # A finding can quote damaged bytes that are no longer UTF-8: read, never crash on them.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        if failures.kind_of(error) != "damaged":
            raise  # busy, interrupted, an I/O error: not a finding about the file
        return [str(error)]
    except UnicodeDecodeError:
        # SQLite's own message quoted the damaged bytes, and Python could not decode it.
        return ["damaged pages (SQLite's message about them was unreadable too)"]
    finally:
        conn.text_factory = saved
    found = [str(row[0]) for row in rows]
    return [] if found == [OK] else found


def damaged_message(path: StrPath, found: list[str]) -> str:
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    what = "; ".join(found[:_SHOWN]) + more
    return (
        f"{path} is damaged ({what}); nothing was written. `rj salvage NEW-FILE` copies what "
        "still reads into a new journal"
    )


def check_before_write(conn: sqlite3.Connection, path: StrPath) -> None:
    """Refuse (RefusedFile) to write a damaged journal; see the module for what is checked.

    Called inside BEGIN IMMEDIATE, before the first write of a process.
    """
    mark = read_mark(path)
    now = fingerprint(path)
    if mark == (OK, now):
        return
    if mark == (DAMAGED, now):
        raise RefusedFile(damaged_message(path, ["found by an earlier check"]))
    found = problems(conn)
    if found:
        remember(path, DAMAGED)
        raise RefusedFile(damaged_message(path, found))
    remember(path, OK)
