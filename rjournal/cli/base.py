"""What every command shares: the journal it chose, today, opening that journal, people's
names (in messages and in shell completion), and a few readers and words."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import click

from rjournal.cli.errors import AfterSaving, UserError
from rjournal.domain.model import Person
from rjournal.domain.text import one_line
from rjournal.store.journal import Journal
from rjournal.store.location import chosen_journal

if TYPE_CHECKING:
    from pathlib import Path

    from click.shell_completion import CompletionItem

# RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day (tests, screenshots, "what if").
TODAY_VAR = "RJOURNAL_TODAY"
# The last "today" with room after it for the longest rhythm (10 years) and the look-ahead
# before 9999-12-31, the last day Python's dates and SQLite's date() know.
LAST_TODAY = date(9988, 12, 31)
YEARLY_HELP = "1990-04-15, 04-15, April 15, 15 Apr 1990"
PERIOD_HELP = "weekly, monthly, quarterly, yearly, 10d, 3w, 2m, none"
# A count typed as an option (--limit, --entries): beyond this, no journal has that many.
COUNT = click.IntRange(0, 1_000_000_000)
# How many names shell completion offers at most: a menu, not a listing.
COMPLETION_LIMIT = 50


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
        state = (ctx or click.get_current_context()).find_object(cls)
        return state if state is not None else cls()


class Group(click.Group):
    """A click group whose "no such command" names the nearest command: `rj lgo` asks "did
    you mean 'log'?" (click looks only at commands already loaded, and ours load lazily)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            from rjournal.domain.suggest import did_you_mean

            hint = did_you_mean(name, self.list_commands(ctx), quote="'")
            raise click.UsageError(f"no such command {name!r}{hint}", ctx)
        return super().resolve_command(ctx, args)


def today() -> date:
    """$RJOURNAL_TODAY (YYYY-MM-DD) pretends today is that day; else the clock."""
    fixed = os.environ.get(TODAY_VAR)
    if not fixed:
        return date.today()
    try:
        day = date.fromisoformat(fixed)
    except ValueError:
        raise UserError(f"{TODAY_VAR} must be a date like 2026-11-22, not {fixed!r}") from None
    if day > LAST_TODAY:
        raise UserError(f"{TODAY_VAR} must be a day before {LAST_TODAY.year + 1}, not {fixed!r}")
    return day


@contextmanager
def opened(*, create: bool = False) -> Iterator[Journal]:
    """The journal --db chose (else $RJOURNAL_DB, else our data dir); only `add`, `import
    csv` and `tags --every` start one (nothing else has a use for an empty journal, and bad
    input must leave no file behind)."""
    state = State.of()
    where = chosen_journal(state.db)
    state.path = where.path
    warn_if_synced(state, where.path)
    journal = Journal.open(where.path, create=create, private_dir=where.private_dir)
    try:
        yield journal
    except Exception as error:
        # What was committed stays committed: the error must not say otherwise.
        if journal.commits:
            raise AfterSaving("the change was saved", error, done=True) from error
        if journal.upgrade is not None:
            raise AfterSaving(journal.upgrade.words(), error, done=False) from error
        raise
    finally:
        journal.close()


def warn_if_synced(state: State, path: Path) -> None:
    """One line on stderr, once per run, when the journal sits in a Dropbox, iCloud Drive,
    OneDrive, Syncthing or Nextcloud folder (store.synced_folder says why)."""
    if state.warned_synced:
        return
    from rjournal.store.synced_folder import warning

    said = warning(path)
    if said is not None:
        state.warned_synced = True
        click.echo(f"rj: {one_line(said)}", err=True)


def completing() -> bool:
    """A shell is asking for completions or for its script (click's `_RJ_COMPLETE` and kin)."""
    return any(k.startswith("_") and k.endswith("_COMPLETE") and v for k, v in os.environ.items())


def resolve(journal: Journal, query: str, *, deleted: bool = False) -> Person:
    """The person `query` names; one not found among the living but in the trash is named,
    with the command that brings them back."""
    from rjournal.store.errors import JournalError, NotFound

    try:
        return journal.resolve(query, deleted=deleted)
    except NotFound as error:
        if deleted:
            raise
        try:
            trashed = journal.resolve(query, deleted=True)
        except JournalError:
            raise error from None
        raise NotFound(
            f"{one_line(trashed.name)} (id {trashed.id}) is in the trash: "
            f"rj restore {trashed.id} brings them back"
        ) from None


def complete_person(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of PERSON: the names in the chosen journal that start with what was
    typed. Read-only: a missing or unreadable journal completes nothing and creates nothing."""
    from click.shell_completion import CompletionItem

    from rjournal.store.names import names_starting

    where = chosen_journal(State.of(ctx).db)
    found = names_starting(where.path, incomplete, limit=COMPLETION_LIMIT)
    # A name with a control character can't be typed, and would break the shell's lines.
    return [CompletionItem(name) for name in found if name.isprintable()]


def names_joined(names: Sequence[str]) -> str:
    shown = [one_line(n) for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def echo_json(value: Any) -> None:
    """JSON on stdout (jsonshape.dumps: terminal-safe)."""
    from rjournal.cli.jsonshape import dumps

    click.echo(dumps(value))


def required_text(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise UserError(f"{what} can't be empty")
    return text


def clean_tag(text: str) -> str:
    tag = text.strip().lower().lstrip("#")
    if not tag or any(ch.isspace() for ch in tag):
        raise UserError(f"a tag is one word, not {one_line(repr(text))}")
    return tag
