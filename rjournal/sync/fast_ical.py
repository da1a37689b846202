"""Journal entries' files written, and read back, as items.write_item and items.read_item do,
in a fraction of the time.

A first sync writes a file per entry: 30,000 or more in a big journal. Through icalendar
that is most of the sync (about 0.3 to 0.8 ms an entry here: each property passes through
its types, parameters and content-line classes). Here each line is built directly: text
escaped and lines folded exactly as icalendar does it (icalendar/parser/string.py:
_escape_char, and _foldline with its rule that a fold never follows a backslash or a caret),
the properties in its order (alphabetical: VJOURNAL has no canonical order), and each
person's ATTENDEE line, the one part with involved quoting rules, made by icalendar once per
person and reused. Only a new item takes this path (there is no file whose properties to
keep), and only with a UID of plain characters; everything else goes through write_item.

A second computer's first sync reads them all back: `read_journal_item` takes a file apart
line by line, and accepts what it read only if writing it again gives the very same bytes;
anything else (a file a phone edited, one from another writer) is None, for read_item.
tests/sync/test_fast_ical.py holds the writer equal to write_item and the reader to
read_item over generated entries.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from rjournal.domain.model import Channel
from rjournal.sync.items import (
    PRODID,
    EntryKind,
    JournalItem,
    PersonRef,
    attendee_line,
    summary_of,
    text_from,
)

_PLAIN_UID = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
_FOLD = 75


def can_write(item: object) -> bool:
    """Whether write_journal_item gives write_item's bytes for this item."""
    return (
        isinstance(item, JournalItem)
        and item.uid is not None
        and bool(item.uid)
        and not set(item.uid) - _PLAIN_UID
    )


def write_journal_item(item: JournalItem, stamp: datetime) -> str:
    """write_item(item, stamp) for a new file (see the module)."""
    if not can_write(item):
        raise ValueError("not an item this writer takes")
    moment = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = item.text.replace("\r\n", "\n").replace("\r", "\n")
    summary = summary_of(text)
    lines = [attendee_line_of(ref) for ref in item.people]
    if text != summary:
        lines.append(_fold(f"DESCRIPTION:{_escape(text)}"))
    lines.append(f"DTSTAMP:{moment}")
    if item.on is not None:
        lines.append(f"DTSTART;VALUE=DATE:{item.on.strftime('%Y%m%d')}")
    lines.append(f"LAST-MODIFIED:{moment}")
    if summary:
        lines.append(_fold(f"SUMMARY:{_escape(summary)}"))
    lines.append(_fold(f"UID:{item.uid}"))
    if item.channel is not None:
        lines.append(_fold(f"X-RJOURNAL-CHANNEL:{_escape(item.channel.value)}"))
    if item.from_them:
        lines.append("X-RJOURNAL-FROM-THEM:TRUE")
    lines.append(f"X-RJOURNAL-KIND:{item.kind}")
    body = "\r\n".join(lines)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\nBEGIN:VJOURNAL\r\n{body}\r\n"
        "END:VJOURNAL\r\nEND:VCALENDAR\r\n"
    )


# A person's ATTENDEE line is the same in every entry they are in.
attendee_line_of = lru_cache(maxsize=4096)(attendee_line)


def _escape(text: str) -> str:
    """icalendar's _escape_char: the order of the replacements matters."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """icalendar's _foldline: at 75 octets, never right after a backslash or a caret."""
    if len(line) < _FOLD and line.isascii():
        return line
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= _FOLD:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current = [carried]
                count = len(carried.encode("utf-8"))
            else:
                folded.append("".join(current))
                current = []
                count = 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


# -- reading -------------------------------------------------------------------------------

_HEAD = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\nBEGIN:VJOURNAL\r\n"
_TAIL = "END:VJOURNAL\r\nEND:VCALENDAR\r\n"
_UNESCAPE = re.compile(r"\\(.)")
_TEXT_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";"}
_PARAM_ESCAPES = {"^^": "^", "^'": '"', "^n": "\n"}
_PARAM = re.compile(r'([A-Z0-9-]+)=("(?:[^"]*)"|[^";:,]*)')


def read_journal_item(text: str) -> JournalItem | None:
    """The entry in a file this module wrote, or None for read_item to read (see the module)."""
    if not (text.startswith(_HEAD) and text.endswith(_TAIL)):
        return None
    try:
        item, stamp = _parse(text[len(_HEAD) : -len(_TAIL)])
    except (ValueError, KeyError):
        return None
    if item is None or stamp is None or not can_write(item):
        return None
    return item if write_journal_item(item, stamp) == text else None


def _parse(body: str) -> tuple[JournalItem | None, datetime | None]:
    values: dict[str, str] = {}
    people: list[PersonRef] = []
    for line in body.replace("\r\n ", "").split("\r\n"):
        if not line:
            continue
        if line.startswith("ATTENDEE;"):
            people.append(_attendee(line))
            continue
        name, _, value = line.partition(":")
        if name in values or (";" in name and name != "DTSTART;VALUE=DATE"):
            return None, None
        values[name] = value
    stamp = datetime.strptime(values.pop("DTSTAMP"), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    values.pop("LAST-MODIFIED")
    start = values.pop("DTSTART;VALUE=DATE", None)
    kind: EntryKind = "interaction" if values.pop("X-RJOURNAL-KIND") == "interaction" else "note"
    channel = values.pop("X-RJOURNAL-CHANNEL", None)
    item = JournalItem(
        uid=values.pop("UID"),
        on=date(int(start[:4]), int(start[4:6]), int(start[6:8])) if start else None,
        text=text_from(
            _unescape(values.pop("SUMMARY", "")), _unescape(values.pop("DESCRIPTION", ""))
        ),
        kind=kind,
        channel=Channel(channel) if channel is not None else None,
        from_them=values.pop("X-RJOURNAL-FROM-THEM", "") == "TRUE",
        people=tuple(people),
    )
    return (None if values else item), stamp


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: _TEXT_ESCAPES.get(m[1], m[0]), value)


def _attendee(line: str) -> PersonRef:
    """An ATTENDEE line as items.read_item reads it: CN, X-RJOURNAL-UID, mailto: or urn:uuid:."""
    if "\\" in line:
        raise ValueError("icalendar reads escapes in parameters its writer does not write")
    params: dict[str, str] = {}
    rest = line[len("ATTENDEE;") :]
    while True:
        found = _PARAM.match(rest)
        if found is None:
            raise ValueError(line)
        raw = found[2]
        if raw.startswith('"'):
            raw = raw[1:-1]
        params[found[1]] = re.sub(r"\^[\^'n]", lambda m: _PARAM_ESCAPES[m[0]], raw)
        rest = rest[found.end() :]
        if rest.startswith(";"):
            rest = rest[1:]
        elif rest.startswith(":"):
            value = rest[1:].strip()
            break
        else:
            raise ValueError(line)
    uid = params.get("X-RJOURNAL-UID", "").strip() or None
    if uid is None and value.lower().startswith("urn:uuid:"):
        uid = value
    email = value[len("mailto:") :] if value.lower().startswith("mailto:") else None
    return PersonRef(uid=uid, email=email or None, name=params.get("CN") or None)


__all__ = [
    "PersonRef",
    "attendee_line_of",
    "can_write",
    "read_journal_item",
    "write_journal_item",
]
