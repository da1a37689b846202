"""`rj backup [DIR] [--keep N]`: a consistent private copy of the journal (store.backup)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from rjournal.cli.base import opened
from rjournal.domain.text import one_line

BACKUP_FOLDER = "backups"  # beside the journal, when no DIR is given
KEEP = 10


@click.command(short_help="A consistent private copy of the journal.")
@click.argument("folder", metavar="[DIR]", required=False)
@click.option(
    "--keep",
    default=KEEP,
    show_default=True,
    type=click.IntRange(1, 100_000),
    metavar="N",
    help="Keep the newest N backups of this journal in DIR; older ones are removed.",
)
def backup(folder: str | None, keep: int) -> None:
    """Copy the journal, consistent even while the app writes, into DIR (default: a backups
    folder beside the journal) as NAME-YYYYMMDDTHHMMSS.db, readable by you only, checked
    (integrity_check) before it is kept; then keep the newest N.

    A backup is a journal: `rj --db FILE list` reads one as it is. To restore one, quit the
    app and copy it over the journal file (--db, else $RJOURNAL_DB, else journal.db in the
    user data directory).
    """
    from rjournal.store.backup import make_backup

    with opened() as journal:
        where = Path(folder).expanduser() if folder else journal.path.parent / BACKUP_FOLDER
        made = make_backup(journal.conn, journal.path, where, at=datetime.now(), keep=keep)
    size = f"{made.size / 1_048_576:.1f} MiB"
    removed = f"; removed {len(made.removed)} older" if made.removed else ""
    click.echo(f"Backed up the journal to {one_line(str(made.path))} ({size}){removed}")
