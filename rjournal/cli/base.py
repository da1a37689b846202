"""What every command shares: the one-line error policy, today, opening the journal, parsing
channels and names, and the words for days.

Exit codes: 0 done; 1 the journal could not do it (no journal yet, no such person or
promise, ambiguous name, refused or damaged file, unreadable or unwritable file); 2 what was
typed can't be read (usage, dates, rhythms, channels, months, empty names); 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import click

from rjournal.cli.entry import TODAY_VAR as TODAY_VAR
from rjournal.domain.dates import format_date, short_day
from rjournal.domain.model import Channel, Person
from rjournal.domain.text import one_line
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

DEBUG_VAR = "RJOURNAL_DEBUG"
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# Words people type for a channel, besides the channel names themselves.
CHANNEL_ALIASES = {
    "phone": Channel.CALL,
    "zoom": Channel.VIDEO,
    "text": Channel.MESSAGE,
    "sms": Channel.MESSAGE,
    "chat": Channel.MESSAGE,
    "mail": Channel.EMAIL,
    "lunch": Channel.MEAL,
    "dinner": Channel.MEAL,
    "breakfast": Channel.MEAL,
}
CHANNEL_HELP = (
    "call, video, meeting, coffee, meal, email, message, letter, gift, social, event, other"
)
YEARLY_HELP = "1990-04-15, 04-15, April 15, 15 Apr 1990"
PERIOD_HELP = "weekly, monthly, quarterly, yearly, 10d, 3w, 2m, none"


class UserError(ValueError):
    """What was typed can't be used (exit 2); the message is one line for the user."""


class State:
    """What the group's options say, and the journal's path once chosen (for messages).

    `State.current` outlives the click context, so the error report can name the file.
    """

    current: ClassVar[State | None] = None

    def __init__(self, db: str | None) -> None:
        self.db = db
        self.path: Path | None = None
        State.current = self

    @classmethod
    def of(cls) -> State:
        """The state of the command running now."""
        state = click.get_current_context().find_object(cls)
        return state if state is not None else cls(None)


# --- errors: one line on stderr, never a traceback ------------------------------------------


def _say_error(message: str) -> None:
    click.echo(f"rj: {one_line(message)}", err=True)


def _report(error: Exception) -> int:
    """Show an error as one `rj: ` line and choose the exit code."""
    import sqlite3

    if isinstance(error, click.exceptions.NoArgsIsHelpError) and error.ctx is not None:
        click.echo(error.ctx.get_help())
        return 0
    if isinstance(error, click.UsageError):
        hint = f' (see "{error.ctx.command_path} --help")' if error.ctx is not None else ""
        _say_error(error.format_message().rstrip(".") + hint)
        return EXIT_USAGE
    if isinstance(error, click.ClickException):
        _say_error(error.format_message())
        return error.exit_code
    if isinstance(error, click.Abort):
        _say_error("interrupted; nothing more was done")
        return EXIT_INTERRUPTED
    if isinstance(error, JournalError):
        _say_error(str(error))
        return EXIT_REFUSED
    if isinstance(error, sqlite3.DatabaseError):
        path = _state_path()
        where = f"the journal at {path}" if path else "the journal"
        if isinstance(error, sqlite3.OperationalError):
            _say_error(f"can't use {where}: {error}")
        else:
            _say_error(f"{where} is damaged: {error}")
        return EXIT_REFUSED
    if isinstance(error, ValueError):
        _say_error(str(error))
        return EXIT_USAGE
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        _say_error(f"{name}{error.strerror or error}")
        return EXIT_REFUSED
    _say_error(
        f"unexpected error ({type(error).__name__}: {error}); {DEBUG_VAR}=1 shows the traceback"
    )
    return EXIT_REFUSED


def _state_path() -> Path | None:
    return State.current.path if State.current is not None else None


class RjGroup(click.Group):
    """A click group whose every failure is one `rj: ` line and an exit code (see the module)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except Exception as error:
            if os.environ.get(DEBUG_VAR):
                raise
            code = _report(error)
        if not standalone_mode:
            return code
        sys.exit(code)


# --- shared helpers ---------------------------------------------------------------------


def today() -> date:
    """$RJOURNAL_TODAY (YYYY-MM-DD) pretends today is that day; else the clock."""
    fixed = os.environ.get(TODAY_VAR)
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise UserError(f"{TODAY_VAR} must be a date like 2026-11-22, not {fixed!r}") from None


@contextmanager
def opened(*, create: bool = False) -> Iterator[Journal]:
    """The chosen journal; only `add` and `tags --every` start one (nothing else has a use
    for an empty journal, and bad input must leave no file behind)."""
    from rjournal.store.connection import ENV_VAR, journal_path

    state = State.of()
    path = journal_path(state.db)
    private = not state.db and not os.environ.get(ENV_VAR)
    state.path = path
    journal = Journal.open(path, create=create, private_dir=private)
    try:
        yield journal
    finally:
        journal.close()


def resolve(journal: Journal, query: str, *, deleted: bool = False) -> Person:
    return journal.resolve(query, deleted=deleted)


def parse_channel(text: str) -> Channel:
    word = text.strip().lower()
    if word in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[word]
    try:
        return Channel(word)
    except ValueError:
        from rjournal.domain.dates import quote_typed

        raise UserError(f"{quote_typed(text)} is not a channel: use {CHANNEL_HELP}") from None


def required_text(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise UserError(f"{what} can't be empty")
    return text


def day_label(d: date, ref: date) -> str:
    """ "Sun 22 Nov" this year, "Sat 5 Dec 2025" otherwise."""
    return short_day(d) if d.year == ref.year else format_date(d)


def names_joined(names: Sequence[str]) -> str:
    shown = [one_line(n) for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def echo_json(value: Any) -> None:
    from rjournal.cli.jsonshape import dumps

    click.echo(dumps(value))


def clean_tag(text: str) -> str:
    tag = text.strip().lower().lstrip("#")
    if not tag or any(ch.isspace() for ch in tag):
        raise UserError(f"a tag is one word, not {one_line(repr(text))}")
    return tag
