"""Opening the app from the command line: the one module of rjournal.cli that imports it.

The app is full-screen and waits for keys, so it opens only when a person is at a terminal:
standard input and output are terminals (and standard error, where Textual draws), and no
shell is asking for completions. Otherwise (`rj | head`, `rj > file`, a script, a shell's
completion run by `.bashrc`) it would draw into a pipe or a file and wait forever, so the
command says so in one line instead, before any file is touched.

Bare `rj` and `rj --db PATH` (read exactly by session.app_only) open it without click: the app's
first frame waits for every import, and click with the command table is ~10 ms of them.
Everything else on the command line goes through click (cli.main), and both ways meet in
`open_app` and report failures through errors.report.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import date
from typing import TYPE_CHECKING

from rjournal.cli.session import TODAY_VAR, AppOnly, State, completing, today, warn_if_synced
from rjournal.store.location import chosen_journal

if TYPE_CHECKING:
    from rjournal.store.location import JournalLocation

# What bare `rj` says away from a terminal, after "the app opens only in a terminal; ".
BARE_REFUSED = "`rj --help` lists the commands"


def at_a_terminal() -> bool:
    """Standard input, output and error are terminals, and no shell-completion variable is
    set."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return all(s is not None and s.isatty() for s in streams) and not completing()


def need_terminal(refused: str) -> None:
    """Refuse, in one line saying what to do instead, unless the app can open here."""
    if not at_a_terminal():
        from rjournal.cli.errors import UserError

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
        from rjournal.app.first_checkins import rank_ahead

        first = rank_ahead(where.path, fixed or date.today(), private_dir=where.private_dir)
        from rjournal.app.app import run_app

        next_step = run_app(
            where.path, today=fixed, private_dir=where.private_dir, first_checkins=first
        )
    finally:
        gc.enable()  # for an app that stopped before its first frame
    if next_step == "demo":  # chosen on the welcome screen: `rj demo`, as if typed
        os.execv(sys.executable, [sys.executable, "-m", "rjournal", "demo"])


def open_app_only(line: AppOnly) -> int:
    """What the click group does for bare `rj` (the same journal rule, open_app and exit
    path), without loading click; the exit code."""
    state = State(line.db)
    try:
        open_app(state, chosen_journal(state.db), refused=BARE_REFUSED)
    except KeyboardInterrupt:  # what click makes of it: "interrupted", 130
        import click

        from rjournal.cli.errors import report

        return report(click.Abort(), state.path)
    except Exception as error:
        from rjournal.cli.errors import DEBUG_VAR, report

        if os.environ.get(DEBUG_VAR):
            raise
        return report(error, state.path)
    return 0
