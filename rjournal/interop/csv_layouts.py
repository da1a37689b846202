"""Other tools' CSV layouts: which column means what, one table per exporter.

A column is a Slot: (kind, key, part). `kind` says what it feeds (a name part, an email, an
address...), `key` which one of several (Outlook's "home" address, Google's address 2),
`part` which piece of it (its value, its label, the city of an address). csv_read turns a
row's slots into a Card. Columns a layout knows but rjournal has no field for are ("keep",
...): their cells are kept with the person (Card.kept), never dropped unseen; a column no
layout knows is "unknown", and the reader names every one of them at once.

Headers are matched case- and space-insensitively ("E-mail 1 - Value" is "e-mail 1 - value").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rjournal.interop.dates import Order

Slot = tuple[str, str, str]  # (kind, key, part)
KEEP: Slot = ("keep", "", "")


def column_key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


@dataclass(frozen=True, slots=True)
class Layout:
    name: str  # how the reader says which it took: "Google Contacts (current)"
    signature: tuple[str, ...]  # every one of these columns must be there
    columns: dict[str, Slot]
    # Numbered columns ("E-mail 2 - Value"): a pattern whose groups are (family, number, part).
    families: dict[str, str] = field(default_factory=dict)  # family -> kind
    family_pattern: str = ""
    # How the layout writes dates with slashes, where it documents it (see interop.dates).
    date_order: Order | None = None

    def slot(self, header: str) -> Slot | None:
        key = column_key(header)
        if key in self.columns:
            return self.columns[key]
        if self.family_pattern and (m := re.fullmatch(self.family_pattern, key)):
            kind = self.families.get(m[1])
            if kind is not None:
                return (kind, m[2], _PART_WORDS.get(m[3], m[3]))
        return None


# Google writes both "Type" (older) and "Label" (current) for what a value is.
_PART_WORDS = {"type": "label", "region": "state", "postal code": "postal code"}

_GOOGLE_FAMILIES = {
    "e-mail": "email",
    "phone": "phone",
    "address": "adr",
    "website": "url",
    "relation": "relation",
    "event": "event",
    "organization": "org",
    "im": "keep",
    "custom field": "keep",
    "external id": "keep",
    "calendar link": "keep",
    "jot": "keep",
}
_GOOGLE_FAMILY_PATTERN = r"(e-mail|phone|address|website|relation|event|organization|im|custom field|external id|calendar link|jot) (\d+) - ([a-z ]+)"  # noqa: E501

# Google Contacts' current export ("Google CSV"): First Name ... Labels, E-mail 1 - Label/Value.
GOOGLE = Layout(
    name="Google Contacts (current)",
    signature=("first name", "last name"),
    columns={
        "first name": ("name", "", "given"),
        "middle name": ("name", "", "middle"),
        "last name": ("name", "", "family"),
        "name prefix": ("name", "", "prefix"),
        "name suffix": ("name", "", "suffix"),
        "nickname": ("nickname", "", ""),
        "organization name": ("org", "1", "name"),
        "organization title": ("org", "1", "title"),
        "organization department": ("org", "1", "department"),
        "birthday": ("birthday", "", ""),
        "notes": ("notes", "", ""),
        "labels": ("tags", "", ""),
        **dict.fromkeys(
            (
                "phonetic first name",
                "phonetic middle name",
                "phonetic last name",
                "file as",
                "photo",
                "organization phonetic name",
                "organization location",
                "organization job description",
                "organization symbol",
            ),
            KEEP,
        ),
    },
    families=_GOOGLE_FAMILIES,
    family_pattern=_GOOGLE_FAMILY_PATTERN,
)

# Google's older export ("Google CSV" before 2022, also its Outlook-free "vCard-like" one).
GOOGLE_OLD = Layout(
    name="Google Contacts (older)",
    signature=("name", "given name", "family name"),
    columns={
        "name": ("name", "", "full"),
        "given name": ("name", "", "given"),
        "additional name": ("name", "", "middle"),
        "family name": ("name", "", "family"),
        "name prefix": ("name", "", "prefix"),
        "name suffix": ("name", "", "suffix"),
        "nickname": ("nickname", "", ""),
        "birthday": ("birthday", "", ""),
        "notes": ("notes", "", ""),
        "group membership": ("tags", "", ""),
        **dict.fromkeys(
            (
                "yomi name",
                "given name yomi",
                "additional name yomi",
                "family name yomi",
                "initials",
                "short name",
                "maiden name",
                "gender",
                "location",
                "billing information",
                "directory server",
                "mileage",
                "occupation",
                "hobby",
                "sensitivity",
                "priority",
                "subject",
                "language",
                "photo",
            ),
            KEEP,
        ),
    },
    families=_GOOGLE_FAMILIES,
    family_pattern=_GOOGLE_FAMILY_PATTERN,
)


def _outlook_address(where: str) -> dict[str, Slot]:
    title = where.lower()
    return {
        f"{title} street": ("adr", title, "street"),
        f"{title} street 2": ("adr", title, "street 2"),
        f"{title} street 3": ("adr", title, "street 3"),
        f"{title} city": ("adr", title, "city"),
        f"{title} state": ("adr", title, "state"),
        f"{title} postal code": ("adr", title, "postal code"),
        f"{title} country": ("adr", title, "country"),
        f"{title} country/region": ("adr", title, "country"),
        f"{title} address po box": ("adr", title, "po box"),
        f"{title} address": ("adr", title, "formatted"),
    }


_OUTLOOK_PHONES = {
    "primary phone": "pref", "home phone": "home", "home phone 2": "home",
    "mobile phone": "cell", "business phone": "work", "business phone 2": "work",
    "company main phone": "work", "other phone": "other", "car phone": "car",
    "callback": "callback", "assistant's phone": "assistant", "radio phone": "radio",
    "isdn": "isdn", "pager": "pager", "tty/tdd phone": "textphone", "telex": "telex",
    "business fax": "work,fax", "home fax": "home,fax", "other fax": "fax",
}  # fmt: skip

# Outlook's "Export to a file > Comma Separated Values" (the layout LinkedIn's old export and
# Windows Contacts use too; they write "Name" where Outlook writes its parts). Dates are in
# the short form of the Windows locale that wrote them: Outlook documents none, so the US
# M/D/YYYY is taken, and a date whose first number is over 12 is refused, never swapped.
OUTLOOK = Layout(
    name="Outlook",
    signature=("e-mail address",),
    columns={
        "title": ("name", "", "prefix"),
        "first name": ("name", "", "given"),
        "middle name": ("name", "", "middle"),
        "last name": ("name", "", "family"),
        "suffix": ("name", "", "suffix"),
        "name": ("name", "", "full"),
        "nickname": ("nickname", "", ""),
        "e-mail address": ("email", "1", "value"),
        "e-mail 2 address": ("email", "2", "value"),
        "e-mail 3 address": ("email", "3", "value"),
        **{column: ("phone", kind, "value") for column, kind in _OUTLOOK_PHONES.items()},
        **_outlook_address("Business"),
        **_outlook_address("Home"),
        **_outlook_address("Other"),
        "company": ("org", "1", "name"),
        "department": ("org", "1", "department"),
        "job title": ("org", "1", "title"),
        "birthday": ("birthday", "", ""),
        "anniversary": ("event", "anniversary", "value"),
        "spouse": ("relation", "spouse", "value"),
        "children": ("children", "", ""),
        "notes": ("notes", "", ""),
        "categories": ("tags", "", ""),
        "web page": ("url", "1", "value"),
        "personal web page": ("url", "home", "value"),
        "business home page": ("url", "work", "value"),
        **dict.fromkeys(
            (
                "initials",
                "gender",
                "location",
                "language",
                "internet free busy",
                "e-mail type",
                "e-mail display name",
                "e-mail 2 type",
                "e-mail 2 display name",
                "e-mail 3 type",
                "e-mail 3 display name",
                "assistant's name",
                "manager's name",
                "referred by",
                "office location",
                "organizational id number",
                "profession",
                "account",
                "billing information",
                "directory server",
                "government id number",
                "hobby",
                "keywords",
                "mileage",
                "priority",
                "private",
                "sensitivity",
                "user 1",
                "user 2",
                "user 3",
                "user 4",
                "other address po box",
                "business address po box",
                "home address po box",
            ),
            KEEP,
        ),
    },
    date_order="mdy",
)

# Thunderbird's address book export ("Comma separated" or "Semicolon separated").
THUNDERBIRD = Layout(
    name="Thunderbird",
    signature=("display name", "primary email"),
    columns={
        "first name": ("name", "", "given"),
        "last name": ("name", "", "family"),
        "display name": ("name", "", "full"),
        "nickname": ("nickname", "", ""),
        "primary email": ("email", "1", "value"),
        "secondary email": ("email", "2", "value"),
        "work phone": ("phone", "work", "value"),
        "home phone": ("phone", "home", "value"),
        "fax number": ("phone", "fax", "value"),
        "pager number": ("phone", "pager", "value"),
        "mobile number": ("phone", "cell", "value"),
        "home address": ("adr", "home", "street"),
        "home address 2": ("adr", "home", "street 2"),
        "home city": ("adr", "home", "city"),
        "home state": ("adr", "home", "state"),
        "home zipcode": ("adr", "home", "postal code"),
        "home country": ("adr", "home", "country"),
        "work address": ("adr", "work", "street"),
        "work address 2": ("adr", "work", "street 2"),
        "work city": ("adr", "work", "city"),
        "work state": ("adr", "work", "state"),
        "work zipcode": ("adr", "work", "postal code"),
        "work country": ("adr", "work", "country"),
        "job title": ("org", "1", "title"),
        "department": ("org", "1", "department"),
        "organization": ("org", "1", "name"),
        "web page 1": ("url", "work", "value"),
        "web page 2": ("url", "home", "value"),
        "birth year": ("birth", "", "year"),
        "birth month": ("birth", "", "month"),
        "birth day": ("birth", "", "day"),
        "notes": ("notes", "", ""),
        **dict.fromkeys(("custom 1", "custom 2", "custom 3", "custom 4", "screen name"), KEEP),
    },
)

# LinkedIn's "Connections.csv" (Settings > Data privacy > Get a copy of your data).
LINKEDIN = Layout(
    name="LinkedIn connections",
    signature=("first name", "last name", "connected on"),
    columns={
        "first name": ("name", "", "given"),
        "last name": ("name", "", "family"),
        "email address": ("email", "1", "value"),
        "company": ("org", "1", "name"),
        "position": ("org", "1", "title"),
        "connected on": ("connected", "", ""),
        "url": ("url", "linkedin", "value"),
    },
)

LAYOUTS = (GOOGLE, GOOGLE_OLD, OUTLOOK, THUNDERBIRD, LINKEDIN)


def recognise(headers: list[str]) -> Layout | None:
    """The layout a header row is in: of those whose signature columns are all there, the one
    that knows most of its columns (ties go to the first in LAYOUTS)."""
    keys = {column_key(h) for h in headers}
    best: tuple[int, Layout] | None = None
    for layout in LAYOUTS:
        if not all(column in keys for column in layout.signature):
            continue
        known = sum(1 for h in headers if layout.slot(h) is not None)
        if best is None or known > best[0]:
            best = (known, layout)
    return best[1] if best else None
