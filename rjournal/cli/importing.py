"""Contacts in: `rj import vcard|csv` and `rj duplicates` (`rj import json` is cli.exports').

An import reads every file before the journal is opened as far as a file can be judged whole
(its encoding, its header and layout, its cards), then takes every record in one transaction
(store.importer): all or nothing, every refused row or card listed with its line, column, value
and why; `--skip-bad` writes the good ones and puts the refused ones, with their reasons, in a
report file it names. A journal this command had to create is removed again when nothing was
imported into it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from rjournal.cli.base import Group, State, opened, today
from rjournal.cli.errors import UserError, say_error
from rjournal.domain.text import one_line
from rjournal.store.location import chosen_journal

if TYPE_CHECKING:
    from rjournal.store.contacts_in import Outcome
    from rjournal.store.importer import ImportReport, Source

# An import longer than this shows a progress bar (on a terminal's stderr only).
PROGRESS_AFTER = 1.0


@click.group(name="import", cls=Group)
def import_() -> None:
    """Bring people in from contact files: vCard and CSV (and `rj export`'s own CSV); with
    json, restore a whole backup into an empty journal."""


def _add_import_json() -> None:
    from rjournal.cli.exports import import_json

    import_.add_command(import_json)


_add_import_json()


_DRY_RUN = click.option(
    "--dry-run", is_flag=True, help="Do the whole import and say what it would do; write nothing."
)
_SKIP_BAD = click.option(
    "--skip-bad",
    is_flag=True,
    help="Import the records that can be read; list the others, with why, in a report file.",
)


@import_.command(name="vcard", short_help="People from vCard files or folders of them.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@_DRY_RUN
@_SKIP_BAD
def import_vcard(paths: tuple[str, ...], dry_run: bool, skip_bad: bool) -> None:
    """Add or update the people of vCard files (2.1, 3.0, 4.0; one card or many), or of
    folders of them (a vdir, as vdirsyncer and khard keep it). PATH may be - for stdin.

    A card matches someone already in the journal by UID, else a shared email or phone when
    the names agree (the same, or one's words among the other's words and nickname), else the
    same name (case and accents aside): it is then updated with what it adds, and values that
    differ are listed and left. A card sharing an email or phone only with someone of another
    name is added as a new person, and said. Importing the same file twice changes nothing.
    """
    from rjournal.interop.vcard_read import decode_vcard_bytes, vcard_records
    from rjournal.store.importer import Source

    started = time.monotonic()
    texts: list[tuple[str, str]] = []
    for path in paths:
        for name, data in _vcard_files(path):
            texts.append((name, decode_vcard_bytes(data)))
    total = sum(text.upper().count("BEGIN:VCARD") for _, text in texts)
    sources = [Source(name, vcard_records(text)) for name, text in texts]
    for name, text in texts:
        count = text.upper().count("BEGIN:VCARD")
        click.echo(f"{one_line(name)}: {count} {'card' if count == 1 else 'cards'} (vCard)")
    _run(sources, total, started, dry_run=dry_run, skip_bad=skip_bad)


def _vcard_files(path: str) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of a .vcf file, of every .vcf file in a folder, or of stdin (-)."""
    if path == "-":
        yield "standard input", sys.stdin.buffer.read()
        return
    target = Path(path).expanduser()
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix.lower() == ".vcf" and p.is_file())
        if not files:
            raise UserError(f"{one_line(str(target))} holds no .vcf files")
        for file in files:
            yield str(file), file.read_bytes()
        return
    yield str(target), target.read_bytes()


