"""The command line's one exit path: every failure as one `rj: ` line on stderr, and its code.

Exit codes: 0 done; 1 the journal could not do it (no journal yet, no such person or
promise, ambiguous name, refused or damaged file, unreadable or unwritable file, a full disk,
a journal held too long by another writer); 2 what was typed can't be read (usage, dates,
rhythms, channels, months, empty names, numbers and dates out of range); 130 interrupted.

An error after a change was committed never says the change failed: it is reported as saved,
and the later failure as a warning (exit 0), since what the command was asked to do is done.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import click

from rjournal.domain.text import one_line
from rjournal.store.errors import JournalError
from rjournal.store.failures import describe

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


class AfterSaving(Exception):
    """`error` came after something was saved for good: `saved` says what, in words.

    `done` is True when it was the change the command was asked for (then the command
    succeeded, with a warning); False when it was only the journal's upgrade on opening.
    """

    def __init__(self, saved: str, error: Exception, *, done: bool) -> None:
        super().__init__(saved)
        self.saved = saved
        self.error = error
        self.done = done


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
    if isinstance(error, AfterSaving):
        return _after_saving(error, journal)
    if isinstance(error, OverflowError):
        # A number or a date beyond what Python's dates or SQLite's integers hold.
        say_error(f"a number or a date is out of range ({error})")
        return EXIT_USAGE
    if isinstance(error, JournalError):
        say_error(str(error))
        return EXIT_REFUSED
    if isinstance(error, sqlite3.Error):
        say_error(journal_failure(error, journal))
        return EXIT_REFUSED
    if isinstance(error, ValueError):
        say_error(str(error))
        return EXIT_USAGE
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        failure = describe(error)
        advice = f"; {failure.advice}" if failure is not None and failure.kind == "full" else ""
        say_error(f"{name}{error.strerror or error}{advice}")
        return EXIT_REFUSED
    say_error(
        f"unexpected error ({type(error).__name__}: {error}); {DEBUG_VAR}=1 shows the traceback"
    )
    return EXIT_REFUSED


def journal_failure(error: sqlite3.Error, journal: Path | None) -> str:
    """SQLite's error about the journal as one line that names the file and what to do."""
    where = f"the journal at {journal}" if journal else "the journal"
    failure = describe(error)
    if failure is None or failure.kind == "other":
        return f"can't use {where}: {error}"
    if failure.kind == "damaged":
        return f"{where} is damaged ({error}); {failure.advice}"
    if failure.kind == "refused":
        return f"{where} refused the change ({error}); nothing was written"
    return f"can't use {where}: {failure.what} ({error}); {failure.advice}"


def _after_saving(error: AfterSaving, journal: Path | None) -> int:
    """What was saved as saved; the failure after it as a warning, or (after an upgrade on
    opening, when the command itself did not get done) as the error it is."""
    later = error.error
    if isinstance(later, sqlite3.Error):
        words = journal_failure(later, journal)
    elif isinstance(later, OSError):
        words = f"{later.filename + ': ' if later.filename else ''}{later.strerror or later}"
    else:
        words = str(later) or type(later).__name__
    if error.done:
        say_error(f"warning: {error.saved}, but then: {words}")
        return 0
    say_error(f"{error.saved}; then: {words}")
    return EXIT_REFUSED if not isinstance(later, ValueError) else EXIT_USAGE
