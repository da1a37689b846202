"""The first page of check-ins, ranked in a thread from before the app's modules load.

What the user opens the app for is the check-in list. Ranked only once the home screen is on
screen, it came a whole frame (and a layout of the list) after the first one; ranked here,
on a connection of its own while Textual loads and starts (SQLite gives up the interpreter
while it reads), it is ready when the home screen composes, and the first frame shows it.
`rj` starts it (rank_ahead) before importing the app, ~130 ms earlier than the app's
constructor could: at 100,000 people the home screen waited 10-30 ms for it there. Textual
is not imported here.

Where it can, `rj` ranks in a child process instead (RankedInChild, os.fork while the process
has one thread): a thread shares the interpreter with Textual's imports and first layout, so
its Python work (~90 ms at 100,000 people, ~30 ms at 300) was added to theirs; a child runs it
on another core. The child only reads, sends the page back pickled through a pipe and leaves
with os._exit (no handler or buffer of the parent's runs twice); any failure of it is None,
and the home screen's own worker ranks again.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion
    from rjournal.store.journal import Journal

# Check-ins loaded at a time on the home screen (the cursor on the last loads the next page).
CHECKIN_PAGE = 20
# How long the home screen waits for the ranking before showing its frame without it.
WAIT_SECONDS = 1.0


class FirstCheckins:
    """One ranking of the first `limit` (+1, to know whether there are more) check-ins."""

    def __init__(self, open_journal: Callable[[], Journal], as_of: date, limit: int) -> None:
        self.as_of = as_of
        self.limit = limit
        self._open_journal = open_journal
        self._done = threading.Event()
        self._result: list[Suggestion] | None = None
        self._start()

    def _start(self) -> None:
        threading.Thread(target=self._rank, name="first-checkins", daemon=True).start()

    def _rank(self) -> None:
        try:
            from rjournal.store.facts import next_checkins

            journal = self._open_journal()
            try:
                self._result = next_checkins(journal, self.as_of, limit=self.limit + 1)
            finally:
                journal.close()
        except Exception:  # the home screen's own worker ranks again and reports
            self._result = None
        finally:
            self._done.set()

    def take(self, as_of: date, timeout: float = WAIT_SECONDS) -> list[Suggestion] | None:
        """The ranking, once, if it is for `as_of` and done within `timeout`; else None."""
        if as_of != self.as_of or not self._done.wait(timeout):
            return None
        result, self._result = self._result, None
        return result


class RankedInChild(FirstCheckins):
    """The same ranking in a child process (see the module)."""

    def _start(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: rank, send, leave without running anything of the parent's
            code = 1
            try:
                os.close(read_end)
                import pickle

                from rjournal.store.facts import next_checkins

                journal = self._open_journal()
                try:
                    ranked = next_checkins(journal, self.as_of, limit=self.limit + 1)
                finally:
                    journal.close()
                with os.fdopen(write_end, "wb") as out:
                    out.write(pickle.dumps(ranked, protocol=pickle.HIGHEST_PROTOCOL))
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._pid: int | None = pid
        self._read_end = read_end

    def take(self, as_of: date, timeout: float = WAIT_SECONDS) -> list[Suggestion] | None:
        """The ranking, once, if it is for `as_of` and sent whole within `timeout`; else
        None. The child is waited for either way."""
        if self._pid is None:
            return None
        if as_of != self.as_of:
            self._finish()
            return None
        received = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read_end], [], [], left)[0]:
                    return None
                chunk = os.read(self._read_end, 65536)
                if not chunk:
                    break
                received += chunk
        finally:
            self._finish()
        if not received:
            return None
        import pickle

        try:
            ranked: list[Suggestion] = pickle.loads(received)
        except Exception:  # a child cut short: the home screen ranks again
            return None
        return ranked

    def _finish(self) -> None:
        """Close the pipe and reap the child (killed first if it is still at work)."""
        pid, self._pid = self._pid, None
        os.close(self._read_end)
        if pid is None:
            return
        done, _ = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def can_fork() -> bool:
    """A child process can rank: fork exists, and this process has only one thread (forking
    one with others may copy a lock another thread holds)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def rank_ahead(path: Path, as_of: date, *, private_dir: bool) -> FirstCheckins | None:
    """Open the journal at `path` once on this thread (a foreign, damaged or newer file is
    refused here, an older one upgraded, as the app's own opening would), then start ranking
    its first page; None when there is no journal yet (the app shows its welcome screen)."""
    from rjournal.store.journal import Journal

    if not path.exists():
        return None
    Journal.open(path, create=False, private_dir=private_dir).close()
    kind = RankedInChild if can_fork() else FirstCheckins
    return kind(lambda: Journal.open(path), as_of, CHECKIN_PAGE)
