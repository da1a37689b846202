"""The click-free half of the command line: the one-line error policy, today, opening the
journal, names, the words for days, and the bodies of `rj log` and
`rj next`.

Quick-add and `rj next` must start fast and click alone costs more than the interpreter, so
everything they need lives here (or in click-free modules loaded inside), without click: the
click commands (entries.log, reading.next_) and the fast path of the console entry point
(entry.py) both call `log_interaction` / `show_next`, so only the reading of the arguments
differs. base.py builds the click side on top of this module.

Exit codes: 0 done; 1 the journal could not do it (no journal yet, no such person or
promise, ambiguous name, refused or damaged file, unreadable or unwritable file); 2 what was
typed can't be read (usage, dates, rhythms, channels, months, empty names); 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TextIO, cast

from rjournal.cli.entry import DEBUG_VAR, TODAY_VAR
from rjournal.domain.date_parser import parse_date
from rjournal.domain.model import Channel, Entry, Person, parse_channel
from rjournal.domain.text import one_line
from rjournal.domain.wording import day_label
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

if TYPE_CHECKING:
    from rjournal.store.connection import StrPath

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
INTERRUPTED = "interrupted; nothing more was done"


class UserError(ValueError):
    """What was typed can't be used (exit 2); the message is one line for the user."""


class State:
    """What the group's options say, and the journal's path once chosen (for messages).

    `State.current` outlives the command, so the error report can name the file.
    """

    current: ClassVar[State | None] = None

    def __init__(self, db: str | None) -> None:
        self.db = db
        self.path: StrPath | None = None
        State.current = self


# --- output: what click.echo does with a plain line, without loading click ---------------


def echo(text: str, *, err: bool = False) -> None:
    """Write one line and flush, as click.echo does. Every line we write passes through
    one_line, so it holds no ANSI sequence for click.echo to strip off a non-terminal."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no console at all (pythonw): click writes nothing either
        return
    line = text + "\n"
    if _is_ascii(getattr(stream, "encoding", None) or "ascii"):
        # click does not trust an ASCII stream: it writes UTF-8, replacing what can't encode.
        binary = getattr(stream, "buffer", None)
        if binary is not None:
            stream.flush()
            binary.write(line.encode("utf-8", "replace"))
            binary.flush()
            return
    stream.write(line)
    stream.flush()


def _is_ascii(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


# --- errors: one line on stderr, never a traceback ------------------------------------------


def say_error(message: str) -> None:
    echo(f"rj: {one_line(message)}", err=True)


def report(error: Exception) -> int:
    """Show an error that is not click's as one `rj: ` line and choose the exit code."""
    import sqlite3

    if isinstance(error, JournalError):
        say_error(str(error))
        return EXIT_REFUSED
    if isinstance(error, sqlite3.DatabaseError):
        path = State.current.path if State.current is not None else None
        where = f"the journal at {path}" if path else "the journal"
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
def opened(state: State, *, create: bool = False) -> Iterator[Journal]:
    """The journal --db chose (else $RJOURNAL_DB, else our data dir); only `add`, `import
    csv` and `tags --every` start one (nothing else has a use for an empty journal, and bad
    input must leave no file behind)."""
    from rjournal.store.location import chosen_journal

    where = chosen_journal(state.db)
    state.path = where.path
    journal = Journal.open(where.path, create=create, private_dir=where.private_dir)
    try:
        yield journal
    finally:
        journal.close()


def resolve(journal: Journal, query: str, *, deleted: bool = False) -> Person:
    return journal.resolve(query, deleted=deleted)


