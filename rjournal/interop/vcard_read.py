"""vCard in: the cards of a .vcf file (versions 2.1, 3.0 and 4.0) as Cards, or why not.

vobject reads each content line (the grammar, parameters, groups, quoted-printable with its
CHARSET); this module does the rest itself, because vobject's component reader falls short on
real files in ways that lose data:
- it stops at the first card it cannot read, so one bad card would cost the file: here the
  file is cut into cards first, and a card that cannot be read is one Problem with its line
  while the others come through;
- it does not join quoted-printable values that Android and Outlook break over lines with a
  trailing `=` and no indent (vobject 0.9.9 reads the rest as broken lines): they are joined
  here before a line reaches vobject;
- it cuts a text value at its first unescaped comma (a 2.1 NOTE loses all but its first
  clause): values are taken raw and unescaped by vcard_text;
- it refuses a whole card over one property it does not know how to nest (Lotus Notes'
  `PROFILE:VCard`): here every line stands alone.

The mapping is the table `_PROPERTIES` (one row per property, each an exporter's): FN, else
N, else NICKNAME, else the first EMAIL, TEL or the ORG names the person; NICKNAME; ORG and
TITLE (ROLE when there is no TITLE); every EMAIL and TEL; the city of the preferred ADR;
BDAY in every form interop.dates reads (a text BDAY is refused for that card, with the
reason); ANNIVERSARY, X-ANNIVERSARY, X-EVOLUTION-ANNIVERSARY, X-MS-ANNIVERSARY and labelled
X-ABDATE as occasions; partner and kids from RELATED (spouse, child), X-ABRELATEDNAMES with
Apple's labels, X-EVOLUTION-SPOUSE, X-SPOUSE and X-MS-SPOUSE; CATEGORIES as tags; NOTE as
about; UID; and rjournal's own X-RJOURNAL-* properties. Everything else is kept verbatim
(`Card.kept`, as 3.0/4.0 content lines), photos included, and so are the originals of N,
ORG, ADR, EMAIL and TEL when they carry more than the field (parameters such as TYPE=work,
the street of an address): the writer gives them back while their value still matches the person's.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rjournal.domain.dates import DateError, YearlyDate
from rjournal.domain.model import Channel, parse_channel
from rjournal.domain.rhythms import Rhythm
from rjournal.interop import vcard_text as vt
from rjournal.interop.card import (
    Card,
    CardKid,
    CardOccasion,
    CardPet,
    Problem,
    Refused,
    fallback_name,
    tag_of,
    unique,
)
from rjournal.interop.dates import read_exported_date

# Properties a writer makes anew, or that are the card's frame (PROFILE:VCARD says only that
# this is a vCard, and vobject refuses a card that has it): never kept.
FRAME = ("BEGIN", "END", "VERSION", "PRODID", "PROFILE")
_DROPPED = {*FRAME, "REV", "X-ABLABEL"}
# Properties whose originals are kept so their parameters and extra parts come back.
ORIGINALS = ("N", "ORG", "ADR", "EMAIL", "TEL")
_SPOUSE_LABELS = {"spouse", "partner", "domestic_partner", "domestic partner", "husband", "wife"}
_CHILD_LABELS = {"child", "son", "daughter"}
_ANNIVERSARY_PROPERTIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY",
                           "X-MS-ANNIVERSARY")  # fmt: skip
_SPOUSE_PROPERTIES = ("X-EVOLUTION-SPOUSE", "X-SPOUSE", "X-MS-SPOUSE")


def decode_vcard_bytes(data: bytes) -> str:
    """A .vcf file's text: UTF-8 (a byte-order mark is fine) or UTF-16 with its mark, else
    Windows-1252, the 8-bit charset 2.1 exporters on Windows wrote."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_vcards(text: str) -> Iterator[Card | Problem]:
    """Each card of a file's text, in order: a Card, or a Problem saying why it was refused."""
    for block in card_blocks(text):
        if isinstance(block, Problem):
            yield block
        else:
            yield read_card(block)


