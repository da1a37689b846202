"""vCard value text: escaping, structured values, and the names both directions share.

vobject's own text handling is not used for values: it takes only the first of a list of
comma-separated values (a 2.1 NOTE with a comma comes back cut), and its ORG and N objects
lose escaped separators. Values are read raw from vobject's content-line parser and
unescaped here, by the rules of RFC 6350 3.4 (vCard 4.0; 3.0 has the same).
"""

from __future__ import annotations

import functools
import re

# rjournal's own facts, written as X-RJOURNAL-* properties and read back.
X_PREFIX = "X-RJOURNAL-"
X_RHYTHM = "X-RJOURNAL-RHYTHM"
X_MET = "X-RJOURNAL-MET"
X_LIKES = "X-RJOURNAL-LIKES"
X_DISLIKES = "X-RJOURNAL-DISLIKES"
X_REACH = "X-RJOURNAL-REACH"
X_CHANNEL = "X-RJOURNAL-CHANNEL"
X_KID = "X-RJOURNAL-KID"  # name;birthday;notes;passed
X_PET = "X-RJOURNAL-PET"  # name;species;birthday;notes;passed

# Apple's labels of X-ABRELATEDNAMES and X-ABDATE (in an itemN.X-ABLabel of the same group).
APPLE_SPOUSE = "_$!<Spouse>!$_"
APPLE_PARTNER = "_$!<Partner>!$_"
APPLE_CHILD = "_$!<Child>!$_"
APPLE_ANNIVERSARY = "_$!<Anniversary>!$_"
APPLE_OTHER = "_$!<Other>!$_"
ANNIVERSARY = "anniversary"

# RFC 6350's escapes, and \: and \" that Apple and Gmail write although no RFC asks for them.
_UNESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":", '"': '"'}
# What `escape` changes.
_TO_ESCAPE = re.compile(r"[\\;,\r\n]")


def unescape(raw: str) -> str:
    """A text value's escapes undone (\\n, \\N, \\\\, \\, and \\;); a lone backslash stays."""
    if "\\" in raw:
        raw = re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m[1], m[0]), raw, flags=re.DOTALL)
    # Line breaks decoded from quoted-printable come as CRLF: rjournal keeps "\n".
    return raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw


def escape(text: str) -> str:
    """A text value escaped for a vCard line (its newlines as \\n)."""
    if not _TO_ESCAPE.search(text):  # most values (names, emails, phones): one scan
        return text
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


@functools.cache
def _splitter(separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]")


def split_raw(raw: str, separators: str) -> list[str]:
    """Text cut at each separator character that no backslash keeps (';' of a structured
    value, ',' of a list; the cells of rjournal's own CSV too); each part still escaped."""
    if "\\" not in raw:  # nothing kept: every separator cuts
        return _splitter(separators).split(raw)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(raw)
    for ch in chars:
        if ch == "\\":
            current.append(ch)
            current.append(next(chars, ""))
        elif ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def components(raw: str) -> list[str]:
    """A structured value (N, ADR, ORG, X-RJOURNAL-KID) as its unescaped components."""
    return [unescape(part) for part in split_raw(raw, ";")]


def text_list(raw: str) -> list[str]:
    """A list value (CATEGORIES, NICKNAME) as its unescaped items."""
    return [unescape(part) for part in split_raw(raw, ",")]


def structured(*parts: str) -> str:
    return ";".join(escape(part) for part in parts)


def text_line(name: str, text: str) -> str:
    return f"{name}:{escape(text)}"


def n_line(name: str) -> str:
    """The N a name gives when no original N fits it: its last word as the family name."""
    words = name.split()
    if len(words) < 2:
        return "N:" + structured("", name, "", "", "")
    return "N:" + structured(words[-1], " ".join(words[:-1]), "", "", "")


def city_line(city: str) -> str:
    return "ADR:" + structured("", "", "", city, "", "", "")


def plain_lines(name: str, company: str, city: str, emails: tuple[str, ...],
                phones: tuple[str, ...]) -> set[str]:  # fmt: skip
    """The lines a writer makes of these fields by itself, trailing empty parts cut: an
    original equal to one of them carries nothing more, so the reader does not keep it."""
    lines = {n_line(name), text_line("ORG", company), city_line(city)}
    lines.update(text_line("EMAIL", email) for email in emails)
    lines.update(text_line("TEL", phone) for phone in phones)
    return {line.rstrip(";") for line in lines}  # N:Doe;John is N:Doe;John;;;
