"""How rjournal's importers fare on other tools' files: `python -m rjournal.devtools.conformance
DIR [--write FILE]`.

Every .vcf and .csv file under DIR is imported into a scratch journal of its own, by the code
path of `rj import vcard|csv` (the same readers, the same Source, the same import_sources, as
`--skip-bad` runs it), in a temporary directory that is also the data and config home: the
user's journal is never opened. A CSV whose header has columns no layout knows is read again
with `--ignore-unknown`, as its user would. Per file the report gives the records read, the
people added and the records refused, with the first reason; for a vCard file also how many
cards vobject alone can parse. Calendars and other files are listed as not imported.

A date table (a .tsv whose header starts `input, route, today, meant`) is run through the
reader of its route: `bday` the reader of exported dates (vCard BDAY, CSV birthdays), `log`
the day a command takes (`rj log --on`), `due` the looking-ahead one (`--due`, `--until`).
`meant` is a day (`2014-09-04`), a year-less one (`--04-15`), EMPTY (no date), or NOT-A-DATE,
MONTH-ONLY, YEAR-ONLY (any day read from it is wrong). A refusal is never wrong; reading
another day is. Where the table holds one input (same route, same today) with several
meanings, because its sources disagree, a reading is right when it is one of them, and the
report lists those rows.

The exit status is 1 when a card vobject can parse was refused, a CSV file could not be read
or a row of one was refused, or a date was read wrongly; 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.store.importer import ImportReport, Source

# The importing day: fixed, so that the report only changes when the importers do.
TODAY = date(2026, 12, 6)
DATE_TABLE_HEADER = ("input", "route", "today", "meant")
NOT_DATES = ("NOT-A-DATE", "MONTH-ONLY", "YEAR-ONLY")
ROUTES = ("bday", "log", "due")
SKIPPED_NAMES = ("SOURCES.md", "README.md", "LICENSE")


@dataclass
class FileResult:
    """One file of the corpus: what importing it did."""

    path: str  # relative to the corpus folder
    kind: str
    read: int = 0  # cards or rows
    vobject: int | None = None  # cards vobject alone parses (vCard files only)
    added: int = 0
    matched: int = 0  # records that matched a person added before them (same file)
    refused: int = 0
    empty: int = 0  # refused cards vobject parses that hold no one
    first_reason: str = ""
    failures: list[str] = field(default_factory=list)  # what breaks the acceptance
    imported: bool = True  # False for files no importer takes


@dataclass
class DateRow:
    text: str
    route: str
    today: date
    meant: str
    note: str = ""


@dataclass
class DateResult:
    path: str
    # route -> [rows, right, refused, refused of them though the table gives a day]
    routes: dict[str, list[int]] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)  # right, where the sources disagree
    unknown_routes: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(counts[1] for counts in self.routes.values())

    @property
    def refused(self) -> int:
        return sum(counts[2] for counts in self.routes.values())


# --- Contact files -------------------------------------------------------------------------


def _scratch_journal(scratch: Path, index: int) -> Path:
    folder = scratch / f"journal-{index}"
    folder.mkdir()
    return folder / "journal.db"


def _import(db_path: Path, sources: Sequence[Source]) -> ImportReport:
    """import_sources as `rj import ... --skip-bad` runs it, into a new journal."""
    from rjournal.store.importer import import_sources
    from rjournal.store.journal import Journal

    with Journal.open(db_path, create=True) as journal:
        midnight = datetime.combine(TODAY, datetime.min.time())
        return import_sources(journal, sources, today=TODAY, now=midnight, skip_bad=True)


# What a person can be known by. A card vobject parses with none of these holds no one: it is
# refused, and that is no failure (there is no one to import).
_WHO = ("fn", "n", "nickname", "email", "tel", "org")


def vobject_reading(card_text: str) -> bool | None:
    """What vobject alone makes of a card (its own text, as the file has it): None when it
    cannot parse it, else whether it holds someone (a name, an email, a phone or a company)."""
    import vobject

    try:
        card = vobject.readOne(card_text)
    except Exception:  # any failure of vobject's means "vobject can't parse it"
        return None
    for key in _WHO:
        for line in card.contents.get(key, []):
            if "".join(str(part) for part in _flat(line.value)).strip():
                return True
    return False


def _flat(value: object) -> list[object]:
    """A property's value as its parts (vobject gives N and ADR as objects, ORG as a list)."""
    if isinstance(value, list | tuple):
        return [part for item in value for part in _flat(item)]
    parts = [getattr(value, name, None) for name in ("family", "given", "additional")]
    if any(part is not None for part in parts):
        return [part for part in parts for part in _flat(part) if part is not None]
    return [value]


