"""A vdir: one folder, one item per file, exactly as vdirsyncer's filesystem storage keeps it.

What vdirsyncer does (vdirsyncer 0.21.0, the version the tests run; paths in its package):

- Which files are items (storage/filesystem.py:91-99): regular files whose name ends with
  `fileext` (".vcf", ".ics") and not with `fileignoreext` (".tmp" by default, line 34). The
  file name is the item's href.
- The etag (utils.py:53-70): `f"{stat.st_mtime_ns:.9f};{stat.st_ino}"`, the modification
  time in nanoseconds and the inode, never the content.
- A new item's file name (filesystem.py:88-89, 112-126; utils.py:18, 148-161): the item's UID
  plus `fileext` when every character of the UID is in SAFE_UID_CHARS (letters, digits,
  `_.-+`; `@` left out on purpose), otherwise a random UUID; a name the file system refuses
  (ENAMETOOLONG) also falls back to a random UUID.
- Writes are atomic (utils.py:208-229): a temporary file from `tempfile.mkstemp` in the same
  folder (so 0600), then `os.link` for a new item (an existing name is an error:
  AlreadyExistingError, filesystem.py:138-140) or `os.rename` over an existing one. No fsync.
- Updates and deletes check the etag first (filesystem.py:144-150, 163-169): an item changed
  since it was read is not overwritten (WrongEtagError).
- What vdirsyncer uploads (sync/__init__.py:55-63, 78-89): an item whose href and etag are
  what its status file remembers is not even read; one whose etag changed is read and
  uploaded only if its hash changed, a sha256 of its lines sorted, without PRODID, DTSTAMP,
  REV, LAST-MODIFIED, CREATED, UID and a few more (vobject.py:10-34, 108-134).

So a sync with nothing to do must not touch a file: `update` compares the bytes and writes
nothing when they are equal, and the etag stays what vdirsyncer saw.

Where this module differs, on purpose: every write is fsynced, file and folder, before it
returns (the journal's commit follows and must not get ahead of the disk); temporary files
are named `.<href>.<random>.tmp`, hidden and ending in ".tmp", so neither vdirsyncer nor
khard takes them for items; a UID that cannot be a file name gets a name derived from it
(a UUID5), not a random one, so a sync killed between writing a file and committing finds
the same file again instead of writing a second; `get` takes the etag from the open file,
so it always belongs to the bytes read. Folders this module creates are 0700.

A first sync writes thousands of files; one fsync each (about 3 ms here) would take minutes.
Inside `with vdir.batch():` writes skip their fsyncs and the batch ends with one sync of the
file system (0.2 ms a file and about 25 ms in all, measured on 2,000 files), still before the
journal commits.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# vdirsyncer/utils.py:18, character for character.
SAFE_UID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+")
IGNORED_SUFFIX = ".tmp"
CONTACTS_EXT = ".vcf"
CALENDAR_EXT = ".ics"
# Names for UIDs that cannot be file names: stable, so a retried write finds its own file.
_HREF_NAMESPACE = uuid.UUID("4f0a6c2e-2b9e-5d7a-9c1e-7a1d3e5b9f20")


class VdirError(Exception):
    """What a vdir could not do, worded for the user."""


class ItemNotFound(VdirError):
    pass


class WrongEtag(VdirError):
    """The file changed since it was read: someone else (vdirsyncer, khard) wrote it."""


class AlreadyExists(VdirError):
    def __init__(self, href: str) -> None:
        super().__init__(f"{href} already exists")
        self.href = href


class Unreadable(VdirError):
    """A file that is not text in the vdir's encoding."""


def etag_of(info: os.stat_result) -> str:
    """The etag vdirsyncer gives a file: its mtime in nanoseconds and its inode."""
    return f"{info.st_mtime_ns:.9f};{info.st_ino}"


def href_for(uid: str, fileext: str) -> str:
    """The file name of a new item: its UID when that is safe as a name, as vdirsyncer does."""
    if uid and not set(uid) - SAFE_UID_CHARS:
        return uid + fileext
    return _fallback_href(uid, fileext)


def _fallback_href(uid: str, fileext: str) -> str:
    return str(uuid.uuid5(_HREF_NAMESPACE, uid)) + fileext


