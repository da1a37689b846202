"""CSV files in: rjournal's own layout (interop.csv_own), and other tools' exports: Google
(both layouts), Outlook, Thunderbird, LinkedIn.

The file's encoding is found (a byte-order mark; else UTF-16 by its zero bytes; else UTF-8
if it decodes, else Windows-1252), unless the caller names one. The separator is the one of
`,`, `;` and tab that the header row holds most of. The layout is recognised from the header
(csv_layouts); its columns say what each cell is. Cells may be of any size.

Per row: a Card, or a Problem refusing the row (a row that names no one: no name, nickname or
email). A cell that can't be read (a birthday that is not a date) is a Problem on its Card,
with line, column, value and why; the caller decides whether that refuses the row. Columns no
layout knows are named, all of them, in one Problem of the reading; with `ignore_unknown`
the rows are read without them. Google's ` ::: ` separates several values in one cell; its
"* myContacts" group is no tag, and other groups become tags as `card.tag_of` words them.

`read_csv` reads a whole export of another tool from its bytes; `open_csv`, for an import,
reads any layout from a file a row at a time (a file of any size in little memory), each row a
Card, an OwnRow (rjournal's own layout), or a Refused with every problem of the row.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING

from rjournal.domain.dates import DateError, YearlyDate
from rjournal.interop import vcard_text as vt
from rjournal.interop.card import (
    Card,
    CardKid,
    CardOccasion,
    Problem,
    Refused,
    fallback_name,
    tag_of,
    unique,
)
from rjournal.interop.csv_layouts import KEEP, Layout, Slot, recognise
from rjournal.interop.csv_own import HEADER, OwnRow, header_problems, is_own_header, own_rows
from rjournal.interop.dates import Order, read_exported_date

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader

_MULTI = " ::: "  # Google's separator of several values in one cell
_FIELD_LIMIT = 2**31 - 1  # csv's default 128 KiB would refuse a long note
_CHUNK = 1 << 20
OWN_LAYOUT = "rjournal"


@dataclass(frozen=True, slots=True)
class CsvReading:
    layout: str  # which layout was taken ("" when none was)
    encoding: str
    delimiter: str
    items: tuple[Card | Problem, ...] = ()  # per row, in order
    problems: tuple[Problem, ...] = ()  # about the whole file: nothing was read if any
    unknown_columns: tuple[str, ...] = ()


def decode_csv(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). UnicodeDecodeError only for an encoding the caller named."""
    if encoding:
        return data.decode(encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if sample.count(0) > len(sample) // 4:  # UTF-16 without its mark: every other byte 0
        name = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The separator the header row uses most outside quotes: ',', ';' or a tab."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text[: text.find("\n") if "\n" in text else len(text)]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(
    data: bytes,
    *,
    encoding: str | None = None,
    ignore_unknown: bool = False,
    date_order: Order | None = None,
) -> CsvReading:
    """Read a whole export of another tool. `date_order` overrides the layout's order of
    slashed dates."""
    try:
        text, used = decode_csv(data, encoding)
    except (UnicodeDecodeError, LookupError) as error:
        why = f"can't read the file as {encoding}: {error}"
        return CsvReading("", encoding or "", "", problems=(Problem(why),))
    delimiter = sniff_delimiter(text)
    rows = _reader(io.StringIO(text, newline=""), delimiter)
    try:
        header = next(rows, None)
    except csv.Error as error:
        return CsvReading("", used, delimiter, problems=(Problem(f"not a CSV file: {error}", 1),))
    found = _foreign_layout(header)
    if isinstance(found, Problem):
        return CsvReading("", used, delimiter, problems=(found,))
    assert header is not None
    layout = found
    slots = [layout.slot(h) if h.strip() else KEEP for h in header]
    unknown = _unknown(header, slots)
    if unknown and not ignore_unknown:
        problem = _unknown_problem(layout.name, unknown)
        return CsvReading(layout.name, used, delimiter, (), (problem,), unknown)
    order = date_order or layout.date_order
    items: list[Card | Problem] = []
    try:
        for _line, _cells, item in _foreign_rows(header, slots, rows, order):
            items.append(item)
    except csv.Error as error:
        why = f"the file stops being CSV here: {error}"
        return CsvReading(layout.name, used, delimiter, tuple(items),
                          (Problem(why, rows.line_num),), unknown)  # fmt: skip
    return CsvReading(layout.name, used, delimiter, tuple(items), (), unknown)


