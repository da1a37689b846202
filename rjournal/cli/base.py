"""What every command shares, on the click side: the group that turns every failure into one
`rj: ` line, the command's state, opening the journal it chose, and a few readers and words.

The click-free half (the error policy for everything that is not click's, today, opening,
names, days, and the bodies of `rj log` and `rj next`) lives in core.py, so those two can run
without loading click; this module re-exports it, so commands import from here as before.
Exit codes: see core.py.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import click

from rjournal.cli import core
from rjournal.cli.core import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from rjournal.cli.core import EXIT_REFUSED as EXIT_REFUSED
from rjournal.cli.core import EXIT_USAGE as EXIT_USAGE
from rjournal.cli.core import UserError as UserError
from rjournal.cli.core import echo_json as echo_json
from rjournal.cli.core import names_joined as names_joined
from rjournal.cli.core import resolve as resolve
from rjournal.cli.core import today as today
from rjournal.cli.entry import DEBUG_VAR as DEBUG_VAR
from rjournal.cli.entry import TODAY_VAR as TODAY_VAR
from rjournal.domain.model import CHANNEL_ALIASES as CHANNEL_ALIASES
from rjournal.domain.model import CHANNEL_HELP as CHANNEL_HELP
from rjournal.domain.model import parse_channel as parse_channel
from rjournal.domain.text import one_line
from rjournal.domain.wording import day_label as day_label
from rjournal.store.journal import Journal

YEARLY_HELP = "1990-04-15, 04-15, April 15, 15 Apr 1990"
PERIOD_HELP = "weekly, monthly, quarterly, yearly, 10d, 3w, 2m, none"


class State(core.State):
    """core.State, found through the running click command."""

    @classmethod
    def of(cls) -> State:
        """The state of the command running now."""
        state = click.get_current_context().find_object(cls)
        return state if state is not None else cls(None)


# --- errors: one line on stderr, never a traceback ------------------------------------------


def _report(error: Exception) -> int:
    """Show an error as one `rj: ` line and choose the exit code (click's here, the rest in
    core.report)."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and error.ctx is not None:
        click.echo(error.ctx.get_help())
        return 0
    if isinstance(error, click.UsageError):
        hint = f' (see "{error.ctx.command_path} --help")' if error.ctx is not None else ""
        core.say_error(error.format_message().rstrip(".") + hint)
        return EXIT_USAGE
    if isinstance(error, click.ClickException):
        core.say_error(error.format_message())
        return error.exit_code
    if isinstance(error, click.Abort):
        core.say_error(core.INTERRUPTED)
        return EXIT_INTERRUPTED
    return core.report(error)


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


def opened(*, create: bool = False) -> AbstractContextManager[Journal]:
    """The chosen journal (see core.opened)."""
    return core.opened(State.of(), create=create)


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