def vcard_records(text: str) -> Iterator[Card | Refused]:
    """read_vcards for an import: a refused card as a Refused with the card's own text, so a
    report of refusals can give it back."""
    for block in card_blocks(text):
        if isinstance(block, Problem):
            yield Refused(block.line, (block,))
            continue
        found = read_card(block)
        yield Refused(found.line, (found,), block.text()) if isinstance(found, Problem) else found


# --- Cutting a file into cards and logical lines ------------------------------------------


@dataclass(slots=True)
class CardBlock:
    """One card of a file, as its physical lines between BEGIN:VCARD and END:VCARD."""

    start: int  # the line of BEGIN:VCARD
    lines: list[tuple[int, str]] = field(default_factory=list)  # physical lines inside

    def text(self) -> str:
        """The card as the file has it (CRLF line ends)."""
        inside = "".join(f"{line}\r\n" for _, line in self.lines)
        return f"BEGIN:VCARD\r\n{inside}END:VCARD\r\n"


_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
_END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)
_AGENT = re.compile(r"(?:[\w-]+\.)?AGENT[;:]", re.IGNORECASE)


def card_blocks(text: str) -> Iterator[CardBlock | Problem]:
    """The cards of a file, each with its physical lines; an unended card is a Problem.

    A BEGIN:VCARD right after an AGENT property is a card inside the card (vCard 2.1 AGENT):
    its lines are skipped with a problem on the outer card. Any other BEGIN:VCARD inside a
    card means that card never ended: it is refused and the new one read.
    """
    current: CardBlock | None = None
    nested = 0
    previous = ""
    for n, line in enumerate(re.split(r"\r*\n|\r", text), start=1):
        if nested:
            if _BEGIN.fullmatch(line):
                nested += 1
            elif _END.fullmatch(line):
                nested -= 1
            continue
        if _BEGIN.fullmatch(line):
            if current is None:
                current = CardBlock(n)
            elif _AGENT.match(previous):
                nested = 1
                current.lines.append((n, "X-RJOURNAL-NESTED-AGENT:"))
            else:
                yield _unended(current)
                current = CardBlock(n)
        elif _END.fullmatch(line):
            if current is not None:
                yield current
            current = None
        elif current is not None:
            current.lines.append((n, line))
        if line.strip():
            previous = line
    if current is not None:
        yield _unended(current)


def _unended(block: CardBlock) -> Problem:
    return Problem("the card never ends (no END:VCARD): it is not read", block.start, "VCARD")


def _is_quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0]
    return "QUOTED-PRINTABLE" in head.upper()


def _logical_lines(block: CardBlock) -> Iterator[tuple[int, str]]:
    """(line number, logical line): folds undone, quoted-printable soft breaks joined.

    A folded line continues after one space or tab. A quoted-printable value ending in `=`
    continues on the next line whatever it starts with (Android writes no indent). A blank
    line ends a value (vCard 2.1 ends base64 data with one).
    """
    start, current, qp = 0, "", False
    for n, line in block.lines:
        if qp and current.endswith("="):
            current = current[:-1] + (line[1:] if line[:1] in (" ", "\t") else line)
            continue
        if line[:1] in (" ", "\t") and current:
            current += line[1:]  # even all blank: a folded value may end in spaces
        elif not line.strip():
            if current:
                yield start, current
            start, current, qp = 0, "", False
        else:
            if current:
                yield start, current
            start, current, qp = n, line, _is_quoted_printable(line)
    if current:
        yield start, current


# --- One content line ---------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """A content line as vobject parsed it, its value still raw (escaped)."""

    n: int
    name: str
    group: str
    params: dict[str, list[str]]  # upper-case names; 2.1's bare TYPE words under TYPE
    value: str
    version: str

    def param(self, name: str) -> str:
        values = self.params.get(name)
        return values[0] if values else ""

    def types(self) -> set[str]:
        return {t.lower() for value in self.params.get("TYPE", []) for t in value.split(",")}

    def text(self) -> str:
        return vt.unescape(self.value).strip()

    def content(self) -> str:
        """The line as a vCard 3.0/4.0 content line (unfolded), to keep it verbatim."""
        name = "X-ABLabel" if self.name == "X-ABLABEL" else self.name  # as Apple spells it
        head = f"{self.group}.{name}" if self.group else name
        params = "".join(
            f";{key}={','.join(_param_value(v) for v in values)}"
            for key, values in self.params.items()
            if values and all('"' not in v for v in values)
        )
        value = self.value
        if self.param("ENCODING").lower() == "b":  # base64 folded with extra indents
            value = "".join(value.split())
        elif self.version == "2.1":  # a decoded quoted-printable value may hold line breaks
            value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
        return f"{head}{params}:{value}"


