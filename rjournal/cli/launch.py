"""Opening the app from the command line: the one module of rjournal.cli that imports it.

The app is full-screen and waits for keys, so it opens only when a person is at a terminal:
standard input and output are terminals (and standard error, where Textual draws), and no
shell is asking for completions. Otherwise (`rj | head`, `rj > file`, a script, a shell's
completion run by `.bashrc`) it would draw into a pipe or a file and wait forever, so the
command says so in one line instead, before any file is touched.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from rjournal.cli.base import TODAY_VAR, State, completing, today, warn_if_synced
from rjournal.cli.errors import UserError

if TYPE_CHECKING:
    from rjournal.store.location import JournalLocation


def at_a_terminal() -> bool:
    """Standard input, output and error are terminals, and no shell-completion variable is
    set."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return all(s is not None and s.isatty() for s in streams) and not completing()


def need_terminal(refused: str) -> None:
    """Refuse, in one line saying what to do instead, unless the app can open here."""
    if not at_a_terminal():
        raise UserError(f"the app opens only in a terminal; {refused}")


def open_app(state: State, where: JournalLocation, *, refused: str) -> None:
    """Run the app on the journal at `where` until it quits (see the module)."""
    need_terminal(refused)
    fixed = today() if os.environ.get(TODAY_VAR) else None
    state.path = where.path
    warn_if_synced(state, where.path)
    # No cyclic collections until the first frame is out (the app turns them back on):
    # passes over what the imports build cost ~40 ms and free next to nothing.
    gc.disable()
    try:
        from rjournal.app.app import run_app

        next_step = run_app(where.path, today=fixed, private_dir=where.private_dir)
    finally:
        gc.enable()  # for an app that stopped before its first frame
    if next_step == "demo":  # chosen on the welcome screen: `rj demo`, as if typed
        os.execv(sys.executable, [sys.executable, "-m", "rjournal", "demo"])
