"""What every command shares: the journal it chose and today (from session.py, which bare
`rj` uses without click), opening that journal, people's names (in messages and in shell
completion), and a few readers and words."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from rjournal.cli.errors import AfterSaving, UserError
from rjournal.cli.session import TODAY_VAR as TODAY_VAR
from rjournal.cli.session import State as State
from rjournal.cli.session import completing as completing
from rjournal.cli.session import today as today
from rjournal.cli.session import warn_if_synced as warn_if_synced
from rjournal.domain.model import Person
from rjournal.domain.text import one_line
from rjournal.store.journal import Journal
from rjournal.store.location import chosen_journal

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

YEARLY_HELP = "1990-04-15, 04-15, April 15, 15 Apr 1990"
PERIOD_HELP = "weekly, monthly, quarterly, yearly, 10d, 3w, 2m, none"
# A count typed as an option (--limit, --entries): beyond this, no journal has that many.
COUNT = click.IntRange(0, 1_000_000_000)
# How many names shell completion offers at most: a menu, not a listing.
COMPLETION_LIMIT = 50


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