def _reader(lines: Iterator[str] | io.TextIOBase, delimiter: str) -> _CsvReader:
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    return csv.reader(lines, delimiter=delimiter, strict=True)


def _foreign_layout(header: list[str] | None) -> Layout | Problem:
    if not header or not any(h.strip() for h in header):
        return Problem("the file has no header", 1)
    layout = recognise(header)
    if layout is None:
        why = (
            "the header is not one of the layouts read here (rjournal's own, Google Contacts, "
            "Outlook, Thunderbird, LinkedIn): "
            + ", ".join(_shown(h) for h in header[:6] if h.strip())
        )
        return Problem(why, 1)
    return layout


def _unknown(header: list[str], slots: list[Slot | None]) -> tuple[str, ...]:
    return tuple(h for h, slot in zip(header, slots, strict=True) if slot is None)


def _unknown_problem(layout: str, unknown: tuple[str, ...]) -> Problem:
    why = (
        f"read as {layout}, but these columns are unknown: "
        + ", ".join(_shown(h) for h in unknown)
        + " (ignore them to read the rest)"
    )
    return Problem(why, 1)


def _foreign_rows(
    header: list[str], slots: list[Slot | None], rows: _CsvReader, order: Order | None
) -> Iterator[tuple[int, list[str], Card | Problem]]:
    """(line, cells, Card or refusal) for each row that is not blank; csv.Error goes up."""
    start = rows.line_num + 1  # the line a row starts on (a quoted cell may span lines)
    for cells in rows:
        if any(cell.strip() for cell in cells):
            yield start, cells, _row(header, slots, cells, start, order)
        start = rows.line_num + 1


# --- For an import: any layout, a row at a time ---------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A CSV file opened for an import: which layout, encoding and separator were taken, what
    stops the file being read at all (`problems`), and its records, read as they are asked
    for. `lines` counts the file's lines (a row may span several): enough to show progress."""

    layout: str
    encoding: str
    delimiter: str
    problems: tuple[Problem, ...]
    unknown_columns: tuple[str, ...]
    records: Iterator[Card | OwnRow | Refused]
    lines: int


def open_csv(
    stream: IO[bytes],
    *,
    today: date,
    encoding: str | None = None,
    ignore_unknown: bool = False,
    date_order: Order | None = None,
) -> CsvFile:
    """Open a CSV file (a seekable binary stream, read to its end once to find its encoding
    and count its lines, then a row at a time as `records` is read)."""
    found, lines = _stream_encoding(stream, encoding)
    if isinstance(found, Problem):
        return CsvFile("", encoding or "", "", (found,), (), iter(()), lines)
    text = io.TextIOWrapper(stream, encoding=found, errors="replace" if not encoding else "strict",
                            newline="")  # fmt: skip
    try:
        first = text.readline()
    except (UnicodeDecodeError, LookupError) as error:
        problem = Problem(f"can't read the file as {encoding}: {error}", 1)
        return CsvFile("", found, "", (problem,), (), iter(()), lines)
    delimiter = sniff_delimiter(first)
    rows = _reader(itertools.chain([first], text), delimiter)
    try:
        header = next(rows, None)
    except csv.Error as error:
        return CsvFile("", found, delimiter, (Problem(f"not a CSV file: {error}", 1),), (),
                       iter(()), lines)  # fmt: skip
    if header and is_own_header(header):
        return _own_file(header, rows, found, delimiter, lines, today, ignore_unknown)
    layout = _foreign_layout(header)
    if isinstance(layout, Problem):
        return CsvFile("", found, delimiter, (layout,), (), iter(()), lines)
    assert header is not None
    slots = [layout.slot(h) if h.strip() else KEEP for h in header]
    unknown = _unknown(header, slots)
    if unknown and not ignore_unknown:
        problem = _unknown_problem(layout.name, unknown)
        return CsvFile(layout.name, found, delimiter, (problem,), unknown, iter(()), lines)
    order = date_order or layout.date_order
    records = _records(_foreign_rows(header, slots, rows, order), rows, delimiter, found)
    return CsvFile(layout.name, found, delimiter, (), unknown, records, lines)


