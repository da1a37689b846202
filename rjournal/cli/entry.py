"""The `rj` and `rjournal` entry point: bare `rj` opens the app without the command machinery.

Opening the app is what people do most, and its first screen should appear as fast as a
one-line Textual app's: `rj` and `rj --db PATH` go straight to the app; anything else (and
any problem opening the journal, so it is reported in the command line's one-line way) goes
through the click command line in rjournal.cli.main.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from rjournal.app.app import JournalApp

# RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day (tests, screenshots, "what if").
TODAY_VAR = "RJOURNAL_TODAY"


def app_only(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, --db value or None) when the arguments ask for nothing but the app."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db=") :]
    return False, None


def main() -> None:
    wanted, db = app_only(sys.argv[1:])
    if wanted:
        # No cyclic collections until the first frame is out (the app turns them back on):
        # passes over what the imports build cost ~40 ms and free next to nothing.
        gc.disable()
        app = _build_app(db)
        if app is not None:
            from rjournal.app.app import run_built

            run_built(app)
            return
        gc.enable()
    from rjournal.cli.main import main as command_line

    command_line()


def _build_app(db: str | None) -> JournalApp | None:
    """The app over the chosen journal, or None to let the command line report the problem."""
    from datetime import date

    fixed_text = os.environ.get(TODAY_VAR)
    try:
        path, private_dir = journal_for(db)
        from rjournal.app.app import build_app

        fixed = date.fromisoformat(fixed_text) if fixed_text else None
        return build_app(path, today=fixed, private_dir=private_dir)
    except Exception:
        return None


def journal_for(db: str | None) -> tuple[Path, bool]:
    """The journal --db chose (else $RJOURNAL_DB, else our data dir), and whether its folder is
    our own data dir, to keep private."""
    from rjournal.store.connection import ENV_VAR, journal_path

    return journal_path(db), not db and not os.environ.get(ENV_VAR)
