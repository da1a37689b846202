"""Care that reaches you: `rj today` (the digest) and `rj remind` (one desktop reminder a day).

`rj today`'s simple forms never come here: the entry point answers them without click
(cli/digest_out.py); this command answers the rest (help, and every error, worded by the one
exit path) with the same function.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from rjournal.cli.base import State, opened, today
from rjournal.cli.digest_out import (
    care_settings,
    config_in_force,
    digest_lines,
    notification,
    today_text,
)
from rjournal.cli.errors import UserError

UNIT_NAME = "rjournal-remind"


@click.command(short_help="A short digest for a shell's rc file.")
@click.option(
    "--quiet-if-empty", "quiet", is_flag=True, help="Print nothing when nothing needs you."
)
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
def today_(quiet: bool, as_json: bool) -> None:
    """Who needs you most today (the one reason that matters, the channel), today's and this
    week's occasions, and the promises due, in at most 9 lines of 80 columns. Only reads;
    never creates a journal (with --quiet-if-empty, a missing one is nothing to say)."""
    text = today_text(State.of().db, quiet=quiet, as_json=as_json, day=today(), environ=os.environ)
    click.echo(text, nl=False)


@click.command(short_help="One desktop reminder a day (--install: run it each morning).")
@click.option(
    "--install",
    is_flag=True,
    help="Print a systemd user timer and service, and a crontab line, that run it each morning.",
)
@click.option(
    "--write",
    is_flag=True,
    help="With --install: write the systemd units into your config directory.",
)
@click.option(
    "--at",
    "at_time",
    default="09:00",
    show_default=True,
    metavar="HH:MM",
    help="With --install: the time of day it runs.",
)
@click.option("--force", is_flag=True, help="Remind again, even if it did today.")
def remind(install: bool, write: bool, at_time: str, force: bool) -> None:
    """Send one desktop notification summarising `rj today`, at most once a day per journal
    (the day is remembered in the journal); without a desktop session, print it instead.
    Nothing is sent when nothing needs you."""
    if write and not install:
        raise UserError("--write goes with --install (rj remind --install --write)")
    if install:
        _install(_clock_time(at_time), write=write)
        return
    from rjournal.cli.notify import notify
    from rjournal.store.digest import claim_reminder, gather_digest

    day = today()
    settings = care_settings(config_in_force())
    with opened() as journal:
        digest = gather_digest(journal, day, settings)
        if digest.is_empty:
            return
        claimed = claim_reminder(journal, day)
        if not claimed and not force:
            return
    summary, body = notification(digest)
    if notify(summary, body):
        click.echo(f"Reminder sent: {summary.removeprefix('rjournal: ')}")
        return
    for line in digest_lines(digest):
        click.echo(line)


def _clock_time(text: str) -> tuple[int, int]:
    hour, colon, minute = text.strip().partition(":")
    if colon and hour.isdigit() and minute.isdigit() and len(minute) == 2:
        h, m = int(hour), int(minute)
        if 0 <= h <= 23 and 0 <= m <= 59:
            return h, m
    raise UserError(f"--at takes a time of day like 09:00 or 18:30, not {text!r}")


def _rj_command() -> list[str]:
    """How a timer runs this rj: the console script beside this Python, else `python -m`."""
    script = Path(sys.executable).with_name("rj")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "rjournal"]


def _command_line() -> str:
    """`rj [--db PATH] remind`, with the journal this command chose if --db chose it."""
    words = _rj_command()
    db = State.of().db
    if db:
        words += ["--db", str(Path(db).expanduser().resolve())]
    return shlex.join([*words, "remind"])


def _units(command: str, at: tuple[int, int]) -> dict[str, str]:
    """The systemd user service and timer, by file name."""
    hour, minute = at
    service = (
        "[Unit]\n"
        "Description=rjournal: one reminder of who needs you today\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={command}\n"
    )
    timer = (
        "[Unit]\n"
        "Description=rjournal: the morning reminder\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {hour:02d}:{minute:02d}:00\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT_NAME}.service": service, f"{UNIT_NAME}.timer": timer}


def systemd_user_dir() -> Path:
    """Where systemd looks for a user's own units: $XDG_CONFIG_HOME/systemd/user."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _install(at: tuple[int, int], *, write: bool) -> None:
    command = _command_line()
    units = _units(command, at)
    folder = systemd_user_dir()
    enable = f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}.timer"
    hour, minute = at
    cron = f"{minute} {hour} * * * {command}"
    if write:
        from rjournal.store.config import write_private

        folder.mkdir(parents=True, exist_ok=True)
        for name, text in units.items():
            write_private(folder / name, text)
            click.echo(f"Wrote {folder / name}")
        click.echo(f"Now run: {enable}")
        return
    for name, text in units.items():
        click.echo(f"# {folder / name}")
        click.echo(text)
    click.echo(f"# Then: {enable}")
    click.echo("# Or, without systemd, this line in `crontab -e` (rj never edits a crontab):")
    click.echo(cron)
