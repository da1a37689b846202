"""`rj export csv|vcard|ics|json` and `rj import json`: the journal out to other tools, and the
full backup back in.

Every export streams (constant memory, whatever the journal's size) into a sink (cli.sink):
`--output FILE` is a private file written whole or not at all, never through a link or onto
a device; standard output gets the data as stored, escaped only when it is a terminal. A
progress bar shows on stderr when an export runs over a second and stderr is a terminal.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import click

from rjournal.cli.base import Group, opened, today
from rjournal.cli.sink import Sink, sink
from rjournal.domain.text import one_line

if TYPE_CHECKING:
    from rjournal.cli.progress import Progress
    from rjournal.domain.checkin import Suggestion
    from rjournal.store.journal import Journal

OUTPUT_HELP = "Write to FILE (readable by you only, whole or not at all); default: stdout."
# A UID that is safe as a file name as it is; any other is named by its hash.
_SAFE_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+=-]{0,199}")


def _output_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--output", "-o", "output_file", metavar="FILE", help=OUTPUT_HELP)(command)


def _progress(total: int, what: str, out: Sink) -> Progress:
    """A bar on stderr, unless the export itself is going to the terminal."""
    from rjournal.cli.progress import Progress

    return Progress(total, what, enabled=None if not out.terminal else False)


def _said(what: str, out: Sink) -> None:
    """`Exported WHAT to FILE` on stderr, for a file (standard output speaks for itself)."""
    if out.path is not None:
        click.echo(f"Exported {what} to {one_line(str(out.path))}", err=True)


@click.group(cls=Group)
def export() -> None:
    """Export the journal: a spreadsheet, an address book, a calendar, a full backup."""


@export.command(name="csv", short_help="One row per person, spreadsheet-safe.")
@_output_option
@click.option(
    "--raw",
    is_flag=True,
    help="Cells exactly as stored, for scripts: no leading ' on cells starting with = + - @ "
    "(which a spreadsheet would run as formulas).",
)
def export_csv(output_file: str | None, raw: bool) -> None:
    """One row per person, safe to open in a spreadsheet (UTF-8, RFC 4180).

    The trash is left out; archived people are in. A file written with --output is readable
    by you only, and appears whole or not at all.
    """
    from rjournal.store.export import write_csv

    now = today()
    with opened() as journal, sink(output_file) as out:
        count = write_csv(journal, cast(TextIO, out), today=now, raw=raw)
    _said(f"{count} people", out)


@export.command(name="vcard", short_help="Everyone as vCards, for address books and khard.")
@_output_option
@click.option(
    "--dir",
    "folder",
    metavar="DIR",
    help="One <UID>.vcf per person in DIR (a vdir, as khard and vdirsyncer keep one).",
)
@click.option(
    "--version",
    "version",
    type=click.Choice(["3.0", "4.0"]),
    default="3.0",
    show_default=True,
    help="vCard version (3.0 is what most phones and address books read best).",
)
def export_vcard(output_file: str | None, folder: str | None, version: str) -> None:
    """Everyone (archived included, the trash not) as vCards, each with a stable UID.

    rjournal's own facts (rhythm, likes, dislikes, reach, channel, pets, kids' details) go
    as X-RJOURNAL-* properties that `rj import vcard` reads back.
    """
    from rjournal.interop.person_card import card_of
    from rjournal.interop.vcard_write import Version, write_vcard
    from rjournal.store.contacts import stream_contacts
    from rjournal.store.outbound import people_count

    if folder is not None and output_file is not None:
        raise click.UsageError("give --dir or --output, not both")
    chosen = cast(Version, version)
    with opened() as journal:
        total = people_count(journal.conn)
        if folder is not None:
            written = _vcard_folder(journal, Path(folder).expanduser(), chosen)
            click.echo(f"Exported {written} people to {one_line(folder)}", err=True)
            return
        with sink(output_file) as out, _progress(total, "Exporting vCards", out) as bar:
            count = 0
            with journal.snapshot() as conn:
                for contact in stream_contacts(conn):
                    out.write(write_vcard(card_of(contact), chosen))
                    count += 1
                    bar.advance()
    _said(f"{count} people", out)


def _vcard_folder(journal: Journal, folder: Path, version: Any) -> int:
    from rjournal.cli.progress import Progress
    from rjournal.cli.sink import folder_writer
    from rjournal.interop.person_card import card_of
    from rjournal.interop.vcard_write import write_vcard
    from rjournal.store.contacts import stream_contacts
    from rjournal.store.outbound import people_count

    count = 0
    bar = Progress(people_count(journal.conn), "Exporting vCards")
    with folder_writer(folder) as put, bar, journal.snapshot() as conn:
        for contact in stream_contacts(conn):
            card = card_of(contact)
            put(vcard_file_name(card.uid), write_vcard(card, version))
            count += 1
            bar.advance()
    return count


def vcard_file_name(uid: str) -> str:
    """`<UID>.vcf` when the UID is safe as a file name, else the UID's SHA-1 (as vdirsyncer
    names items whose UID is not): never a path, never hidden."""
    if _SAFE_UID.fullmatch(uid):
        return f"{uid}.vcf"
    return hashlib.sha1(uid.encode("utf-8")).hexdigest() + ".vcf"


@export.command(name="ics", short_help="Birthdays, occasions and promises as a calendar.")
@_output_option
@click.option(
    "--checkins",
    default=0,
    show_default=True,
    type=click.IntRange(0, 10_000),
    metavar="N",
    help="Add the next N check-ins as to-dos.",
)
def export_ics(output_file: str | None, checkins: int) -> None:
    """A calendar (.ics) to subscribe to or import: birthdays of people and their living kids
    and pets and yearly occasions as all-day yearly events (29 February observed on 28
    February in common years), open promises with a due day as to-dos, and with --checkins N
    the next N check-ins as to-dos. Archived people and the trash are left out. Every item
    keeps its UID from one export to the next.
    """
    from rjournal.interop import ics
    from rjournal.interop.person_card import card_of
    from rjournal.store.contacts import stream_contacts
    from rjournal.store.outbound import due_promises, people_count, uids_of

    now = today()
    stamp = datetime.now(UTC).replace(microsecond=0)
    with opened() as journal:
        suggestions = _next_checkins(journal, now, checkins)
        total = people_count(journal.conn, archived=False)
        events = 0
        with sink(output_file) as out, _progress(total, "Exporting a calendar", out) as bar:
            out.write(ics.calendar_head())
            with journal.snapshot() as conn:
                for contact in stream_contacts(conn):
                    if contact.person.archived:
                        continue
                    for event in ics.card_events(card_of(contact)):
                        out.write(ics.event_text(event, stamp=stamp, year_for_yearless=now.year))
                        events += 1
                    bar.advance()
                promises = 0
                for promise, uid, name in due_promises(conn):
                    out.write(ics.todo_text(ics.promise_todo(promise, uid, name), stamp=stamp))
                    promises += 1
                uids = uids_of(conn, [s.person_id for s in suggestions])
            for suggestion in suggestions:
                todo = ics.checkin_todo(suggestion, uids[suggestion.person_id])
                out.write(ics.todo_text(todo, stamp=stamp))
            out.write(ics.CALENDAR_TAIL)
    _said(f"{events} yearly events, {promises} promises and {len(suggestions)} check-ins", out)


def _next_checkins(journal: Journal, now: date, limit: int) -> list[Suggestion]:
    """The next `limit` check-ins (none for 0), worked out before the calendar's read."""
    if not limit:
        return []
    from rjournal.store.facts import next_checkins

    return next_checkins(journal, now, limit=limit)


