"""Reading mail files for touches: Maildir folders and mbox files, headers only.

``read_mail(paths, zone)`` yields, for each message, a ``MailMessage``: its Message-ID, when it
was sent and the day that was in the user's zone, the From, To and Cc addresses (lower-cased,
with their display names), a thread key, and the subject only when asked. A message it cannot
use is a ``MailSkipped`` with the reason. Bodies are never read: each file is read up to the
blank line that ends its header.

Where mail is found: a file that starts with ``From `` is an mbox; a folder with ``cur`` and
``new`` is a Maildir; any other folder is searched for both (so ``~/Mail`` finds every account's
folders, and a Maildir's own ``.Sent``-style subfolders are read too).

What is made of a header:

- **Message-ID**: as written (``<...>``); a message without one gets a stable stand-in, a hash
  of its Date, From, To, Cc and Subject, so a second reading finds the same key.
- **the day**: the Date header in the user's zone; a Date without a zone (``-0000``, or none)
  is taken as UTC, as RFC 5322 says. No Date, or one that cannot be read: skipped.
- **addresses**: lower-cased; names decoded from MIME encoded words (``=?utf-8?q?...?=``) with
  unknown charsets and broken bytes replaced, never raised; an entry without an ``@`` dropped.
- **the thread**: the first Message-ID of References (the thread's first message), else
  In-Reply-To, else the message's own Message-ID: a thread's first message names none, and
  its replies name it, so all of them share the key. A message with neither references nor a
  real Message-ID falls back on its subject, without Re:/Fwd:/[list] prefixes, in lower case.
- **8-bit headers**: read as UTF-8, else byte for byte as Latin-1 (never an error).
"""

from __future__ import annotations

import email.utils
import hashlib
import mailbox
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from email.errors import HeaderParseError
from email.header import decode_header
from pathlib import Path
from typing import Protocol

MAX_HEADER_BYTES = 256 * 1024  # past this a "header" is junk; what was read so far is used
_CHUNK = 16 * 1024
_WANTED = frozenset(
    ("message-id", "date", "from", "to", "cc", "references", "in-reply-to", "subject")
)


@dataclass(frozen=True, slots=True)
class Address:
    """One address of a header: the address in lower case and the display name ("" if none)."""

    address: str
    name: str


@dataclass(frozen=True, slots=True)
class MailMessage:
    """What a touch needs from one message; never its body."""

    message_id: str
    sent_at: datetime  # aware
    day: date  # sent_at's day in the user's zone
    sender: tuple[Address, ...]  # From (one address, nearly always)
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    thread: str
    subject: str | None  # only when asked for


@dataclass(frozen=True, slots=True)
class MailSkipped:
    """A message, file or folder that could not be used, and why."""

    source: str
    reason: str


def read_mail(
    paths: Iterable[Path], zone: tzinfo, *, subjects: bool = False
) -> Iterator[MailMessage | MailSkipped]:
    """Every message of the Maildirs and mbox files at or under `paths`, headers only."""
    for path in paths:
        for kind, source in _sources(path):
            if kind == "skip":
                yield MailSkipped(str(source), "not a Maildir, an mbox file or a folder of them")
            elif kind == "maildir":
                yield from _read_maildir(source, zone, subjects)
            else:
                yield from _read_mbox(source, zone, subjects)


def path_problems(paths: Iterable[Path]) -> list[str]:
    """One line per path that holds no mail at all (missing, or neither Maildir nor mbox)."""
    problems = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif not any(kind != "skip" for kind, _ in _sources(path)):
            problems.append(f"{path}: no Maildir or mbox file there")
    return problems


def _sources(path: Path) -> Iterator[tuple[str, Path]]:
    """("maildir", folder), ("mbox", file) and ("skip", path) for what `path` holds."""
    if path.is_file():
        yield ("mbox" if _starts_like_mbox(path) else "skip"), path
        return
    if not path.is_dir():
        yield "skip", path
        return
    for root, dirs, files in os.walk(path):
        dirs.sort()
        here = Path(root)
        if "cur" in dirs and "new" in dirs:
            yield "maildir", here
            dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]
            continue
        for name in sorted(files):
            if _starts_like_mbox(here / name):
                yield "mbox", here / name


