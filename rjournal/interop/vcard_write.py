"""vCard out: a Card as a vCard 3.0 or 4.0, which vcard_read reads back to the same Card.

One card per record, written line by line here (folded at 75 octets, never inside a UTF-8
character) rather than through vobject's serializer, which is many times slower and would
apply its own text rules; the tests parse every card written with vobject.

What each field becomes (the reader's table read backwards):
- name: FN, and N (the kept original N while its given and family names are still in the
  name, else the name's last word as the family name);
- nickname, company, role: NICKNAME, ORG, TITLE; emails, phones: EMAIL, TEL (each with its
  kept original's parameters while the value is unchanged); city: ADR (the kept original
  address while its city is this one);
- birthday: BDAY; year-less as `--MMDD` in 4.0, and in 3.0 as Apple writes it:
  `BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD` (1604 is a leap year, so 29 February stays);
- occasions: in order, the first labelled "anniversary" as ANNIVERSARY in 4.0 (and also
  X-ANNIVERSARY in 3.0), each also as Apple's `itemN.X-ABDATE` with its `itemN.X-ABLabel`;
- partner, kids: RELATED;TYPE=spouse / TYPE=child;VALUE=text, and in 3.0 also Apple's
  X-ABRELATEDNAMES with its labels; kids' details as X-RJOURNAL-KID;
- tags: CATEGORIES; about: NOTE; met, likes, dislikes, reach, channel, rhythm, pets:
  X-RJOURNAL-* properties;
- kept: every other kept line as it was read (photos converted between 3.0's ENCODING=b and
  4.0's data: URI).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from rjournal.domain.dates import YearlyDate
from rjournal.interop import vcard_text as vt
from rjournal.interop.card import Card
from rjournal.interop.lines import fold as fold
from rjournal.interop.vcard_read import FRAME, ORIGINALS

Version = Literal["3.0", "4.0"]
PRODID = "-//rjournal//rjournal//EN"
_BINARY = ("PHOTO", "LOGO", "SOUND", "KEY")
_Agrees = Callable[[str], bool]


def write_vcards(cards: Iterable[Card], version: Version = "4.0") -> Iterator[str]:
    """Each card's text, one at a time (a file is their concatenation)."""
    for card in cards:
        yield write_vcard(card, version)


def write_vcard(card: Card, version: Version = "4.0") -> str:
    """One card, CRLF line ends, folded; the caller gives the UID (card.uid) it keeps stable."""
    if not card.name.strip():
        raise ValueError("a card needs a name")
    out = _Lines(version, card.kept)
    out.add("BEGIN:VCARD")
    out.add(f"VERSION:{version}")
    out.add(f"PRODID:{PRODID}")
    if card.uid:
        out.add(f"UID:{vt.escape(card.uid)}")
    out.add(f"FN:{vt.escape(card.name)}")
    out.add(out.original("N", lambda raw: _n_agrees(raw, card.name)) or vt.n_line(card.name))
    if card.nickname:
        out.add(f"NICKNAME:{vt.escape(card.nickname)}")
    if card.company:
        out.add(
            out.original("ORG", lambda raw: vt.components(raw)[0].strip() == card.company)
            or vt.text_line("ORG", card.company)
        )
    if card.role:
        out.add(f"TITLE:{vt.escape(card.role)}")
    for email in card.emails:
        out.add(out.original("EMAIL", _value_is(email)) or vt.text_line("EMAIL", email))
    for phone in card.phones:
        out.add(out.original("TEL", _value_is(phone)) or vt.text_line("TEL", phone))
    if card.city:
        out.add(
            out.original("ADR", lambda raw: (vt.components(raw) + [""] * 4)[3] == card.city)
            or vt.city_line(card.city)
        )
    if card.birthday is not None:
        out.add(_dated("BDAY", card.birthday, version))
    _occasions(out, card)
    _relations(out, card)
    if card.tags:
        out.add("CATEGORIES:" + ",".join(vt.escape(tag) for tag in card.tags))
    if card.about:
        out.add(f"NOTE:{vt.escape(card.about)}")
    for name, text in (
        (vt.X_MET, card.met),
        (vt.X_LIKES, card.likes),
        (vt.X_DISLIKES, card.dislikes),
        (vt.X_REACH, card.reach),
        (vt.X_CHANNEL, card.channel.value if card.channel else ""),
        (vt.X_RHYTHM, card.rhythm.code() if card.rhythm else ""),
    ):
        if text:
            out.add(f"{name}:{vt.escape(text)}")
    for pet in card.pets:
        birthday = pet.birthday.iso() if pet.birthday else ""
        passed = pet.passed.isoformat() if pet.passed else ""
        out.add(f"{vt.X_PET}:" + vt.structured(pet.name, pet.species, birthday, pet.notes, passed))
    out.add_kept(card.birthday is not None)
    out.add("END:VCARD")
    return "".join(out.lines)


