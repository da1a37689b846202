"""Temporary files beside a journal, and sweeping up those a killed process left behind.

Everything the store writes whole before giving it its real name (a new journal, a backup, a
demo build, the mark of store.checks) is first written to `.NAME.WHAT-PID` beside the journal
NAME, with SQLite's own `-journal` beside it while it is written. One whose process is gone,
or that nobody touched for an hour, is a leftover: the next run that writes such a file
removes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

# Older than this, a temporary file is a leftover even if its process id is in use again.
STALE_SECONDS = 3600.0
KINDS = ("new", "backup", "building", "mark")


def temporary_name(path: Path, what: str) -> Path:
    """Where this process writes `what` (one of KINDS) for the journal at path."""
    return path.with_name(f".{path.name}.{what}-{os.getpid()}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process has not written it yet: an earlier one with our id did
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def remove_stale(path: Path) -> list[Path]:
    """Remove the leftovers of killed processes beside the journal at path; returns them."""
    # The file, SQLite's rollback journal of it, and its mark (store.checks).
    pattern = re.compile(
        rf"(?:\.?)\.{re.escape(path.name)}\.(?:{'|'.join(KINDS)})-(\d+)(?:-journal|\.checked)?"
    )
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
        except OSError:
            continue
        if old or not _alive(int(found[1])):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