def import_vcard_file(path: Path, name: str, db_path: Path) -> FileResult:
    from rjournal.interop.card import Problem
    from rjournal.interop.vcard_read import card_blocks, decode_vcard_bytes, vcard_records
    from rjournal.store.importer import Source

    result = FileResult(name, "vCard")
    text = decode_vcard_bytes(path.read_bytes())
    result.vobject = sum(
        vobject_reading(block.text()) is not None
        for block in card_blocks(text)
        if not isinstance(block, Problem)
    )
    report = _import(db_path, [Source(str(path), vcard_records(text))])
    _count(result, report)
    for _source, refusal in report.refused:
        found = vobject_reading(refusal.raw) if refusal.raw else None
        reason = refusal.problems[0].message() if refusal.problems else "refused"
        if found:
            result.failures.append(
                f"{name}: the card of line {refusal.line} is refused, but vobject parses it "
                f"({reason})"
            )
        elif found is False:
            result.empty += 1
    return result


def import_csv_file(path: Path, name: str, db_path: Path) -> FileResult:
    from rjournal.interop.csv_read import OWN_LAYOUT, open_csv
    from rjournal.store.importer import Source

    data = path.read_bytes()
    found = open_csv(io.BytesIO(data), today=TODAY)
    ignored = ""
    if found.problems and found.unknown_columns:
        # As its user would: `rj import csv --ignore-unknown`, told which columns are unknown.
        ignored = f"; with --ignore-unknown ({len(found.unknown_columns)} columns)"
        found = open_csv(io.BytesIO(data), today=TODAY, ignore_unknown=True)
    if found.problems:
        result = FileResult(name, "CSV")
        result.refused = 1
        result.first_reason = found.problems[0].message()
        result.failures.append(f"{name}: not read: {result.first_reason}")
        return result
    layout = "rjournal" if found.layout == OWN_LAYOUT else found.layout
    result = FileResult(name, f"CSV: {layout}{ignored}")
    report = _import(db_path, [Source(str(path), found.records)])
    _count(result, report)
    for _source, refusal in report.refused:
        reason = refusal.problems[0].message() if refusal.problems else "refused"
        result.failures.append(f"{name}: the row of line {refusal.line} is refused ({reason})")
    return result


def _count(result: FileResult, report: ImportReport) -> None:
    result.read = report.records
    result.added = report.added
    result.matched = len(report.updated) + report.unchanged
    result.refused = len(report.refused)
    if report.refused:
        problems = report.refused[0][1].problems
        result.first_reason = problems[0].message() if problems else "refused"


# --- Date tables ---------------------------------------------------------------------------


def is_date_table(path: Path) -> bool:
    if path.suffix.lower() != ".tsv":
        return False
    with open(path, encoding="utf-8") as file:
        header = file.readline().rstrip("\r\n").split("\t")
    return tuple(header[: len(DATE_TABLE_HEADER)]) == DATE_TABLE_HEADER


def read_date_table(path: Path) -> list[DateRow]:
    rows: list[DateRow] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < len(DATE_TABLE_HEADER):
            continue
        note = cells[5] if len(cells) > 5 else ""
        rows.append(DateRow(cells[0], cells[1], date.fromisoformat(cells[2]), cells[3], note))
    return rows


def read_as(route: str, text: str, today: date) -> str:
    """The day a route reads from the text, in the table's form ("" for no date);
    DateError when it refuses it."""
    from rjournal.domain.date_parser import parse_date
    from rjournal.interop.dates import read_exported_date

    if route == "bday":
        found = read_exported_date(text)
        return found.iso() if found is not None else ""
    return parse_date(text, today, allow_future=route == "due").isoformat()


def _normal_meaning(meant: str) -> str:
    """The table's meaning in read_as's form: EMPTY is "", a day is as YearlyDate writes it."""
    from rjournal.domain.dates import YearlyDate

    if meant == "EMPTY":
        return ""
    if meant in NOT_DATES:
        return meant
    try:
        return YearlyDate.from_iso(meant).iso()
    except ValueError:
        return meant