@export.command(name="json", short_help="Everything, as a full JSON backup.")
@_output_option
def export_json(output_file: str | None) -> None:
    """Everything the journal holds, as one JSON document that `rj import json` restores:
    every person with every field (the trash too), kids, pets, occasions, promises open and
    done, every entry with its people, tags and their rhythms, and the settings. The shape
    is documented in docs/json-format.md.
    """
    from rjournal.store.backup_json import write_backup
    from rjournal.store.outbound import entries_count, people_count

    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    with opened() as journal:
        total = people_count(journal.conn, trash=True) + entries_count(journal.conn)
        with sink(output_file) as out, _progress(total, "Exporting everything", out) as bar:
            written = write_backup(journal.conn, out.write, exported_at=stamp, advance=bar.advance)
    _said(f"{written.people} people and {written.entries} entries", out)


@click.command(name="json", short_help="Restore a full JSON backup into an empty journal.")
@click.argument("file", metavar="FILE")
def import_json(file: str) -> None:
    """Restore what `rj export json` wrote into an empty journal (a new --db file, or one with
    no people, entries or tag rhythms yet), all or nothing: the journal then equals the one
    backed up, ids and all. Every problem of the file is listed, and then nothing is written
    (a journal this command made is removed again). FILE may be - for standard input.
    """
    import sys

    where = "standard input" if file == "-" else one_line(file)
    if file == "-":
        _restore(sys.stdin, where)
        return
    with open(Path(file).expanduser(), encoding="utf-8-sig") as source:
        _restore(source, where)


def _restore(source: TextIO, where: str) -> None:
    import json

    from rjournal.cli.base import State
    from rjournal.cli.errors import say_error
    from rjournal.cli.progress import Progress
    from rjournal.store.location import chosen_journal
    from rjournal.store.restore_json import SHOWN_PROBLEMS, BackupProblems, restore

    made = not chosen_journal(State.of().db).path.exists()
    try:
        with opened(create=True) as journal, Progress(None, "Restoring") as bar:
            restored = restore(journal.conn, source, advance=bar.advance)
    except json.JSONDecodeError as error:
        _unmake(made)
        raise click.ClickException(
            f"{where} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "nothing was restored"
        ) from None
    except UnicodeDecodeError:
        _unmake(made)
        raise click.ClickException(f"{where} is not UTF-8 text; nothing was restored") from None
    except BackupProblems as problems:
        _unmake(made)
        shown = problems.problems[:SHOWN_PROBLEMS]
        for line in shown[:-1]:
            say_error(f"{where}: {line}")
        more = len(problems.problems) - len(shown) + problems.more
        tail = f" (and {more} more problems)" if more else ""
        raise click.ClickException(f"{where}: {shown[-1]}{tail}; nothing was restored") from None
    except BaseException:
        _unmake(made)
        raise
    click.echo(f"Restored {restored.people} people and {restored.entries} entries from {where}")


def _unmake(made: bool) -> None:
    """Remove the journal a failed restore made (empty: its transaction was rolled back)."""
    if not made:
        return
    from rjournal.cli.base import State
    from rjournal.store.location import chosen_journal

    path = chosen_journal(State.of().db).path
    for leftover in (path, path.with_name(f"{path.name}-journal")):
        leftover.unlink(missing_ok=True)