def _starts_like_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _read_maildir(
    folder: Path, zone: tzinfo, subjects: bool
) -> Iterator[MailMessage | MailSkipped]:
    box = mailbox.Maildir(folder, factory=None, create=False)
    try:
        keys = sorted(box.iterkeys())
    except OSError as error:
        yield MailSkipped(str(folder), f"can't read the folder: {error.strerror}")
        return
    for key in keys:
        source = f"{folder}/{key}"
        try:
            with box.get_file(key) as handle:
                block = _header_block(handle)
        except (OSError, KeyError):  # moved or deleted by a mail client meanwhile
            yield MailSkipped(source, "the file went away while reading")
            continue
        yield _message(block, source, zone, subjects)


def _read_mbox(path: Path, zone: tzinfo, subjects: bool) -> Iterator[MailMessage | MailSkipped]:
    try:
        box = mailbox.mbox(path, factory=None, create=False)
    except OSError as error:
        yield MailSkipped(str(path), f"can't read the file: {error.strerror}")
        return
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            with box.get_file(key) as handle:
                block = _header_block(handle)
            yield _message(block, f"{path}#{number}", zone, subjects)
    finally:
        box.close()  # nothing is pending, so closing writes nothing


_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


class _Readable(Protocol):
    def read(self, size: int | None = ..., /) -> bytes: ...


def _header_block(handle: _Readable) -> bytes:
    """The bytes up to the blank line that ends the header (the body is never read)."""
    data = b""
    while len(data) < MAX_HEADER_BYTES:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return data
        data += chunk
        if data.startswith((b"\n", b"\r\n")):
            return b""
        end = _BLANK_LINE.search(data, max(0, len(data) - len(chunk) - 3))
        if end is not None:
            return data[: end.start()]
    return data[:MAX_HEADER_BYTES]


