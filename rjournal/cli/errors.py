"""The command line's one exit path: every failure as one `rj: ` line on stderr, and its code.

Exit codes: 0 done; 1 the journal could not do it (no journal yet, no such person or
promise, ambiguous name, refused or damaged file, unreadable or unwritable file); 2 what was
typed can't be read (usage, dates, rhythms, channels, months, empty names); 130 interrupted.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import click

from rjournal.domain.text import one_line
from rjournal.store.errors import JournalError

if TYPE_CHECKING:
    from pathlib import Path

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
INTERRUPTED = "interrupted; nothing more was done"
# RJOURNAL_DEBUG=1 lets errors raise with their traceback.
DEBUG_VAR = "RJOURNAL_DEBUG"


class UserError(ValueError):
    """What was typed can't be used (exit 2); the message is one line for the user."""


def say_error(message: str) -> None:
    click.echo(f"rj: {one_line(message)}", err=True)


def our_style(message: str) -> str:
    """Click's messages in the style of ours: "Missing argument 'PERSON'." reads "missing
    argument 'PERSON'", and "No such option '--lmit'. Did you mean '--limit'?" reads "no such
    option '--lmit'; did you mean '--limit'?"."""
    text = message.strip().replace(". Did you mean", "; did you mean").rstrip(".")
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    return text


def report(error: Exception, journal: Path | None) -> int:
    """Show an error as one `rj: ` line and choose the exit code; `journal` is the file the
    command opened, if it got that far (SQLite's own messages do not name it)."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and error.ctx is not None:
        click.echo(error.ctx.get_help())
        return 0
    if isinstance(error, click.UsageError):
        hint = f' (see "{error.ctx.command_path} --help")' if error.ctx is not None else ""
        say_error(our_style(error.format_message()) + hint)
        return EXIT_USAGE
    if isinstance(error, click.ClickException):
        say_error(our_style(error.format_message()))
        return error.exit_code
    if isinstance(error, click.Abort):
        say_error(INTERRUPTED)
        return EXIT_INTERRUPTED
    if isinstance(error, JournalError):
        say_error(str(error))
        return EXIT_REFUSED
    if isinstance(error, sqlite3.DatabaseError):
        where = f"the journal at {journal}" if journal else "the journal"
        if isinstance(error, sqlite3.OperationalError):
            say_error(f"can't use {where}: {error}")
        else:
            say_error(f"{where} is damaged: {error}")
        return EXIT_REFUSED
    if isinstance(error, ValueError):
        say_error(str(error))
        return EXIT_USAGE
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        say_error(f"{name}{error.strerror or error}")
        return EXIT_REFUSED
    say_error(
        f"unexpected error ({type(error).__name__}: {error}); {DEBUG_VAR}=1 shows the traceback"
    )
    return EXIT_REFUSED