@import_.command(name="csv", short_help="People from CSV files: rjournal's, Google, Outlook...")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--encoding", metavar="E", help="The files' encoding (default: found from them).")
@click.option(
    "--ignore-unknown", is_flag=True, help="Read the files without their unknown columns."
)
@_DRY_RUN
@_SKIP_BAD
def import_csv(
    files: tuple[str, ...], encoding: str | None, ignore_unknown: bool, dry_run: bool,
    skip_bad: bool,
) -> None:  # fmt: skip
    """Add or update the people of CSV files: rjournal's own (`rj export csv`), Google
    Contacts (both layouts), Outlook, Thunderbird or LinkedIn, recognised from the header.

    The encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and the separator (, ; or
    tab) are found from the file. Every unknown column is named at once; --ignore-unknown reads
    the rest. People are matched as `rj import vcard` matches them. FILE may be - for stdin.
    """
    import io

    from rjournal.interop.csv_read import OWN_LAYOUT, open_csv
    from rjournal.store.importer import Source

    started = time.monotonic()
    now = today()
    sources: list[Source] = []
    problems: list[str] = []
    total = 0
    streams: list[IO[bytes]] = []
    try:
        for file in files:
            name = "standard input" if file == "-" else str(Path(file).expanduser())
            stream: IO[bytes] = (
                io.BytesIO(sys.stdin.buffer.read()) if file == "-" else open(name, "rb")  # noqa: SIM115
            )
            streams.append(stream)
            found = open_csv(stream, today=now, encoding=encoding, ignore_unknown=ignore_unknown)
            problems += [f"{one_line(name)}: {p.message()}" for p in found.problems]
            if found.problems:
                continue
            layout = "rjournal's own layout" if found.layout == OWN_LAYOUT else found.layout
            separator = {",": "comma", ";": "semicolon", "\t": "tab"}[found.delimiter]
            ignored = (
                f"; without the columns {', '.join(one_line(c) for c in found.unknown_columns)}"
                if found.unknown_columns
                else ""
            )
            click.echo(
                f"{one_line(name)}: read as {layout} ({found.encoding}, {separator}-separated)"
                f"{ignored}"
            )
            total += max(found.lines - 1, 0)
            sources.append(Source(name, found.records))
        if problems:
            for line in problems:
                say_error(line)
            raise UserError("nothing was imported: no file was read (see above)")
        _run(sources, total, started, dry_run=dry_run, skip_bad=skip_bad)
    finally:
        for stream in streams:
            stream.close()


def _run(
    sources: list[Source], total: int, started: float, *, dry_run: bool, skip_bad: bool
) -> None:
    """Import the sources into the chosen journal, then say what happened."""
    from rjournal.store.importer import import_sources

    now = today()
    state = State.of()
    path = chosen_journal(state.db).path
    created = not path.exists()
    progress = _Progress(total, started)
    report: ImportReport | None = None
    try:
        with opened(create=True) as journal:
            report = import_sources(
                journal, sources, today=now, now=datetime.now(), dry_run=dry_run,
                skip_bad=skip_bad, progress=progress,
            )  # fmt: skip
    finally:
        progress.close()
        if created and (report is None or not report.written):
            _remove_journal(path)
    _say(report, dry_run=dry_run, skip_bad=skip_bad)