def _own_file(
    header: list[str],
    rows: _CsvReader,
    encoding: str,
    delimiter: str,
    lines: int,
    today: date,
    ignore_unknown: bool,
) -> CsvFile:
    keys, problems = header_problems(header)
    unknown = tuple(h for h, key in zip(header, keys, strict=True) if key not in HEADER)
    if unknown and not ignore_unknown:
        problems.append(_unknown_problem("rjournal's own layout", unknown))
    if problems:
        return CsvFile(OWN_LAYOUT, encoding, delimiter, tuple(problems), unknown, iter(()), lines)

    def cells() -> Iterator[tuple[int, list[str]]]:
        start = rows.line_num + 1
        for row in rows:
            if any(cell.strip() for cell in row):
                yield start, row
            start = rows.line_num + 1

    records = _records(own_rows(keys, cells(), today), rows, delimiter, encoding)
    return CsvFile(OWN_LAYOUT, encoding, delimiter, (), unknown, records, lines)


def _records(
    read: Iterator[tuple[int, list[str], Card | OwnRow | Problem | list[Problem]]],
    rows: _CsvReader,
    delimiter: str,
    encoding: str,
) -> Iterator[Card | OwnRow | Refused]:
    """Rows as records: a row with any problem is Refused, with its cells as a CSV line."""
    try:
        for line, cells, item in read:
            if (isinstance(item, Card) and not item.problems) or isinstance(item, OwnRow):
                yield item
                continue
            problems = (
                item.problems if isinstance(item, Card)
                else (item,) if isinstance(item, Problem)
                else tuple(item)
            )  # fmt: skip
            yield Refused(line, problems, _line_of(cells, delimiter))
    except csv.Error as error:
        why = f"the file stops being CSV here, and is not read further: {error}"
        yield Refused(rows.line_num, (Problem(why, rows.line_num),))
    except UnicodeDecodeError as error:
        why = f"can't read the file as {encoding} from here on: {error}"
        yield Refused(rows.line_num + 1, (Problem(why, rows.line_num + 1),))


def _line_of(cells: list[str], delimiter: str) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _stream_encoding(stream: IO[bytes], encoding: str | None) -> tuple[str | Problem, int]:
    """The encoding to read the stream with (as decode_csv chooses it, over the whole file
    without keeping it), and its count of lines; the stream is left at its start."""
    head = stream.read(_CHUNK)
    lines = head.count(b"\n")
    chosen: str | None = encoding
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            chosen = None
            found: str | Problem = Problem(f"can't read the file as {encoding}: {error}")
    elif head.startswith(b"\xef\xbb\xbf"):
        chosen = "utf-8-sig"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        chosen = "utf-16"
    else:
        sample = head[:4096]
        if sample.count(0) > len(sample) // 4:  # UTF-16 without its mark: every other byte 0
            zeros_odd = sample[1::2].count(0) > sample[0::2].count(0)
            chosen = "utf-16-le" if zeros_odd else "utf-16-be"
    decoder = codecs.getincrementaldecoder("utf-8")() if chosen is None and not encoding else None
    valid = True
    chunk = head
    while chunk:
        if decoder is not None and valid:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        chunk = stream.read(_CHUNK)
        lines += chunk.count(b"\n")
    if decoder is not None and valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    stream.seek(0)
    if encoding and chosen is None:
        return found, lines
    if chosen is None:
        chosen = "utf-8" if valid else "cp1252"
    return chosen, lines


def _shown(header: str) -> str:
    return f'"{" ".join(header.split())}"'


# --- One row ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    line: int
    parts: dict[Slot, str] = field(default_factory=dict)
    columns: dict[Slot, str] = field(default_factory=dict)  # the header each slot came from
    kept: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, kind: str, key: str = "", part: str = "") -> str:
        return self.parts.get((kind, key, part), "")

    def keys(self, kind: str) -> list[str]:
        """The keys of a kind in the order their columns came."""
        return list(dict.fromkeys(key for k, key, _ in self.parts if k == kind))


def _row(
    header: list[str],
    slots: list[Slot | None],
    cells: list[str],
    line: int,
    order: Order | None,
) -> Card | Problem:
    row = _Row(line)
    for index, cell in enumerate(cells):
        value = cell.strip()
        if index >= len(header):
            if value:
                row.problems.append(Problem("a cell past the last column: kept", line, "", value))
                row.kept.append(vt.text_line("X-CSV-EXTRA", value))
            continue
        slot = slots[index]
        if slot is None or not value:
            continue
        if slot == KEEP:
            row.kept.append(_kept_cell(header[index] or f"column {index + 1}", value))
        elif slot in row.parts:
            row.parts[slot] += _MULTI + value
        else:
            row.parts[slot] = value
        row.columns.setdefault(slot, header[index])
    return _card(row, order)


