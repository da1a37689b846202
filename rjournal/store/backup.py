"""`rj backup`: a consistent, private copy of the journal, timestamped, the last N kept.

The copy is made with SQLite's backup API from the open journal in one step (one read
transaction: a writer in another process waits, and the copy is the journal as of one
commit), into a hidden temporary file (0600) in the backup folder. It becomes a backup only
once complete and checked: `PRAGMA integrity_check` on the copy says ok, it is on disk
(fsync), and it is renamed to `NAME-YYYYMMDDTHHMMSS.db`; a copy that fails any of that is
deleted. Temporary files that a killed backup left behind are removed on the next run.

A backup is a journal file like any other: `rj --db FILE ...` reads it as it is, and copying
it over the journal (while no rj or app runs) restores it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rjournal.store.connection import create_private_file, sync_folder
from rjournal.store.errors import JournalError

_STAMP = "%Y%m%dT%H%M%S"


@dataclass
class BackupMade:
    path: Path
    size: int
    removed: list[Path] = field(default_factory=list)


def backup_pattern(journal: Path) -> re.Pattern[str]:
    """The names of this journal's backups: NAME-STAMP.db or NAME-STAMP-N.db."""
    return re.compile(rf"{re.escape(journal.stem)}-(\d{{8}}T\d{{6}})(?:-(\d+))?\.db")


def _temp_pattern(journal: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(journal.stem)}-.*\.db\.tmp-(\d+)")


def make_backup(
    conn: sqlite3.Connection, journal: Path, folder: Path, *, at: datetime, keep: int
) -> BackupMade:
    """Back the journal (open as `conn`, its file at `journal`) up into `folder` (made private
    if missing), then remove all but the newest `keep` of its backups there."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    _ready(folder)
    _remove_stale_temps(journal, folder)
    target = _free_name(journal, folder, at)
    temp = folder / f".{target.name}.tmp-{os.getpid()}"
    create_private_file(temp)
    try:
        copy = sqlite3.connect(temp)
        try:
            conn.backup(copy)
            verdict = [row[0] for row in copy.execute("PRAGMA integrity_check").fetchall()]
        finally:
            copy.close()
        if verdict != ["ok"]:
            raise JournalError(
                f"the journal at {journal} is damaged (integrity_check: {verdict[0]}); "
                "no backup was kept"
            )
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        Path(f"{temp}-journal").unlink(missing_ok=True)
        raise
    sync_folder(folder)
    made = BackupMade(target, target.stat().st_size)
    made.removed = _prune(journal, folder, keep)
    return made


def backups_of(journal: Path, folder: Path) -> list[Path]:
    """This journal's backups in the folder, oldest first."""
    pattern = backup_pattern(journal)
    found = []
    for entry in os.scandir(folder):
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            found.append((match[1], int(match[2] or 1), Path(entry.path)))
    return [path for _stamp, _n, path in sorted(found)]


def _ready(folder: Path) -> None:
    if folder.exists():
        if not folder.is_dir():
            raise JournalError(f"{folder} is not a folder")
        return
    try:
        folder.mkdir(mode=0o700, parents=True)
    except OSError as error:
        raise JournalError(f"can't make the folder {folder}: {error.strerror}") from None
    os.chmod(folder, 0o700)


def _free_name(journal: Path, folder: Path, at: datetime) -> Path:
    stamp = at.strftime(_STAMP)
    target = folder / f"{journal.stem}-{stamp}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{journal.stem}-{stamp}-{counter}.db"
    return target


def _remove_stale_temps(journal: Path, folder: Path) -> None:
    """Temporary copies whose backup process is gone (killed mid-copy)."""
    pattern = _temp_pattern(journal)
    for entry in os.scandir(folder):
        name = entry.name.removesuffix("-journal")
        match = pattern.fullmatch(name)
        if match and not _alive(int(match[1])):
            Path(entry.path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune(journal: Path, folder: Path, keep: int) -> list[Path]:
    old = backups_of(journal, folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    if old:
        sync_folder(folder)
    return old