def _remove_journal(path: Path) -> None:
    """The journal this import created, and wrote nothing into, is removed again."""
    for leftover in (path, path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _say(report: ImportReport, *, dry_run: bool, skip_bad: bool) -> None:
    for source, problem in report.notes:
        click.echo(f"rj: {one_line(source)}: {problem.message()} (kept with the person)", err=True)
    refused = len(report.refused)
    if refused and not skip_bad:
        for source, refusal in report.refused:
            for problem in refusal.problems:
                say_error(f"{source}: {problem.message()}")
        verb = "would be imported" if dry_run else "was imported"
        raise UserError(
            f"nothing {verb}: {refused} of {report.records} records can't be read (listed "
            "above; --skip-bad imports the others)"
        )
    taken = report.records - refused
    what = "person" if taken == 1 else "people"
    counts = (
        f"{report.added} {'to add' if dry_run else 'added'}, "
        f"{len(report.updated)} {'to update' if dry_run else 'updated'}, "
        f"{report.unchanged} unchanged"
    )
    head = "Would import" if dry_run else "Imported"
    tail = "; nothing was written" if dry_run else ""
    click.echo(f"{head} {taken} {what}: {counts}{tail}")
    apart = {outcome.person_id for outcome in report.apart}
    if dry_run:
        for pid, name in report.added_names:
            if pid not in apart:  # said below, with why
                click.echo(f"  would add {one_line(name)}")
        if report.added > len(report.added_names):
            click.echo(f"  and {report.added - len(report.added_names)} more")
    for outcome in report.apart:
        verb = "would add" if dry_run else "added"
        click.echo(f"  {verb} {one_line(outcome.name)} as a new person: {_apart_reason(outcome)}")
    for outcome in report.updated:
        verb = "would update" if dry_run else "updated"
        click.echo(
            f"  {verb} {one_line(outcome.name)} (id {outcome.person_id}, same "
            f"{outcome.matched_by}): {', '.join(outcome.changed)}"
        )
    for outcome in report.left:
        for conflict in outcome.conflicts:
            click.echo(
                f"  left {one_line(outcome.name)} (id {outcome.person_id}) "
                f'{conflict.field} "{one_line(conflict.kept)}", not the file\'s '
                f'"{one_line(conflict.dropped)}"'
            )
    if refused and dry_run:
        for source, refusal in report.refused:
            for problem in refusal.problems:
                click.echo(f"  would refuse {one_line(source)}: {problem.message()}")
    elif refused:
        saved = _report_file(report)
        click.echo(f"  refused {refused}: listed with the reasons in {one_line(str(saved))}")


# How many people a "new person" line names before "and N others".
_APART_NAMED = 3


def _apart_reason(outcome: Outcome) -> str:
    """Why a record that shares an email or phone was added as a new person: "shares a phone
    with Adam Glacius, whose name differs; `rj duplicates` lists them"."""
    by_kind: dict[str, list[str]] = {}
    for name, shared in outcome.apart:
        by_kind.setdefault(shared, []).append(one_line(name))
    parts = []
    for shared, names in by_kind.items():
        shown = names[:_APART_NAMED]
        if len(names) > _APART_NAMED:
            shown.append(f"{len(names) - _APART_NAMED} others")
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        parts.append(f"{shared} with {listed}")
    whose = "whose name differs" if len(outcome.apart) == 1 else "whose names differ"
    return f"shares {' and '.join(parts)}, {whose}; `rj duplicates` lists them"


def _report_file(report: ImportReport) -> Path:
    """Write the refused records, each with why and its text, to a new private file here."""
    from rjournal.store.connection import create_private_file

    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = Path.cwd() / f"rj-import-refused-{stamp}.txt"
    counter = 1
    while target.exists():
        counter += 1
        target = Path.cwd() / f"rj-import-refused-{stamp}-{counter}.txt"
    create_private_file(target)
    with open(target, "w", encoding="utf-8", newline="") as out:
        count = len(report.refused)
        out.write(f"# rj import: {count} records refused; fix them, then import them again\n")
        for source, refusal in report.refused:
            out.write("\n")
            for problem in refusal.problems:
                out.write(f"# {source}: {problem.message()}\n")
            if refusal.raw:
                out.write(refusal.raw if refusal.raw.endswith("\n") else refusal.raw + "\n")
    os.chmod(target, 0o600)
    return target


class _Progress:
    """A progress bar on stderr once an import has run PROGRESS_AFTER seconds, if stderr is a
    terminal (never in a pipe). Called once per record."""

    def __init__(self, total: int, started: float) -> None:
        self.total = max(total, 1)
        self.started = started
        self.done = 0
        self.shown_at = 0.0
        self.enabled = sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self) -> None:
        self.done += 1
        if not self.enabled or self.done % 64:
            return
        now = time.monotonic()
        if self.bar is None:
            if now - self.started < PROGRESS_AFTER:
                return
            self._start()
        if now - self.shown_at >= 0.1:
            self.shown_at = now
            self.bar.update(self.task, completed=min(self.done, self.total))

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(
            TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.bar.start()
        self.task = self.bar.add_task("import", total=self.total, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


# -- duplicates ----------------------------------------------------------------------------


@click.command(short_help="Likely duplicate people, each with its merge line.")
def duplicates() -> None:
    """List pairs of people who may be one person: a shared email or phone, the same name up
    to case and accents or a nickname, close names at one company. Each pair comes with the
    `rj merge` line that folds the newer record into the older."""
    from rjournal.store.duplicates import likely_duplicates

    with opened() as journal, journal.snapshot() as conn:
        pairs = likely_duplicates(conn)
    if not pairs:
        click.echo("No likely duplicates.")
        return
    for pair in pairs:
        (keep, keep_name), (other, other_name) = pair.keep, pair.fold
        click.echo(
            f"{one_line(other_name)} (id {other}) and {one_line(keep_name)} (id {keep}): "
            f"{'; '.join(one_line(why) for why in pair.why)}"
        )
        click.echo(f"  rj merge {other} {keep}")
    click.echo(f"{len(pairs)} likely {'pair' if len(pairs) == 1 else 'pairs'}")