def _kept_cell(column: str, value: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", column).strip("-").upper() or "COLUMN"
    return vt.text_line(f"X-CSV-{slug}", value)


def _column(row: _Row, slot: Slot) -> str:
    return " ".join(row.columns.get(slot, slot[0]).split())


def _values(text: str) -> list[str]:
    return [v.strip() for v in text.split(_MULTI) if v.strip()]


def _label(text: str) -> str:
    """A Google label without its "* " mark of the primary value."""
    return text.strip().lstrip("*").strip()


def _card(row: _Row, order: Order | None) -> Card | Problem:
    emails, phones = _emails(row), _phones(row)
    full = row.get("name", "", "full")
    parts = " ".join(row.get("name", "", p) for p in ("given", "middle", "family"))
    nickname = row.get("nickname")
    name = fallback_name(full, parts, nickname, *emails[:1])
    if not name:
        return Problem("the row names no one (no name, nickname or email)", row.line)
    _n_original(row)
    company, role = _organisation(row)
    city = _addresses(row)
    _urls(row)
    partner, kids = _relations(row)
    return Card(
        name=name,
        nickname=nickname,
        company=company,
        role=role,
        emails=emails,
        phones=phones,
        city=city,
        birthday=_birthday(row, order),
        partner=partner,
        met=_connected(row),
        about=row.get("notes").replace("\r\n", "\n"),
        tags=unique([tag_of(label) for label in re.split(r" ::: |;", row.get("tags"))]),
        kids=kids,
        occasions=_events(row, order),
        kept=tuple(row.kept),
        problems=tuple(row.problems),
        line=row.line,
    )


def _emails(row: _Row) -> tuple[str, ...]:
    found: list[str] = []
    for key in row.keys("email"):
        label = _label(row.get("email", key, "label"))
        for value in _values(row.get("email", key, "value")):
            found.append(value)
            if label:
                row.kept.append(f"EMAIL;TYPE={_param(label)}:{vt.escape(value)}")
    return unique(found)


def _phones(row: _Row) -> tuple[str, ...]:
    found: list[str] = []
    for key in row.keys("phone"):
        label = _label(row.get("phone", key, "label")) or ("" if key.isdigit() else key)
        for value in _values(row.get("phone", key, "value")):
            found.append(value)
            if label:
                row.kept.append(f"TEL;TYPE={_param(label)}:{vt.escape(value)}")
    return unique(found)


def _param(label: str) -> str:
    """A label as a parameter value (quoted where it holds a separator; no '"' allowed)."""
    text = label.replace('"', "'")
    return f'"{text}"' if any(ch in text for ch in ",;:") else text


def _n_original(row: _Row) -> None:
    family, given, middle = (row.get("name", "", p) for p in ("family", "given", "middle"))
    prefix, suffix = row.get("name", "", "prefix"), row.get("name", "", "suffix")
    if prefix or suffix or middle:
        row.kept.append("N:" + vt.structured(family, given, middle, prefix, suffix))


def _organisation(row: _Row) -> tuple[str, str]:
    company = role = ""
    for key in row.keys("org"):
        name, title = row.get("org", key, "name"), row.get("org", key, "title")
        department = row.get("org", key, "department")
        if not company and not role:
            company, role = name, title
            if department:
                row.kept.append("ORG:" + vt.structured(name, department))
        else:
            if name or department:
                row.kept.append("ORG:" + vt.structured(name, department))
            if title:
                row.kept.append(vt.text_line("TITLE", title))
        for (kind, k, part), value in row.parts.items():
            if kind == "org" and k == key and part not in ("name", "title", "department"):
                row.kept.append(_kept_cell(_column(row, (kind, k, part)), value))
    return company, role


_ADR_PARTS = ("po box", "extended address", "street", "city", "state", "postal code", "country")


def _addresses(row: _Row) -> str:
    """The city (home first, then in column order), each address kept as an ADR line."""
    cities: list[tuple[int, str]] = []
    for key in row.keys("adr"):
        part = {p: row.get("adr", key, p) for p in (*_ADR_PARTS, "street 2", "street 3")}
        part |= {p: row.get("adr", key, p) for p in ("label", "formatted")}
        part["street"] = "\n".join(
            p for p in (part["street"], part["street 2"], part["street 3"]) if p
        )
        label = _label(part["label"]) or ("" if key.isdigit() else key)
        if part["city"]:
            cities.append((0 if label.lower() == "home" else 1, part["city"]))
        params = f";TYPE={_param(label)}" if label else ""
        if any(part[p] for p in _ADR_PARTS):
            row.kept.append(f"ADR{params}:" + vt.structured(*(part[p] for p in _ADR_PARTS)))
        if part["formatted"]:
            row.kept.append(f"LABEL{params}:" + vt.escape(part["formatted"]))
    cities.sort(key=lambda ranked: ranked[0])
    return cities[0][1] if cities else ""


def _urls(row: _Row) -> None:
    for key in row.keys("url"):
        label = _label(row.get("url", key, "label")) or ("" if key.isdigit() else key)
        params = f";TYPE={_param(label)}" if label else ""
        for value in _values(row.get("url", key, "value")):
            row.kept.append(f"URL{params}:{value}")


_SPOUSE = {"spouse", "partner", "domestic partner", "husband", "wife"}
_CHILD = {"child", "son", "daughter"}


def _relations(row: _Row) -> tuple[str, tuple[CardKid, ...]]:
    partners: list[str] = []
    kids: list[str] = []
    for key in row.keys("relation"):
        label = _label(row.get("relation", key, "label")) or key
        for value in _values(row.get("relation", key, "value")):
            if label.lower() in _SPOUSE:
                partners.append(value)
            elif label.lower() in _CHILD:
                kids.append(value)
            else:
                row.kept.append(f"RELATED;TYPE={_param(label)};VALUE=text:{vt.escape(value)}")
    # Outlook's Children is one free-text cell: names separated by commas or semicolons.
    kids.extend(re.split(r"[,;]", row.get("children")))
    names = unique(partners)
    for extra in names[1:]:
        row.kept.append(f"RELATED;TYPE=spouse;VALUE=text:{vt.escape(extra)}")
    return (names[0] if names else ""), tuple(CardKid(kid) for kid in unique(kids))


def _read_date(row: _Row, slot: Slot, order: Order | None) -> YearlyDate | None:
    value = row.get(*slot)
    try:
        return read_exported_date(value, order=order)
    except DateError as error:
        row.problems.append(Problem(str(error), row.line, _column(row, slot), value))
        row.kept.append(_kept_cell(_column(row, slot), value))
        return None


def _birthday(row: _Row, order: Order | None) -> YearlyDate | None:
    if row.get("birthday"):
        return _read_date(row, ("birthday", "", ""), order)
    year, month, day = (row.get("birth", "", p) for p in ("year", "month", "day"))
    if not (month or day):
        return None
    try:
        return YearlyDate(int(month), int(day), int(year) if year else None)
    except ValueError as error:  # int() of a non-number, or DateError
        shown = "/".join(p for p in (year, month, day) if p)
        why = f"birth year, month and day {shown!r} are not a date: {error}"
        row.problems.append(Problem(why, row.line, _column(row, ("birth", "", "month")), shown))
        row.kept.append(vt.text_line("X-CSV-BIRTH", shown))
        return None


def _events(row: _Row, order: Order | None) -> tuple[CardOccasion, ...]:
    found: list[CardOccasion] = []
    for key in row.keys("event"):
        label = _label(row.get("event", key, "label")) or ("" if key.isdigit() else key)
        when = _read_date(row, ("event", key, "value"), order)
        if when is None:
            continue
        if not label:
            row.kept.append(vt.text_line("X-CSV-EVENT", row.get("event", key, "value")))
            continue
        shown = vt.ANNIVERSARY if label.lower() == vt.ANNIVERSARY else label
        found.append(CardOccasion(shown, when))
    return tuple(found)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _connected(row: _Row) -> str:
    """LinkedIn's "Connected On" as how you met: "15-Jan-24" or "15 Jan 2024".

    A two-digit year is this century's: LinkedIn began in 2003, so none is earlier.
    """
    cell = row.get("connected")
    if not cell:
        return ""
    m = re.fullmatch(r"(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ,]+(\d{2}|\d{4})", cell)
    if m and m[2].lower() in _MONTHS:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return f"LinkedIn, connected {int(m[1])} {m[2].title()} {year}"
    return f"LinkedIn, connected {cell}"