class _Lines:
    """The lines of one card so far, folded, with the card's kept lines to draw on."""

    def __init__(self, version: Version, kept: tuple[str, ...]) -> None:
        self.version = version
        self.lines: list[str] = []
        self.kept = list(kept)
        self.used: set[int] = set()  # indexes of kept lines written as originals
        groups = [int(m[1]) for line in kept if (m := re.match(r"item(\d+)\.", line, re.I))]
        self.next_group = max(groups, default=0) + 1

    def add(self, line: str) -> None:
        self.lines.append(fold(line))

    def group(self) -> str:
        name = f"item{self.next_group}"
        self.next_group += 1
        return name

    def original(self, name: str, agrees: _Agrees) -> str | None:
        """The first unused kept line of this property whose value still agrees, if any."""
        for index, line in enumerate(self.kept):
            if index in self.used or _property(line) != name:
                continue
            if agrees(_raw_value(line)):
                self.used.add(index)
                return line
        return None

    def add_kept(self, has_birthday: bool) -> None:
        """The kept lines that are not originals of a field (those went with their field)."""
        for line in self.kept:
            name = _property(line)
            if name in ORIGINALS or name in FRAME or (name == "BDAY" and has_birthday):
                continue
            self.add(_binary_for(line, self.version) if name in _BINARY else line)


def _value_is(value: str) -> _Agrees:
    def agrees(raw: str) -> bool:
        text = vt.unescape(raw).strip()
        for prefix in ("tel:", "mailto:"):
            if text.lower().startswith(prefix):
                text = text[len(prefix) :]
        return text == value

    return agrees


def _property(line: str) -> str:
    """The property name of a content line, without its group."""
    head = re.split(r"[;:]", line, maxsplit=1)[0]
    return head.rsplit(".", 1)[-1].upper()


def _raw_value(line: str) -> str:
    """The value of a content line: after the first ':' outside a quoted parameter."""
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return line[index + 1 :]
    return ""


def _n_agrees(raw: str, name: str) -> bool:
    parts = vt.components(raw) + [""] * 2
    words = set(name.casefold().split())
    named = (parts[0] + " " + parts[1]).casefold().split()
    return bool(named) and all(word in words for word in named)


def _date_value(when: YearlyDate, version: Version) -> tuple[str, str]:
    """(parameters, value) of a yearly date in this version."""
    if when.year is not None:
        if version == "4.0":
            return "", f"{when.year:04d}{when.month:02d}{when.day:02d}"
        return "", f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
    if version == "4.0":
        return "", f"--{when.month:02d}{when.day:02d}"
    return ";X-APPLE-OMIT-YEAR=1604", f"1604-{when.month:02d}-{when.day:02d}"


def _dated(name: str, when: YearlyDate, version: Version) -> str:
    params, value = _date_value(when, version)
    return f"{name}{params}:{value}"


def _occasions(out: _Lines, card: Card) -> None:
    anniversary_written = False
    for occasion in card.occasions:
        if occasion.label == vt.ANNIVERSARY and not anniversary_written:
            anniversary_written = True
            name = "ANNIVERSARY" if out.version == "4.0" else "X-ANNIVERSARY"
            out.add(_dated(name, occasion.date, out.version))
        label = vt.APPLE_ANNIVERSARY if occasion.label == vt.ANNIVERSARY else occasion.label
        group = out.group()
        out.add(f"{group}.{_dated('X-ABDATE', occasion.date, out.version)}")
        out.add(f"{group}.X-ABLabel:{vt.escape(label)}")


def _relations(out: _Lines, card: Card) -> None:
    related = [(card.partner, "spouse", vt.APPLE_SPOUSE)] if card.partner else []
    related += [(kid.name, "child", vt.APPLE_CHILD) for kid in card.kids]
    for name, kind, _ in related:
        out.add(f"RELATED;TYPE={kind};VALUE=text:{vt.escape(name)}")
    if out.version == "3.0":  # Apple's and Android's form, where 3.0 has no RELATED
        for name, _, label in related:
            group = out.group()
            out.add(f"{group}.X-ABRELATEDNAMES:{vt.escape(name)}")
            out.add(f"{group}.X-ABLabel:{label}")
    for kid in card.kids:
        birthday = kid.birthday.iso() if kid.birthday else ""
        passed = kid.passed.isoformat() if kid.passed else ""
        out.add(f"{vt.X_KID}:" + vt.structured(kid.name, birthday, kid.notes, passed))


_DATA_URI = re.compile(r"data:([^;,]*)(?:;[^,]*)?;base64,(.*)", re.IGNORECASE | re.DOTALL)


def _binary_for(line: str, version: Version) -> str:
    """A kept photo (logo, sound, key) in the form this version carries inline data in."""
    head = line[: len(line) - len(_raw_value(line)) - 1]
    value = _raw_value(line)
    params = head.split(";")[1:]
    name = head.split(";")[0]
    inline = any(p.upper() in ("ENCODING=B", "ENCODING=BASE64") for p in params)
    if version == "4.0" and inline:
        kind = next((p.split("=", 1)[1] for p in params if p.upper().startswith("TYPE=")), "")
        others = [p for p in params if p.upper().split("=", 1)[0] not in ("ENCODING", "TYPE")]
        media = f"image/{kind.lower()}" if kind and "/" not in kind else kind or ""
        return ";".join([name, *others]) + f":data:{media};base64,{value}"
    m = _DATA_URI.fullmatch(value)
    if version == "3.0" and m:
        subtype = m[1].split("/", 1)[-1].upper() if m[1] else ""
        others = [p for p in params if p.upper().split("=", 1)[0] != "VALUE"]
        extra = [f"TYPE={subtype}"] if subtype else []
        return ";".join([name, *others, "ENCODING=b", *extra]) + f":{m[2]}"
    return line
