"""`rj` and `rjournal`: the app without a command; quick-add, lookups and exports with one.

The group lives here; each command in the module the COMMANDS table names (people, entries,
entry_commands, reading, exports, importing, backup, files, sync, safety, today, plan,
ingest, configuration, completion); what they share in base.py. Click reads every command line,
and every run leaves through RjGroup.main, which words failures (errors.py). Each command
parses what was typed (every value before the journal is opened, so bad input changes
nothing), then makes one call into the store. Start-up time matters for `rj log`, so only
click and what `log` needs load with this module; each command's module loads when that
command runs, and the check-in engine, search, export, JSON, output formatting and the app
inside the commands that use them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from rjournal import __version__
from rjournal.cli.base import Group, State, completing
from rjournal.cli.errors import DEBUG_VAR, report
from rjournal.store.location import chosen_journal

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
    "entry": ("entry_commands", "entry"),
    "next": ("reading", "next_"),
    "show": ("reading", "show"),
    "list": ("reading", "list_"),
    "search": ("reading", "search"),
    "review": ("reading", "review"),
    "export": ("exports", "export"),
    "import": ("importing", "import_"),
    "duplicates": ("importing", "duplicates"),
    "demo": ("files", "demo"),
    "backup": ("backup", "backup"),
    "sync": ("sync", "sync"),
    "completion": ("completion", "completion"),
    "init": ("safety", "init"),
    "salvage": ("safety", "salvage"),
    "purge": ("safety", "purge"),
    "today": ("today", "today_"),
    "remind": ("today", "remind"),
    "plan": ("plan", "plan"),
    "ingest": ("ingest", "ingest"),
    "config": ("configuration", "config"),
}

DB_HELP = (
    "The journal file. Default: $RJOURNAL_DB, else the configuration's journal, else journal.db"
    " in the user data directory."
)


def _choose_db(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> None:
    """Record --db wherever it was given (before or after the command word) in the State;
    two different journals in one command line is a usage error."""
    state = ctx.ensure_object(State)
    chosen = list(dict.fromkeys([*([state.db] if state.db is not None else []), *values]))
    if len(chosen) > 1:
        listed = " and ".join(repr(value) for value in chosen)
        raise click.UsageError(f"--db was given twice, as {listed}: give one journal", ctx)
    if chosen:
        state.db = chosen[0]


# --db is accepted by the group and every command (the option below, added when a command
# loads): repeatable only so that a second, different value can be refused.
DB_OPTION: dict[str, Any] = {
    "metavar": "PATH",
    "multiple": True,
    "expose_value": False,
    "callback": _choose_db,
    "help": DB_HELP,
}


def accept_db(command: click.Command) -> click.Command:
    """The command (and, for a group, its commands) with the --db option, once."""
    if not any(param.name == "db" for param in command.params):
        command.params.append(click.Option(["--db"], **DB_OPTION))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_db(sub)
    return command


class RjGroup(Group):
    """The rj group: each command's module imported only when that command is asked for, and
    one exit path, where every failure becomes one `rj: ` line and an exit code."""

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
        return accept_db(command)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        State.current = None
        if completing():
            from rjournal.cli.completion import use_our_shells

            use_our_shells()
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
            state = State.current
            code = report(error, state.path if state is not None else None)
        if not standalone_mode:
            return code
        sys.exit(code)


@click.group(
    cls=RjGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--db", **DB_OPTION)
@click.version_option(__version__, "--version", prog_name="rjournal")
@click.pass_context
def main(ctx: click.Context) -> None:
    """rjournal: who needs a caring check-in next, and why.

    Without a command, opens the app (in a terminal). PERSON is an id, a full name, or a
    unique part of a name or nickname. DATE: 2026-11-20, today, yesterday, 3 days ago, last
    friday, Nov 20. RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day.
    """
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from rjournal.cli.launch import BARE_REFUSED, open_app

        state = State.of(ctx)
        open_app(state, chosen_journal(state.db), refused=BARE_REFUSED)


__all__ = ["main"]
