"""Where an export goes: a private file written whole or not at all, or standard output.

- `--output FILE` refuses a symbolic link, a device, a directory or anything else that is not
  a regular file (replacing it would destroy what it is, or write through it), and writes a
  temporary file beside it, readable by its owner only, renamed onto FILE once complete and on
  disk: FILE is the old one or the whole new one, never half.
- Standard output gets the data as stored when it is a file or a pipe, and, when it is a
  terminal, the text with its control characters shown as `\\x1b`-style escapes (a name could
  otherwise set the terminal's title or write its clipboard); CRLF line ends become LF there.
- A closed or full standard output (`rj export csv > /dev/full`) is one line and exit 1,
  never a Python error; a reader that leaves early (`rj export csv | head`) ends it with exit
  1 and no word, as it ends every command.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

import click

from rjournal.domain.text import neutralise, one_line
from rjournal.store.connection import sync_folder


class OutputError(click.ClickException):
    """The output could not be written (exit 1); what was asked was not done."""


class Sink:
    """The text an export writes, and what it reaches: a file (`path`) or standard output."""

    def __init__(self, path: Path | None, terminal: bool) -> None:
        self.path = path
        self.terminal = terminal

    def write(self, text: str) -> int:
        raise NotImplementedError


class _FileSink(Sink):
    def __init__(self, path: Path, out: TextIO) -> None:
        super().__init__(path, terminal=False)
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text)


class _StdoutSink(Sink):
    """UTF-8 bytes on file descriptor 1 (escaped when it is a terminal); a failed write is one
    OutputError, and the descriptor is then pointed at /dev/null so that Python's own flush at
    exit has nothing left to fail on."""

    def __init__(self, buffer: BinaryIO, terminal: bool) -> None:
        super().__init__(None, terminal)
        self.buffer = buffer

    def write(self, text: str) -> int:
        if self.terminal:
            text = neutralise(text.replace("\r\n", "\n"), keep_newlines=True)
        try:
            self.buffer.write(text.encode("utf-8", "surrogateescape"))
        except OSError as error:
            raise stdout_failed(error) from None
        return len(text)

    def flush(self) -> None:
        try:
            self.buffer.flush()
        except OSError as error:
            raise stdout_failed(error) from None


def stdout_failed(error: OSError) -> click.ClickException | click.exceptions.Exit:
    """What a failed write to standard output ends the command with (exit 1): one line, or
    nothing when the reader left early (`rj export csv | head`, quiet as every command is
    then); either way the descriptor is silenced for Python's own flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno() if sys.stdout is not None else 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass
    if error.errno == errno.EPIPE:
        return click.exceptions.Exit(1)
    why = error.strerror or str(error)
    return OutputError(f"can't write to standard output: {why}; the export is incomplete")


def stdout_ready() -> None:
    """Refuse a closed standard output before any work is done (Python then has none)."""
    if sys.stdout is None or getattr(sys.stdout, "buffer", None) is None:
        raise OutputError("standard output is closed: give --output FILE")


def is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check_target(target: Path) -> None:
    """Refuse what an export must not replace: anything but a regular file (or nothing)."""
    shown = one_line(str(target))
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(f"{shown} is a symbolic link; not replaced (give the real path)")
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown} is a directory; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{shown} is not a regular file (a device or a pipe); not replaced")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"no folder {one_line(str(parent))} to write {shown} in")


@contextmanager
def private_file(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text file only its owner can read, at `target` whole or not at all."""
    check_target(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        where = one_line(str(target.parent))
        raise OutputError(f"can't write in {where}: {error.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="", errors="surrogateescape") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        check_target(target)  # nothing became a link or a device while we wrote
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


@contextmanager
def sink(output_file: str | None) -> Iterator[Sink]:
    """The sink of an export: `output_file` (expanded, private, whole) or standard output
    (no file, or `-`)."""
    if output_file is None or output_file == "-":
        stdout_ready()
        out = _StdoutSink(sys.stdout.buffer, is_terminal(sys.stdout))
        sys.stdout.flush()
        yield out
        out.flush()
        return
    target = Path(output_file).expanduser()
    with private_file(target) as handle:
        yield _FileSink(target, handle)


@contextmanager
def folder_writer(folder: Path) -> Iterator[Callable[[str, str], None]]:
    """`put(name, text)` writes the file `name` in `folder` (made, private, if missing) whole:
    a temporary file (hidden, `.tmp`, which vdirsyncer and khard skip) renamed onto it. An
    existing file of that name that is a link or not a regular file is refused, not replaced.
    Files are not synced one by one (a folder of 100,000 cards would take minutes); the folder
    is synced at the end, so what was renamed in stays renamed.
    """
    shown = one_line(str(folder))
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{shown} is not a folder")
    if not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise OutputError(f"can't make the folder {shown}: {error.strerror}") from None

    def put(name: str, text: str) -> None:
        target = folder / name
        check_target(target)
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    yield put
    sync_folder(folder)