class Vdir:
    """One vdir folder: list, read, add, update and delete items, as vdirsyncer would."""

    def __init__(self, path: Path, fileext: str, *, encoding: str = "utf-8") -> None:
        if not path.is_dir():
            raise VdirError(f"{path} is not a folder")
        self.path = path
        self.fileext = fileext
        self.encoding = encoding
        self._batch_depth = 0
        self._unsynced: list[Path] = []

    @classmethod
    def create(cls, path: Path, fileext: str) -> Vdir:
        """The vdir at path, made (0700, with its parents) if it is not there yet."""
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return cls(path, fileext)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Writes inside are made durable together when the batch ends, however it ends."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._unsynced:
                unsynced, self._unsynced = self._unsynced, []
                if hasattr(os, "sync"):
                    os.sync()
                else:  # no sync(2) on this platform: each file, then the folder
                    for path in unsynced:
                        if path.exists():
                            _sync_file(path)
                    _sync_folder(self.path)

    def _durable(self, path: Path) -> bool:
        """Whether a write must reach the disk now; in a batch it waits for the batch's end."""
        if self._batch_depth:
            self._unsynced.append(path)
            return False
        return True

    def _file(self, href: str) -> Path:
        # An href comes back from the journal: only a plain item name inside this folder.
        if (
            not href.endswith(self.fileext)
            or href.endswith(IGNORED_SUFFIX)
            or href.startswith(".")
            or "/" in href
            or "\\" in href
            or "\0" in href
        ):
            raise VdirError(f"{href!r} is not an item name in {self.path}")
        return self.path / href

    def list(self) -> Iterator[tuple[str, str]]:
        """Every item as (href, etag), in name order; one stat per file, nothing read."""
        found: list[tuple[str, str]] = []
        with os.scandir(self.path) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(self.fileext) or name.endswith(IGNORED_SUFFIX):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    continue  # removed since the listing (vdirsyncer running beside us)
                if stat.S_ISREG(info.st_mode):
                    found.append((name, etag_of(info)))
        found.sort()
        return iter(found)

    def get(self, href: str) -> tuple[str, str]:
        """An item's text and the etag of exactly those bytes."""
        try:
            with open(self._file(href), "rb") as f:
                data = f.read()
                etag = etag_of(os.fstat(f.fileno()))
        except FileNotFoundError:
            raise ItemNotFound(f"{href} is not in {self.path}") from None
        try:
            return data.decode(self.encoding), etag
        except UnicodeDecodeError as error:
            raise Unreadable(f"{href} is not {self.encoding} text ({error.reason})") from None

    def etag(self, href: str) -> str | None:
        """The item's current etag, or None when it is gone."""
        try:
            return etag_of(os.stat(self._file(href)))
        except FileNotFoundError:
            return None

    def upload(self, uid: str, text: str) -> tuple[str, str]:
        """A new item named after its UID: (href, etag). AlreadyExists if that name is taken."""
        href = href_for(uid, self.fileext)
        try:
            return href, self._write(href, text, overwrite=False)
        except OSError as error:
            if error.errno != errno.ENAMETOOLONG:
                raise
        href = _fallback_href(uid, self.fileext)
        return href, self._write(href, text, overwrite=False)

    def update(self, href: str, text: str, etag: str) -> str:
        """Replace an item read with etag; nothing is written when the text is the same."""
        current: str | None
        current_etag: str | None
        try:
            current, current_etag = self.get(href)
        except Unreadable:
            current, current_etag = None, self.etag(href)
        if current_etag != etag:
            raise WrongEtag(f"{href} changed since it was read")
        if current == text:
            return etag
        return self._write(href, text, overwrite=True)

    def delete(self, href: str, etag: str) -> None:
        """Remove an item read with etag (WrongEtag if it changed since)."""
        path = self._file(href)
        actual = self.etag(href)
        if actual is None:
            raise ItemNotFound(f"{href} is not in {self.path}")
        if actual != etag:
            raise WrongEtag(f"{href} changed since it was read")
        path.unlink()
        if self._durable(path):
            _sync_folder(self.path)

    def _write(self, href: str, text: str, *, overwrite: bool) -> str:
        dest = self._file(href)
        durable = self._durable(dest)
        fd, tmp = tempfile.mkstemp(prefix=f".{href}.", suffix=IGNORED_SUFFIX, dir=self.path)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode(self.encoding))
                f.flush()
                if durable:
                    os.fsync(f.fileno())
                # Linking and renaming keep the inode and the mtime: this is the final etag.
                etag = etag_of(os.fstat(f.fileno()))
            if overwrite:
                os.replace(tmp, dest)
            else:
                try:
                    os.link(tmp, dest)
                except FileExistsError:
                    raise AlreadyExists(href) from None
                os.unlink(tmp)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        if durable:
            _sync_folder(self.path)
        return etag


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(path: Path) -> None:
    """Make a rename, link or unlink in the folder durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