def check_dates(path: Path, name: str) -> DateResult:
    from rjournal.domain.dates import DateError

    rows = read_date_table(path)
    meanings: dict[tuple[str, str, date], set[str]] = {}
    for row in rows:
        meanings.setdefault((row.text, row.route, row.today), set()).add(_normal_meaning(row.meant))
    result = DateResult(name)
    for row in rows:
        if row.route not in ROUTES:
            result.unknown_routes.append(row.route)
            continue
        counts = result.routes.setdefault(row.route, [0, 0, 0, 0])
        counts[0] += 1
        try:
            got = read_as(row.route, row.text, row.today)
        except DateError:
            counts[2] += 1
            counts[3] += row.meant not in NOT_DATES
            continue
        meant = meanings[(row.text, row.route, row.today)]
        shown = f"{row.route} {row.text!r} (today {row.today.isoformat()})"
        if got not in meant:
            result.wrong.append(f"{shown} read as {got or 'no date'}, meant {row.meant}")
            continue
        counts[1] += 1
        if got != _normal_meaning(row.meant):
            result.disputed.append(
                f"{shown}: read as {got}, as another row of the table means it; this row "
                f"means {row.meant} ({row.note or 'no note'})"
            )
    return result


# --- The run and its report ----------------------------------------------------------------


@dataclass
class Conformance:
    files: list[FileResult]
    dates: list[DateResult]

    @property
    def failures(self) -> list[str]:
        found = [failure for result in self.files for failure in result.failures]
        found += [f"date read wrongly: {wrong}" for d in self.dates for wrong in d.wrong]
        return found


