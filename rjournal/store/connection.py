"""Opening a journal file safely: where it lives, who may read it, and what we refuse to touch.

Journal mode: the rollback journal (DELETE) with synchronous=FULL, not WAL. Python's bundled
SQLite here is 3.40.1, inside the range of SQLite's WAL-reset bug (fixed in 3.51.3), where a
write and a checkpoint racing between two processes -- exactly the app and the command line
sharing one file -- can corrupt the database. The rollback journal has no such bug; its cost is
that a writer briefly waits for readers, which the busy timeout absorbs. synchronous=FULL makes
every commit reach the disk before we say "saved".
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias

from rjournal.store.errors import JournalError, RefusedFile

if TYPE_CHECKING:
    from pathlib import Path

# Paths are plain strings here, handled with os: importing pathlib (and with it urllib.parse
# and ipaddress) is a sizeable share of quick-add's start. The helpers below read and treat a
# path exactly as pathlib does (tests/test_store_paths.py compares them), so every message
# names the file as str(Path(...)) would.
StrPath: TypeAlias = "str | os.PathLike[str]"

APPLICATION_ID = 0x726A6E6C  # "rjnl" in the file header marks a file as ours
BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"
ENV_VAR = "RJOURNAL_DB"
# What pathlib's exists() and is_dir() take for "no such file" rather than an error.
_MISSING_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_MISSING_WINERRORS = (21, 123, 1921)  # not ready, invalid name, can't resolve the name


def default_data_dir() -> Path:
    # platformdirs only when needed: it is not free to import and --db skips it.
    from platformdirs import user_data_path

    return user_data_path("rjournal", appauthor=False)


def _split(path: str) -> tuple[str, list[str]]:
    """A POSIX path as pathlib reads it: its root ("", "/" or exactly "//") and its parts,
    without the empty and "." ones."""
    root = ""
    if path.startswith("/"):
        root = "//" if len(path) - len(path.lstrip("/")) == 2 else "/"
    return root, [part for part in path.split("/") if part and part != "."]


def _joined(root: str, parts: list[str]) -> str:
    return root + "/".join(parts) or "."


def normal_path(path: StrPath) -> str:
    """str(Path(path)): "a//b/./c/" is "a/b/c", "" is "."."""
    text = os.fspath(path)
    if os.name == "nt":  # drives, both separators: pathlib's business (and not quick-add's)
        from pathlib import Path

        return str(Path(text))
    return _joined(*_split(text))


def parent_of(path: StrPath) -> str:
    """str(Path(path).parent): "x.db" is in ".", "/" is its own parent."""
    if os.name == "nt":
        from pathlib import Path

        return str(Path(path).parent)
    root, parts = _split(os.fspath(path))
    return _joined(root, parts[:-1])


def expand_user(path: str) -> str:
    """str(Path(path).expanduser()), "~" and "~user" as the first part only."""
    if os.name == "nt":
        from pathlib import Path

        return str(Path(path).expanduser())
    root, parts = _split(path)
    if not root and parts and parts[0][:1] == "~":
        home = os.path.expanduser(parts[0])
        if home[:1] == "~":
            raise RuntimeError("Could not determine home directory.")
        home_root, home_parts = _split(home)
        return _joined(home_root, home_parts + parts[1:])
    return _joined(root, parts)


def _stat(path: StrPath) -> os.stat_result | None:
    """os.stat, or None where pathlib's exists() says False; other errors raise, as there."""
    try:
        return os.stat(path)
    except OSError as error:
        if error.errno in _MISSING_ERRNOS or getattr(error, "winerror", None) in _MISSING_WINERRORS:
            return None
        raise
    except ValueError:  # a path the OS can't take (a NUL in it)
        return None


def exists(path: StrPath) -> bool:
    """Path(path).exists()."""
    return _stat(path) is not None


def is_dir(path: StrPath) -> bool:
    """Path(path).is_dir()."""
    found = _stat(path)
    return found is not None and stat.S_ISDIR(found.st_mode)


def make_dir(
    path: StrPath, mode: int = 0o777, *, parents: bool = False, exist_ok: bool = False
) -> None:
    """Path(path).mkdir(mode, parents, exist_ok), step for step."""
    try:
        os.mkdir(path, mode)
    except FileNotFoundError:
        parent = parent_of(path)
        if not parents or parent == normal_path(path):
            raise
        make_dir(parent, parents=True, exist_ok=True)
        make_dir(path, mode, exist_ok=exist_ok)
    except OSError:
        # Not only EEXIST: the system may report EACCES or EROFS for an existing directory.
        if not exist_ok or not is_dir(path):
            raise


def journal_path(db_option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """--db, else $RJOURNAL_DB, else the platform's user data directory."""
    env = os.environ if environ is None else environ
    if db_option:
        return expand_user(db_option)
    if env.get(ENV_VAR):
        return expand_user(env[ENV_VAR])
    return str(default_data_dir() / "journal.db")


def demo_path() -> Path:
    """The demo journal's own file, never the user's real journal."""
    return default_data_dir() / "demo.db"


def make_private_dir(directory: StrPath) -> None:
    """Create our own data directory readable by the owner only (0700, whatever the umask)."""
    make_dir(directory, parents=True, exist_ok=True)
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
    if application_id != APPLICATION_ID:
        raise RefusedFile(
            f"{path} is an SQLite database but not an rjournal journal; left untouched"
        )
    if user_version > latest_version:
        raise RefusedFile(
            f"{path} was written by a newer rjournal (schema v{user_version}, this one knows "
            f"up to v{latest_version}); upgrade rjournal. Left untouched"
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    # The in-header size is trustworthy only when written by the same change as the counter.
    if valid_for == change_counter and page_count and page_size:
        hot_journal = exists(f"{os.fspath(path)}-journal")
        if not hot_journal and os.stat(path).st_size < page_count * page_size:
            raise RefusedFile(f"{path} is damaged (the file is cut short); left untouched")
    return user_version


def connect(path: StrPath, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: every write opens its own BEGIN IMMEDIATE."""
    if read_only:
        from pathlib import Path  # its URI quoting: read-only readers are not quick-add

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
    parent = parent_of(path)
    if private:
        make_private_dir(parent)
    elif not exists(parent):
        try:
            make_dir(parent, 0o700, parents=True)
        except OSError as error:
            raise JournalError(f"cannot create {parent}: {error.strerror}") from None
