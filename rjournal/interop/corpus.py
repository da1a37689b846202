"""Run the format readers over a corpus of other tools' files and say how each one went.

    python -m rjournal.interop.corpus ../shared/interop-corpus

Per .vcf file: the cards in it, how many vobject alone parses, the records made, the cards
refused, the problems on records, and any card vobject parses that gave no record (the goal
is none). Per .csv file: the layout taken, the rows, the records made, the rows refused, and
whether unknown columns had to be ignored. Then the birthday rows of dates/date_strings.tsv
(the `bday` route): read rightly, refused, and read wrongly (the goal is none wrong). Nothing
is written anywhere: the corpus stays outside the repository.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rjournal.domain.dates import DateError, YearlyDate
from rjournal.interop.card import Card, Problem
from rjournal.interop.csv_read import read_csv
from rjournal.interop.dates import read_exported_date
from rjournal.interop.vcard_read import CardBlock, card_blocks, decode_vcard_bytes, read_card


@dataclass(frozen=True, slots=True)
class VcardFigures:
    cards: int
    vobject_parsed: int
    records: int
    refused: int
    problems: int
    parsed_without_record: int  # cards vobject parses that gave no record: the goal is 0


@dataclass(frozen=True, slots=True)
class CsvFigures:
    layout: str
    rows: int
    records: int
    refused: int
    problems: int
    ignored_columns: tuple[str, ...]
    unread: str  # why the file could not be read at all ("" when it was)


@dataclass(frozen=True, slots=True)
class DateFigures:
    right: int
    refused: int
    wrong: tuple[str, ...]  # the inputs read as another date than meant: the goal is none


def _vobject_parses(block: CardBlock) -> bool:
    import vobject

    body = "\r\n".join(line for _, line in block.lines)
    try:
        vobject.readOne(f"BEGIN:VCARD\r\n{body}\r\nEND:VCARD\r\n")
    except Exception:  # any failure of vobject's is "vobject can't parse it"
        return False
    return True


def check_vcards(path: Path) -> VcardFigures:
    text = decode_vcard_bytes(path.read_bytes())
    cards = parsed = records = refused = problems = lost = 0
    for block in card_blocks(text):
        cards += 1
        if isinstance(block, Problem):
            refused += 1
            continue
        item = read_card(block)
        ok = _vobject_parses(block)
        parsed += ok
        if isinstance(item, Card):
            records += 1
            problems += len(item.problems)
        else:
            refused += 1
            lost += ok
    return VcardFigures(cards, parsed, records, refused, problems, lost)


def check_csv(path: Path) -> CsvFigures:
    data = path.read_bytes()
    found = read_csv(data)
    ignored: tuple[str, ...] = ()
    if found.problems and found.unknown_columns:
        ignored = found.unknown_columns
        found = read_csv(data, ignore_unknown=True)
    unread = found.problems[0].message() if found.problems else ""
    records = [item for item in found.items if isinstance(item, Card)]
    return CsvFigures(
        layout=found.layout,
        rows=len(found.items),
        records=len(records),
        refused=len(found.items) - len(records),
        problems=sum(len(card.problems) for card in records),
        ignored_columns=ignored,
        unread=unread,
    )


def check_dates(path: Path) -> DateFigures:
    right = refused = 0
    wrong: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for row in lines[1:]:
        cells = row.split("\t")
        if len(cells) < 4 or cells[1] != "bday":
            continue
        text, meant = cells[0], cells[3]
        try:
            got = read_exported_date(text)
        except DateError:
            refused += 1
            if meant not in ("NOT-A-DATE",):
                wrong.append(f"{text!r} refused, meant {meant}")
            continue
        expected = None if meant in ("EMPTY",) else _meant(meant)
        if got == expected:
            right += 1
        else:
            wrong.append(f"{text!r} read as {got.iso() if got else 'empty'}, meant {meant}")
    return DateFigures(right, refused, tuple(wrong))


def _meant(text: str) -> YearlyDate | None:
    try:
        return YearlyDate.from_iso(text)
    except ValueError:
        return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m rjournal.interop.corpus CORPUS_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    lost = 0
    print("vCard files: cards, of them parsed by vobject, records, refused, problems on records")
    for path in sorted(root.rglob("*.vcf")):
        v = check_vcards(path)
        lost += v.parsed_without_record
        flag = (
            f"  ({v.parsed_without_record} parsed by vobject, no record)"
            if v.parsed_without_record
            else ""
        )
        print(f"  {path.name}: {v.cards} cards, {v.vobject_parsed} vobject, {v.records} records,"
              f" {v.refused} refused, {v.problems} problems{flag}")  # fmt: skip
    unread = 0
    print("CSV files: layout, rows, records, refused, problems")
    for path in sorted(root.rglob("*.csv")):
        c = check_csv(path)
        unread += bool(c.unread)
        ignored = f"; ignoring {', '.join(c.ignored_columns)}" if c.ignored_columns else ""
        status = f"NOT READ: {c.unread}" if c.unread else (
            f"{c.layout}: {c.rows} rows, {c.records} records, {c.refused} refused, "
            f"{c.problems} problems{ignored}"
        )  # fmt: skip
        print(f"  {path.name}: {status}")
    wrong = 0
    for path in sorted(root.rglob("date_strings.tsv")):
        d = check_dates(path)
        wrong += len(d.wrong)
        print(f"Birthday dates ({path.name}): {d.right} read rightly, {d.refused} refused, "
              f"{len(d.wrong)} read wrongly")  # fmt: skip
        for line in d.wrong:
            print(f"  wrong: {line}")
    return 1 if lost or unread or wrong else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
