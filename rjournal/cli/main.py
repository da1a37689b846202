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
from rjournal.cli.base import TODAY_VAR, RjGroup, State, today

# Each command by name -> (module, attribute). Loaded on first use (click's lazy-group
# pattern), so `rj log` imports the log command and nothing of the other commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("people", "add"),
    "edit": ("people", "edit"),
    "kid": ("people", "kid"),
    "pet": ("people", "pet"),
    "occasion": ("people", "occasion"),
    "snooze": ("people", "snooze"),
    "archive": ("people", "archive"),
    "unarchive": ("people", "unarchive"),
    "delete": ("people", "delete"),
    "restore": ("people", "restore"),
    "merge": ("people", "merge"),
    "trash": ("people", "trash"),
    "tags": ("people", "tags"),
    "log": ("entries", "log"),
    "note": ("entries", "note"),
    "promise": ("entries", "promise"),
    "done": ("entries", "done"),
    "next": ("reading", "next_"),
    "show": ("reading", "show"),
    "list": ("reading", "list_"),
    "search": ("reading", "search"),
    "review": ("reading", "review"),
    "export": ("files", "export"),
    "import": ("files", "import_"),
    "demo": ("files", "demo"),
}


class LazyGroup(RjGroup):
    """The rj group, importing a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        import importlib

        module = importlib.import_module(f"rjournal.cli.{where[0]}")
        command = getattr(module, where[1])
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup,
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
    from rjournal.app.app import run_app
    from rjournal.cli.entry import journal_for

    state.path, private_dir = journal_for(state.db)
    fixed = today() if os.environ.get(TODAY_VAR) else None
    run_app(state.path, today=fixed, private_dir=private_dir)


__all__ = ["main"]
