"""Commands for when something went wrong, or must be undone for good: init, salvage, purge."""

from __future__ import annotations

from pathlib import Path

import click

from rjournal.cli.base import State, opened, resolve, today
from rjournal.cli.errors import UserError
from rjournal.domain.text import one_line
from rjournal.store.location import chosen_journal


@click.command(short_help="Start a new journal (also in place of an empty file).")
def init() -> None:
    """Start a new, empty journal at the chosen file.

    Every command refuses an empty (0-byte) journal file, which a crash or a sync tool can
    leave behind: `rj init` is the one way to start over there. A journal already there is
    left as it is.
    """
    from rjournal.store.opening import init_journal

    state = State.of()
    where = chosen_journal(state.db)
    state.path = where.path
    was_empty = where.path.exists()
    if init_journal(where.path, private_dir=where.private_dir):
        instead = " (in place of the empty file there)" if was_empty else ""
        click.echo(f"Started a new journal at {one_line(str(where.path))}{instead}")
    else:
        click.echo(f"{one_line(str(where.path))} is already a journal; nothing changed")


@click.command(short_help="Copy what still reads of a damaged journal into a new one.")
@click.argument("out", metavar="OUT")
def salvage(out: str) -> None:
    """Copy what still reads of the journal (damaged, perhaps) into a new journal at OUT.

    The journal itself is only read. OUT must not exist yet. Uses SQLite's own recovery
    (`sqlite3 .recover`) when the sqlite3 program is installed. Look at OUT (`rj --db OUT
    list`), then put it in the journal's place.
    """
    from rjournal.store.salvage import SALVAGED_NAME, TABLES, salvage

    state = State.of()
    where = chosen_journal(state.db)
    state.path = where.path
    target = Path(out).expanduser()
    result = salvage(where.path, target, today=today())
    click.echo(f"Salvaged {one_line(str(where.path))} into {one_line(str(target))}")
    click.echo(f"  how: {result.method}")
    for table in TABLES:
        listed = result.listed.get(table)
        of = ""
        if listed is None and result.rows[table]:
            of = " (the damaged file could not count them)"
        elif listed is not None and listed != result.rows[table]:
            of = f" (the damaged file lists {listed})"
        click.echo(f"  {table}: {result.rows[table]}{of}")
    if result.placed:
        click.echo(f'  {result.placed} rows whose person was lost are under "{SALVAGED_NAME}"')
    if result.lost_and_found:
        click.echo(
            f"  {result.lost_and_found} fragments SQLite could not place are in its table "
            "lost_and_found"
        )
    click.echo(
        f"Check it (rj --db {one_line(str(target))} list), then put it in place of "
        f"{one_line(str(where.path))}"
    )


def _counted(count: int, plural: str) -> str:
    """ "1 entry", "2 entries", "1 kid"."""
    if count != 1:
        return f"{count} {plural}"
    return f"1 {plural[:-3]}y" if plural.endswith("ies") else f"1 {plural[:-1]}"


@click.command(short_help="Erase someone in the trash for good.")
@click.argument("person")  # in the trash: completion offers only the living
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def purge(person: str, yes: bool) -> None:
    """Erase someone in the trash for good, with everything only they own.

    Entries shared with others stay, for them. No trace of their text is left in the
    journal file (backups made before keep theirs). Asks first, unless --yes.
    """
    import sys

    from rjournal.store.errors import JournalError, NotFound

    with opened() as journal:
        try:
            found = resolve(journal, person, deleted=True)
        except NotFound:
            try:
                alive = resolve(journal, person)
            except NotFound:
                alive = None
            if alive is None:
                raise
            raise JournalError(
                f"{one_line(alive.name)} is not in the trash: `rj delete` first (purge erases "
                "only from the trash)"
            ) from None
        owned = journal.owned_only(found.id)
        what = ", ".join(_counted(n, kind) for kind, n in owned.items() if n) or "nothing else"
        name = one_line(found.name)
        if not yes:
            if not sys.stdin.isatty():
                raise UserError("rj purge erases for good and asks first: add --yes to a script")
            question = f"Erase {name} for good, with {what}? This can't be undone."
            if not click.confirm(question, default=False, err=True):
                click.echo("Nothing was erased", err=True)
                return
        journal.purge_person(found.id)
        backups = sorted(journal.path.parent.glob(f"{journal.path.name}*.bak"))
    click.echo(f"Erased {name} for good ({what})")
    if backups:
        listed = ", ".join(one_line(b.name) for b in backups[:3])
        more = f" and {len(backups) - 3} more" if len(backups) > 3 else ""
        click.echo(f"Backups made before still hold them: {listed}{more}", err=True)
