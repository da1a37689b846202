"""The `rj` and `rjournal` entry point: bare `rj` opens the app, and the simple forms of
`rj log` and `rj next` run, without the command machinery.

Opening the app is what people do most, and its first screen should appear as fast as a
one-line Textual app's: `rj` and `rj --db PATH` go straight to the app. Quick-add must start
about as fast as Python itself, and importing click alone costs more than that: `rj log`
with nothing but its two arguments and its own options runs core.log_interaction directly,
the very function the click command calls, and `rj next` with its own options runs
core.show_next. Anything else (and any problem opening the app's journal, so it is reported
in the command line's one-line way) goes through the click command line in
rjournal.cli.main, so click reads it and words its messages.
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
# RJOURNAL_DEBUG=1 lets errors raise with their traceback.
DEBUG_VAR = "RJOURNAL_DEBUG"


def app_only(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, --db value or None) when the arguments ask for nothing but the app."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db=") :]
    return False, None


# `rj log` as read without click: (--db, PERSON, TEXT, --with..., --via, --on, --from-them),
# the arguments of core.run_log. A plain tuple: a NamedTuple class costs ~3 ms to build.
QuickLog = tuple[str | None, str, str, tuple[str, ...], str | None, str | None, bool]


# rj log's options that take a value, by name; --with may repeat, the others may not.
_LOG_VALUES = {"--with": "others", "--via": "via", "--on": "on"}


def _command_args(args: Sequence[str], command: str) -> tuple[str | None, list[str]] | None:
    """The group's own `--db PATH` / `--db=PATH` (if first) and the words after `command`;
    None when another command follows, or the --db value is one click would read otherwise
    (empty, or starting with "-")."""
    rest = list(args)
    db: str | None = None
    if rest[:1] == ["--db"] and len(rest) >= 2:
        db = rest[1]
        del rest[:2]
    elif rest and rest[0].startswith("--db="):
        db = rest.pop(0)[len("--db=") :]
    if db is not None and (not db or db.startswith("-")):
        return None
    if rest[:1] != [command]:
        return None
    return db, rest[1:]


def quick_log(args: Sequence[str]) -> QuickLog | None:
    """`[--db PATH] log PERSON TEXT [--with PERSON]... [--via CHANNEL] [--on DATE]
    [--from-them]` (options anywhere after `log`, also as --opt=value), read as click reads
    it; None for anything else, which click then reads and words (help, unknown or short
    options, `--`, a missing or extra argument, a missing or empty value, a value or argument
    starting with "-", an option given twice, other options and commands)."""
    split = _command_args(args, "log")
    if split is None:
        return None
    db, rest = split
    positional: list[str] = []
    values: dict[str, list[str]] = {"others": [], "via": [], "on": []}
    from_them = False
    words = iter(rest)
    for word in words:
        if not word.startswith("-"):
            positional.append(word)
            continue
        name, eq, value = word.partition("=")
        if name == "--from-them" and not eq and not from_them:
            from_them = True
            continue
        field = _LOG_VALUES.get(name)
        if field is None:
            return None
        if not eq:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None
        values[field].append(value)
    if len(positional) != 2 or len(values["via"]) > 1 or len(values["on"]) > 1:
        return None
    return (
        db,
        positional[0],
        positional[1],
        tuple(values["others"]),
        values["via"][0] if values["via"] else None,
        values["on"][0] if values["on"] else None,
        from_them,
    )


# `rj next` as read without click: (--db, --limit, --as-of, --json, --explain), the arguments
# of core.run_next.
QuickNext = tuple[str | None, int, str | None, bool, bool]

# rj next's default --limit (the click option reads it from here too).
NEXT_LIMIT = 10


def quick_next(args: Sequence[str]) -> QuickNext | None:
    """`[--db PATH] next [--limit N] [--as-of DATE] [--json] [--explain]` (any order, also
    as --opt=value, each at most once), read as click reads it; None for anything else, which
    click then reads and words (help, arguments, unknown or short options, `--`, a missing or
    empty value, a value starting with "-", a --limit that is not plain digits, an option
    given twice, other commands)."""
    split = _command_args(args, "next")
    if split is None:
        return None
    db, rest = split
    values: dict[str, str] = {}
    flags: set[str] = set()
    words = iter(rest)
    for word in words:
        name, eq, value = word.partition("=")
        if name in ("--json", "--explain") and not eq and name not in flags:
            flags.add(name)
            continue
        if name not in ("--limit", "--as-of") or name in values:
            return None
        if not eq:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None
        values[name] = value
    limit = values.get("--limit", str(NEXT_LIMIT))
    # click's int() would also take " 7", "+7", "1_0" and other scripts' digits: those go
    # to click, so what runs here is exactly what click would read.
    if not (limit.isascii() and limit.isdigit()):
        return None
    return db, int(limit), values.get("--as-of"), "--json" in flags, "--explain" in flags


def _click_must_read() -> bool:
    """Cases where only click itself behaves like click: debugging (tracebacks through
    click), shell completion (_RJ_COMPLETE and kin) and Windows (click expands wildcards)."""
    if os.name == "nt" or os.environ.get(DEBUG_VAR):
        return True
    return any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def main() -> None:
    args = sys.argv[1:]
    wanted, db = app_only(args)
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
    if not _click_must_read():
        quick = quick_log(args)
        if quick is not None:
            from rjournal.cli.core import run_log

            run_log(*quick)
        wanted_next = quick_next(args)
        if wanted_next is not None:
            from rjournal.cli.core import run_next

            run_next(*wanted_next)
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
    our own data dir, to keep private. A Path: the app, which imports pathlib anyway, wants one."""
    from rjournal.store.location import chosen_journal

    where = chosen_journal(db)
    return where.path, where.private_dir