def _is_base64(data: str) -> bool:
    try:
        binascii.a2b_base64(data.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        return False
    return True


def _after_colon(content: str) -> str:
    quoted = False
    for index, ch in enumerate(content):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return content[index + 1 :]
    return ""


def _param_value(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ",;:") else value


# 2.1 parameters written without a name, and the ones that no longer apply once decoded.
_ENCODING_WORDS = {"BASE64": "b", "B": "b"}
_DROPPED_PARAMS = {"CHARSET"}


def _parse(n: int, logical: str, version: str) -> _Line:
    """One logical line through vobject's line grammar (and its QP decoding where needed)."""
    from vobject.base import parseLine

    name, param_lists, value, group = parseLine(logical, n)
    if not param_lists:  # most lines: nothing more to sort out
        return _Line(n, str(name).upper(), str(group or ""), {}, str(value), version)
    named: dict[str, list[str]] = {}
    singletons: list[str] = []
    for param in param_lists:
        if len(param) == 1:
            singletons.append(str(param[0]))
        else:
            named.setdefault(str(param[0]).upper(), []).extend(str(v) for v in param[1:])
    encodings = [*named.get("ENCODING", []), *singletons]
    if any(word.upper() == "QUOTED-PRINTABLE" for word in encodings):
        # Only these lines pay for vobject's ContentLine, which decodes QP with its CHARSET.
        named, singletons, value = _quoted_printable(n, logical)
    params: dict[str, list[str]] = {}
    for key, values in named.items():
        if key in _DROPPED_PARAMS:
            continue
        if key == "ENCODING":
            values = [_ENCODING_WORDS.get(v.upper(), v) for v in values]
            values = [v for v in values if v.upper() not in ("8BIT", "7BIT")]
            if not values:
                continue
        params.setdefault(key, []).extend(values)
    for word in singletons:
        upper = word.upper()
        if upper in _ENCODING_WORDS:
            params.setdefault("ENCODING", []).append(_ENCODING_WORDS[upper])
        elif upper not in ("8BIT", "7BIT"):
            params.setdefault("TYPE", []).append(word)
    return _Line(n, str(name).upper(), str(group or ""), params, str(value), version)


def _quoted_printable(n: int, logical: str) -> tuple[dict[str, list[str]], list[str], str]:
    from vobject.base import textLineToContentLine

    try:
        parsed: Any = textLineToContentLine(logical, n)
    except UnicodeDecodeError:
        if "CHARSET" in logical.partition(":")[0].upper():
            raise
        # Quoted-printable bytes without a CHARSET that are not UTF-8: Windows' 8-bit set.
        head, _, rest = logical.partition(":")
        parsed = textLineToContentLine(f"{head};CHARSET=windows-1252:{rest}", n)
    named = {str(k).upper(): [str(v) for v in vs] for k, vs in parsed.params.items()}
    return named, [str(word) for word in parsed.singletonparams], str(parsed.value)


def _version(block: CardBlock) -> str:
    for _, line in block.lines:
        m = re.fullmatch(r"\s*VERSION\s*:\s*(\S+)\s*", line, re.IGNORECASE)
        if m:
            return m[1]
    return "3.0"


# --- From lines to a Card -----------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """What a card has given so far, before it becomes a Card."""

    labels: dict[str, str]  # group -> its X-ABLabel
    fn: str = ""
    n_name: str = ""
    nicknames: list[str] = field(default_factory=list)
    uid: str = ""
    company: str = ""
    title: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    cities: list[tuple[int, str]] = field(default_factory=list)  # (rank, city)
    birthday: YearlyDate | None = None
    partners: list[str] = field(default_factory=list)
    related_kids: list[str] = field(default_factory=list)
    kids: list[CardKid] = field(default_factory=list)
    pets: list[CardPet] = field(default_factory=list)
    occasions: list[CardOccasion] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    met: str = ""
    likes: str = ""
    dislikes: str = ""
    reach: str = ""
    channel: Channel | None = None
    rhythm: Rhythm | None = None
    kept: list[str] = field(default_factory=list)
    used_groups: set[str] = field(default_factory=set)
    kept_groups: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def keep(self, line: _Line) -> None:
        content = line.content()
        if line.param("ENCODING").lower() == "b" and not _is_base64(_after_colon(content)):
            why = "its base64 data is damaged (other tools would refuse the card): left out"
            self.problems.append(Problem(why, line.n, line.name))
            return
        self.kept.append(content)
        if line.group:
            self.kept_groups.add(line.group)

    def use(self, line: _Line) -> None:
        if line.group:
            self.used_groups.add(line.group)

    def refuse(self, line: _Line, why: str, value: str | None = None) -> None:
        shown = line.value if value is None else value
        self.problems.append(Problem(why, line.n, line.name, shown))
        self.keep(line)


def read_card(block: CardBlock) -> Card | Problem:
    version = _version(block)
    lines: list[_Line] = []
    problems: list[Problem] = []
    for n, logical in _logical_lines(block):
        try:
            lines.append(_parse(n, logical, version))
        except Exception as error:  # vobject raises ParseError, and codec errors for QP
            why = f"vobject can't read this line ({type(error).__name__}): it is left out"
            problems.append(Problem(why, n, "", logical))
    labels = {line.group: line.text() for line in lines if line.name == "X-ABLABEL" and line.group}
    draft = _Draft(labels, problems=problems)
    for line in lines:
        handler = _PROPERTIES.get(line.name)
        if handler is not None:
            handler(draft, line)
        elif line.name == "X-RJOURNAL-NESTED-AGENT":
            draft.problems.append(
                Problem("a card inside this card (AGENT) is not read", line.n, "AGENT")
            )
        elif line.name not in _DROPPED:
            draft.keep(line)
    for line in lines:  # a label goes with what it labels: kept with it, or used with it
        if line.name == "X-ABLABEL" and (
            line.group in draft.kept_groups or line.group not in draft.used_groups
        ):
            draft.kept.append(line.content())
    return _card(draft, block.start)


def _card(draft: _Draft, start: int) -> Card | Problem:
    emails = unique(draft.emails)
    phones = unique(draft.phones)
    nickname = ", ".join(unique(draft.nicknames))
    # A phone's card often has no name but an email, a number or a company: the person is
    # called by it, to rename later, rather than lost.
    name = fallback_name(draft.fn, draft.n_name, nickname, *emails[:1], *phones[:1],
                         draft.company)  # fmt: skip
    if not name:
        why = "the card names no one and has no email, phone or company to go by"
        return Problem(why, start, "VCARD")
    kids = list(draft.kids)
    known = {kid.name.casefold() for kid in kids}
    for kid_name in draft.related_kids:
        if kid_name.casefold() not in known:
            known.add(kid_name.casefold())
            kids.append(CardKid(kid_name))
    occasions: list[CardOccasion] = []
    seen: set[tuple[str, YearlyDate]] = set()
    for occasion in draft.occasions:
        key = (occasion.label.casefold(), occasion.date)
        if key not in seen:
            seen.add(key)
            occasions.append(occasion)
    partners = unique(draft.partners)
    cities = sorted(draft.cities, key=lambda ranked: ranked[0])
    city = cities[0][1] if cities else ""
    plain = vt.plain_lines(name, draft.company, city, emails, phones)
    return Card(
        name=name,
        uid=draft.uid,
        nickname=nickname,
        company=draft.company,
        role=draft.title or draft.role,
        emails=emails,
        phones=phones,
        city=city,
        birthday=draft.birthday,
        partner=partners[0] if partners else "",
        met=draft.met,
        about="\n".join(draft.notes),
        likes=draft.likes,
        dislikes=draft.dislikes,
        channel=draft.channel,
        reach=draft.reach,
        rhythm=draft.rhythm,
        tags=unique([tag for tag in draft.tags if tag]),
        kids=tuple(kids),
        pets=tuple(draft.pets),
        occasions=tuple(occasions),
        kept=tuple(line for line in draft.kept if line.rstrip(";") not in plain),
        problems=tuple(draft.problems),
        line=start,
    )


# --- The table: one handler per property --------------------------------------------------


def _fn(d: _Draft, line: _Line) -> None:
    if not d.fn:
        d.fn = " ".join(line.text().split())
    else:
        d.keep(line)  # another language's or script's form of the name (ALTID)


def _n(d: _Draft, line: _Line) -> None:
    parts = vt.components(line.value) + [""] * 5
    family, given, additional = parts[0], parts[1], parts[2]
    if not d.n_name:
        d.n_name = " ".join(" ".join((given, additional, family)).split())
    d.keep(line)


def _nickname(d: _Draft, line: _Line) -> None:
    d.nicknames.extend(" ".join(item.split()) for item in vt.text_list(line.value))


def _org(d: _Draft, line: _Line) -> None:
    parts = [part.strip() for part in vt.components(line.value)]
    if not d.company:
        d.company = next((part for part in parts if part), "")
    d.keep(line)


def _title(d: _Draft, line: _Line) -> None:
    if not d.title:
        d.title = line.text()
    else:
        d.keep(line)


def _role(d: _Draft, line: _Line) -> None:
    if not d.role:
        d.role = line.text()
    d.keep(line)


def _email(d: _Draft, line: _Line) -> None:
    value = line.text()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    d.emails.append(value)
    d.keep(line)


def _tel(d: _Draft, line: _Line) -> None:
    value = line.text()
    if value.lower().startswith("tel:"):
        value = value[len("tel:") :]
    d.phones.append(value)
    d.keep(line)


def _adr(d: _Draft, line: _Line) -> None:
    parts = vt.components(line.value) + [""] * 7
    city = " ".join(parts[3].split())
    if city:
        types = line.types()
        rank = 0 if "pref" in types or line.param("PREF") else 1 if "home" in types else 2
        d.cities.append((rank, city))
    d.keep(line)


def _yearly(d: _Draft, line: _Line) -> YearlyDate | None:
    """The date a BDAY-like line holds; None (with a problem, the line kept) if it has none."""
    if line.param("VALUE").lower() == "text":
        d.refuse(line, "a text value is not a date: it is kept, not read as one")
        return None
    omit = line.param("X-APPLE-OMIT-YEAR")
    try:
        return read_exported_date(line.text(), omit_year=int(omit) if omit.isdigit() else None)
    except DateError as error:
        d.refuse(line, f"{error}: it is kept, not read as a date")
        return None


def _bday(d: _Draft, line: _Line) -> None:
    if d.birthday is not None:
        d.keep(line)
        return
    d.birthday = _yearly(d, line)


def _anniversary(d: _Draft, line: _Line) -> None:
    found = _yearly(d, line)
    if found is not None:
        d.occasions.append(CardOccasion(vt.ANNIVERSARY, found))


def _abdate(d: _Draft, line: _Line) -> None:
    label = d.labels.get(line.group, "")
    if not label:
        d.keep(line)  # a date with no label says nothing of what it marks
        return
    found = _yearly(d, line)
    if found is not None:
        shown = vt.ANNIVERSARY if label == vt.APPLE_ANNIVERSARY else _apple_label(label)
        d.occasions.append(CardOccasion(shown, found))
        d.use(line)


def _apple_label(label: str) -> str:
    """Apple's built-in labels (`_$!<Other>!$_`) in words; a label a person typed as it is."""
    m = re.fullmatch(r"_\$!<(.*)>!\$_", label)
    return m[1].lower() if m else label


def _relation(d: _Draft, line: _Line, kinds: set[str], name: str) -> None:
    if kinds & _SPOUSE_LABELS:
        d.partners.append(name)
        d.use(line)
    elif kinds & _CHILD_LABELS:
        d.related_kids.append(name)
        d.use(line)
    else:
        d.keep(line)


def _related(d: _Draft, line: _Line) -> None:
    name = " ".join(line.text().split())
    uri = re.match(r"(urn|https?|mailto|tel|sip|xmpp|data):", name, re.IGNORECASE)
    if not name or (uri and line.param("VALUE").lower() != "text"):
        d.keep(line)  # a link to another card, not a name: kept for the tool that made it
        return
    _relation(d, line, line.types(), name)


def _abrelated(d: _Draft, line: _Line) -> None:
    label = _apple_label(d.labels.get(line.group, "")).lower()
    name = " ".join(line.text().split())
    if not name:
        d.keep(line)
        return
    _relation(d, line, {label}, name)


def _spouse(d: _Draft, line: _Line) -> None:
    name = " ".join(line.text().split())
    if name:
        d.partners.append(name)


def _categories(d: _Draft, line: _Line) -> None:
    d.tags.extend(tag_of(item) for item in vt.text_list(line.value))


def _note(d: _Draft, line: _Line) -> None:
    text = vt.unescape(line.value)
    if text.strip():
        d.notes.append(text)


def _uid(d: _Draft, line: _Line) -> None:
    if not d.uid:
        d.uid = line.text()
    else:
        d.keep(line)


def _text_field(attribute: str) -> Callable[[_Draft, _Line], None]:
    def handler(d: _Draft, line: _Line) -> None:
        setattr(d, attribute, vt.unescape(line.value))

    return handler


def _rjournal_rhythm(d: _Draft, line: _Line) -> None:
    try:
        d.rhythm = Rhythm.from_code(line.text())
    except ValueError:
        d.refuse(line, "not a rhythm rjournal writes (none, 10d, 1w, 3m, 1y)")


def _rjournal_channel(d: _Draft, line: _Line) -> None:
    try:
        d.channel = parse_channel(line.text())
    except ValueError as error:
        d.refuse(line, str(error))


def _optional_yearly(text: str) -> YearlyDate | None:
    return YearlyDate.from_iso(text) if text else None


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _rjournal_parts(raw: str) -> list[str]:
    """The components of an X-RJOURNAL-KID or -PET value. A server that keeps unknown
    properties as text (Radicale re-writes cards through vobject) escapes the separators
    too: a value that is one component holding ';' is read as that server's."""
    parts = vt.components(raw)
    if len(parts) == 1 and ";" in parts[0]:
        return parts[0].split(";")
    return parts


def _rjournal_kid(d: _Draft, line: _Line) -> None:
    name, birthday, notes, passed = (_rjournal_parts(line.value) + [""] * 4)[:4]
    try:
        kid = CardKid(name, _optional_yearly(birthday), notes, _optional_date(passed))
    except ValueError as error:
        d.refuse(line, f"not a kid as rjournal writes one: {error}")
        return
    if name.strip():
        d.kids.append(kid)


def _rjournal_pet(d: _Draft, line: _Line) -> None:
    name, species, birthday, notes, passed = (_rjournal_parts(line.value) + [""] * 5)[:5]
    try:
        pet = CardPet(name, species, _optional_yearly(birthday), notes, _optional_date(passed))
    except ValueError as error:
        d.refuse(line, f"not a pet as rjournal writes one: {error}")
        return
    if name.strip():
        d.pets.append(pet)


_PROPERTIES: dict[str, Callable[[_Draft, _Line], None]] = {
    "FN": _fn,
    "N": _n,
    "NICKNAME": _nickname,
    "ORG": _org,
    "TITLE": _title,
    "ROLE": _role,
    "EMAIL": _email,
    "TEL": _tel,
    "ADR": _adr,
    "BDAY": _bday,
    **dict.fromkeys(_ANNIVERSARY_PROPERTIES, _anniversary),
    "X-ABDATE": _abdate,
    "RELATED": _related,
    "X-ABRELATEDNAMES": _abrelated,
    **dict.fromkeys(_SPOUSE_PROPERTIES, _spouse),
    "CATEGORIES": _categories,
    "NOTE": _note,
    "UID": _uid,
    vt.X_RHYTHM: _rjournal_rhythm,
    vt.X_CHANNEL: _rjournal_channel,
    vt.X_MET: _text_field("met"),
    vt.X_LIKES: _text_field("likes"),
    vt.X_DISLIKES: _text_field("dislikes"),
    vt.X_REACH: _text_field("reach"),
    vt.X_KID: _rjournal_kid,
    vt.X_PET: _rjournal_pet,
}
