"""What one run of `rj` knows before any command loads: the journal --db chose, today,
whether a shell (not a person) is asking, and whether the command line only opens the app
(app_only). Free of click, so that bare `rj` opens the app without loading the command line
(cli.launch); base.py hands these to every command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pathlib import Path

    import click

# RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day (tests, screenshots, "what if").
TODAY_VAR = "RJOURNAL_TODAY"
# The last "today" with room after it for the longest rhythm (10 years) and the look-ahead
# before 9999-12-31, the last day Python's dates and SQLite's date() know.
LAST_TODAY = date(9988, 12, 31)


class State:
    """The journal --db chose (before or after the command word), and its path once opened.

    `State.current` outlives the command, so the exit path can name the file in a message.
    """

    current: ClassVar[State | None] = None

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.path: Path | None = None
        self.warned_synced = False  # the synced-folder warning is given once per run
        State.current = self

    @classmethod
    def of(cls, ctx: click.Context | None = None) -> State:
        """The state of the running command (or of ctx)."""
        import click

        state = (ctx or click.get_current_context()).find_object(cls)
        return state if state is not None else cls()


def today() -> date:
    """$RJOURNAL_TODAY (YYYY-MM-DD) pretends today is that day; else the clock."""
    fixed = os.environ.get(TODAY_VAR)
    if not fixed:
        return date.today()
    try:
        day = date.fromisoformat(fixed)
    except ValueError:
        day = None
    if day is not None and day <= LAST_TODAY:
        return day
    from rjournal.cli.errors import UserError  # with click: only to refuse

    if day is None:
        raise UserError(f"{TODAY_VAR} must be a date like 2026-11-22, not {fixed!r}")
    raise UserError(f"{TODAY_VAR} must be a day before {LAST_TODAY.year + 1}, not {fixed!r}")


def warn_if_synced(state: State, path: Path) -> None:
    """One line on stderr, once per run, when the journal sits in a Dropbox, iCloud Drive,
    OneDrive, Syncthing or Nextcloud folder (store.synced_folder says why)."""
    if state.warned_synced:
        return
    from rjournal.domain.text import one_line
    from rjournal.store.synced_folder import warning

    said = warning(path)
    if said is not None:
        state.warned_synced = True
        print(f"rj: {one_line(said)}", file=sys.stderr, flush=True)


def completing() -> bool:
    """A shell is asking for completions or for its script (click's `_RJ_COMPLETE` and kin)."""
    return any(k.startswith("_") and k.endswith("_COMPLETE") and v for k, v in os.environ.items())


@dataclass(frozen=True)
class AppOnly:
    """A command line that only opens the app, and the --db it gave (None: the default)."""

    db: str | None


def app_only(args: Sequence[str]) -> AppOnly | None:
    """`rj`, `rj --db PATH` or `rj --db=PATH` (PATH not empty, not starting with "-"), with no
    shell asking for completions; None for anything else, which click reads."""
    if completing():
        return None
    if not args:
        return AppOnly(None)
    if len(args) == 2 and args[0] == "--db":
        value: str | None = args[1]
    elif len(args) == 1 and args[0].startswith("--db="):
        value = args[0].removeprefix("--db=")
    else:
        return None
    return AppOnly(value) if value and not value.startswith("-") else None