def run(corpus: Path) -> Conformance:
    """Import every file under the corpus folder, each into its own scratch journal."""
    files: list[FileResult] = []
    dates: list[DateResult] = []
    paths = sorted(p for p in corpus.rglob("*") if p.is_file())
    saved = {key: os.environ.get(key) for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                  "RJOURNAL_DB")}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="rjournal-conformance-") as scratch_name:
        scratch = Path(scratch_name)
        # Nothing here may reach the user's journal, config or drafts.
        os.environ["XDG_DATA_HOME"] = str(scratch / "data")
        os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
        os.environ.pop("RJOURNAL_DB", None)
        try:
            for index, path in enumerate(paths):
                name = path.relative_to(corpus).as_posix()
                suffix = path.suffix.lower()
                if suffix == ".vcf":
                    files.append(import_vcard_file(path, name, _scratch_journal(scratch, index)))
                elif suffix == ".csv":
                    files.append(import_csv_file(path, name, _scratch_journal(scratch, index)))
                elif is_date_table(path):
                    dates.append(check_dates(path, name))
                elif path.name not in SKIPPED_NAMES:
                    kind = "calendar" if suffix == ".ics" else (suffix.lstrip(".") or "file")
                    files.append(FileResult(name, kind, imported=False))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return Conformance(files, dates)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def report(result: Conformance, *, command: str) -> str:
    """The Markdown report: the files' table, a summary line, the dates' table."""
    lines = [
        f"<!-- Written by `{command}`: do not edit by hand, run it again. -->",
        "",
        "# Interop conformance",
        "",
        "Every contact file of the corpus imported into a scratch journal of its own, by the",
        "code path of `rj import vcard|csv --skip-bad` (a CSV whose header has unknown",
        "columns is read with `--ignore-unknown`); then the table of date strings, each read",
        "by the reader of its route. The corpus (files of other projects' test suites, listed",
        "with their sources in its SOURCES.md) is not part of the repository.",
        "",
        "## Contact files",
        "",
        "| File | Kind | Read | vobject parses | People added | Matched | Refused | First reason |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    imported = [f for f in result.files if f.imported]
    for f in imported:
        vobject = "" if f.vobject is None else str(f.vobject)
        lines.append(
            f"| {_cell(f.path)} | {_cell(f.kind)} | {f.read} | {vobject} | {f.added} | "
            f"{f.matched} | {f.refused} | {_cell(f.first_reason)} |"
        )
    lines += [
        "",
        "Matched: records that matched a person an earlier record of the same file added (same",
        "UID, email or phone with a name that agrees, or name), so they updated that person or",
        "changed nothing.",
        "",
        _summary(result),
        "",
    ]
    others = [f for f in result.files if not f.imported]
    if others:
        lines.append(
            "Not imported (rjournal writes calendars, `rj export ics`, and reads none): "
            + ", ".join(_cell(f.path) for f in others)
            + "."
        )
        lines.append("")
    for d in result.dates:
        lines += _date_section(d)
    failures = result.failures
    lines += ["## Verdict", ""]
    if failures:
        lines.append(f"{_plural(len(failures), 'failure')}:")
        lines.append("")
        lines += [f"- {_cell(failure)}" for failure in failures]
    else:
        empty = sum(f.empty for f in result.files)
        held = (
            f" ({_plural(empty, 'card')} that vobject parses but that "
            f"{'names' if empty == 1 else 'name'} no one and {'holds' if empty == 1 else 'hold'}"
            " no email, phone or company: refused, with nothing lost)"
            if empty
            else ""
        )
        lines.append(
            f"Every card vobject can parse is imported{held}, every CSV file is read, and no "
            "date is read wrongly."
        )
    return "\n".join(lines) + "\n"


def _summary(result: Conformance) -> str:
    vcards = [f for f in result.files if f.imported and f.kind == "vCard"]
    csvs = [f for f in result.files if f.imported and f.kind.startswith("CSV")]
    cards = sum(f.read for f in vcards)
    parsed = sum(f.vobject or 0 for f in vcards)
    lost = sum(len(f.failures) for f in vcards)
    empty = sum(f.empty for f in vcards)
    unread = sum(1 for f in csvs if f.failures)
    rows = sum(f.read for f in csvs)
    return (
        f"**Summary:** {_plural(len(vcards), 'vCard file')}: {_plural(cards, 'card')}, "
        f"{parsed} parsed by vobject, {sum(f.read - f.refused for f in vcards)} imported "
        f"({sum(f.added for f in vcards)} people added), "
        f"{sum(f.refused for f in vcards)} refused, "
        f"{lost} of them parsed by vobject with someone in them"
        f"{f' ({empty} parsed by vobject, naming no one)' if empty else ''}"
        f". {_plural(len(csvs), 'CSV file')}: "
        f"{len(csvs) - unread} read, {_plural(rows, 'row')}, "
        f"{sum(f.added for f in csvs)} people added, {sum(f.refused for f in csvs)} refused."
    )


def _date_section(d: DateResult) -> list[str]:
    lines = [
        f"## Dates ({_cell(d.path)})",
        "",
        "| Route | Read by | Strings | Read rightly | Refused | Refused, meaning a day | "
        "Read wrongly |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    readers = {
        "bday": "a file's birthday (vCard BDAY, CSV)",
        "log": "a day typed (`rj log --on`)",
        "due": "a day ahead (`--due`)",
    }
    wrong_by_route = {route: 0 for route in d.routes}
    for wrong in d.wrong:
        wrong_by_route[wrong.split(" ", 1)[0]] += 1
    for route in ROUTES:
        if route not in d.routes:
            continue
        rows, right, refused, lost = d.routes[route]
        lines.append(
            f"| {route} | {readers[route]} | {rows} | {right} | {refused} | {lost} | "
            f"{wrong_by_route[route]} |"
        )
    total = sum(counts[0] for counts in d.routes.values())
    lost = sum(counts[3] for counts in d.routes.values())
    lines += [
        f"| all | | {total} | {d.right} | {d.refused} | {lost} | {len(d.wrong)} |",
        "",
        "Refused, meaning a day: strings the table gives a day for that rjournal does not take",
        "(a time of day, another language, a relative form it does not read): it asks again",
        "rather than guess. Read wrongly: read as another day than the table means.",
        "",
        f"**Dates:** {d.right} read rightly, {d.refused} refused, {len(d.wrong)} read wrongly.",
        "",
    ]
    if d.wrong:
        lines += ["Read wrongly:", ""] + [f"- {_cell(w)}" for w in d.wrong] + [""]
    if d.disputed:
        lines += [
            "Counted right where the table's sources disagree (one input, one route, one "
            "today, several meanings) and rjournal's reading is one of them: the rows it "
            "does not follow are",
            "",
        ]
        lines += [f"- {_cell(item)}" for item in d.disputed] + [""]
    if d.unknown_routes:
        unknown = ", ".join(sorted(set(d.unknown_routes)))
        lines += [f"Not run: {_plural(len(d.unknown_routes), 'row')} of routes {unknown}.", ""]
    return lines


def _parse(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m rjournal.devtools.conformance",
        description="Import every file of a corpus folder into scratch journals; run its date "
        "table; print a Markdown report.",
    )
    parser.add_argument("corpus", type=Path, metavar="DIR", help="the corpus folder")
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the report here")
    return parser.parse_args(None if argv is None else list(argv))


def main(argv: Iterable[str] | None = None) -> int:
    args = _parse(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"rj: {corpus} is not a folder", file=sys.stderr)
        return 2
    result = run(corpus)
    command = f"python -m rjournal.devtools.conformance {corpus.as_posix()}"
    if args.write is not None:
        command += f" --write {args.write.as_posix()}"
    text = report(result, command=command)
    sys.stdout.write(text)
    if args.write is not None:
        args.write.write_text(text, encoding="utf-8")
    return 1 if result.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
