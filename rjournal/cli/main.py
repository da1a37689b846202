"""`rj`: quick-add, lookups and exports without opening the app.

The group lives here; the commands in people.py, entries.py, reading.py and files.py; what
they share in base.py. Each command parses what was typed (every value before the journal is
opened, so bad input changes nothing), then makes one call into the store. Start-up time
matters for `rj log`, so only click and what `log` needs load with this module; the check-in
engine, search, export, JSON, output formatting and the app load inside the commands that
use them.

Exit codes: 0 done; 1 the journal could not do it (no journal yet, no such person or
promise, ambiguous name, refused or damaged file, unreadable or unwritable file); 2 what was
typed can't be read (usage, dates, rhythms, channels, months, empty names); 130 interrupted.
"""

from __future__ import annotations

import os

import click

from rjournal import __version__
from rjournal.cli import entries, files, people, reading
from rjournal.cli.base import TODAY_VAR, RjGroup, State, today


@click.group(
    cls=RjGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    metavar="PATH",
    help="The journal file. Default: $RJOURNAL_DB, else journal.db in the user data directory.",
)
@click.version_option(__version__, "--version", prog_name="rjournal")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """rjournal: who needs a caring check-in next, and why.

    Without a command, opens the app. PERSON is an id, a full name, or a unique part of a
    name or nickname. DATE: 2026-11-20, today, yesterday, 3 days ago, last friday, Nov 20.
    RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day.
    """
    ctx.obj = State(db)
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        open_app(ctx.obj)


def open_app(state: State) -> None:
    from rjournal.store.connection import ENV_VAR, journal_path

    path = journal_path(state.db)
    state.path = path
    fixed = today() if os.environ.get(TODAY_VAR) else None
    from rjournal.app.app import run_app

    run_app(path, today=fixed, private_dir=not state.db and not os.environ.get(ENV_VAR))


for _command in (
    people.add,
    people.edit,
    people.kid,
    people.pet,
    people.occasion,
    people.snooze,
    people.archive,
    people.unarchive,
    people.delete,
    people.restore,
    people.trash,
    people.tags,
    entries.log,
    entries.note,
    entries.promise,
    entries.done,
    reading.next_,
    reading.show,
    reading.list_,
    reading.search,
    reading.review,
    files.export,
    files.demo,
):
    main.add_command(_command)

__all__ = ["main"]
