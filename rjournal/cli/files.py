"""Commands that write files: export csv and demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from rjournal.cli.base import State, opened, today
from rjournal.cli.errors import UserError
from rjournal.domain.text import one_line
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

DEMO_SETTING = "demo_built_on"  # set in every journal rj demo builds: only those it replaces
NO_TERMINAL = "`rj demo --no-open` only builds the demo"


@click.group()
def export() -> None:
    """Export the journal."""


@export.command(name="csv", short_help="One row per person, spreadsheet-safe.")
@click.option(
    "--output",
    "-o",
    "output_file",
    metavar="FILE",
    help="Write to FILE (readable by you only); default: stdout.",
)
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
    with opened() as journal:
        if output_file is None:
            count = write_csv(journal, sys.stdout, today=now, raw=raw)
            sys.stdout.flush()
            return
        target = Path(output_file).expanduser()
        count = _write_private(target, lambda out: write_csv(journal, out, today=now, raw=raw))
    click.echo(f"Exported {count} people to {one_line(str(target))}", err=True)


def _refuse_real_journal(path: Path) -> None:
    """rj demo replaces only a demo it built: never a journal of real people, never a stranger."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    with Journal.open(path, create=False) as journal:
        if journal.setting(DEMO_SETTING) is None:
            raise JournalError(
                f"{path} is a journal rj demo did not build; left untouched (choose another --db)"
            )


def _write_private(target: Path, write: Any) -> int:
    """Write a file only its owner can read, whole or not at all (temp file, then rename)."""
    import tempfile

    if target.is_dir():
        raise UserError(f"{target} is a directory")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = int(write(out))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count


@click.command(short_help="Build a demo journal and open the app on it.")
@click.option(
    "--people",
    default=300,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    metavar="N",
    help="How many people (100000 builds the benchmark journal).",
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    metavar="N",
    help="The same seed builds the same journal.",
)
@click.option("--no-open", is_flag=True, help="Only build it; do not open the app.")
def demo(people: int, seed: int, no_open: bool) -> None:
    """Build a realistic demo journal and open the app on it.

    It never touches your journal: it writes to --db when given, else to a demo file of its
    own (RJOURNAL_DB is ignored). It replaces only a journal it built itself: an earlier
    demo, never a journal of real people.
    """
    from rjournal.cli.launch import need_terminal, open_app
    from rjournal.demo import build_demo
    from rjournal.store.connection import ensure_parent, make_private_dir
    from rjournal.store.location import demo_journal

    state = State.of()
    db = state.db
    where = demo_journal(db)
    path = where.path
    state.path = path
    now = today()
    if not no_open:
        need_terminal(NO_TERMINAL)  # before the build, so a pipe gets an answer, not a wait
    if db:
        _refuse_real_journal(path)
        ensure_parent(path, private=False)
    else:
        make_private_dir(path.parent)
    build_demo(path, people=people, today=now, seed=seed)
    with Journal.open(path) as journal:
        journal.set_setting(DEMO_SETTING, now.isoformat())
    click.echo(f"Built a demo journal of {people} people at {one_line(str(path))}", err=True)
    if not no_open:
        open_app(state, where, refused=NO_TERMINAL)
