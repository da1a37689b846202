"""`rj sync`: the journal in step with the two vdirs vdirsyncer carries to a CardDAV/CalDAV
server (rjournal.sync.engine does the work)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rjournal.cli.base import opened, today
from rjournal.cli.errors import UserError
from rjournal.domain.text import one_line
from rjournal.store import sync_state
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal
from rjournal.sync.status import SETUP_HINT

if TYPE_CHECKING:
    from rjournal.sync.vdir import Vdir


@click.command(name="sync")
@click.option(
    "--setup", is_flag=True, help="Say where the vdirs are (with --contacts and --calendar)."
)
@click.option("--contacts", metavar="DIR", help="With --setup: the vdir of people (.vcf files).")
@click.option(
    "--calendar",
    metavar="DIR",
    help="With --setup: the vdir of promises, occasions and entries (.ics files).",
)
@click.option(
    "--dry-run", is_flag=True, help="List what would change on each side; change nothing."
)
@click.option("--status", is_flag=True, help="When it last ran, what it did, and what is waiting.")
@click.option("--verbose", "-v", is_flag=True, help="List every change, one per line.")
@click.option(
    "--force-empty",
    is_flag=True,
    help="Go on when a folder is empty where items were synced (they are then deleted from the "
    "journal: people to the trash).",
)
@click.option(
    "--print-vdirsyncer-config",
    "server",
    metavar="URL",
    help="Print a vdirsyncer configuration pairing the vdirs with the server at URL.",
)
@click.option(
    "--username", metavar="NAME", help="With --print-vdirsyncer-config: your user name there."
)
def sync(
    setup: bool,
    contacts: str | None,
    calendar: str | None,
    dry_run: bool,
    status: bool,
    verbose: bool,
    force_empty: bool,
    server: str | None,
    username: str | None,
) -> None:
    """Two-way sync with vdirs that vdirsyncer carries to a CardDAV/CalDAV server.

    People are vCards in the contacts vdir; promises (to-dos), occasions (yearly events) and
    entries (journal items) are in the calendar vdir. A change on either side goes to the
    other; the same field changed on both keeps the journal's value and writes the other in
    the person's about ("from sync: the phone had ..."). A card deleted elsewhere moves the
    person to the trash. Once: rj sync --setup --contacts DIR --calendar DIR.
    """
    modes = {
        "--setup": setup,
        "--dry-run": dry_run,
        "--status": status,
        "--print-vdirsyncer-config": server is not None,
    }
    chosen = [name for name, on in modes.items() if on]
    if len(chosen) > 1:
        raise UserError(f"{' and '.join(chosen)} go one at a time")
    if (contacts or calendar) and not setup:
        raise UserError("--contacts and --calendar go with --setup")
    if username is not None and server is None:
        raise UserError("--username goes with --print-vdirsyncer-config")
    if setup:
        _setup(contacts, calendar)
    elif status:
        _status()
    elif server is not None:
        _print_config(server, username or "")
    else:
        _run(dry_run=dry_run, verbose=verbose or dry_run, force_empty=force_empty)


def _folder(value: str | None, option: str) -> Path:
    if value is None or not value.strip():
        raise UserError(f"--setup needs {option} DIR")
    path = Path(value).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise UserError(f"{option} {one_line(str(path))} is not a folder")
    return path


def _setup(contacts: str | None, calendar: str | None) -> None:
    from rjournal.sync.engine import open_folders

    people, items = _folder(contacts, "--contacts"), _folder(calendar, "--calendar")
    if people == items or people in items.parents or items in people.parents:
        raise UserError("--contacts and --calendar must be two folders, neither inside the other")
    with opened() as journal:
        journal_dir = journal.path.absolute().parent
        if journal_dir in (people, items):
            raise UserError("the vdirs can't be the journal's own folder")
        open_folders(str(people), str(items))
        with journal.write() as conn:
            sync_state.set_folders(conn, str(people), str(items))
    click.echo(f"Contacts: {one_line(str(people))}")
    click.echo(f"Calendar: {one_line(str(items))}")
    click.echo("`rj sync` keeps them in step with the journal; "
               "`rj sync --print-vdirsyncer-config URL` pairs them with a server.")  # fmt: skip


def _settings(journal: Journal) -> sync_state.SyncSettings:
    found = sync_state.settings(journal.conn)
    if found is None:
        raise JournalError(f"sync is not set up: {SETUP_HINT}")
    return found


def _folders(settings: sync_state.SyncSettings) -> tuple[Vdir, Vdir]:
    """The two vdirs; a missing folder is refused, never made anew (an empty one would read
    as everyone deleted)."""
    from rjournal.sync.vdir import CALENDAR_EXT, CONTACTS_EXT, Vdir

    for what, where in (("contacts", settings.contacts_dir), ("calendar", settings.calendar_dir)):
        if not Path(where).is_dir():
            raise JournalError(
                f"the {what} folder {where} is not there (not mounted?); nothing was done "
                f"({SETUP_HINT} again)"
            )
    return Vdir(Path(settings.contacts_dir), CONTACTS_EXT), Vdir(
        Path(settings.calendar_dir), CALENDAR_EXT
    )


def _run(*, dry_run: bool, verbose: bool, force_empty: bool) -> None:
    from rjournal.sync.engine import Folders, local_zone, run_sync

    day = today()
    with opened() as journal:
        people, items = _folders(_settings(journal))
        report = run_sync(
            journal,
            Folders(people, items),
            now=datetime.now(UTC),
            today=day,
            dry_run=dry_run,
            force_empty=force_empty,
            changes=verbose,
            zone=local_zone(),
        )
    for line in report.lines():
        click.echo(one_line(line))
    if verbose:
        for line in report.changes:
            click.echo(f"  {one_line(line)}")


def _status() -> None:
    from rjournal.sync.engine import Folders, waiting_in_folders
    from rjournal.sync.status import held_line, moment, run_lines

    with opened() as journal:
        settings = _settings(journal)
        click.echo(f"Contacts: {one_line(settings.contacts_dir)}")
        click.echo(f"Calendar: {one_line(settings.calendar_dir)}")
        if settings.last_run and settings.last_report:
            click.echo(f"Last sync: {one_line(moment(settings.last_run))}")
            for line in run_lines(settings):
                click.echo(f"  {one_line(line)}")
        else:
            click.echo("Last sync: never")
        with journal.snapshot() as conn:
            waiting = sync_state.pending(conn)
            held = list(sync_state.every_held(conn))
            removed = sync_state.removed(conn)
        people, items = _folders(settings)
        there = waiting_in_folders(journal, Folders(people, items))
    click.echo(f"Waiting in the journal: {_counts(waiting) or 'nothing'}")
    click.echo(f"Waiting in the folders: {_counts(there) or 'nothing'}")
    for vdir, href, why in held:
        click.echo(one_line(held_line(vdir, href, why)))
    if removed:
        click.echo(f"Deleted elsewhere, kept in the journal's sync record: {len(removed)}")
        for _id, when, _kind, what in removed[:10]:
            click.echo(one_line(f"  {when[:10]} {what}"))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def _print_config(url: str, username: str) -> None:
    from rjournal.sync.vdirsyncer_config import vdirsyncer_config

    if not url.startswith(("http://", "https://")):
        raise UserError(f"--print-vdirsyncer-config takes the server's address (https://...), "
                        f"not {one_line(repr(url))}")  # fmt: skip
    with opened() as journal:
        settings = _settings(journal)
    text = vdirsyncer_config(
        Path(settings.contacts_dir), Path(settings.calendar_dir), url, username=username
    )
    click.echo(text, nl=False)