def _fields(block: bytes) -> dict[str, list[str]]:
    """The header fields we use, unfolded, each name lower-cased, in order of appearance."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = "\n".join(_line_text(line) for line in block.split(b"\n"))
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t"):
            if current is not None:
                current[-1] += line
            continue
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if colon and name in _WANTED:
            current = fields.setdefault(name, [])
            current.append(value)
        else:
            current = None
    return fields


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _message(block: bytes, source: str, zone: tzinfo, subjects: bool) -> MailMessage | MailSkipped:
    fields = _fields(block)
    raw_date = fields.get("date", [""])[0].strip()
    if not raw_date:
        return MailSkipped(source, "no Date header")
    try:
        sent_at = email.utils.parsedate_to_datetime(raw_date)
        if sent_at.tzinfo is None:
            sent_at = sent_at.replace(tzinfo=UTC)
        day = sent_at.astimezone(zone).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return MailSkipped(source, f"can't read its Date header {_quoted(raw_date)}")
    subject = decode_words(" ".join(fields.get("subject", [])))
    sender = _addresses(fields.get("from", []))
    to = _addresses(fields.get("to", []))
    cc = _addresses(fields.get("cc", []))
    message_id = _first_id(fields.get("message-id", []))
    real_id = message_id is not None
    if message_id is None:
        message_id = _stand_in_id(raw_date, sender, to, cc, subject)
    thread = (
        _first_id(fields.get("references", []))
        or _first_id(fields.get("in-reply-to", []))
        or (message_id if real_id else None)
        or _subject_thread(subject)
        or message_id
    )
    return MailMessage(
        message_id=message_id,
        sent_at=sent_at,
        day=day,
        sender=sender,
        to=to,
        cc=cc,
        thread=thread,
        subject=clean_text(subject) if subjects else None,
    )


_ID = re.compile(r"<[^<>\s]+>")


def _first_id(values: list[str]) -> str | None:
    """The first <message-id> of a header (a bare id without brackets is taken whole)."""
    for value in values:
        match = _ID.search(value)
        if match is not None:
            return match[0]
        bare = value.strip()
        if bare and " " not in bare and "@" in bare:
            return f"<{bare}>"
    return None


def _stand_in_id(
    date_text: str,
    sender: tuple[Address, ...],
    to: tuple[Address, ...],
    cc: tuple[Address, ...],
    subject: str,
) -> str:
    """A stable key for a message without a Message-ID: the same message hashes the same."""
    parts = [date_text, *(a.address for a in (*sender, *to, *cc)), subject]
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"<sha256-{digest[:40]}@rjournal.invalid>"


_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|sv|vs|antw|wg|tr|rif|ref|odp|r)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*"
    r"|\[[^\]]*\]\s*)+",
    re.IGNORECASE,
)


def _subject_thread(subject: str) -> str | None:
    normal = " ".join(_REPLY_PREFIX.sub("", subject).lower().split())
    return f"subject:{normal}" if normal else None


_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+")
_LOOSE_ADDRESS = re.compile(
    r"(?<![^\s<>()\[\],;:\"])" + _ADDRESS.pattern + r"(?![^\s<>()\[\],;:\"])"
)


# The usual shapes of an address list, read by one regex: `a@b.c`, `<a@b.c>`, `Name <a@b.c>`,
# `"Name, Jr" <a@b.c>`, separated by commas. getaddresses reads these the same way
# (tests/ingest/test_mail.py holds the two equal) at a tenth of the cost; anything else
# (comments, groups, escapes, routes) goes to getaddresses.
_PLAIN = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+"
_ITEM = (
    rf'\s*(?:"([^"\\\r\n]*)"\s*<({_PLAIN})>|([^",<>()\\;:@\[\]]*?)\s*<({_PLAIN})>|({_PLAIN}))\s*'
)
_ITEM_RE = re.compile(_ITEM)
_PLAIN_LIST = re.compile(rf"{_ITEM}(?:,{_ITEM})*")


def _pairs(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of one header value, as getaddresses gives them."""
    if _PLAIN_LIST.fullmatch(value):
        return [
            (m[1] if m[2] else " ".join(m[3].split()) if m[4] else "", m[2] or m[4] or m[5])
            for m in _ITEM_RE.finditer(value)
        ]
    try:
        return email.utils.getaddresses([value])
    except (ValueError, IndexError, TypeError):  # junk the parser trips on: take bare addresses
        return [("", found) for found in _LOOSE_ADDRESS.findall(value.lower())]


def _addresses(values: list[str]) -> tuple[Address, ...]:
    """The addresses of From/To/Cc values, lower-cased, with decoded display names."""
    pairs = [pair for value in values for pair in _pairs(value)]
    seen: set[str] = set()
    addresses = []
    for name, parsed in pairs:
        parsed = parsed.strip().lower()
        if _ADDRESS.fullmatch(parsed):
            found, shown = [parsed], clean_text(decode_words(name))
        else:  # the parser gave up on a piece (an unclosed quote...): take what looks whole
            found, shown = _LOOSE_ADDRESS.findall(f"{name} {parsed}".lower()), ""
        for address in found:
            if address not in seen:
                seen.add(address)
                addresses.append(Address(address, shown))
    return tuple(addresses)


def decode_words(text: str) -> str:
    """Text with MIME encoded words decoded; unknown charsets and bad bytes replaced."""
    if "=?" not in text:
        return text
    try:
        parts = decode_header(text)
    except (ValueError, HeaderParseError):
        return text
    decoded = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            decoded.append(chunk)
            continue
        try:
            # decode_header gives the unencoded parts back as raw-unicode-escape bytes.
            decoded.append(chunk.decode(charset or "raw-unicode-escape", "replace"))
        except LookupError:
            decoded.append(chunk.decode("utf-8", "replace"))
    return "".join(decoded)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """One line of text: control characters out, runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _quoted(text: str) -> str:
    shown = clean_text(text)
    return f'"{shown[:60]}…"' if len(shown) > 60 else f'"{shown}"'
