"""The first page of check-ins, ranked from before the app's modules load.

What the user opens the app for is the check-in list. Ranked only once the home screen is on
screen, it came a whole frame (and a layout of the list) after the first one; ranked here,
while Textual loads and starts, it is ready when the home screen composes, and the first frame
shows it. `rj` starts it (rank_ahead) before importing the app. Textual is not imported here.

Where it can, `rj` ranks in a child process (RankedInChild, os.fork while the process has one
thread): a thread shares the interpreter with Textual's imports and first layout, so its
Python work (~90 ms at 100,000 people) was added to theirs; a child runs it on another core.
The child also does the opening: it opens the journal as it is (never creating or upgrading
it), says so with the themes the app opens in (Opened), then sends the page; the app's own
connection, and the store's modules behind it, wait until the first frame is out. Whatever the
child could not open -- a foreign, damaged or newer file, an older one, a busy one -- the app
opens itself before its first frame, as it always did: refused with one line, or upgraded
after a backup. Since the app's connection opens after the child read, a ChangeWatch made
before the child started tells whether someone wrote in between (the home screen then reads
again). The child only reads, sends pickled frames through a pipe and leaves with os._exit
(no handler or buffer of the parent's runs twice); any failure of it means the app opens and
ranks on its own.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.app.checkin_rows import CheckinRow
    from rjournal.store.connection import ChangeWatch
    from rjournal.store.journal import Journal

# Check-ins loaded at a time on the home screen (the cursor on the last loads the next page).
CHECKIN_PAGE = 20
# How long the home screen waits for the ranking before showing its frame without it.
WAIT_SECONDS = 1.0
# How long the app waits for the child to say it opened the journal (a few ms, normally)
# before opening it itself.
OPEN_WAIT_SECONDS = 5.0
# Each frame the child sends: its length in 8 bytes, then the pickle.
LENGTH_BYTES = 8


@dataclass(frozen=True)
class Opened:
    """The journal opened as it is: ours, readable, at the current schema; and the themes
    the app opens in (app.themes)."""

    saved_theme: str | None
    configured_theme: str | None


class FirstCheckins:
    """One ranking of the first `limit` (+1, to know whether there are more) check-ins, in a
    thread (the journal was opened, and upgraded if need be, before it started)."""

    # Made before the ranking read, when the app's connection opens only later.
    watch: ChangeWatch | None = None

    def __init__(self, open_journal: Callable[[], Journal], as_of: date, limit: int) -> None:
        self.as_of = as_of
        self.limit = limit
        self._open_journal = open_journal
        self._done = threading.Event()
        self._result: list[CheckinRow] | None = None
        self._start()

    def _start(self) -> None:
        threading.Thread(target=self._rank, name="first-checkins", daemon=True).start()

    def _rank(self) -> None:
        try:
            from rjournal.app.checkin_rows import rows_of
            from rjournal.store.facts import next_checkins

            journal = self._open_journal()
            try:
                self._result = rows_of(next_checkins(journal, self.as_of, limit=self.limit + 1))
            finally:
                journal.close()
        except Exception:  # the home screen's own worker ranks again and reports
            self._result = None
        finally:
            self._done.set()

    def opened(self, timeout: float = OPEN_WAIT_SECONDS) -> Opened | None:
        """What the ranking's side found when it opened the journal; None: the app opens it
        itself (always, in a thread)."""
        return None

    def take(self, as_of: date, timeout: float = WAIT_SECONDS) -> list[CheckinRow] | None:
        """The ranking, once, if it is for `as_of` and done within `timeout`; else None."""
        if as_of != self.as_of or not self._done.wait(timeout):
            return None
        result, self._result = self._result, None
        return result


def _send(out: IO[bytes], value: object) -> None:
    import pickle

    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(LENGTH_BYTES, "big") + data)
    out.flush()


class RankedInChild(FirstCheckins):
    """The opening and the ranking in a child process (see the module)."""

    def __init__(
        self,
        open_journal: Callable[[], Journal],
        as_of: date,
        limit: int,
        *,
        watch: ChangeWatch | None = None,
    ) -> None:
        self.watch = watch
        self._received = bytearray()
        self._opened: Opened | None = None
        self._opened_read = False
        super().__init__(open_journal, as_of, limit)

    def _start(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: open, rank, send, leave without running anything of the parent's
            code = 1
            try:
                os.close(read_end)
                from rjournal.app.checkin_rows import rows_of
                from rjournal.app.themes import configured_theme, saved_theme
                from rjournal.store.facts import next_checkins

                with os.fdopen(write_end, "wb") as out:
                    journal = self._open_journal()
                    try:
                        _send(out, Opened(saved_theme(journal), configured_theme()))
                        ranked = next_checkins(journal, self.as_of, limit=self.limit + 1)
                        _send(out, rows_of(ranked))
                    finally:
                        journal.close()
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._pid: int | None = pid
        self._read_end = read_end

    def opened(self, timeout: float = OPEN_WAIT_SECONDS) -> Opened | None:
        """What the child found, once it opened the journal within `timeout`; None (the child
        reaped) if it could not."""
        if not self._opened_read:
            self._opened_read = True
            found = self._receive(timeout)
            self._opened = found if isinstance(found, Opened) else None
            if self._opened is None:
                self._finish()
        return self._opened

    def take(self, as_of: date, timeout: float = WAIT_SECONDS) -> list[CheckinRow] | None:
        """The ranking, once, if it is for `as_of` and sent whole within `timeout`; else
        None. The child is waited for either way."""
        if as_of != self.as_of or self.opened(timeout) is None:
            self._finish()
            return None
        try:
            ranked = self._receive(timeout)
        finally:
            self._finish()
        return ranked if isinstance(ranked, list) else None

    def _receive(self, timeout: float) -> object:
        """The child's next frame, unpickled; None if it did not come whole within `timeout`."""
        if self._pid is None:
            return None
        deadline = time.monotonic() + timeout
        header = self._read(LENGTH_BYTES, deadline)
        if header is None:
            return None
        data = self._read(int.from_bytes(header, "big"), deadline)
        if data is None:
            return None
        import pickle

        try:
            return pickle.loads(data)
        except Exception:  # a child cut short: the app opens or ranks on its own
            return None

    def _read(self, size: int, deadline: float) -> bytes | None:
        """`size` bytes from the pipe (None: the child left or time ran out first)."""
        while len(self._received) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read_end], [], [], left)[0]:
                return None
            chunk = os.read(self._read_end, 65536)
            if not chunk:
                return None
            self._received += chunk
        taken = bytes(self._received[:size])
        del self._received[:size]
        return taken

    def _finish(self) -> None:
        """Close the pipe and reap the child (killed first if it is still at work)."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        os.close(self._read_end)
        done, _ = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def can_fork() -> bool:
    """A child process can rank: fork exists, and this process has only one thread (forking
    one with others may copy a lock another thread holds)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def rank_ahead(path: Path, as_of: date, *, private_dir: bool) -> FirstCheckins | None:
    """Start opening and ranking the journal at `path` ahead of the app; None when there is
    no journal yet (the app shows its welcome screen).

    In a child process the journal is opened as it is, and the app opens it itself only
    after its first frame, or before it when the child could not (see the module). In a
    thread, it is opened here first, on this thread: a foreign, damaged or newer file is
    refused here, an older one upgraded, as the app's own opening would."""
    if not path.exists():
        return None
    if can_fork():
        from rjournal.store.connection import ChangeWatch

        # Before the child reads: whatever is committed from now on, the watch sees.
        watch = ChangeWatch(path)

        def open_as_it_is() -> Journal:
            from rjournal.store.journal import Journal

            return Journal.open(path, create=False, private_dir=private_dir, upgrade_older=False)

        return RankedInChild(open_as_it_is, as_of, CHECKIN_PAGE, watch=watch)
    from rjournal.store.journal import Journal

    Journal.open(path, create=False, private_dir=private_dir).close()
    return FirstCheckins(lambda: Journal.open(path), as_of, CHECKIN_PAGE)