def names_joined(names: Sequence[str]) -> str:
    shown = [one_line(n) for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def channel_words(channel: Channel) -> str:
    return "contact" if channel is Channel.OTHER else channel.value


# --- rj log -----------------------------------------------------------------------------


def log_interaction(
    state: State,
    person: str,
    text: str,
    others: Sequence[str] = (),
    via: str | None = None,
    on: str | None = None,
    from_them: bool = False,
) -> None:
    """`rj log`: read every value first (bad input changes nothing), one store call, then
    the confirmation line."""
    now = today()
    channel = parse_channel(via) if via is not None else None
    when = parse_date(on, now) if on is not None else now
    with opened(state) as journal:
        people = [resolve(journal, person)] + [resolve(journal, o) for o in others]
        ids = list(dict.fromkeys(p.id for p in people if p.id is not None))
        names = {p.id: p.name for p in people}
        if channel is None:
            channel = people[0].channel or Channel.OTHER
        entry = Entry(
            kind="interaction",
            on=when,
            text=text.strip(),
            channel=channel,
            from_them=from_them,
            people=tuple(ids),
        )
        journal.add_entry(entry, created_at=datetime.now())
    who = names_joined([names[i] for i in ids])
    by = " (they reached out)" if from_them else ""
    echo(f"Logged {channel_words(channel)} with {who}{by} on {day_label(when, now)}")


def run_log(
    db: str | None,
    person: str,
    text: str,
    others: Sequence[str],
    via: str | None,
    on: str | None,
    from_them: bool,
) -> NoReturn:
    """`rj log` without click, ending the process as RjGroup.main would after click read the
    same arguments: the same lines, the same exit codes."""
    state = State(db)
    run(lambda: log_interaction(state, person, text, others, via, on, from_them))


# --- rj next ----------------------------------------------------------------------------


def show_next(state: State, limit: int, as_of: str | None, as_json: bool, explain: bool) -> None:
    """`rj next`: who needs a check-in as of a day (default today), best first; limit 0 is
    everyone who needs you."""
    from rjournal.store.facts import next_checkins

    now = today()
    day = parse_date(as_of, now, allow_future=True) if as_of is not None else now
    with opened(state) as journal:
        found = next_checkins(journal, day, limit=limit or None)
    if as_json:
        from rjournal.cli.jsonshape import suggestion_json

        echo_json([suggestion_json(s) for s in found])
        return
    from rjournal.cli import output

    output.suggestions(found, day, explain=explain)


def run_next(
    db: str | None, limit: int, as_of: str | None, as_json: bool, explain: bool
) -> NoReturn:
    """`rj next` without click, ending the process as RjGroup.main would."""
    state = State(db)
    run(lambda: show_next(state, limit, as_of, as_json, explain))


def echo_json(value: Any) -> None:
    """JSON on stdout (jsonshape.dumps: terminal-safe), written as click.echo writes it."""
    from rjournal.cli.jsonshape import dumps

    echo(dumps(value))


# --- running a command without click ----------------------------------------------------


def run(command: Callable[[], None]) -> NoReturn:
    """Run one command body and end the process as RjGroup.main does after click: the same
    lines, the same exit codes."""
    try:
        try:
            command()
        except (EOFError, KeyboardInterrupt):
            echo("", err=True)  # click closes the terminal's ^C echo with a blank line
            say_error(INTERRUPTED)
            code = EXIT_INTERRUPTED
        except OSError as error:
            import errno

            if error.errno != errno.EPIPE:
                raise
            # A closed pipe (rj next | head -c0): quiet, exit 1, as click does.
            _pacify_streams()
            code = EXIT_REFUSED
        else:
            code = 0
    except Exception as error:
        code = report(error)
    sys.exit(code)


class _QuietFlush:
    """A stream whose flush ignores a closed pipe, so the interpreter's last flush on exit
    prints no traceback (click's _PacifyFlushWrapper)."""

    def __init__(self, wrapped: TextIO) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        with suppress(BrokenPipeError):
            self.wrapped.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def _pacify_streams() -> None:
    sys.stdout = cast(TextIO, _QuietFlush(sys.stdout))
    sys.stderr = cast(TextIO, _QuietFlush(sys.stderr))
